/* One pattern's verdict: PCRE2 compiles it with the shared options
 * (CFV055), then the syntax-tree analysis looks for nested unbounded
 * quantifiers (CFV056). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_internal.h"

static uint32_t clamp32(size_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* PCRE2 10.42 reads one byte past the given length when the pattern ends
 * inside "(*LIMIT_HEAP=" and kin (e.g. "(*LIMIT_HEAP=1" with ")" next in
 * memory compiles as if closed). Compiling a NUL-terminated copy makes that
 * byte ours, and a NUL is neither a digit nor ')'. */
static pcre2_code *compile(const uint8_t *pattern, size_t len, uint32_t options,
                           pcre2_compile_context *cc, int *err, PCRE2_SIZE *erroff)
{
    uint8_t *copy = len < SIZE_MAX ? malloc(len + 1) : NULL;
    if (!copy) {
        *err = PCRE2_ERROR_HEAP_FAILED; /* "failed to allocate heap memory" */
        *erroff = 0;
        return NULL;
    }
    if (len)
        memcpy(copy, pattern, len);
    copy[len] = 0;
    pcre2_code *code = pcre2_compile(copy, len, options, err, erroff, cc);
    free(copy);
    return code;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The decimal number *s starts with (at most 9 digits: no overflow), *s
 * moved past its digits; -1 when there is none or it is longer. */
static long leading_number(const char **s)
{
    long n = 0;
    int digits = 0;
    for (; is_digit(**s); (*s)++) {
        if (++digits > 9)
            return -1;
        n = n * 10 + (**s - '0');
    }
    return digits ? n : -1;
}

/* The library loaded at run time is the one the headers described (a
 * shared libpcre2 can be replaced under a built cfv): its version string
 * starts "MAJOR.MINOR" (then a space and its date). Read by hand: a
 * cache asks once, but a run without one asks for every pattern, and an
 * out-of-range %d is undefined for sscanf. */
int cfv_rx_library_ok(void)
{
    char v[32] = "";
    if (pcre2_config(PCRE2_CONFIG_VERSION, v) < 0)
        return 0;
    v[sizeof v - 1] = 0;
    const char *s = v;
    const long major = leading_number(&s);
    if (*s != '.')
        return 0;
    s++;
    const long minor = leading_number(&s);
    return major == PCRE2_MAJOR && minor == PCRE2_MINOR;
}

pcre2_code *cfv_rx_verdict(const uint8_t *pattern, size_t len, int nocase, int library_ok,
                           pcre2_compile_context *cc, cfv_re_verdict *out)
{
    static const uint8_t empty[1];
    uint32_t options = cfv_regex_compile_options(nocase);
    int err = 0;
    PCRE2_SIZE erroff = 0;
    memset(out, 0, sizeof *out);
    if (!pattern)
        pattern = empty; /* only with len 0: nothing is read */
    pcre2_code *code = compile(pattern, len, options, cc, &err, &erroff);
    if (!code) {
        out->status = CFV_RE_COMPILE_ERROR;
        out->offset = clamp32(erroff);
        if (pcre2_get_error_message(err, (PCRE2_UCHAR *)out->message, sizeof out->message) < 0 &&
            out->message[0] == 0)
            snprintf(out->message, sizeof out->message, "PCRE2 compile error %d", err);
        return NULL;
    }
    uint32_t off = 0;
    int via_call = 0;
    int rc = library_ok ? cfv_rx_analyze(pattern, len, options, &off, &via_call) : -1;
    if (rc == 0) {
        out->status = CFV_RE_OK;
        return code;
    }
    pcre2_code_free(code);
    out->status = CFV_RE_NESTED_UNBOUNDED;
    out->offset = rc > 0 ? off : 0;
    if (rc < 0) /* PCRE2 took it, so the analysis could not run: refuse, strictly (fail closed) */
        snprintf(out->message, sizeof out->message,
                 "could not be analysed for nested quantifiers (analyser limit, out of memory or "
                 "PCRE2 library mismatch): unsafe");
    else
        snprintf(out->message, sizeof out->message,
                 "%s at offset %u %s an unbounded quantifier and is itself repeated without bound "
                 "(nested quantifier)",
                 via_call ? "call" : "group", off, via_call ? "reaches" : "contains");
    return NULL;
}
