/* Little-endian loads and stores that never assume alignment. */
#ifndef CFV_LE_H
#define CFV_LE_H

#include <stdint.h>

/* On a little-endian host with the compiler's builtins, one unaligned load
 * or store (a fixed-size __builtin_memcpy): under AddressSanitizer that is
 * one shadow check per value instead of one per byte, and UBSan's per-byte
 * pointer checks kept the byte version from being inlined (the fuzz
 * targets' CRC-32C spent most of its time there). Frama-C's analysis
 * (__FRAMAC__) and other hosts keep the byte version: same values. */
#if !defined(__FRAMAC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint16_t cfv_le16(const uint8_t *p) { uint16_t v; __builtin_memcpy(&v, p, 2); return v; }
static inline uint32_t cfv_le32(const uint8_t *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
static inline uint64_t cfv_le64(const uint8_t *p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }
static inline void cfv_put16(uint8_t *p, uint16_t v) { __builtin_memcpy(p, &v, 2); }
static inline void cfv_put32(uint8_t *p, uint32_t v) { __builtin_memcpy(p, &v, 4); }
static inline void cfv_put64(uint8_t *p, uint64_t v) { __builtin_memcpy(p, &v, 8); }
#else
static inline uint16_t cfv_le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t cfv_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t cfv_le64(const uint8_t *p)
{
    return (uint64_t)cfv_le32(p) | ((uint64_t)cfv_le32(p + 4) << 32);
}
static inline void cfv_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void cfv_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void cfv_put64(uint8_t *p, uint64_t v)
{
    cfv_put32(p, (uint32_t)v);
    cfv_put32(p + 4, (uint32_t)(v >> 32));
}
#endif

#endif
