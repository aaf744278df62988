/* Strict UTF-8 validation (RFC 3629 section 4): rejects overlong forms,
 * surrogates U+D800..U+DFFF, code points above U+10FFFF, truncated sequences
 * and stray continuation bytes. The "first bad byte" is the first byte that
 * does not belong to a well-formed character: for a broken multi-byte
 * sequence that is its lead byte, so the offset names the character a user
 * must fix. Freestanding. */
#include <stddef.h>
#include <stdint.h>

#include "cfv/le.h"
#include "cfv/utf8.h"

#define CFV_HIGH_BITS 0x8080808080808080ull

/* Length of the well-formed multi-byte sequence starting at p[i] (i < end,
 * p[i] >= 0x80: the caller has skipped ASCII), or 0 if none does. The lead
 * byte fixes the length and the range of the second byte; later bytes are
 * plain continuations (RFC 3629 table). Every index is checked against end
 * where it is made. */
static size_t seq_len(const uint8_t *p, size_t i, size_t end)
{
    uint8_t b = p[i], lo = 0x80, hi = 0xBF;
    size_t len;

    if (b < 0xC2)           /* continuation byte, or C0/C1 (always overlong) */
        return 0;
    if (b < 0xE0) {
        len = 2;
    } else if (b < 0xF0) {
        len = 3;
        if (b == 0xE0)
            lo = 0xA0;      /* E0 80..9F would be overlong */
        else if (b == 0xED)
            hi = 0x9F;      /* ED A0..BF would be a surrogate */
    } else if (b < 0xF5) {
        len = 4;
        if (b == 0xF0)
            lo = 0x90;      /* F0 80..8F would be overlong */
        else if (b == 0xF4)
            hi = 0x8F;      /* F4 90.. would exceed U+10FFFF */
    } else {
        return 0;           /* F5..FF never appear */
    }
    for (size_t k = 1; k < len; k++) {
        size_t at = i + k;
        if (at >= end)
            return 0;
        uint8_t c = p[at];
        if (k == 1 ? (c < lo || c > hi) : (c & 0xC0) != 0x80)
            return 0;
    }
    return len;
}

int cfv_utf8_valid_range(const uint8_t *p, size_t from, size_t end, size_t *bad)
{
    size_t i = from;

    if (!p) { /* nothing to read: only an empty range is valid */
        if (bad && from < end)
            *bad = from;
        return from >= end;
    }
    if (cfv_utf8_short_ascii(p, from, end))
        return 1;
    for (;;) {
        /* String tables are mostly ASCII: skip it two 8-byte words at a time
         * (two independent loads measured about twice as fast as one), and
         * an ASCII tail shorter than that in the two words that end at end
         * (overlapping what was read; p is readable from 0). */
        if (end >= 16)
            while (i <= end - 16 && ((cfv_le64(p + i) | cfv_le64(p + i + 8)) & CFV_HIGH_BITS) == 0)
                i += 16;
        if (end >= 16 && i < end && end - i < 16 &&
            ((cfv_le64(p + end - 16) | cfv_le64(p + end - 8)) & CFV_HIGH_BITS) == 0)
            return 1;
        /* the short strings most tables are made of: a word, a half, a quarter */
        if (end >= 8 && i <= end - 8 && (cfv_le64(p + i) & CFV_HIGH_BITS) == 0)
            i += 8;
        if (end >= 4 && i <= end - 4 && (cfv_le32(p + i) & 0x80808080u) == 0)
            i += 4;
        if (end >= 2 && i <= end - 2 && (cfv_le16(p + i) & 0x8080u) == 0)
            i += 2;
        while (i < end && p[i] < 0x80)
            i++;
        if (i >= end)
            return 1;
        size_t k = seq_len(p, i, end);
        if (k == 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += k;
    }
}

int cfv_utf8_valid(const uint8_t *p, size_t n, size_t *bad)
{
    return cfv_utf8_valid_range(p, 0, n, bad);
}
