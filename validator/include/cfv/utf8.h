/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF. */
#ifndef CFV_UTF8_H
#define CFV_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/le.h"

/* Returns 1 if p[0..n) is valid UTF-8; else 0 and *bad = offset of the first bad byte. */
int cfv_utf8_valid(const uint8_t *p, size_t n, size_t *bad);
/* The same over p[from..end) (end: bytes readable at p); *bad is an index into p. */
int cfv_utf8_valid_range(const uint8_t *p, size_t from, size_t end, size_t *bad);

/* 1 if p[from..end), non-empty and at most 16 bytes, is all ASCII (so
 * valid), read as one or two words that end at end (p, not NULL, is
 * readable from 0: end >= 8 is needed), the bytes before from shifted out;
 * 0 if it is not known so. Inline: the tiny strings a table may be made of
 * cost no call. */
static inline int cfv_utf8_short_ascii(const uint8_t *p, size_t from, size_t end)
{
    if (end < 8 || from >= end || end - from > 16)
        return 0;
    const size_t n = end - from;
    uint64_t high = cfv_le64(p + end - 8);
    if (n < 8) /* 8 - n bytes out, in two shifts each under 64 */
        high = (high >> 8) >> (8 * (7 - n));
    else if (from <= end - 8) /* always (n >= 8); EVA needs it said to bound the read */
        high |= cfv_le64(p + from);
    return (high & UINT64_C(0x8080808080808080)) == 0;
}

#endif
