/* host/escape.c and buf.c on what reports write per diagnostic: JSON
 * escaping copies plain ASCII a run at a time and escapes everything else
 * exactly as before (quotes, backslashes, controls, DEL, UTF-8 kept, a byte
 * that starts no UTF-8 sequence as U+FFFD), and numbers print as PRIu64 and "%016" PRIx64 do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "fixture.h"

static void json_of(const char *s, size_t n, const char *want)
{
    cfv_buf b = { 0 };
    cfv_esc_json(&b, s, n);
    cfv_buf_putc(&b, 0);
    assert_false(b.oom);
    assert_string_equal(b.data, want);
    cfv_buf_free(&b);
}

static void json_escapes_around_plain_runs(void **state)
{
    (void)state;
    json_of("", 0, "\"\"");
    json_of("criteria[3].op", 14, "\"criteria[3].op\"");
    json_of("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
    json_of("x\ny\tz\r", 6, "\"x\\ny\\tz\\r\"");
    json_of("\x01" "A\x7f", 3, "\"\\u0001A\\u007f\"");
    json_of("caf\xc3\xa9!", 6, "\"caf\xc3\xa9!\"");                 /* UTF-8 as is */
    json_of("a\xff" "b\xc3", 4, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"");   /* not UTF-8: U+FFFD */
    json_of("nul\0after", 9, "\"nul\\u0000after\"");
}

static void u64_prints_as_printf_does(void **state)
{
    (void)state;
    static const uint64_t v[] = { 0, 7, 10, 99, 100, 4294967295u, 4294967296u, UINT64_MAX };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, "%" PRIu64, v[i]);
        cfv_buf b = { 0 };
        cfv_buf_put_u64(&b, v[i]);
        cfv_buf_putc(&b, 0);
        assert_string_equal(b.data, want);
        cfv_buf_free(&b);
        snprintf(want, sizeof want, "%016" PRIx64, v[i]);
        cfv_buf_put_hex16(&b, v[i]);
        cfv_buf_putc(&b, 0);
        assert_string_equal(b.data, want);
        cfv_buf_free(&b);
    }
}

int main(void)
{
    return TF_RUN(NULL, NULL, json_escapes_around_plain_runs, u64_prints_as_printf_does);
}
