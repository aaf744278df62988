/* The plain subset (validator/regex/regex_plain.c) decides CFV_RE_OK without
 * compiling, so every pattern it takes must be one PCRE2 compiles with the
 * REGEX options (with and without CASELESS) and in which the CFV056
 * analyser finds no nested unbounded quantifier. Checked over patterns
 * generated from the subset's own grammar, the same patterns with one byte
 * changed (which walks the subset's borders), the patterns at its size
 * limits, and named members and non-members. */
#include <stdio.h>
#include <stdlib.h>

#include "regex_internal.h"
#include "test_regex_util.h"

#define LIT(s) (const uint8_t *)(s), sizeof(s) - 1

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

typedef struct gen {
    uint8_t buf[CFV_RX_PLAIN_MAX_LEN + 64];
    size_t len;
    uint64_t seed;
} gen;

static void put(gen *g, const char *s)
{
    size_t n = strlen(s);
    if (g->len + n < sizeof g->buf) {
        memcpy(g->buf + g->len, s, n);
        g->len += n;
    }
}

static const char *pick(gen *g, const char *const *from, size_t n)
{
    return from[next(&g->seed) % n];
}
#define PICK(g, a) pick((g), (a), sizeof(a) / sizeof(a)[0])

static void quantifier(gen *g, int group)
{
    static const char *const any[] = { "*", "+", "?", "*?", "+?", "??", "*+", "++", "?+" };
    static const char *const counted[] = { "{3}", "{0}", "{2,}", "{1,4}", "{0,65535}", "{65535}",
                                           "{7,7}?", "{2,9}+" };
    /* a counted group is written out once per copy: small counts, and some
     * that pass the weight bound */
    static const char *const group_counted[] = { "{3}", "{0}", "{2,}", "{1,4}", "{0,2}+",
                                                 "{5,}?", "{40}", "{1,300}" };
    switch (next(&g->seed) % 4) {
    case 0:
        put(g, PICK(g, any));
        break;
    case 1:
        put(g, group ? PICK(g, group_counted) : PICK(g, counted));
        break;
    default:
        break;
    }
}

static void alternation(gen *g, int depth);

static void item(gen *g, int depth)
{
    static const char *const chars[] = { "a", "Z", "0", "_", " ", "#", "-", ",", ":", "\xc3\xa9",
                                         "\xe2\x82\xac", "\xf0\x9f\x98\x80", ".", "\\d", "\\W",
                                         "\\s", "\\D", "\\S", "\\n", "\\t", "\\.", "\\\\", "\\*", "\\[", "\\]",
                                         "\\(", "\\{", "\\}", "\\|", "\\$", "\\^", "\\-", "\\ ",
                                         "\\h", "\\H", "\\v", "\\V", "\\x41", "\\xe9", "\\x{1F600}",
                                         "\\x{0}", "\\x{10FFFF}", "\\1", "\\2", "\\3" };
    static const char *const classes[] = { "[a-z]", "[^0-9]", "[A-Za-z0-9._-]", "[-+]", "[\\d\\s]",
                                           "[^\\\\/]", "[\\]]", "[\\-]", "[!-/]", "[ -~]", "[a-a]",
                                           "[.*+?(){}|^$]", "[\\n\\t\\r]", "[^-]", "[^:a]", "[-.]",
                                           "[\\h\\V]", "[^\\H]", "[\\x41_]", "[k\\x{7e}-]" };
    static const char *const asserts[] = { "^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G",
                                           "(?i)", "(?-i)", "(?ms-U)", "(?)", "(?#a comment)" };
    static const char *const groups[] = { "(", "(?:", "(?>", "(?=", "(?!", "(?i:", "(?-s:", "(" };
    unsigned k = next(&g->seed) % 10;
    if (k < 5) {
        put(g, PICK(g, chars));
        quantifier(g, 0);
    } else if (k < 7) {
        put(g, PICK(g, classes));
        quantifier(g, 0);
    } else if (k < 8) {
        put(g, PICK(g, asserts));
    } else if (depth < 6) {
        put(g, PICK(g, groups));
        alternation(g, depth + 1);
        put(g, ")");
        quantifier(g, 1);
    }
}

static void alternation(gen *g, int depth)
{
    int branches = 1 + (int)(next(&g->seed) % 3);
    for (int b = 0; b < branches; b++) {
        if (b)
            put(g, "|");
        int items = (int)(next(&g->seed) % 6);
        for (int i = 0; i < items; i++)
            item(g, depth);
    }
}

typedef struct tally {
    long members, outside;
} tally;

/* A member compiles under both option sets and has no nested quantifier. */
static void check_pattern(const uint8_t *p, size_t len, tally *t)
{
    if (!cfv_rx_plain(p, len)) {
        t->outside++;
        return;
    }
    t->members++;
    for (int nocase = 0; nocase < 2; nocase++) {
        uint32_t opts = cfv_regex_compile_options(nocase);
        if (!pcre2_accepts(p, len, opts))
            fail_msg("plain [%.*s], PCRE2 rejects it (nocase %d)", (int)len, (const char *)p, nocase);
        uint32_t off = 0;
        int via = 0;
        if (cfv_rx_analyze(p, len, opts, &off, &via) != 0)
            fail_msg("plain [%.*s], the analyser does not pass it", (int)len, (const char *)p);
        cfv_re_verdict v;
        pcre2_code_free(cfv_rx_verdict(p, len, nocase, cfv_rx_library_ok(), NULL, &v));
        assert_int_equal(v.status, CFV_RE_OK);
    }
}

static void generated_members_compile(void **state)
{
    (void)state;
    tally t = { 0, 0 };
    gen g;
    g.seed = 0x15c0ffee;
    for (int i = 0; i < 20000; i++) {
        g.len = 0;
        alternation(&g, 0);
        check_pattern(g.buf, g.len, &t);
        /* one byte changed, removed or doubled, or a piece of other syntax
         * put in: the subset's borders */
        for (int m = 0; m < 4 && g.len > 0; m++) {
            uint8_t copy[sizeof g.buf + 8]; /* room for the longest piece inserted */
            size_t n = g.len, at = next(&g.seed) % n;
            memcpy(copy, g.buf, n);
            static const uint8_t bytes[] = "()[]{}|*+?^$\\-,.:=0129az\x80\xc3\xff\n";
            if (m == 0)
                copy[at] = bytes[next(&g.seed) % (sizeof bytes - 1)];
            else if (m == 1)
                memmove(copy + at, copy + at + 1, --n - at);
            else if (m == 2)
                memmove(copy + at + 1, copy + at, n++ - at);
            else {
                static const char *const other[] = { "[:", ":]", "[.", ".]", "[=", "=]", "(?",
                                                     "\\x", "{,", "(*", "\\E", "\\Q", "\\1",
                                                     "(?x)", "(?n)", "(?J)", "(?<n>", "(?<=",
                                                     "\\x{", "\\9", "{9999}" };
                const char *o = PICK(&g, other);
                size_t l = strlen(o);
                memmove(copy + at + l, copy + at, n - at);
                memcpy(copy + at, o, l);
                n += l;
            }
            check_pattern(copy, n, &t);
        }
    }
    printf("plain subset: %ld generated patterns are members (checked against PCRE2 and the "
           "analyser), %ld are not\n", t.members, t.outside);
    assert_true(t.members > 20000);
    assert_true(t.outside > 5000);
}

/* The largest member of each costly shape still compiles: the size bound
 * holds with room to spare. */
static void members_at_the_limits_compile(void **state)
{
    (void)state;
    static const char *const unit[] = { "[^a-z]", "\\w{1,65535}", "\xf0\x9f\x98\x80{65535}",
                                        "()", "(?:|)", "|", "[!-~]{2,}", "\xc4\xb0", "[\\h\\v]",
                                        "(?i)[ks]", "(a)\\1{2,}", "(?#)", "\\x{10ffff}" };
    /* counted groups up to the weight bound: each is written out per copy */
    static const char *const whole[] = {
        "(?:\\x{10ffff}){72}", "(?:(?:[\\h\\v]){16}){6}", "((((((((((((((((((((a)))))))))))))))))))){24}",
        "(?=[^\\H]){100}", "(?i:[ks]){1,113}", "(?:ab|cd){2,113}",
    };
    tally t = { 0, 0 };
    for (size_t u = 0; u < sizeof unit / sizeof unit[0]; u++) {
        uint8_t p[CFV_RX_PLAIN_MAX_LEN];
        size_t n = 0, l = strlen(unit[u]);
        while (n + l <= sizeof p) {
            memcpy(p + n, unit[u], l);
            n += l;
        }
        check_pattern(p, n, &t);
    }
    for (size_t u = 0; u < sizeof whole / sizeof whole[0]; u++)
        check_pattern((const uint8_t *)whole[u], strlen(whole[u]), &t);
    uint8_t deep[2 * CFV_RX_PLAIN_MAX_DEPTH + 1];
    for (size_t i = 0; i < CFV_RX_PLAIN_MAX_DEPTH; i++) {
        deep[i] = '(';
        deep[CFV_RX_PLAIN_MAX_DEPTH + 1 + i] = ')';
    }
    deep[CFV_RX_PLAIN_MAX_DEPTH] = 'a';
    check_pattern(deep, sizeof deep, &t);
    assert_int_equal(t.members, sizeof unit / sizeof unit[0] + sizeof whole / sizeof whole[0] + 1);
    /* one copy more is past the weight bound */
    assert_false(cfv_rx_plain(LIT("(?:ab|cd){2,114}")));
    assert_true(cfv_rx_plain(LIT("(?:a){203}(?i)"))); /* a weight of 1024 exactly */
    /* one byte or one group more is outside */
    uint8_t big[CFV_RX_PLAIN_MAX_LEN + 1];
    memset(big, 'a', sizeof big);
    assert_false(cfv_rx_plain(big, sizeof big));
    assert_true(cfv_rx_plain(big, sizeof big - 1));
    uint8_t deeper[2 * CFV_RX_PLAIN_MAX_DEPTH + 2];
    memset(deeper, '(', CFV_RX_PLAIN_MAX_DEPTH + 1);
    memset(deeper + CFV_RX_PLAIN_MAX_DEPTH + 1, ')', CFV_RX_PLAIN_MAX_DEPTH + 1);
    assert_false(cfv_rx_plain(deeper, sizeof deeper));
    /* the same limits after a comment, which the byte machine hands to the
     * full scan: each is then the full scan's own */
    uint8_t commented[5 + sizeof deeper];
    memcpy(commented, "(?#c)", 5);
    memcpy(commented + 5, deep, sizeof deep);
    assert_true(cfv_rx_plain(commented, 5 + sizeof deep));
    memcpy(commented + 5, deeper, sizeof deeper);
    assert_false(cfv_rx_plain(commented, sizeof commented));
}

static void named_members_and_non_members(void **state)
{
    (void)state;
    static const char *const inside[] = {
        "", "^x12(?:ab|cd)*[0-9]{1,4}(e|f)$", "(?:^|\\\\)evil[0-9]{2,8}\\.(exe|dll)$",
        "^[A-Z]:\\\\Users\\\\[^\\\\]+\\\\AppData", "((a)*)?", "[\\d-]", "[a-]", "a{2}+", "\\_",
        "\\D+\\S*\\W?", "(?i)^x12(?:ab|cd)*[0-9]{1,4}(e|f)$", "(a){2}", "(?i)a", "(?=a)", "\\x41",
        "(a)\\1", "\\1(a)", "(a\\1)*", "(?>a+)b", "(?!x)[^y]", "(?i:a|b)(?-i)c(?ms-U:.)",
        "(?#no)x", "\\Ax\\z", "x\\Z", "\\Gx", "\\h+\\V?", "[\\h\\x7e]", "\\x{20AC}{2,3}",
        "(a+){3}", "(?:ab){2,}", "(?:a|(?i)b)c", "(?-:a)",
        /* next to the one-range class and one-digit counted shortcuts */
        "[\\-a]", "[^-a]", "[a-a]", "x{0,0}", "x{3}?", "x{1,9}+", "(ab){0}",
        /* the byte machine's states and the tokens it reads with the full
         * scan's readers (classes, counts, escapes), then a back reference,
         * a comment and a count after a group it hands on */
        "(?)", "(?-)", "(?i-m:x)", "a{1,}", "a{0,}?", "(a*)?", "(?:a*)?", "[0-9]{1,4}?",
        "x{2,8}[0-9a-f]\\x41\\b", "\\$\\ (?:(?:(?:a)))", "(a)(b)\\2", "[A-Z][a-z](?#c)",
        "(?:ab)*(?:cd){2}",
        /* UTF-8 told by the copy's moves (16 to 64 bytes) and by the word
         * copy (shorter) */
        "caf\xc3\xa9 (au lait|cr\xc3\xa8me)+", "\xc3\xa9t\xc3\xa9",
        /* a run of literals and | ^ $ read as one step: what a quantifier
         * after it repeats is its last byte */
        "^ab|cd$", "a|b*", "^a+", "ab$|^c?", "|x{2}", "^|$", "a||b+?",
    };
    tally t = { 0, 0 };
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        check_pattern((const uint8_t *)inside[i], strlen(inside[i]), &t);
        assert_true(cfv_regex_is_plain((const uint8_t *)inside[i], strlen(inside[i])));
    }
    assert_int_equal(t.members, sizeof inside / sizeof inside[0]);
    static const char *const outside[] = {
        "(a+)+", "((a)*)*", "(?:b|c*)+", "(a*){2,}", "(?<n>a)", "a**",
        "*a", "(*ACCEPT)", "\\1", "(a)\\2", "(a)\\10", "\\0", "(?x)a", "(?n)(a)\\1", "(?J)", "(?i",
        "(?i)*", "a(?i)*", "a(?#c)*", "(?#c", "(?--i)", "(?^)", "(?i-x)", "(?<=a)", "(?<!a)", "(?|a)",
        "(?:a){203}ab(?i)", "(?:a){203}ab(?#c)", /* the weight passes the bound at them */
        "\\A*", "\\z{2}", "(?=a+)*", "(?>a*)+", "(?i:a+){2,}", "(a){65535}", "((a){33}){33}",
        "\\x{d800}", "\\x{110000}", "\\x{}", "\\x{0000041}", "\\x", "\\x4", "\\xg1", "[\\x80]",
        "[\\x{100}]", "[\\x41-\\x5a]", "[\\h-z]", "\\R", "\\X", "\\N", "\\e", "\\cA", "\\Qa\\E", "\\p{L}", "\\K", "\\bx\\b*", "^*", "[[:alpha:]]",
        "[:digit:]", "[.a.]", "[=a=]", "[:a]", "[z-a]", "[a-\\d]", "[\\d-z]", "[a-c-e]", "[]a]", "[^]a]", "[a", "(", ")", "a\\", "a{3,2}",
        "a{65536}", "a{,3}", "a{1", "}", "]", "a\x01", "\xc3", "\xed\xa0\x80", "[\xc3\xa9]", "\\\xc3\xa9",
        "[\\b]", "\\\x01", "[", "[^", "[a-", "[!--]", "a{123456}", "a{1x}", "a{1,65536}", "(?", "a\x7f",
        "[\x01]", "[\\d-",
        "[:-a]", "[.-a]", "[=-a]", "[]-a]", "[---]", "[a-]]", "[a-\\]", "[a--]", "[a-\x01]",
        "[b-a]", "x{9,1}", "(ab){2,1}", "caf\xc3 (au lait|creme)+", "\xc3t\xc3",
        "ab|*", "a^*", "ab$+", "x|{2}", "a|b|?", "^$*", "x^\x41|{1,2}",
        "(?i-m-s:x)", "(a*)+", "(?:a*)*", "[0-9]*+*", "a{1,0}", "[0-9a-", "(?:x", "x)", "(?i)(?)*",
        "a{2,8}[0-9a-f]\\q", "x{2,8}{2}", "[A-Z]{1,4}(?#c)*",
    };
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++)
        if (cfv_rx_plain((const uint8_t *)outside[i], strlen(outside[i])) ||
            cfv_regex_is_plain((const uint8_t *)outside[i], strlen(outside[i])))
            fail_msg("[%s] must be left to PCRE2 and the analyser", outside[i]);
}

/* cfv_regex_check_nul (the trusted in-place entry) gives cfv_regex_check's
 * verdict, whatever follows the operand's NUL, with a cache and without:
 * members, patterns that open outside the subset, refusals, bytes >= 0x80
 * (in a run and in a comment, valid UTF-8 or not). */
static void the_in_place_entry_gives_the_same_verdicts(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "^x12345(?:ab|cd)*[0-9]{1,4}(e|f)$", "(?i)caf\xc3\xa9+", "caf\xc3\xa9+", "a\xc3", "(?#\xc3\xa9)a",
        "(?#\xff)a", "(?<!y)a", "(?<n>a)", "(a+)+", "a{3,2}", "[a-", "a\\", "(?:a", "x)", "[0-",
        "{", "a{1,", "\\x{41", "(?i", "(?#c",
    };
    static const uint8_t after[CFV_REGEX_SLACK] = "]-},0)?+*:=.^x{";
    cfv_regex_cache *cache = cfv_regex_cache_new();
    assert_non_null(cache);
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        const size_t len = strlen(patterns[i]);
        uint8_t b[64 + 1 + CFV_REGEX_SLACK];
        assert_true(len <= 64);
        memcpy(b, patterns[i], len);
        b[len] = 0;
        memcpy(b + len + 1, after, sizeof after - 1);
        b[len + sizeof after] = 0xff;
        for (int k = 0; k < 4; k++) {
            void *user = k & 2 ? cache : NULL;
            cfv_re_verdict want, got;
            cfv_regex_check(user, b, len, k & 1, &want);
            memset(&got, 0x55, sizeof got);
            cfv_regex_check_nul(user, b, len, k & 1, &got);
            assert_int_equal(got.status, want.status);
            assert_int_equal(got.offset, want.offset);
            assert_non_null(memchr(got.message, 0, sizeof got.message));
            assert_string_equal(got.message, want.message);
        }
    }
    cfv_regex_cache_free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(generated_members_compile),
                                        cmocka_unit_test(members_at_the_limits_compile),
                                        cmocka_unit_test(named_members_and_non_members),
                                        cmocka_unit_test(the_in_place_entry_gives_the_same_verdicts) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
