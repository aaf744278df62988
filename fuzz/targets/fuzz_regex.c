/* A PCRE2 cache per input, made only when an input holds a REGEX, and the
 * validator options that use it. */
#include <string.h>

#include "fuzz_support.h"

void cfv_fz_regex_check(void *user, const uint8_t *pattern, size_t len, int nocase,
                        cfv_re_verdict *out)
{
    cfv_fz_regex *re = user;
    if (!re->cache)
        re->cache = cfv_regex_cache_new();     /* NULL: checks without caching */
    cfv_regex_check(re->cache, pattern, len, nocase, out);
}

void cfv_fz_regex_free(cfv_fz_regex *re)
{
    if (re->cache)
        cfv_regex_cache_free(re->cache);
    re->cache = NULL;
}

void cfv_fz_options(cfv_options *o, const cfv_defs *d, size_t size, cfv_fz_regex *re)
{
    memset(o, 0, sizeof *o);
    o->defs = d;
    o->sensors = (d->nsensors >= 32 ? 0 : UINT32_C(1) << d->nsensors) - 1;
    o->real_size = size;
    o->regex = cfv_fz_regex_check;
    o->regex_user = re;
}
