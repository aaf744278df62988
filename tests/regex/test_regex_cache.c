/* The verdicts (CFV055 with PCRE2's message and offset, CFV056), the
 * shared compile options, and the cache: one compile per distinct
 * (pattern, nocase), the same code for the interpreter replica. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_internal.h"
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

/* The verdict is a compile error at offset with exactly PCRE2's message. */
static void expect_compile_error(void *cache, const uint8_t *p, size_t len, uint32_t offset,
                                 const char *message)
{
    cfv_re_verdict v;
    cfv_regex_check(cache, p, len, 0, &v);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    assert_int_equal(v.offset, offset);
    assert_string_equal(v.message, message);
}

static void unclosed_group_is_a_compile_error(void **state)
{
    expect_compile_error(*state, LIT("(a"), 2, "missing closing parenthesis");
}

static void reversed_repeat_is_a_compile_error(void **state)
{
    expect_compile_error(*state, LIT("a{2,1}"), 5, "numbers out of order in {} quantifier");
}

static void invalid_utf8_is_a_compile_error(void **state)
{
    cfv_re_verdict v;
    cfv_regex_check(*state, LIT("ab\xff"), 0, &v);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    assert_int_equal(v.offset, 2);
    assert_non_null(strstr(v.message, "UTF-8 error"));
}

/* A NUL does not end the pattern: the error lies after it. */
static void nul_inside_is_not_a_terminator(void **state)
{
    cfv_re_verdict v;
    expect_compile_error(*state, LIT("a\0("), 3, "missing closing parenthesis");
    cfv_regex_check(*state, LIT("a\0(b+)+"), 0, &v);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(v.offset, 2);
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

static void backslash_c_is_refused(void **state)
{
    cfv_re_verdict v;
    cfv_regex_check(*state, LIT("a\\Cb"), 0, &v);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    assert_non_null(strstr(v.message, "\\C"));
}

static void nested_verdict_names_the_group(void **state)
{
    cfv_re_verdict v;
    cfv_regex_check(*state, LIT("ab(c+)*"), 0, &v);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(v.offset, 2);
    assert_string_equal(v.message, "group at offset 2 contains an unbounded quantifier and is "
                                   "itself repeated without bound (nested quantifier)");
    cfv_regex_check(*state, LIT("(a+)(?1)*"), 0, &v);
    assert_int_equal(v.offset, 4);
    assert_non_null(strstr(v.message, "call at offset 4"));
}

static void ok_verdict_is_empty(void **state)
{
    cfv_re_verdict v;
    cfv_regex_check(*state, LIT("^[a-z]+\\.exe$"), 1, &v);
    assert_int_equal(v.status, CFV_RE_OK);
    assert_int_equal(v.offset, 0);
    assert_string_equal(v.message, "");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_are_utf_plus_caseless_for_nocase),
        cmocka_unit_test_setup_teardown(unclosed_group_is_a_compile_error, setup, teardown),
        cmocka_unit_test_setup_teardown(reversed_repeat_is_a_compile_error, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_utf8_is_a_compile_error, setup, teardown),
        cmocka_unit_test_setup_teardown(nul_inside_is_not_a_terminator, setup, teardown),
        cmocka_unit_test_setup_teardown(nul_patterns_are_distinct_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(unterminated_limit_item_stays_within_len, setup, teardown),
        cmocka_unit_test_setup_teardown(backslash_c_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(nested_verdict_names_the_group, setup, teardown),
        cmocka_unit_test_setup_teardown(ok_verdict_is_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(same_pattern_same_code, setup, teardown),
        cmocka_unit_test_setup_teardown(nocase_is_cached_separately, setup, teardown),
        cmocka_unit_test_setup_teardown(code_is_null_unless_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_pattern_compiles, setup, teardown),
        cmocka_unit_test_setup_teardown(check_is_a_regex_fn, setup, teardown),
        cmocka_unit_test(check_without_cache),
        cmocka_unit_test_setup_teardown(cache_grows_without_losing_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(long_offset_message_is_whole, setup, teardown),
        cmocka_unit_test(siphash_reference_vector),
        cmocka_unit_test_setup_teardown(plain_pattern_skips_the_cache_but_gets_code, setup, teardown),
        cmocka_unit_test_setup_teardown(keyed_cache_gives_the_same_verdicts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
