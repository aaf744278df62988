/* Strict UTF-8: boundary code points, every class of ill-formed input with
 * the offset of its first bad byte, and an exhaustive comparison with an
 * independent decoder over all short inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/utf8.h"
#include "fixture.h"

/* Reference: decode by the bit patterns, then apply RFC 3629's limits on the
 * code point; an ill-formed sequence is reported at its lead byte. */
static int ref_valid(const uint8_t *p, size_t n, size_t *bad)
{
    static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    for (size_t i = 0; i < n;) {
        uint8_t b = p[i];
        size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
        int ok = len != 0 && n - i >= len;
        for (size_t k = 1; ok && k < len; k++) {
            ok = (p[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if (!ok || cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *bad = i;
            return 0;
        }
        i += len;
    }
    return 1;
}

/* Asserts the verdict on s[0..n) and, when invalid, the bad offset. */
static void expect(const char *s, size_t n, int valid, size_t bad_at)
{
    size_t bad = (size_t)-1;
    int v = cfv_utf8_valid((const uint8_t *)s, n, &bad);
    assert_int_equal(v, valid);
    if (!valid)
        assert_int_equal(bad, bad_at);
    else
        assert_int_equal(bad, (size_t)-1);  /* untouched on success */
}

#define OK(lit) expect(lit, sizeof(lit) - 1, 1, 0)
#define BAD(lit, at) expect(lit, sizeof(lit) - 1, 0, at)

static void test_empty_and_ascii(void **state)
{
    (void)state;
    expect(NULL, 0, 1, 0);
    OK("");
    OK("a");
    OK("\x00");             /* U+0000 is a valid character */
    OK("\x7F");
    char buf[1000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i % 128);
    for (size_t n = 0; n <= sizeof buf; n++)
        expect(buf, n, 1, 0);
}

static void test_boundary_code_points(void **state)
{
    (void)state;
    OK("\xC2\x80");                 /* U+0080 */
    OK("\xDF\xBF");                 /* U+07FF */
    OK("\xE0\xA0\x80");             /* U+0800 */
    OK("\xED\x9F\xBF");             /* U+D7FF, below the surrogates */
    OK("\xEE\x80\x80");             /* U+E000, above them */
    OK("\xEF\xBF\xBD");             /* U+FFFD */
    OK("\xEF\xBF\xBF");             /* U+FFFF */
    OK("\xF0\x90\x80\x80");         /* U+10000 */
    OK("\xF4\x8F\xBF\xBF");         /* U+10FFFF */
    OK("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 done");
}

static void test_overlong(void **state)
{
    (void)state;
    BAD("\xC0\x80", 0);             /* NUL in two bytes */
    BAD("\xC1\xBF", 0);
    BAD("\xE0\x80\x80", 0);
    BAD("\xE0\x9F\xBF", 0);         /* U+07FF in three bytes */
    BAD("\xF0\x80\x80\x80", 0);
    BAD("\xF0\x8F\xBF\xBF", 0);     /* U+FFFF in four bytes */
}

static void test_surrogates(void **state)
{
    (void)state;
    BAD("\xED\xA0\x80", 0);         /* U+D800 */
    BAD("\xED\xAF\xBF", 0);         /* U+DBFF */
    BAD("\xED\xB0\x80", 0);         /* U+DC00 */
    BAD("\xED\xBF\xBF", 0);         /* U+DFFF */
    BAD("\xED\xA0\xBD\xED\xB8\x80", 0); /* CESU-8 pair */
}

static void test_above_max(void **state)
{
    (void)state;
    BAD("\xF4\x90\x80\x80", 0);     /* U+110000 */
    BAD("\xF7\xBF\xBF\xBF", 0);
    for (unsigned b = 0xF5; b <= 0xFF; b++) {
        char s[4] = { (char)b, '\x80', '\x80', '\x80' };
        expect(s, 4, 0, 0);
    }
}

static void test_truncated(void **state)
{
    (void)state;
    BAD("\xC2", 0);
    BAD("\xE2\x82", 0);
    BAD("\xF0\x9F\x98", 0);
    BAD("ab\xE2\x82", 2);
    BAD("\xE2\x82" "A", 0);           /* cut short by an ASCII byte */
    BAD("\xF0\x9F\x98" "A", 0);
    BAD("\xF0\x9F" "AA", 0);
    BAD("\xC2\xC2\x80", 0);          /* a new lead where a continuation belongs */
}

static void test_stray_continuation(void **state)
{
    (void)state;
    BAD("\x80", 0);
    BAD("\xBF", 0);
    BAD("a\x80", 1);
    BAD("\xC2\x80\x80", 2);          /* one continuation too many */
    BAD("\xE2\x82\xAC\xAC", 3);
}

/* Offsets after the 8-byte ASCII path and after multi-byte characters. */
static void test_offsets(void **state)
{
    (void)state;
    BAD("0123456789abcdef\xFF", 16);
    BAD("0123456789abcde\xFF" "0123456789", 15);
    BAD("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xED\xA0\x80", 10);
    BAD("0123456\xE2\x82\xAC" "01234567\xC0\xAF", 18);
    char buf[4096];
    memset(buf, 'x', sizeof buf);
    for (size_t at = 0; at < 100; at++) {
        buf[at] = '\x80';
        expect(buf, sizeof buf, 0, at);
        buf[at] = 'x';
    }
    expect(buf, sizeof buf, 1, 0);
    expect(buf, 0, 1, 0);
}

static void test_bad_may_be_null(void **state)
{
    (void)state;
    assert_int_equal(cfv_utf8_valid((const uint8_t *)"\xFF", 1, NULL), 0);
    assert_int_equal(cfv_utf8_valid((const uint8_t *)"ok", 2, NULL), 1);
    /* no buffer: only the empty range is valid, and the first byte is bad */
    size_t bad = 99;
    assert_int_equal(cfv_utf8_valid_range(NULL, 3, 5, &bad), 0);
    assert_int_equal(bad, 3);
    assert_int_equal(cfv_utf8_valid_range(NULL, 3, 5, NULL), 0);
    assert_int_equal(cfv_utf8_valid_range(NULL, 5, 5, &bad), 1);
}

static void compare_with_ref(const uint8_t *s, size_t n)
{
    size_t bad = 0, rbad = 0;
    int v = cfv_utf8_valid(s, n, &bad), r = ref_valid(s, n, &rbad);
    if (v != r || (!v && bad != rbad))
        fail_msg("mismatch on %zu bytes %02X %02X %02X %02X: got %d/%zu want %d/%zu", n, s[0],
                 n > 1 ? s[1] : 0, n > 2 ? s[2] : 0, n > 3 ? s[3] : 0, v, bad, r, rbad);
}

static void test_exhaustive_short(void **state)
{
    (void)state;
    uint8_t s[4];
    for (unsigned a = 0; a < 256; a++) {
        s[0] = (uint8_t)a;
        compare_with_ref(s, 1);
        for (unsigned b = 0; b < 256; b++) {
            s[1] = (uint8_t)b;
            compare_with_ref(s, 2);
            for (unsigned c = 0; a >= 0xC0 && c < 256; c++) {
                s[2] = (uint8_t)c;
                compare_with_ref(s, 3);
            }
        }
    }
    static const uint8_t tails[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF };
    for (unsigned a = 0xE0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++)
            for (size_t c = 0; c < sizeof tails; c++)
                for (size_t d = 0; d < sizeof tails; d++) {
                    s[0] = (uint8_t)a, s[1] = (uint8_t)b, s[2] = tails[c], s[3] = tails[d];
                    compare_with_ref(s, 4);
                }
}

/* The ASCII steps of 16, 8, 4 and 2 bytes, and the byte loop, meet a
 * non-ASCII byte at every position of every short string (tables of tiny
 * strings take them all), from every start: as the reference says. */
static void test_short_strings_every_position(void **state)
{
    (void)state;
    static const uint8_t lead[] = { 0x80, 0xC3, 0xE2, 0xFF };
    uint8_t s[40];
    for (size_t n = 1; n <= 24; n++)
        for (size_t at = 0; at < n; at++)
            for (size_t l = 0; l < sizeof lead; l++)
                for (size_t from = 0; from <= at; from++) {
                    /* around the range, bytes that are never valid: a
                     * short range is read a word at a time to its end */
                    memset(s, 0xFF, sizeof s);
                    memset(s + from, 'x', n - from);
                    s[at] = lead[l];
                    if (at + 1 < n && lead[l] >= 0xC3 && lead[l] <= 0xE2)
                        s[at + 1] = 0xA9; /* C3 A9 is valid, E2 A9 truncated; 80 and FF alone */
                    size_t bad = 0, rbad = 0;
                    int v = cfv_utf8_valid_range(s, from, n, &bad);
                    int r = ref_valid(s + from, n - from, &rbad);
                    if (v != r || (!v && bad != rbad + from))
                        fail_msg("%zu bytes from %zu, %02X at %zu: got %d/%zu want %d/%zu", n,
                                 from, lead[l], at, v, bad, r, rbad + from);
                }
    assert_int_equal(cfv_utf8_valid_range(s, 9, 3, NULL), 1); /* from past end: empty */
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_empty_and_ascii, test_boundary_code_points, test_overlong,
                  test_surrogates, test_above_max, test_truncated, test_stray_continuation,
                  test_offsets, test_bad_may_be_null, test_exhaustive_short,
                  test_short_strings_every_position);
}
