/* Strict JSON lexing for one event line (RFC 8259). The line was checked
 * as UTF-8 as a whole, so string bytes >= 0x80 are copied as they are. */
#include "event_json.h"

#include <stdarg.h>
#include <stdio.h>

int cfv_j_fail(cfv_jcur *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
    va_end(ap);
    c->err->column = (uint32_t)(c->i + 1);
    return -1;
}

void cfv_j_ws(cfv_jcur *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\r' ||
                           c->s[c->i] == '\n'))
        c->i++;
}

int cfv_j_peek(cfv_jcur *c)
{
    cfv_j_ws(c);
    return c->i < c->n ? (unsigned char)c->s[c->i] : -1;
}

int cfv_j_expect(cfv_jcur *c, char ch, const char *what)
{
    if (cfv_j_peek(c) != (unsigned char)ch)
        return c->i < c->n ? cfv_j_fail(c, "expected %s", what)
                           : cfv_j_fail(c, "the line ends where %s was expected", what);
    c->i++;
    return 0;
}

static int hex4(cfv_jcur *c, uint32_t *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++, c->i++) {
        int ch = c->i < c->n ? (unsigned char)c->s[c->i] : -1;
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return cfv_j_fail(c, "\\u needs four hex digits");
        *v = *v << 4 | (uint32_t)d;
    }
    return 0;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* After "\u": one code point, a surrogate pair taken whole. */
static int unicode_escape(cfv_jcur *c, uint32_t *cp)
{
    size_t start = c->i - 2;
    if (hex4(c, cp) != 0)
        return -1;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
        c->i = start;
        return cfv_j_fail(c, "\\u%04X is a low surrogate without a high one before it", *cp);
    }
    if (*cp < 0xD800 || *cp > 0xDBFF)
        return 0;
    uint32_t lo;
    if (c->i + 2 > c->n || c->s[c->i] != '\\' || c->s[c->i + 1] != 'u') {
        c->i = start;
        return cfv_j_fail(c, "\\u%04X is a high surrogate without a low one after it", *cp);
    }
    c->i += 2;
    if (hex4(c, &lo) != 0)
        return -1;
    if (lo < 0xDC00 || lo > 0xDFFF) {
        c->i = start;
        return cfv_j_fail(c, "\\u%04X is a high surrogate without a low one after it", *cp);
    }
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    return 0;
}

static int escape(cfv_jcur *c, char *out, size_t *len)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    char e = c->i < c->n ? c->s[c->i] : 0;
    c->i++;
    for (size_t k = 0; k < sizeof from - 1; k++) {
        if (e == from[k]) {
            out[(*len)++] = to[k];
            return 0;
        }
    }
    if (e != 'u') {
        c->i -= 2;
        return cfv_j_fail(c, "unknown escape in a string");
    }
    uint32_t cp;
    if (unicode_escape(c, &cp) != 0)
        return -1;
    *len += put_utf8(out + *len, cp);
    return 0;
}

int cfv_j_string(cfv_jcur *c, char *out, size_t *len)
{
    if (cfv_j_expect(c, '"', "a string") != 0)
        return -1;
    *len = 0;
    while (c->i < c->n) {
        unsigned char b = (unsigned char)c->s[c->i];
        if (b == '"') {
            c->i++;
            return 0;
        }
        if (b < 0x20)
            return cfv_j_fail(c, "control character 0x%02X in a string must be escaped", b);
        c->i++;
        if (b != '\\')
            out[(*len)++] = (char)b;
        else if (escape(c, out, len) != 0)
            return -1;
    }
    return cfv_j_fail(c, "the line ends inside a string");
}

int cfv_j_uint(cfv_jcur *c, uint64_t max, uint64_t *v)
{
    cfv_j_ws(c);
    size_t start = c->i;
    if (c->i < c->n && c->s[c->i] == '-')
        return cfv_j_fail(c, "negative number: expected an integer 0..%llu", (unsigned long long)max);
    *v = 0;
    int over = 0;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
        unsigned d = (unsigned)(c->s[c->i] - '0');
        over |= *v > (max - d) / 10;
        if (!over)
            *v = *v * 10 + d;
        c->i++;
    }
    if (c->i == start)
        return cfv_j_fail(c, "expected a number");
    if (c->s[start] == '0' && c->i - start > 1) {
        c->i = start;
        return cfv_j_fail(c, "leading zero in a number");
    }
    if (c->i < c->n && (c->s[c->i] == '.' || c->s[c->i] == 'e' || c->s[c->i] == 'E'))
        return cfv_j_fail(c, "not an integer: expected 0..%llu", (unsigned long long)max);
    if (over) {
        c->i = start;
        return cfv_j_fail(c, "number out of range 0..%llu", (unsigned long long)max);
    }
    return 0;
}
