/* CRC-32C: published vectors, a bitwise reference, hardware == portable over
 * many lengths and alignments, chunking, and the skip4 variant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/crc32c.h"

#define BIG (3u * 1024u * 1024u + 4099u)   /* a few MiB, odd size */

/* One bit at a time, straight from the definition. */
static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
    }
    return ~crc;
}

/* Deterministic pseudo-random bytes (xorshift), BIG + 64 of them. */
static uint8_t *random_buf(void)
{
    uint8_t *b = malloc(BIG + 64);
    assert_non_null(b);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < BIG + 64; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        b[i] = (uint8_t)(x >> 24);
    }
    return b;
}

static void test_check_value(void **state)
{
    (void)state;
    const uint8_t *s = (const uint8_t *)"123456789";
    assert_int_equal(cfv_crc32c(0, s, 9), 0xE3069283u);
    assert_int_equal(cfv_crc32c_portable(0, s, 9), 0xE3069283u);
    assert_int_equal(cfv_crc32c(0, NULL, 0), 0);
    assert_int_equal(cfv_crc32c(0xDEADBEEFu, NULL, 0), 0xDEADBEEFu);
}

/* RFC 3720 appendix B.4 (iSCSI). */
static void test_rfc3720_vectors(void **state)
{
    (void)state;
    uint8_t zeros[32], ones[32], up[32], down[32];
    for (int i = 0; i < 32; i++) {
        zeros[i] = 0;
        ones[i] = 0xFF;
        up[i] = (uint8_t)i;
        down[i] = (uint8_t)(31 - i);
    }
    uint32_t (*const fn[2])(uint32_t, const uint8_t *, size_t) = { cfv_crc32c, cfv_crc32c_portable };
    for (int f = 0; f < 2; f++) {
        assert_int_equal(fn[f](0, zeros, 32), 0x8A9136AAu);
        assert_int_equal(fn[f](0, ones, 32), 0x62A8AB43u);
        assert_int_equal(fn[f](0, up, 32), 0x46DD794Eu);
        assert_int_equal(fn[f](0, down, 32), 0x113FDB5Cu);
    }
}

static void test_portable_matches_bitwise(void **state)
{
    (void)state;
    uint8_t *b = random_buf();
    for (size_t n = 0; n <= 300; n++)
        for (size_t a = 0; a < 8; a++)
            assert_int_equal(cfv_crc32c_portable(0, b + a, n), crc_bitwise(0, b + a, n));
    assert_int_equal(cfv_crc32c_portable(0x12345678u, b, 70001), crc_bitwise(0x12345678u, b, 70001));
    free(b);
}

#if defined(__x86_64__)
static void test_hw_detected(void **state)
{
    (void)state;
    __builtin_cpu_init();
    assert_int_equal(cfv_crc32c_hw_available(), __builtin_cpu_supports("sse4.2") ? 1 : 0);
}
#endif

/* cfv_crc32c takes the hardware path when it can; without -msse4.2 only from
 * 16 KiB on, so the lengths probed sit above that: around its block
 * boundaries (3 x 4096 long blocks, 3 x 256 short ones) with every tail
 * length and alignment, each must give the portable result. */
static void test_dispatch_matches_portable(void **state)
{
    (void)state;
    uint8_t *b = random_buf();
    static const size_t base[] = { 0, 2 * 3 * 4096, 65536, 5 * 3 * 4096 + 3 * 256 };
    for (size_t k = 0; k < sizeof base / sizeof base[0]; k++)
        for (size_t n = base[k] > 40 ? base[k] - 40 : 0; n <= base[k] + 1024; n++)
            for (size_t a = 0; a < 8; a += (n % 7 == 0) ? 1 : 3)
                assert_int_equal(cfv_crc32c(n, b + a, n), cfv_crc32c_portable(n, b + a, n));
    for (size_t a = 0; a < 8; a++) {
        uint32_t c = cfv_crc32c(0, b + a, BIG - a);
        assert_int_equal(c, cfv_crc32c_portable(0, b + a, BIG - a));
        if (a == 0)
            assert_int_equal(c, crc_bitwise(0, b, BIG));
    }
    free(b);
}

static void test_chunked_equals_one_shot(void **state)
{
    (void)state;
    uint8_t *b = random_buf();
    uint32_t whole = cfv_crc32c(0, b, BIG);
    static const size_t step[] = { 1, 7, 64, 4095, 4096, 12289, 65536, 1000003 };
    for (size_t k = 0; k < sizeof step / sizeof step[0]; k++) {
        uint32_t c = 0, p = 0;
        for (size_t off = 0; off < BIG; off += step[k]) {
            size_t n = BIG - off < step[k] ? BIG - off : step[k];
            c = cfv_crc32c(c, b + off, n);
            if (step[k] >= 4095)
                p = cfv_crc32c_portable(p, b + off, n);
        }
        assert_int_equal(c, whole);
        if (step[k] >= 4095)
            assert_int_equal(p, whole);
    }
    free(b);
}

/* skip4 == CRC of a copy whose 4 bytes at off (those in range) are zero. */
static void check_skip4(const uint8_t *b, size_t len, size_t off, uint8_t *copy)
{
    memcpy(copy, b, len);
    for (size_t i = off; i < off + 4 && i < len; i++)
        copy[i] = 0;
    assert_int_equal(cfv_crc32c_skip4(b, len, off), cfv_crc32c(0, copy, len));
}

static void test_skip4(void **state)
{
    (void)state;
    uint8_t *b = random_buf(), *copy = malloc(BIG);
    assert_non_null(copy);
    for (size_t len = 0; len <= 70; len++)
        for (size_t off = 0; off <= len + 5; off++)
            check_skip4(b, len, off, copy);
    static const size_t lens[] = { 4096, 20000, 65536 + 13 };
    for (size_t k = 0; k < 3; k++)
        for (size_t off = 0; off < 40; off++) {
            check_skip4(b, lens[k], off, copy);
            check_skip4(b, lens[k], lens[k] - off, copy);
        }
    check_skip4(b, BIG, 28, copy);  /* the header CRC field */
    /* The skipped bytes do not matter, the others do. */
    uint32_t c = cfv_crc32c_skip4(b, 64, 28);
    b[29] ^= 0x5A;
    assert_int_equal(cfv_crc32c_skip4(b, 64, 28), c);
    b[32] ^= 0x5A;
    assert_int_not_equal(cfv_crc32c_skip4(b, 64, 28), c);
    free(copy);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_value),
        cmocka_unit_test(test_rfc3720_vectors),
        cmocka_unit_test(test_portable_matches_bitwise),
#if defined(__x86_64__)
        cmocka_unit_test(test_hw_detected),
#endif
        cmocka_unit_test(test_dispatch_matches_portable),
        cmocka_unit_test(test_chunked_equals_one_shot),
        cmocka_unit_test(test_skip4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
