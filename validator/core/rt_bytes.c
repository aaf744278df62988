/* Byte-view helpers for generated code: bounded, linear, no libc. */
#include "cfv_rt.h"
#include "cfv/crc32c.h"
#include "cfv/utf8.h"

uint64_t cfv_rt_all_zero(cfv_bytes b)
{
    return cfv_rt_first_nonzero(b) == b.n;
}

uint64_t cfv_rt_first_nonzero(cfv_bytes b)
{
    if (!b.base)
        return b.n;
    const uint64_t end = cfv_rt_view_end(b);
    uint64_t i = b.off;
    /* Word at a time: all-zero checks run over whole files (CFV002). */
    if (end >= 8)
        for (; i <= end - 8; i += 8)
            if (cfv_le64(b.base + i) != 0)
                break;
    for (; i < end; i++)
        if (b.base[i] != 0)
            return i - b.off;
    return b.n;
}

uint64_t cfv_rt_find_nul(cfv_bytes b)
{
    if (!b.base)
        return b.n;
    const uint64_t end = cfv_rt_view_end(b);
    for (uint64_t i = b.off; i < end; i++)
        if (b.base[i] == 0)
            return i - b.off;
    return b.n;
}

cfv_bytes cfv_rt_cstr(cfv_bytes b, uint64_t off)
{
    cfv_bytes s = b;
    if (off >= b.n) {
        s.n = 0;
        return s;
    }
    s.off = b.off + off;
    s.n = b.n - off;
    s.n = cfv_rt_find_nul(s);
    return s;
}

uint64_t cfv_rt_utf8_valid(cfv_bytes b)
{
    size_t bad;
    return (uint64_t)cfv_utf8_valid_range(b.base, (size_t)b.off, (size_t)cfv_rt_view_end(b), &bad);
}

uint64_t cfv_rt_utf8_bad(cfv_bytes b)
{
    size_t bad = 0;
    if (cfv_utf8_valid_range(b.base, (size_t)b.off, (size_t)cfv_rt_view_end(b), &bad))
        return b.n;
    return (uint64_t)bad - b.off;
}

uint64_t cfv_rt_file_crc32c(const cfv_gctx *g, uint64_t skip_off)
{
    return cfv_crc32c_skip4(g->buf, (size_t)g->len, (size_t)skip_off);
}
