#include "src_quote.h"

#include <string.h>

#include "escape.h"

/* Bytes that make "\c" an escape in the lexer. */
static int escapes(int c) { return c && strchr("\\\"nrtx", c) != NULL; }

void cfv_src_quote(cfv_buf *b, const uint8_t *s, size_t n)
{
    cfv_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        uint32_t cp;
        size_t k;
        if (c == '\\') {
            cfv_buf_puts(b, i + 1 == n || escapes(s[i + 1]) ? "\\\\" : "\\");
            k = 1;
        } else if (c == '"') {
            cfv_buf_puts(b, "\\\"");
            k = 1;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            cfv_buf_puts(b, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
            k = 1;
        } else if (c < 0x20 || c == 0x7f || (k = cfv_utf8_decode(s + i, n - i, &cp)) == 0) {
            cfv_buf_printf(b, "\\x%02x", c);
            k = 1;
        } else {
            cfv_buf_put(b, s + i, k);
        }
        i += k;
    }
    cfv_buf_putc(b, '"');
}
