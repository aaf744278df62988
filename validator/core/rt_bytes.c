/* Byte-view helpers for generated code: bounded, linear, no libc. */
#include "cfv_rt.h"
#include "cfv/utf8.h"

uint64_t cfv_rt_all_zero(cfv_bytes b)
{
    return cfv_rt_first_nonzero(b) == b.n;
}

uint64_t cfv_rt_first_nonzero(cfv_bytes b)
{
    uint64_t i = 0;
    /* Word at a time: all-zero checks run over whole files (CFV002). */
    for (; i + 8 <= b.n; i += 8)
        if (cfv_le64(b.p + i) != 0)
            break;
    for (; i < b.n; i++)
        if (b.p[i] != 0)
            return i;
    return b.n;
}

uint64_t cfv_rt_find_nul(cfv_bytes b)
{
    for (uint64_t i = 0; i < b.n; i++)
        if (b.p[i] == 0)
            return i;
    return b.n;
}

cfv_bytes cfv_rt_cstr(cfv_bytes b, uint64_t off)
{
    cfv_bytes s = { b.p, 0 };
    if (off >= b.n)
        return s;
    s.p = b.p + off;
    s.n = b.n - off;
    s.n = cfv_rt_find_nul(s);
    return s;
}

uint64_t cfv_rt_utf8_valid(cfv_bytes b)
{
    size_t bad;
    return (uint64_t)cfv_utf8_valid(b.p, (size_t)b.n, &bad);
}

uint64_t cfv_rt_utf8_bad(cfv_bytes b)
{
    size_t bad = (size_t)b.n;   /* left as is when the bytes are valid */
    (void)cfv_utf8_valid(b.p, (size_t)b.n, &bad);
    return (uint64_t)bad;
}


/* A REGEX operand through the caller's checker (fail-closed handling of a
 * missing checker is the regex work's, issue #16 point 5). */
void cfv_rt_regex(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out)
{
    out->status = CFV_RE_OK;
    out->offset = 0;
    out->message[0] = 0;
    if (g->regex)
        g->regex(g->regex_user, pattern.p, (size_t)pattern.n, nocase != 0, out);
    out->message[sizeof out->message - 1] = 0;
}
