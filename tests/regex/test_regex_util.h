/* Helpers shared by the regex tests: run the analyzer and the verdict on a
 * pattern given as a string literal (embedded NULs kept) and assert the
 * result, reporting the caller's line. */
#ifndef CFV_TEST_REGEX_UTIL_H
#define CFV_TEST_REGEX_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/regex_pcre2.h"

/* 1 if PCRE2 compiles the pattern with the given options. */
static inline int pcre2_accepts(const void *pattern, size_t len, uint32_t options)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, len, options, &err, &off, NULL);
    pcre2_code_free(c);
    return c != NULL;
}

/* The pattern compiles; the analyzer says nested at offset want (or not
 * nested when want < 0) and the validator's verdict agrees. */
static inline void expect_analysis(const char *pattern, size_t len, uint32_t options,
                                   int64_t want, const char *file, int line)
{
    uint32_t off = 12345;
    if (!pcre2_accepts(pattern, len, options)) {
        print_error("PCRE2 rejects the test pattern [%.*s]\n", (int)len, pattern);
        _fail(file, line); /* the test pattern itself must be valid */
    }
    int rc = cfv_regex_find_nested_unbounded((const uint8_t *)pattern, len, options, &off);
    _assert_int_equal((uintmax_t)rc, (uintmax_t)(want < 0 ? 0 : 1), file, line);
    if (want >= 0)
        _assert_int_equal(off, (uintmax_t)want, file, line);
    if (options == cfv_regex_compile_options(0)) {
        cfv_re_verdict v;
        cfv_regex_check(NULL, (const uint8_t *)pattern, len, 0, &v);
        _assert_int_equal(v.status, want < 0 ? CFV_RE_OK : CFV_RE_NESTED_UNBOUNDED, file, line);
        if (want >= 0)
            _assert_int_equal(v.offset, (uintmax_t)want, file, line);
    }
}

/* PCRE2 rejects the pattern and the analyzer cannot parse it either. */
static inline void expect_rejected(const char *pattern, size_t len, const char *file, int line)
{
    uint32_t options = cfv_regex_compile_options(0);
    _assert_true(!pcre2_accepts(pattern, len, options), "PCRE2 rejects it", file, line);
    _assert_int_equal((uintmax_t)cfv_regex_find_nested_unbounded((const uint8_t *)pattern, len,
                                                                  options, NULL),
                      (uintmax_t)-1, file, line);
}

#define UTF_OPTS cfv_regex_compile_options(0)
#define NESTED(lit, off) expect_analysis((lit), sizeof(lit) - 1, UTF_OPTS, (off), __FILE__, __LINE__)
#define SAFE(lit) expect_analysis((lit), sizeof(lit) - 1, UTF_OPTS, -1, __FILE__, __LINE__)
#define NESTED_OPTS(lit, opts, off)                                                                \
    expect_analysis((lit), sizeof(lit) - 1, (opts), (off), __FILE__, __LINE__)
#define SAFE_OPTS(lit, opts) expect_analysis((lit), sizeof(lit) - 1, (opts), -1, __FILE__, __LINE__)
#define REJECTED(lit) expect_rejected((lit), sizeof(lit) - 1, __FILE__, __LINE__)

/* A table of cases under the default options: the pattern (NULs kept), the
 * offset of the nested quantifier, RE_SAFE or RE_REJECTED, and the row's
 * line, which a failure reports. */
typedef struct re_case {
    const char *pattern;
    size_t len;
    int64_t want;
    int line;
} re_case;
#define RE_SAFE (-1)
#define RE_REJECTED (-2)
#define RE_CASE(lit, want) {(lit), sizeof(lit) - 1, (want), __LINE__}

static inline void expect_cases(const re_case *c, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++) {
        if (c[i].want == RE_REJECTED)
            expect_rejected(c[i].pattern, c[i].len, file, c[i].line);
        else
            expect_analysis(c[i].pattern, c[i].len, UTF_OPTS, c[i].want, file, c[i].line);
    }
}
#define EXPECT_CASES(t) expect_cases((t), sizeof(t) / sizeof((t)[0]), __FILE__)

/* A program whose tests are one table: RE_TABLE_MAIN(cases) is its main(),
 * on the support library's runner (fixture.h). */
#define RE_TABLE_MAIN(t)                                                                           \
    static void table_of_cases(void **state)                                                       \
    {                                                                                              \
        (void)state;                                                                               \
        EXPECT_CASES(t);                                                                           \
    }                                                                                              \
    int main(void) { return TF_RUN(NULL, NULL, table_of_cases); }

#endif
