/* The REGEX checks when the run-time environment lets them down, through
 * the linker's --wrap: a PCRE2 library that is not the version the headers
 * (and the analyser) describe, PCRE2 refusing configuration queries or
 * error texts, and no entropy for the cache's hash key. Fail closed where the analysis cannot
 * be trusted; otherwise verdicts as usual. */
#include <stdio.h>
#include <sys/random.h>

#include "fixture.h"
#include "test_regex_util.h"

#define LIT(s) (const uint8_t *)(s), sizeof(s) - 1

int __real_pcre2_config_8(uint32_t what, void *where);
int __real_pcre2_get_error_message_8(int err, PCRE2_UCHAR8 *buf, PCRE2_SIZE size);
ssize_t __real_getrandom(void *buf, size_t n, unsigned flags);

/* What pcre2_config says: the truth, another minor or major version, a
 * version that does not parse (words, a minor with a digit more, no minor,
 * a major too long to be a number), or an error for every query; or the
 * headers' own MAJOR.MINOR with nothing after it (BARE). */
static enum {
    REAL,
    OTHER_MINOR,
    OTHER_MAJOR,
    GARBLED_VERSION,
    LONGER_MINOR,
    NO_MINOR,
    HUGE_MAJOR,
    NO_CONFIG,
    BARE
} config = REAL;
static int no_entropy;
/* What pcre2_get_error_message does: the truth, fail with nothing written,
 * or write part of the text and say the buffer was too small. */
static enum { TEXT, NO_TEXT, PART_TEXT } messages = TEXT;

int __wrap_pcre2_get_error_message_8(int err, PCRE2_UCHAR8 *buf, PCRE2_SIZE size)
{
    if (messages == TEXT)
        return __real_pcre2_get_error_message_8(err, buf, size);
    if (messages == PART_TEXT)
        strcpy((char *)buf, "missing clos");
    return messages == PART_TEXT ? PCRE2_ERROR_NOMEMORY : PCRE2_ERROR_BADDATA;
}

int __wrap_pcre2_config_8(uint32_t what, void *where)
{
    if (config == NO_CONFIG)
        return PCRE2_ERROR_BADOPTION;
    if (config == BARE && what == PCRE2_CONFIG_VERSION) {
        sprintf(where, "%d.%d", PCRE2_MAJOR, PCRE2_MINOR);
        return 0;
    }
    if (config != REAL && what == PCRE2_CONFIG_VERSION) {
        static const char *const said[] = { "", "10.99 2031-01-01", "11.42 2031-01-01", "ten",
                                            "10.420 2031-01-01", "10. 2031-01-01",
                                            "10000000010.42 2031-01-01" };
        strcpy(where, said[config]);
        return 0;
    }
    return __real_pcre2_config_8(what, where);
}

ssize_t __wrap_getrandom(void *buf, size_t n, unsigned flags)
{
    return no_entropy ? -1 : __real_getrandom(buf, n, flags);
}

static void another_library_version_fails_closed(void **state)
{
    (void)state;
    for (int c = OTHER_MINOR; c <= NO_CONFIG; c++) {
        cfv_re_verdict v;
        config = c;
        cfv_regex_check(NULL, LIT("abc"), 0, &v);
        config = REAL;
        assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED); /* the analyser cannot vouch */
        assert_non_null(strstr(v.message, "PCRE2 library mismatch"));
        cfv_regex_check(NULL, LIT("abc"), 0, &v);
        assert_int_equal(v.status, CFV_RE_OK);
        /* a cache made under another library never takes the plain path */
        config = c;
        assert_false(cfv_regex_is_plain(LIT("abc")));
        cfv_regex_cache *cache = cfv_regex_cache_new();
        assert_non_null(cache);
        cfv_regex_check(cache, LIT("abc"), 0, &v);
        assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
        /* nor does the in-place entry, with or without a cache */
        static const uint8_t abc[3 + 1 + CFV_REGEX_SLACK] = "abc";
        cfv_regex_check_nul(cache, abc, 3, 0, &v);
        assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
        cfv_regex_check_nul(NULL, abc, 3, 0, &v);
        assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
        config = REAL;
        cfv_regex_cache_free(cache);
    }
}

/* The headers' version with nothing after it is the library they describe. */
static void bare_version_is_the_library(void **state)
{
    (void)state;
    cfv_re_verdict v;
    config = BARE;
    int plain = cfv_regex_is_plain(LIT("abc"));
    cfv_regex_check(NULL, LIT("(?<=a)b"), 0, &v); /* compiled and analysed */
    config = REAL;
    assert_true(plain);
    assert_int_equal(v.status, CFV_RE_OK);
}

/* A compile error keeps its offset and says what it can: PCRE2's text, as
 * much of it as came, or the error number. */
static void compile_error_without_its_text(void **state)
{
    (void)state;
    static const char *const want[] = { "missing closing parenthesis", "PCRE2 compile error 114",
                                        "missing clos" };
    for (int m = TEXT; m <= PART_TEXT; m++) {
        cfv_re_verdict v;
        messages = m;
        cfv_regex_check(NULL, LIT("ab(c"), 0, &v);
        messages = TEXT;
        assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
        assert_int_equal(v.offset, 4);
        assert_string_equal(v.message, want[m]);
    }
}

/* Without PCRE2's newline default the analyser assumes LF, PCRE2's own. */
static void newline_default_without_configuration(void **state)
{
    (void)state;
    uint32_t off = 0;
    config = NO_CONFIG;
    int rc = cfv_regex_find_nested_unbounded(LIT("#c\n(a+)+"), UTF_OPTS | PCRE2_EXTENDED, &off);
    config = REAL;
    assert_int_equal(rc, 1);
    assert_int_equal(off, 3);
}

static void cache_without_entropy_still_caches(void **state)
{
    (void)state;
    no_entropy = 1;
    cfv_regex_cache *c = cfv_regex_cache_new();
    no_entropy = 0;
    assert_non_null(c);
    cfv_re_verdict v1, v2;
    const pcre2_code *first = cfv_regex_cache_code(c, LIT("^a$"), 0, &v1);
    assert_non_null(first);
    assert_ptr_equal(cfv_regex_cache_code(c, LIT("^a$"), 0, &v2), first);
    cfv_regex_check(c, LIT("(a+)+"), 0, &v1);
    assert_int_equal(v1.status, CFV_RE_NESTED_UNBOUNDED);
    cfv_regex_cache_free(c);
}

int main(void)
{
    return TF_RUN_EACH(NULL, NULL, another_library_version_fails_closed, bare_version_is_the_library,
                       compile_error_without_its_text, newline_default_without_configuration,
                       cache_without_entropy_still_caches);
}
