#include "common_opts.h"

#include "num.h"

static int bad_number(const char *opt, const char *v, const char *what, cfv_err *e)
{
    if (v[0] == '-')
        cfv_err_set(e, "%s: '%s' is negative; expected %s", opt, v, what);
    else
        cfv_err_set(e, "%s: '%s' is not %s", opt, v, what);
    return -1;
}

int cfv_opt_max_size(const char *v, uint64_t *out, cfv_err *e)
{
    if (cfv_parse_size(v, 4ull << 30, out) != 0 || *out == 0)
        return bad_number("--max-size", v, "a size from 1 byte to 4G", e);
    return 0;
}

int cfv_opt_max_diagnostics(const char *v, uint32_t *out, cfv_err *e)
{
    uint64_t n;
    if (cfv_parse_uint(v, UINT32_MAX, &n) != 0 || n == 0)
        return bad_number("--max-diagnostics", v, "a count from 1 to 4294967295", e);
    *out = (uint32_t)n;
    return 0;
}

int cfv_opt_now(const char *v, uint64_t *out, cfv_err *e)
{
    if (cfv_parse_uint(v, UINT64_MAX, out) != 0)
        return bad_number("--now", v, "a time in Unix seconds", e);
    return 0;
}
