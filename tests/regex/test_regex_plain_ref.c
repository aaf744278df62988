/* The plain scan against the scan it replaced: cfv_rx_plain must take
 * exactly the patterns the session-5 round-1 scan took (commit 01a46e5,
 * built here from git as cfv_rx_plain_ref), so the table-driven rewrite
 * changed the speed and nothing else. Patterns: random strings of the
 * subset's tokens and of the syntax around it, and each of them mutated
 * (a byte changed, removed or doubled, a token inserted); the scan in
 * place (cfv_rx_plain_nul) must take the same ones as the scan of a padded
 * copy, whatever follows the NUL. The count is
 * CFV_PLAIN_REF_COUNT (default 1 000 000 patterns, plus 4 mutants each). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_internal.h"
#include "test_regex_util.h"

int cfv_rx_plain_ref(const uint8_t *pattern, size_t len);

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

/* Tokens of the subset and of its borders, bytes the scan treats apart. */
static const char *const tokens[] = {
    "a", "xy", "0", "7", "-", ",", ":", "=", ".", "#", " ", "~", "\xc3\xa9", "\xe2\x82\xac",
    "\xf0\x9f\x98\x80", "\xc3", "\x80", "\xff", "\x01", "\x7f", "(", ")", "(?:", "(?>", "(?=",
    "(?!", "(?<=", "(?<n>", "(?#c)", "(?#", "(?i)", "(?-s)", "(?im-sU:", "(?x)", "(?n)", "(?J)",
    "(?i-", "(*", "|", "^", "$", "*", "+", "?", "*?", "++", "{", "}", "{3}", "{0}", "{2,}",
    "{1,4}", "{4,1}", "{65535}", "{65536}", "{0,65535}", "{40}", "{1,300}", "{99999}", "{,3}",
    "{1,4}+", "[", "]", "[^", "[a-z]", "[z-a]", "[-a]", "[a-]", "[\\d\\w]", "[\\x41-z]",
    "[\\x{100}]", "[:alpha:]", "[.", "[=", "[]", "[^]", "[a\\]", "\\", "\\d", "\\W", "\\h", "\\V",
    "\\n", "\\t", "\\r", "\\.", "\\(", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G", "\\1", "\\2",
    "\\9", "\\12", "\\0", "\\x41", "\\x4", "\\x{41}", "\\x{10FFFF}", "\\x{110000}", "\\x{d800}",
    "\\x{1234567}", "\\x{}", "\\p{L}", "\\Q", "\\K", "\\c", "\\e", "\\a",
    /* the byte machine's borders (one-range classes, one-digit counts,
     * option settings, escapes) */
    "[0-9]", "[0-", "[A-z]", "[a-Z]", "[0-9", "[A-Z]]", "{1,0}", "{0,9}", "{2,3}", "{9,}", "{1,",
    "{0,}", "(?--", "(?i-m", "(?)", "(?-)", "(?s:", "\\q", "\\$", "\\ ", "\\~", "\\_",
};
#define NTOKENS (sizeof tokens / sizeof tokens[0])

/* Tokens the subset takes wherever they stand, so that half the patterns
 * are members or near ones (balanced groups, quantifiers after items). */
static const char *const member_tokens[] = {
    "ab", "x1", "\xc3\xa9", "[a-z]", "[^0-9_]", "\\d", "\\x41", "(?:ab)", "(e|f)", "(?i)",
    "(?>a)", "(?=b)", "(?#c)", "(a)\\1", "c*", "d+?", "e{1,4}", "(?:cd)*", "(g){3}", "(h+){2,}",
    "(?:i|j){40}", "|", "^", "$", "\\b", ".", "[0-9]", "[A-Z]", "[a-f]", "[0-5]", "k{0,9}",
    "l{2}", "m{1,}", "(?i:ab)", "(?-m)", "(?)", "\\$", "(?m-s:c)", "n{0}?", "(o*)?", "(p)+",
};
#define NMEMBER (sizeof member_tokens / sizeof member_tokens[0])

typedef struct pat {
    uint8_t b[CFV_RX_PLAIN_MAX_LEN + 80];
    size_t n;
} pat;

static void put(pat *p, const char *s)
{
    size_t k = strlen(s);
    if (p->n + k <= sizeof p->b) {
        memcpy(p->b + p->n, s, k);
        p->n += k;
    }
}

/* Mostly short patterns (where the syntax is), some near the length and
 * weight bounds (long runs, counted groups). */
static void random_pattern(pat *p, uint64_t *seed)
{
    uint32_t r = next(seed);
    size_t target = r % 8 == 0 ? 900 + next(seed) % 200 : 1 + next(seed) % 40;
    int member = r % 2;
    p->n = 0;
    if (r % 8 == 1) {
        /* at the weight bound: literals, then a counted group whose copies
         * bring the weight to about 1024, then a few more tokens */
        char q[48];
        for (size_t k = next(seed) % 40; k > 0; k--)
            put(p, "a");
        snprintf(q, sizeof q, "(%.*s){%u}", (int)(1 + next(seed) % 3), "bcd",
                 200 + next(seed) % 400);
        put(p, q);
        target = p->n + next(seed) % 6;
    }
    while (p->n < target) {
        uint32_t t = next(seed);
        if (member)
            put(p, member_tokens[t % NMEMBER]);
        else if (t % 16 == 0)
            p->b[p->n++] = (uint8_t)(next(seed) & 0xff); /* any byte */
        else
            put(p, tokens[t % NTOKENS]);
        if (p->n >= sizeof p->b - 8)
            break;
    }
}

static void mutate(pat *p, uint64_t *seed)
{
    if (p->n == 0) {
        put(p, tokens[next(seed) % NTOKENS]);
        return;
    }
    size_t at = next(seed) % p->n;
    switch (next(seed) % 4) {
    case 0:
        p->b[at] = (uint8_t)next(seed);
        break;
    case 1:
        memmove(p->b + at, p->b + at + 1, p->n - at - 1);
        p->n--;
        break;
    case 2:
        if (p->n < sizeof p->b) {
            memmove(p->b + at + 1, p->b + at, p->n - at);
            p->n++;
        }
        break;
    default: {
        const char *s = tokens[next(seed) % NTOKENS];
        size_t k = strlen(s);
        if (p->n + k <= sizeof p->b) {
            memmove(p->b + at + k, p->b + at, p->n - at);
            memcpy(p->b + at, s, k);
            p->n += k;
        }
        break;
    }
    }
}

/* Bytes that would go on what a look-ahead reads if it read past the NUL */
static const uint8_t after_nul[] = "]-},0123456789)?+*:=.^\\x{[a\x80\xff";

/* cfv_rx_plain_nul's answer: the pattern in place, its NUL, then
 * CFV_REGEX_SLACK bytes a look-ahead could mistake for more pattern. */
static int plain_in_place(const pat *p, uint64_t *seed)
{
    uint8_t b[sizeof p->b + 1 + CFV_REGEX_SLACK];
    memcpy(b, p->b, p->n);
    b[p->n] = 0;
    for (size_t k = 0; k < CFV_REGEX_SLACK; k++)
        b[p->n + 1 + k] = after_nul[next(seed) % (sizeof after_nul - 1)];
    return cfv_rx_plain_nul(b, p->n);
}

static unsigned long agree(const pat *p, unsigned long *members, uint64_t *seed)
{
    int now = cfv_rx_plain(p->b, p->n), before = cfv_rx_plain_ref(p->b, p->n);
    if (plain_in_place(p, seed) != now) {
        fprintf(stderr, "in place disagrees (copy %d) on %zu bytes\n", now, p->n);
        return 1;
    }
    if (now != before) {
        fprintf(stderr, "disagree (now %d, before %d) on %zu bytes:", now, before, p->n);
        for (size_t i = 0; i < p->n; i++)
            fprintf(stderr, " %02x", p->b[i]);
        fprintf(stderr, "\n");
    }
    *members += (unsigned long)now;
    return now != before;
}

static void test_same_set_as_before(void **state)
{
    (void)state;
    const char *env = getenv("CFV_PLAIN_REF_COUNT");
    unsigned long count = env ? strtoul(env, NULL, 10) : 1000000ul, members = 0, bad = 0;
    uint64_t seed = 0x5eed;
    pat p, m;
    for (unsigned long i = 0; i < count; i++) {
        random_pattern(&p, &seed);
        bad += agree(&p, &members, &seed);
        m = p;
        for (int k = 0; k < 4; k++) {
            mutate(&m, &seed);
            bad += agree(&m, &members, &seed);
        }
    }
    printf("plain scan vs 01a46e5: %lu patterns, %lu members, %lu disagreements\n", count * 5,
           members, bad);
    assert_int_equal(bad, 0);
    assert_true(members > count / 100); /* the generator reaches the subset */
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_same_set_as_before) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
