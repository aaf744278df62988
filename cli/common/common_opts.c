#include "common_opts.h"

#include "num.h"

/* --max-size accepts up to 4 GiB: file_size in a CFF header is 32-bit. */
#define MAX_SIZE_LIMIT (4ull * 1024 * 1024 * 1024)

static int bad_number(const char *opt, const char *v, const char *what, cfv_err *e)
{
    cfv_err_set(e, "%s: '%s' is %s; expected %s", opt, v, v[0] == '-' ? "negative" : "not valid",
                what);
    return -1;
}

int cfv_opt_max_size(const char *v, uint64_t *out, cfv_err *e)
{
    if (cfv_parse_size(v, MAX_SIZE_LIMIT, out) != 0 || *out == 0)
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
