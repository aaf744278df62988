/* Bytes: the built-in havoc (when the engine lends none), and the
 * integrity fields fixed, broken, or post-processed. */
#include <string.h>

#include "cfv/le.h"
#include "cff_layout.h"
#include "mut_internal.h"

static const uint8_t bytes8[] = {0x00, 0x01, 0x07, 0x08, 0x10, 0x14, 0x15, 0x20, 0x7F, 0x80, 0xAA, 0xFF};

/* One of: a bit flipped, a byte set, a u32 set, bytes inserted, erased or
 * copied within the buffer. */
static size_t havoc_once(cfv_mutator *m, uint8_t *buf, size_t len, size_t cap)
{
    size_t at = len ? cfv_mut_below(m, (uint32_t)len) : 0;
    switch (cfv_mut_below(m, 6)) {
    case 0:
        if (len)
            buf[at] ^= (uint8_t)(1u << cfv_mut_below(m, 8));
        return len;
    case 1:
        if (len)
            buf[at] = bytes8[cfv_mut_below(m, sizeof bytes8)];
        return len;
    case 2:
        if (len >= 4) {
            at = cfv_mut_below(m, (uint32_t)(len - 3)) & ~(size_t)3;
            cfv_put32(buf + at, cfv_mut_u32(m));
        }
        return len;
    case 3: {
        size_t n = 1 + cfv_mut_below(m, 8);
        if (len + n > cap)
            return len;
        memmove(buf + at + n, buf + at, len - at);
        memset(buf + at, cfv_mut_chance(m, 50) ? 0 : (int)cfv_mut_below(m, 256), n);
        return len + n;
    }
    case 4: {
        size_t n = 1 + cfv_mut_below(m, 16);
        if (at + n > len)
            n = len - at;
        memmove(buf + at, buf + at + n, len - at - n);
        return len - n;
    }
    default: {
        if (len < 2)
            return len;
        size_t from = cfv_mut_below(m, (uint32_t)len);
        size_t n = 1 + cfv_mut_below(m, 16);
        if (from + n > len)
            n = len - from;
        if (at + n > len)
            n = len - at;
        memmove(buf + at, buf + from, n);
        return len;
    }
    }
}

size_t cfv_mut_bytes(cfv_mutator *m, uint8_t *buf, size_t len, size_t cap)
{
    if (m->bytes)
        return m->bytes(m->bytes_user, buf, len, cap);
    for (uint32_t k = 1 + cfv_mut_below(m, 4); k > 0; k--)
        len = havoc_once(m, buf, len, cap);
    return len;
}

void cfv_mut_fix(uint8_t *buf, size_t len)
{
    if (len < CFF_HEADER_FIXED_SIZE)
        return;
    cfv_writer_fix_size(buf, len);
    cfv_writer_fix_crc(buf, len);
}

void cfv_mut_break(cfv_mutator *m, uint8_t *buf, size_t len)
{
    if (len < CFF_HEADER_FIXED_SIZE)
        return;
    uint8_t *crc = buf + CFF_HEADER_CRC32C_OFF;
    switch (cfv_mut_below(m, 3)) {
    case 0:
        cfv_put32(crc, cfv_le32(crc) ^ (1u << cfv_mut_below(m, 32)));
        return;
    case 1:     /* a wrong size, under a CRC that is right for it */
        cfv_put32(buf + CFF_HEADER_FILE_SIZE_OFF,
                  (uint32_t)len + (cfv_mut_chance(m, 50) ? 1 + cfv_mut_below(m, 8) : (uint32_t)-1));
        cfv_writer_fix_crc(buf, len);
        return;
    default:
        cfv_put32(crc, 0);
        return;
    }
}

/* FNV-1a over the file but its size and CRC fields: the same for an input
 * and its post-processed self. */
static uint32_t content_hash(const uint8_t *buf, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        if (i >= CFF_HEADER_FILE_SIZE_OFF && i < CFF_HEADER_CRC32C_OFF + CFF_HEADER_CRC32C_SIZE)
            continue;
        h = (h ^ buf[i]) * 16777619u;
    }
    return h;
}

_Static_assert(CFF_HEADER_CRC32C_OFF == CFF_HEADER_FILE_SIZE_OFF + CFF_HEADER_FILE_SIZE_SIZE,
               "file_size and crc32c are adjacent");

int cfv_mutator_post_process(uint8_t *buf, size_t len)
{
    if (len < CFF_HEADER_FIXED_SIZE || cfv_le32(buf + CFF_HEADER_MAGIC_OFF) != CFF_MAGIC)
        return 0;
    if ((content_hash(buf, len) & 15) == 0)
        return 0;
    uint8_t before[CFF_HEADER_FILE_SIZE_SIZE + CFF_HEADER_CRC32C_SIZE];
    memcpy(before, buf + CFF_HEADER_FILE_SIZE_OFF, sizeof before);
    cfv_mut_fix(buf, len);
    return memcmp(before, buf + CFF_HEADER_FILE_SIZE_OFF, sizeof before) != 0;
}
