/* CRC-32C (Castagnoli). Three implementations behind one entry point:
 *   - x86-64 SSE4.2 crc32 instruction, chosen by cpuid on each call;
 *   - AArch64 CRC32 extension when the compiler targets it;
 *   - portable slicing-by-8 over static const tables.
 * The hardware paths run three independent streams so the instruction's
 * 3-cycle latency is hidden, then fold the streams together (see shift()).
 * Freestanding: no libc, no mutable globals. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfv/crc32c.h"
#include "cfv/le.h"

#if defined(__x86_64__)
#include <cpuid.h>
#define CFV_HW_X86 1
#define CFV_HW_TARGET __attribute__((target("sse4.2")))
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#define CFV_HW_ARM 1
#define CFV_HW_TARGET
#endif

/* Without a compile-time SSE4.2 guarantee, buffers under this size use the
 * portable code without asking cpuid: under a hypervisor cpuid traps (1 to
 * 20 us measured) and can cost more than the whole CRC of a small buffer.
 * The result is identical either way. */
#if defined(CFV_HW_X86) && !defined(__SSE4_2__)
#define CFV_CRC_NEEDS_CPUID 1
#define CFV_CRC_HW_MIN 16384u
#endif

/* crc32c_table[8][256] (slicing-by-8) and the hardware paths' shift_tab:
 * computed from the polynomial at build time by
 * validator/tables/crc32c_tables.c (static const, in the build's generated
 * directory). */
#include "crc32c_tables.h"

/* p[from..end), by index: each read is checked against end where it is
 * made (proof/README.md). */
static uint32_t crc_portable_range(uint32_t c, const uint8_t *p, size_t from, size_t end)
{
    const uint32_t (*t)[256] = crc32c_table;
    size_t i = from;
    if (end >= 8)
        for (; i <= end - 8; i += 8) {
            uint32_t lo = c ^ cfv_le32(p + i), hi = cfv_le32(p + i + 4);
            c = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
                t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
        }
    for (; i < end; i++)
        c = (c >> 8) ^ t[0][(c ^ p[i]) & 0xff];
    return c;
}

static uint32_t crc_portable_raw(uint32_t c, const uint8_t *p, size_t n)
{
    return crc_portable_range(c, p, 0, n);
}

#if defined(CFV_HW_X86) || defined(CFV_HW_ARM)

#ifdef CFV_HW_X86
/* The compiler builtins, not <nmmintrin.h>: gcc's intrinsics headers pull in
 * <stdlib.h> through mm_malloc.h, which a freestanding build does not have. */
CFV_HW_TARGET static inline uint32_t hw8(uint32_t c, uint8_t b) { return __builtin_ia32_crc32qi(c, b); }
/* The register kept in 64 bits between rounds (its upper half stays zero). */
CFV_HW_TARGET static inline uint64_t hw64r(uint64_t c, uint64_t v) { return __builtin_ia32_crc32di(c, v); }
#else
static inline uint32_t hw8(uint32_t c, uint8_t b) { return __crc32cb(c, b); }
static inline uint64_t hw64r(uint64_t c, uint64_t v) { return __crc32cd((uint32_t)c, v); }
#endif
CFV_HW_TARGET static inline uint32_t hw64(uint32_t c, uint64_t v) { return (uint32_t)hw64r(c, v); }

/* CFV_CRC_LONG, CFV_CRC_SHORT (the stream lengths) and shift_tab (the
 * nibble tables of shift()) come with crc32c_table from crc32c_tables.h. */

/* Returns the register c advanced over n zero bytes, i.e. c * x^(8n) mod P.
 * The carry-less product c * K, K = x^(8n-33) mod P, fits in 64 bits; the
 * crc32 instruction on it multiplies by x^32 and reduces, and the bit
 * reflection of the product contributes the last factor x. */
CFV_HW_TARGET static inline uint32_t shift(uint32_t c, const uint64_t k[16])
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 32; i += 4)
        r ^= k[(c >> i) & 15] << i;
    return hw64(0, r);
}

_Static_assert(CFV_CRC_LONG % 16 == 0 && CFV_CRC_SHORT % 16 == 0, "streams of whole 16-byte rounds");

/* While at least 3 blocks of len bytes remain, CRCs them as three streams and
 * folds: crc(A B C) = shift(a, 2 len) ^ shift(b, len) ^ c when the streams
 * for B and C start from a zero register. */
CFV_HW_TARGET static inline uint32_t hw_streams(uint32_t c, const uint8_t **pp, size_t *pn, size_t len,
                                                const uint64_t k2[16], const uint64_t k1[16])
{
    const uint8_t *p = *pp;
    size_t n = *pn;
    for (; n >= 3 * len; n -= 3 * len) {
        /* 64-bit registers: the instruction's result is already a
         * zero-extended 32-bit value, and narrowing it every round cost two
         * moves per stream (12 instructions per 24 bytes, 6 without; two rounds per pass, 9 per 48). */
        uint64_t r0 = c, r1 = 0, r2 = 0;
        for (const uint8_t *end = p + len; p < end; p += 16) {   /* len: a multiple of 16 */
            r0 = hw64r(r0, cfv_le64(p));
            r1 = hw64r(r1, cfv_le64(p + len));
            r2 = hw64r(r2, cfv_le64(p + 2 * len));
            r0 = hw64r(r0, cfv_le64(p + 8));
            r1 = hw64r(r1, cfv_le64(p + len + 8));
            r2 = hw64r(r2, cfv_le64(p + 2 * len + 8));
        }
        c = shift((uint32_t)r0, k2) ^ shift((uint32_t)r1, k1) ^ (uint32_t)r2;
        p += 2 * len;
    }
    *pp = p;
    *pn = n;
    return c;
}

CFV_HW_TARGET static uint32_t crc_hw_raw(uint32_t c, const uint8_t *p, size_t n)
{
    for (; n && ((uintptr_t)p & 7); n--)
        c = hw8(c, *p++);
    c = hw_streams(c, &p, &n, CFV_CRC_LONG, shift_tab[0], shift_tab[1]);
    c = hw_streams(c, &p, &n, CFV_CRC_SHORT, shift_tab[2], shift_tab[3]);
    for (; n >= 8; p += 8, n -= 8)
        c = hw64(c, cfv_le64(p));
    for (; n; n--)
        c = hw8(c, *p++);
    return c;
}
#endif

int cfv_crc32c_hw_available(void)
{
#if defined(CFV_CRC_NEEDS_CPUID)
    unsigned a, b, c, d;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2) != 0;
#elif defined(CFV_HW_X86) || defined(CFV_HW_ARM)
    return 1;   /* the compiler already targets the instruction */
#else
    return 0;
#endif
}

static bool use_hw(size_t n)
{
#if defined(CFV_CRC_NEEDS_CPUID)
    if (n < CFV_CRC_HW_MIN)
        return false;
#else
    (void)n;
#endif
    return cfv_crc32c_hw_available();
}

/* The raw register (pre-inverted, not post-inverted) over p[from..end). */
static uint32_t crc_raw(uint32_t c, const uint8_t *p, size_t from, size_t end, bool hw)
{
#if defined(CFV_HW_X86) || defined(CFV_HW_ARM)
    if (hw)
        return from < end ? crc_hw_raw(c, p + from, end - from) : c;
#else
    (void)hw;
#endif
    return crc_portable_range(c, p, from, end);
}

uint32_t cfv_crc32c(uint32_t crc, const uint8_t *p, size_t n)
{
    return ~crc_raw(~crc, p, 0, n, use_hw(n));
}

uint32_t cfv_crc32c_portable(uint32_t crc, const uint8_t *p, size_t n)
{
    return ~crc_portable_raw(~crc, p, n);
}

uint32_t cfv_crc32c_skip4(const uint8_t *buf, size_t len, size_t skip_off)
{
    static const uint8_t zero[4];
    bool hw = use_hw(len);  /* one cpuid for all three pieces */
    if (skip_off >= len)
        return ~crc_raw(~0u, buf, 0, len, hw);
    size_t z = len - skip_off < 4 ? len - skip_off : 4;
    uint32_t c = crc_raw(~0u, buf, 0, skip_off, hw);
    c = crc_raw(c, zero, 0, z, hw);
    return ~crc_raw(c, buf, skip_off + z, len, hw);
}
