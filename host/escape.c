#include "escape.h"

size_t cfv_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    /* Overlongs, surrogates and values past U+10FFFF are not UTF-8. */
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return 0;
    *cp = v;
    return len;
}

/* The valid UTF-8 sequence at p (its length, *cp its code point), or 0
 * after writing U+FFFD for its first byte, which the caller skips. */
static size_t code_point(cfv_buf *b, const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len = cfv_utf8_decode(p, n, cp);
    if (len == 0)
        cfv_buf_puts(b, "\xEF\xBF\xBD");
    return len;
}

/* Each valid UTF-8 sequence of s as put(b, its code point, its bytes, its
 * length); U+FFFD for each byte that starts none. */
typedef void cfv_put_cp(cfv_buf *b, uint32_t cp, const unsigned char *p, size_t len);
static void each_code_point(cfv_buf *b, const char *s, size_t n, cfv_put_cp *put)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0, len; i < n; i += len ? len : 1) {
        uint32_t cp;
        if ((len = code_point(b, p + i, n - i, &cp)) != 0)
            put(b, cp, p + i, len);
    }
}

static void json_one(cfv_buf *b, uint32_t cp, const unsigned char *p, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (cp == '"' || cp == '\\') {
        cfv_buf_putc(b, '\\');
        cfv_buf_putc(b, (char)cp);
    } else if (cp == '\n') {
        cfv_buf_puts(b, "\\n");
    } else if (cp == '\t') {
        cfv_buf_puts(b, "\\t");
    } else if (cp == '\r') {
        cfv_buf_puts(b, "\\r");
    } else if (cp < 0x20 || cp == 0x7F) {
        char e[6] = {'\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15]};
        cfv_buf_put(b, e, sizeof e);
    } else {
        cfv_buf_put(b, p, len);
    }
}

/* Printable ASCII that JSON takes as it is: copied a run at a time (a
 * report of a million diagnostics escapes every message and field). */
static size_t json_plain_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F && s[i] != '"' &&
           s[i] != '\\')
        i++;
    return i;
}

void cfv_esc_json(cfv_buf *b, const char *s, size_t n)
{
    cfv_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        size_t run = json_plain_run(s + i, n - i);
        cfv_buf_put(b, s + i, run);
        i += run;
        if (i == n)
            break;
        /* one code point the slow way (it may be several bytes) */
        const unsigned char *p = (const unsigned char *)s + i;
        uint32_t cp;
        size_t len = code_point(b, p, n - i, &cp);
        if (len)
            json_one(b, cp, p, len);
        i += len ? len : 1;
    }
    cfv_buf_putc(b, '"');
}

void cfv_esc_text(cfv_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            cfv_buf_put(b, e, sizeof e);
        } else {
            cfv_buf_putc(b, (char)c);
        }
    }
}

void cfv_esc_uri_path(cfv_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            cfv_buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            cfv_buf_put(b, e, sizeof e);
        }
    }
}

/* The entity XML writes for cp, or NULL. */
static const char *xml_entity(uint32_t cp)
{
    switch (cp) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\n': return "&#10;";            /* kept in attributes too */
    case 0xFFFE: case 0xFFFF: return "\xEF\xBF\xBD";
    default: return NULL;
    }
}

static void xml_one(cfv_buf *b, uint32_t cp, const unsigned char *p, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const char *entity = xml_entity(cp);
    if (entity) {
        cfv_buf_puts(b, entity);
    } else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
        /* Not allowed in XML 1.0, not even as a reference: written as text. */
        char e[4] = {'\\', 'x', hex[cp >> 4], hex[cp & 15]};
        cfv_buf_put(b, e, sizeof e);
    } else {
        cfv_buf_put(b, p, len);
    }
}

void cfv_esc_xml(cfv_buf *b, const char *s, size_t n)
{
    each_code_point(b, s, n, xml_one);
}
