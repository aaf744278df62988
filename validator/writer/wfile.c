/* An encoded file: where its parts are, patches, and the size/CRC fix-ups. */
#include <stdlib.h>
#include <string.h>

#include "cfv/crc32c.h"
#include "cfv/le.h"
#include "writer_internal.h"

void cfv_wfile_free(cfv_wfile *f)
{
    if (!f)
        return;
    free(f->data);
    free(f->instance_off);
    free(f->instance_ncrit);
    memset(f, 0, sizeof *f);
}

uint64_t cfv_wfile_section_entry(size_t i)
{
    return CFF_HEADER_SIZE + CFF_SECTION_SIZE * (uint64_t)i;
}

int64_t cfv_wfile_instance(const cfv_wfile *f, size_t i)
{
    return f && i < f->ninstances ? (int64_t)f->instance_off[i] : -1;
}

int64_t cfv_wfile_criterion(const cfv_wfile *f, size_t i, size_t c)
{
    if (!f || i >= f->ninstances || c >= f->instance_ncrit[i])
        return -1;
    return (int64_t)(f->instance_off[i] + CFF_INSTANCE_FIXED_SIZE + CFF_CRITERION_FIXED_SIZE * c);
}

int64_t cfv_wfile_sref(const cfv_wfile *f, const char *text)
{
    if (!f || !text || f->strings_section == SIZE_MAX)
        return -1;
    const cfv_wfile_section *s = &f->sections[f->strings_section];
    if ((uint64_t)s->offset + s->size > f->len)
        return -1;      /* patched away */
    const uint8_t *p = f->data + s->offset;
    size_t n = strlen(text);
    for (size_t at = 0; at < s->size;) {
        const uint8_t *z = memchr(p + at, 0, s->size - at);
        size_t len = z ? (size_t)(z - (p + at)) : s->size - at;
        if (z && len == n && memcmp(p + at, text, n) == 0)
            return (int64_t)at;
        at += len + 1;
    }
    return -1;
}

int64_t cfv_wfile_string(const cfv_wfile *f, const char *text)
{
    int64_t r = cfv_wfile_sref(f, text);
    return r < 0 ? -1 : r + f->sections[f->strings_section].offset;
}

int cfv_wfile_put(cfv_wfile *f, uint64_t off, unsigned width, uint64_t v)
{
    if (!f || (width != 1 && width != 2 && width != 4 && width != 8))
        return CFV_WRITER_EINVAL;
    if (off > f->len || f->len - off < width)
        return CFV_WRITER_ERANGE;
    for (unsigned k = 0; k < width; k++)
        f->data[off + k] = (uint8_t)(v >> (8 * k));
    return CFV_WRITER_OK;
}

int cfv_wfile_fill(cfv_wfile *f, uint64_t off, size_t n, uint8_t byte)
{
    if (!f)
        return CFV_WRITER_EINVAL;
    if (off > f->len || f->len - off < n)
        return CFV_WRITER_ERANGE;
    memset(f->data + off, byte, n);
    return CFV_WRITER_OK;
}

int cfv_wfile_resize(cfv_wfile *f, size_t len, uint8_t fill)
{
    if (!f)
        return CFV_WRITER_EINVAL;
    uint8_t *d = realloc(f->data, len ? len : 1);
    if (!d)
        return CFV_WRITER_ENOMEM;
    if (len > f->len)
        memset(d + f->len, fill, len - f->len);
    f->data = d;
    f->len = len;
    return CFV_WRITER_OK;
}

int cfv_writer_fix_size(uint8_t *buf, size_t len)
{
    if (!buf)
        return CFV_WRITER_EINVAL;
    if (len < CFF_HEADER_FILE_SIZE_OFF + CFF_HEADER_FILE_SIZE_SIZE || len > UINT32_MAX)
        return CFV_WRITER_ERANGE;
    cfv_put32(buf + CFF_HEADER_FILE_SIZE_OFF, (uint32_t)len);
    return CFV_WRITER_OK;
}

int cfv_writer_fix_crc(uint8_t *buf, size_t len)
{
    if (!buf)
        return CFV_WRITER_EINVAL;
    if (len < CFF_HEADER_CRC32C_OFF + CFF_HEADER_CRC32C_SIZE)
        return CFV_WRITER_ERANGE;
    cfv_put32(buf + CFF_HEADER_CRC32C_OFF, cfv_crc32c_skip4(buf, len, CFF_HEADER_CRC32C_OFF));
    return CFV_WRITER_OK;
}

int cfv_wfile_fix(cfv_wfile *f)
{
    if (!f)
        return CFV_WRITER_EINVAL;
    int rc = cfv_writer_fix_size(f->data, f->len);
    return rc != CFV_WRITER_OK ? rc : cfv_writer_fix_crc(f->data, f->len);
}
