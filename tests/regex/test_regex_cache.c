/* The verdicts (CFV055 with PCRE2's message and offset, CFV056), the
 * shared compile options, and the cache: one compile per distinct
 * (pattern, nocase), the same code for the interpreter replica. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_internal.h"
#include "fixture.h"
#include "test_regex_util.h"

#define LIT(s) (const uint8_t *)(s), sizeof(s) - 1

static int setup(void **state)
{
    *state = cfv_regex_cache_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    cfv_regex_cache_free(*state);
    return 0;
}

static void options_are_utf_plus_caseless_for_nocase(void **state)
{
    (void)state;
    uint32_t cs = cfv_regex_compile_options(0), ci = cfv_regex_compile_options(1);
    assert_true(cs & PCRE2_UTF);
    assert_false(cs & PCRE2_CASELESS);
    assert_false(cs & PCRE2_NO_UTF_CHECK);
    assert_int_equal(ci, cs | PCRE2_CASELESS);
}

/* A pattern's verdict: status, offset (ANY_OFFSET: not asserted) and
 * message, exactly PCRE2's (or, after a leading '*', a part of it; NULL:
 * not asserted). Each row gets a cache of its own. */
#define ANY_OFFSET UINT32_MAX
typedef struct verdict_case {
    const uint8_t *p;
    size_t len;
    int nocase;
    uint8_t status;
    uint32_t offset;
    const char *message;
} verdict_case;

static const verdict_case verdicts[] = {
    /* Compile errors. */
    {LIT("(a"), 0, CFV_RE_COMPILE_ERROR, 2, "missing closing parenthesis"},
    {LIT("a{2,1}"), 0, CFV_RE_COMPILE_ERROR, 5, "numbers out of order in {} quantifier"},
    {LIT("ab\xff"), 0, CFV_RE_COMPILE_ERROR, 2, "*UTF-8 error"},
    {LIT("a\\Cb"), 0, CFV_RE_COMPILE_ERROR, ANY_OFFSET, "*\\C"},
    /* A NUL does not end the pattern: the error lies after it. */
    {LIT("a\0("), 0, CFV_RE_COMPILE_ERROR, 3, "missing closing parenthesis"},
    {LIT("a\0(b+)+"), 0, CFV_RE_NESTED_UNBOUNDED, 2, NULL},
    /* The nested verdict names the group, or the call. */
    {LIT("ab(c+)*"), 0, CFV_RE_NESTED_UNBOUNDED, 2,
     "group at offset 2 contains an unbounded quantifier and is itself repeated without bound "
     "(nested quantifier)"},
    {LIT("(a+)(?1)*"), 0, CFV_RE_NESTED_UNBOUNDED, 4, "*call at offset 4"},
    /* OK: offset 0, no message. */
    {LIT("^[a-z]+\\.exe$"), 1, CFV_RE_OK, 0, ""},
};

static void verdicts_carry_status_offset_and_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
        const verdict_case *c = &verdicts[i];
        cfv_regex_cache *cache = cfv_regex_cache_new();
        assert_non_null(cache);
        cfv_re_verdict v;
        cfv_regex_check(cache, c->p, c->len, c->nocase, &v);
        cfv_regex_cache_free(cache);
        int offset_ok = c->offset == ANY_OFFSET || v.offset == c->offset;
        int message_ok = !c->message || (c->message[0] == '*'
                                             ? strstr(v.message, c->message + 1) != NULL
                                             : strcmp(v.message, c->message) == 0);
        if (v.status != c->status || !offset_ok || !message_ok)
            fail_msg("row %zu: status %u, offset %u, message \"%s\"", i, v.status, v.offset,
                     v.message);
    }
}

static void nul_patterns_are_distinct_keys(void **state)
{
    cfv_re_verdict v;
    const pcre2_code *a = cfv_regex_cache_code(*state, LIT("a"), 0, &v);
    const pcre2_code *anb = cfv_regex_cache_code(*state, LIT("a\0b"), 0, &v);
    assert_int_equal(v.status, CFV_RE_OK);
    assert_non_null(a);
    assert_non_null(anb);
    assert_ptr_not_equal(a, anb);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(anb, NULL);
    assert_true(pcre2_match(anb, (PCRE2_SPTR) "xa\0b", 4, 0, 0, md, NULL) > 0);
    assert_int_equal(pcre2_match(anb, (PCRE2_SPTR) "xab", 3, 0, 0, md, NULL), PCRE2_ERROR_NOMATCH);
    pcre2_match_data_free(md);
}

/* PCRE2 10.42 alone would read the ")" past the end of "(*LIMIT_HEAP=1"
 * and take the item as closed; the verdict only ever sees len bytes. */
static void unterminated_limit_item_stays_within_len(void **state)
{
    static const char buf[] = "(*LIMIT_HEAP=1)a";
    cfv_re_verdict v;
    for (size_t len = 13; len <= 14; len++) {
        cfv_regex_check(*state, (const uint8_t *)buf, len, 0, &v);
        assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
        assert_string_equal(v.message, "(*VERB) not recognized or malformed");
    }
    cfv_regex_check(*state, (const uint8_t *)buf, 16, 0, &v);
    assert_int_equal(v.status, CFV_RE_OK);
}

static void same_pattern_same_code(void **state)
{
    cfv_re_verdict v1, v2;
    const pcre2_code *c1 = cfv_regex_cache_code(*state, LIT("cmd\\.exe"), 0, &v1);
    const pcre2_code *c2 = cfv_regex_cache_code(*state, LIT("cmd\\.exe"), 0, &v2);
    assert_non_null(c1);
    assert_ptr_equal(c1, c2);
    assert_memory_equal(&v1, &v2, sizeof v1);
}

static void nocase_is_cached_separately(void **state)
{
    cfv_re_verdict v;
    const pcre2_code *cs = cfv_regex_cache_code(*state, LIT("^abc$"), 0, &v);
    const pcre2_code *ci = cfv_regex_cache_code(*state, LIT("^abc$"), 1, &v);
    assert_non_null(cs);
    assert_non_null(ci);
    assert_ptr_not_equal(cs, ci);
    assert_ptr_equal(ci, cfv_regex_cache_code(*state, LIT("^abc$"), 1, &v));
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    assert_int_equal(pcre2_match(cs, (PCRE2_SPTR) "ABC", 3, 0, 0, md, NULL), PCRE2_ERROR_NOMATCH);
    assert_true(pcre2_match(ci, (PCRE2_SPTR) "ABC", 3, 0, 0, md, NULL) > 0);
    pcre2_match_data_free(md);
}

static void code_is_null_unless_ok(void **state)
{
    cfv_re_verdict v;
    assert_null(cfv_regex_cache_code(*state, LIT("(a"), 0, &v));
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    assert_null(cfv_regex_cache_code(*state, LIT("(a+)+"), 0, &v));
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    /* and again, from the cache */
    assert_null(cfv_regex_cache_code(*state, LIT("(a+)+"), 0, &v));
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
}

static void empty_pattern_compiles(void **state)
{
    cfv_re_verdict v;
    const pcre2_code *code = cfv_regex_cache_code(*state, NULL, 0, 0, &v);
    assert_non_null(code);
    assert_int_equal(v.status, CFV_RE_OK);
    assert_ptr_equal(cfv_regex_cache_code(*state, (const uint8_t *)"", 0, 0, &v), code); /* one key */
    assert_int_equal(cfv_regex_find_nested_unbounded(NULL, 0, UTF_OPTS, NULL), 0);
}

/* The validator core calls it through a cfv_regex_fn. */
static void check_is_a_regex_fn(void **state)
{
    cfv_regex_fn fn = cfv_regex_check;
    cfv_re_verdict v;
    fn(*state, LIT("(x*y*)*"), 1, &v);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(v.offset, 0);
}

static void check_without_cache(void **state)
{
    (void)state;
    cfv_re_verdict v;
    cfv_regex_check(NULL, LIT("(a"), 0, &v);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    cfv_regex_check(NULL, LIT("a+"), 0, &v);
    assert_int_equal(v.status, CFV_RE_OK);
    /* code needs a cache to live in: never OK with NULL */
    assert_null(cfv_regex_cache_code(NULL, LIT("a+"), 0, &v));
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
}

/* Thousands of distinct keys: the table grows, nothing is lost, and the
 * codes handed out earlier stay valid. */
static void cache_grows_without_losing_entries(void **state)
{
    enum { N = 5000 };
    const pcre2_code **code = calloc(N, sizeof *code);
    char pat[32];
    cfv_re_verdict v;
    assert_non_null(code);
    for (int i = 0; i < N; i++) {
        int n = snprintf(pat, sizeof pat, "^x%d$", i);
        code[i] = cfv_regex_cache_code(*state, (const uint8_t *)pat, (size_t)n, i & 1, &v);
        assert_non_null(code[i]);
    }
    pcre2_match_data *md = pcre2_match_data_create(2, NULL);
    for (int i = 0; i < N; i++) {
        int n = snprintf(pat, sizeof pat, "^x%d$", i);
        assert_ptr_equal(code[i], cfv_regex_cache_code(*state, (const uint8_t *)pat, (size_t)n,
                                                       i & 1, &v));
        assert_true(pcre2_match(code[i], (PCRE2_SPTR)pat + 1, (size_t)n - 2, 0, 0, md, NULL) > 0);
    }
    pcre2_match_data_free(md);
    free(code);
}

/* A seven-digit offset still leaves the whole message in its 120 bytes
 * (ten digits, UINT32_MAX, leave three to spare). */
static void long_offset_message_is_whole(void **state)
{
    enum { SPACES = 1000000 };
    size_t len = 4 + SPACES + 5;
    uint8_t *p = malloc(len);
    cfv_re_verdict v;
    assert_non_null(p);
    memcpy(p, "(?x)", 4);
    memset(p + 4, ' ', SPACES);
    memcpy(p + 4 + SPACES, "(b+)+", 5);
    cfv_regex_check(*state, p, len, 0, &v);
    free(p);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(v.offset, 4 + SPACES);
    assert_string_equal(v.message, "group at offset 1000004 contains an unbounded quantifier and "
                                   "is itself repeated without bound (nested quantifier)");
    assert_true(strlen(v.message) + 3 < sizeof v.message);
}

/* A plain pattern (regex_plain.c) is OK without a cache entry, and the
 * replica still gets its compiled code. */
static void plain_pattern_skips_the_cache_but_gets_code(void **state)
{
    cfv_re_verdict v;
    memset(&v, 0xff, sizeof v);
    cfv_regex_check(*state, LIT("ab[cd]+"), 1, &v);
    assert_int_equal(v.status, CFV_RE_OK);
    assert_int_equal(v.offset, 0);
    assert_string_equal(v.message, "");
    const pcre2_code *code = cfv_regex_cache_code(*state, LIT("ab[cd]+"), 1, &v);
    assert_non_null(code);
    assert_int_equal(v.status, CFV_RE_OK);
}

/* A caller's key (fuzzing: reproducible runs) changes no verdict. */
static void keyed_cache_gives_the_same_verdicts(void **state)
{
    static const char *const p[] = { "(?i)ab", "(a+)*", "a{3,2}", "x(?1)?(y)" };
    cfv_regex_cache *keyed = cfv_regex_cache_new_keyed(0, 0);
    assert_non_null(keyed);
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        cfv_re_verdict a, b;
        cfv_regex_check(*state, (const uint8_t *)p[i], strlen(p[i]), 0, &a);
        cfv_regex_check(keyed, (const uint8_t *)p[i], strlen(p[i]), 0, &b);
        assert_int_equal(a.status, b.status);
        assert_int_equal(a.offset, b.offset);
        assert_string_equal(a.message, b.message);
    }
    cfv_regex_cache_free(keyed);
}

/* SipHash-2-4 reference vector (key 00..0f, message 00..0e). */
static void siphash_reference_vector(void **state)
{
    (void)state;
    uint8_t msg[15];
    for (int i = 0; i < 15; i++)
        msg[i] = (uint8_t)i;
    assert_int_equal(cfv_rx_siphash(0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull, msg, 15),
                     0xa129ca6149be45e5ull);
}

/* The verdict of pattern k of a family outside the plain subset (a
 * lookbehind), with nocase. */
static uint8_t compiled_status(cfv_regex_cache *c, char family, int k, int nocase, char *message)
{
    char p[32];
    int n = snprintf(p, sizeof p, "(?<=%c)x%d", family, k);
    cfv_re_verdict v;
    assert_false(cfv_regex_is_plain((const uint8_t *)p, (size_t)n));
    cfv_regex_check(c, (const uint8_t *)p, (size_t)n, nocase, &v);
    if (message)
        strcpy(message, v.message);
    return v.status;
}

/* At most cfv_regex_file_bound(size) distinct patterns that need a compile
 * per file; the next is CFV056 without a compile; the count is the file's
 * own, in file order, whatever earlier files left in the cache; a cache
 * never told of a file has no bound. */
static void the_per_file_bound_counts_each_files_own_patterns(void **state)
{
    cfv_regex_cache *c = *state;
    char message[120];
    assert_int_equal(cfv_regex_file_bound(0), CFV_REGEX_FILE_BOUND_BASE);
    assert_int_equal(cfv_regex_file_bound(10 * CFV_REGEX_FILE_BOUND_BYTES - 1),
                     CFV_REGEX_FILE_BOUND_BASE + 9);
    for (int k = 0; k < 100; k++) /* no file begun: no bound */
        assert_int_equal(compiled_status(c, 'a', k, 0, NULL), CFV_RE_OK);
    assert_int_equal(compiled_status(c, 'a', 0, 0, NULL), CFV_RE_OK); /* seen: no look-up */
    cfv_regex_cache_begin_file(c, CFV_REGEX_FILE_BOUND_BYTES); /* bound 65 */
    for (int k = 0; k < 64; k++)
        assert_int_equal(compiled_status(c, 'a', k, 0, NULL), CFV_RE_OK);
    assert_int_equal(compiled_status(c, 'a', 0, 1, NULL), CFV_RE_OK); /* nocase: another */
    assert_int_equal(compiled_status(c, 'a', 64, 0, message), CFV_RE_NESTED_UNBOUNDED);
    assert_string_equal(message, "not analysed: over the file's bound of 65 patterns that need "
                                 "a compile: unsafe");
    assert_int_equal(compiled_status(c, 'b', 0, 0, NULL), CFV_RE_NESTED_UNBOUNDED); /* never compiled */
    for (int k = 0; k < 64; k++) /* the file's own, again: still their verdict */
        assert_int_equal(compiled_status(c, 'a', k, 0, NULL), CFV_RE_OK);
    assert_int_equal(compiled_status(c, 'a', 0, 1, NULL), CFV_RE_OK);
    /* a plain pattern, and a broken one within the bound, are what they are */
    cfv_re_verdict v;
    cfv_regex_check(c, LIT("plain"), 0, &v);
    assert_int_equal(v.status, CFV_RE_OK);
    cfv_regex_cache_begin_file(c, 0); /* bound 64, counted afresh */
    cfv_regex_check(c, LIT("(?<=a+)x"), 0, &v);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    for (int k = 0; k < 10; k++)
        assert_int_equal(compiled_status(c, 'b', k, 0, NULL), CFV_RE_OK);
    /* cached by the file before, but this file's 65th: refused all the same */
    for (int k = 0; k < 53; k++)
        assert_int_equal(compiled_status(c, 'a', k, 0, NULL), CFV_RE_OK);
    assert_int_equal(compiled_status(c, 'a', 53, 0, NULL), CFV_RE_NESTED_UNBOUNDED);
    cfv_regex_cache_begin_file(NULL, 0); /* no cache: nothing to do */
}

/* Thousands of distinct patterns that need a compile, of several lengths,
 * twice over: the recent-keys table in front of the cache collides and
 * evicts (same and other lengths), and every verdict stays the pattern's. */
static void many_patterns_keep_their_verdicts(void **state)
{
    cfv_regex_cache *c = *state;
    cfv_regex_cache_begin_file(c, UINT64_MAX / 2); /* a bound far away */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < 6000; k++) {
            assert_int_equal(compiled_status(c, (char)('a' + k % 3), k, k % 2, NULL), CFV_RE_OK);
            char bad[32];
            int n = snprintf(bad, sizeof bad, "(?<=a+)%d", k % 50); /* CFV055, cached too */
            cfv_re_verdict v;
            cfv_regex_check(c, (const uint8_t *)bad, (size_t)n, 0, &v);
            assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
        }
}

/* A file whose bound is spent: every pattern it counted keeps its verdict
 * in any order (the recent table evicted most of them), every other one
 * is refused, including those the counted filter takes for counted (about
 * 1 in 250 here: they go the exact way), and a second file counts afresh. */
static void a_spent_bound_refuses_only_uncounted_patterns(void **state)
{
    cfv_regex_cache *c = *state;
    const int bound = (int)cfv_regex_file_bound(2000 * CFV_REGEX_FILE_BOUND_BYTES);
    for (int file = 0; file < 2; file++) {
        cfv_regex_cache_begin_file(c, 2000 * CFV_REGEX_FILE_BOUND_BYTES);
        const char own = file ? 'b' : 'a', other = file ? 'a' : 'b';
        for (int k = 0; k < bound; k++)
            assert_int_equal(compiled_status(c, own, k, 0, NULL), CFV_RE_OK);
        for (int k = 0; k < 20000; k++) {
            char message[120];
            assert_int_equal(compiled_status(c, other, k, k % 2, message), CFV_RE_NESTED_UNBOUNDED);
            assert_string_equal(message, "not analysed: over the file's bound of 2064 patterns "
                                         "that need a compile: unsafe");
            assert_int_equal(compiled_status(c, own, bound + k, 0, NULL), CFV_RE_NESTED_UNBOUNDED);
        }
        for (int k = bound - 1; k >= 0; k--)
            assert_int_equal(compiled_status(c, own, (k * 7) % bound, 0, NULL), CFV_RE_OK);
    }
}

/* Each test gets a fresh cache as *state (some have no use for it). */
int main(void)
{
    return TF_RUN_EACH(setup, teardown, options_are_utf_plus_caseless_for_nocase,
                       verdicts_carry_status_offset_and_message, nul_patterns_are_distinct_keys,
                       unterminated_limit_item_stays_within_len, same_pattern_same_code,
                       nocase_is_cached_separately, code_is_null_unless_ok, empty_pattern_compiles,
                       check_is_a_regex_fn, check_without_cache, cache_grows_without_losing_entries,
                       long_offset_message_is_whole, siphash_reference_vector,
                       plain_pattern_skips_the_cache_but_gets_code,
                       keyed_cache_gives_the_same_verdicts,
                       the_per_file_bound_counts_each_files_own_patterns,
                       many_patterns_keep_their_verdicts,
                       a_spent_bound_refuses_only_uncounted_patterns);
}
