#include "src_lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cfv_lex_init(cfv_lexer *lx, const char *src, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->src = lx->p = lx->line_start = src;
    lx->end = src + len;
    lx->line = 1;
}

void cfv_lex_free(cfv_lexer *lx)
{
    free(lx->buf);
    lx->buf = NULL;
    lx->cap = 0;
}

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }

static cfv_tok error_at(cfv_lexer *lx, cfv_tok t, const char *at, const char *msg)
{
    t.kind = CFV_TOK_ERROR;
    lx->err_line = lx->line;
    lx->err_col = (uint32_t)(at - lx->line_start) + 1;
    snprintf(lx->error, sizeof lx->error, "%s", msg);
    return t;
}

static void skip_space(cfv_lexer *lx)
{
    while (lx->p < lx->end) {
        char c = *lx->p;
        if (c == '\n') {
            lx->line++;
            lx->line_start = ++lx->p;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            lx->p++;
        } else if (c == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
        } else {
            break;
        }
    }
}

static int put(cfv_lexer *lx, size_t *n, char c)
{
    if (*n + 2 > lx->cap) {
        size_t cap = lx->cap ? 2 * lx->cap : 64;
        char *b = realloc(lx->buf, cap);
        if (!b)
            return -1;
        lx->buf = b;
        lx->cap = cap;
    }
    lx->buf[(*n)++] = c;
    return 0;
}

static int hex_val(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One escape after a backslash at p[-1]; *c gets the byte; returns the
 * bytes consumed after the backslash, or -1 with *why. An unknown escape
 * is a literal backslash (so regexes read naturally: "^10\.1\."). */
static int escape(const char *p, const char *end, char *c, const char **why)
{
    if (p >= end) {
        *why = "unterminated string";
        return -1;
    }
    switch (*p) {
    case '\\': *c = '\\'; return 1;
    case '"': *c = '"'; return 1;
    case 'n': *c = '\n'; return 1;
    case 'r': *c = '\r'; return 1;
    case 't': *c = '\t'; return 1;
    case 'x': {
        int hi = p + 1 < end ? hex_val(p[1]) : -1;
        int lo = p + 2 < end ? hex_val(p[2]) : -1;
        if (hi < 0 || lo < 0) {
            *why = "\\x needs two hex digits";
            return -1;
        }
        if (hi == 0 && lo == 0) {
            *why = "a string cannot hold a NUL byte (\\x00)";
            return -1;
        }
        *c = (char)(hi * 16 + lo);
        return 3;
    }
    default:
        *c = '\\';
        return 0;
    }
}

static cfv_tok string_tok(cfv_lexer *lx, cfv_tok t)
{
    const char *p = lx->p + 1;
    size_t n = 0;
    for (;;) {
        if (p >= lx->end || *p == '\n')
            return error_at(lx, t, lx->p, "unterminated string (strings end on their line)");
        char c = *p;
        if (c == '"')
            break;
        if (c == '\0')
            return error_at(lx, t, p, "NUL byte in a string");
        if (c == '\\') {
            const char *why = NULL;
            int used = escape(p + 1, lx->end, &c, &why);
            if (used < 0)
                return error_at(lx, t, p, why);
            p += 1 + used;
        } else {
            p++;
        }
        if (put(lx, &n, c) != 0)
            return error_at(lx, t, lx->p, "out of memory");
    }
    if (put(lx, &n, '\0') != 0)
        return error_at(lx, t, lx->p, "out of memory");
    t.kind = CFV_TOK_STRING;
    t.text = lx->buf;
    t.len = n - 1;
    lx->p = p + 1;
    return t;
}

static int number_char(int c)
{
    return is_digit(c) || is_alpha(c) || c == ':' || c == '-' || c == '+';
}

cfv_tok cfv_lex_next(cfv_lexer *lx)
{
    skip_space(lx);
    cfv_tok t;
    memset(&t, 0, sizeof t);
    t.line = lx->line;
    t.col = (uint32_t)(lx->p - lx->line_start) + 1;
    t.start = lx->p;
    if (lx->p >= lx->end) {
        t.kind = CFV_TOK_EOF;
        return t;
    }
    const char *p = lx->p;
    char c = *p;
    if (c == '"') {
        t = string_tok(lx, t);
        t.span = (size_t)(lx->p - t.start);
        return t;
    }
    static const char punct[] = "{}[]";
    static const cfv_tok_kind kinds[] = {CFV_TOK_LBRACE, CFV_TOK_RBRACE, CFV_TOK_LBRACKET,
                                         CFV_TOK_RBRACKET};
    const char *pc = c ? strchr(punct, c) : NULL;
    if (pc) {
        t.kind = kinds[pc - punct];
        t.span = 1;
        lx->p++;
        return t;
    }
    if (is_alpha(c)) {
        while (p < lx->end && (is_alpha(*p) || is_digit(*p)))
            p++;
        t.kind = CFV_TOK_WORD;
    } else if (is_digit(c)) {
        while (p < lx->end && number_char(*p))
            p++;
        t.kind = CFV_TOK_NUMBER;
    } else if (c == '@') {
        p++;
        while (p < lx->end && is_digit(*p))
            p++;
        t.kind = CFV_TOK_REF;
        t.start = lx->p + 1;
        t.span = (size_t)(p - t.start);
        if (t.span == 0 || cfv_lex_number(&t, UINT32_MAX, &t.num) != 0)
            return error_at(lx, t, lx->p, "@ needs a string offset from 0 to 4294967295");
        t.start = lx->p;
        lx->p = p;
        t.span = (size_t)(p - t.start);
        return t;
    } else {
        return error_at(lx, t, p, (unsigned char)c < 0x20 || (unsigned char)c >= 0x7f
                                      ? "unexpected byte (non-ASCII text belongs in quotes)"
                                      : "unexpected character");
    }
    t.span = (size_t)(p - lx->p);
    lx->p = p;
    return t;
}

int cfv_lex_number(const cfv_tok *t, uint64_t max, uint64_t *out)
{
    const char *s = t->start, *e = t->start + t->span;
    unsigned base = 10;
    if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (s == e)
        return -1;
    uint64_t v = 0;
    for (; s < e; s++) {
        int d = base == 16 ? hex_val(*s) : (is_digit(*s) ? *s - '0' : -1);
        if (d < 0 || v > (max - (uint64_t)d) / base)
            return -1;
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned mm = m > 2 ? m - 3 : m + 9;
    unsigned doy = (153 * mm + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int cfv_lex_time(const cfv_tok *t, uint64_t *out)
{
    if (cfv_lex_number(t, UINT64_MAX, out) == 0)
        return 0;
    const char *s = t->start;
    static const char shape[] = "0000-00-00T00:00:00Z";
    if (t->span != sizeof shape - 1)
        return -1;
    for (size_t i = 0; i < t->span; i++)
        if (shape[i] != '0' && s[i] != shape[i])
            return -1;
    unsigned y, mo, d, h, mi, se;
    if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
        digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
        return -1;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
        se > 59)
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap)
        return -1;
    *out = (uint64_t)days_from_civil(y, mo, d) * 86400u + h * 3600u + mi * 60u + se;
    return 0;
}

void cfv_format_utc(uint64_t secs, char out[32])
{
    out[0] = '\0';
    if (secs > 253402300799ull)     /* after 9999-12-31T23:59:59Z */
        return;
    int64_t z = (int64_t)(secs / 86400) + 719468;
    unsigned sod = (unsigned)(secs % 86400);
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = (int64_t)yoe + era * 400 + (m <= 2);
    snprintf(out, 32, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d, sod / 3600,
             sod / 60 % 60, sod % 60);
}
