/* Character-level reading of a pattern, following PCRE2 10.42: characters,
 * extended-mode white space, newlines, numbers, repeat counts, names and
 * POSIX class syntax. Every scan is bounded by the pattern length. */
#include "cfv/testcase.h"
#include "regex_internal.h"

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_word(uint8_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* One character at *pos: a code point in UTF mode (ill-formed bytes are
 * taken one at a time, as the analyzer may see unchecked input), else a byte. */
uint32_t cfv_rx_getc(const cfv_rx_parser *ps, size_t *pos)
{
    size_t i = *pos;
    uint32_t c = ps->p[i++];
    if ((ps->opts & PCRE2_UTF) && c >= 0xc0 && c < 0xf8) {
        size_t extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
        if (ps->len - i >= extra) {
            uint32_t v = c & (0x3fu >> extra);
            size_t k;
            for (k = 0; k < extra && (ps->p[i + k] & 0xc0) == 0x80; k++)
                v = (v << 6) | (ps->p[i + k] & 0x3fu);
            if (k == extra) {
                c = v;
                i += extra;
            }
        }
    }
    *pos = i;
    return c;
}

/* What PCRE2_EXTENDED skips: isspace() in the C locale, NEL, the two
 * directional marks and the line/paragraph separators. */
int cfv_rx_is_xspace(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0d) || c == ' ' || c == 0x85 || (c | 1u) == 0x200f ||
           (c | 1u) == 0x2029;
}

/* Length of the newline at pos under the pattern's newline convention, or 0. */
size_t cfv_rx_newline_len(const cfv_rx_parser *ps, size_t pos)
{
    const uint8_t *p = ps->p;
    size_t rest = ps->len - pos;
    if (rest == 0)
        return 0;
    int crlf = rest >= 2 && p[pos] == '\r' && p[pos + 1] == '\n';
    switch (ps->newline) {
    case PCRE2_NEWLINE_CR:
        return p[pos] == '\r';
    case PCRE2_NEWLINE_LF:
        return p[pos] == '\n';
    case PCRE2_NEWLINE_CRLF:
        return crlf ? 2 : 0;
    case PCRE2_NEWLINE_NUL:
        return p[pos] == 0;
    case PCRE2_NEWLINE_ANYCRLF:
        return p[pos] == '\n' ? 1 : p[pos] == '\r' ? (crlf ? 2u : 1u) : 0;
    default: { /* PCRE2_NEWLINE_ANY */
        size_t next = pos;
        uint32_t c = cfv_rx_getc(ps, &next);
        if (c == '\r')
            return crlf ? 2 : 1;
        if (c == '\n' || c == 0x0b || c == 0x0c || c == 0x85 || c == 0x2028 || c == 0x2029)
            return next - pos;
        return 0;
    }
    }
}

/* PCRE2's read_number(). allow_sign < 0: unsigned; else "+n" means
 * allow_sign + n and "-n" means allow_sign + 1 - n (relative group numbers).
 * 1: read (pos moves), 0: no number here (pos stays), -1: error. */
int cfv_rx_read_number(const cfv_rx_parser *ps, size_t *pos, int32_t allow_sign,
                       uint32_t max_value, uint32_t *value)
{
    const uint8_t *p = ps->p;
    size_t i = *pos;
    int sign = 0;
    uint32_t n = 0;
    if (allow_sign >= 0 && i < ps->len) {
        if (p[i] == '+') {
            sign = 1;
            max_value -= (uint32_t)allow_sign;
            i++;
        } else if (p[i] == '-') {
            sign = -1;
            i++;
        }
    }
    if (i >= ps->len || !is_digit(p[i]))
        return 0;
    while (i < ps->len && is_digit(p[i])) {
        n = n * 10u + (uint32_t)(p[i++] - '0');
        if (n > max_value)
            return -1;
    }
    CFV_TESTCASE(n == max_value); /* the largest number allowed */
    if (sign != 0) {
        if (n == 0)
            return -1; /* +0 and -0 are not allowed */
        if (sign > 0)
            n += (uint32_t)allow_sign;
        else if (n > (uint32_t)allow_sign)
            return -1; /* refers to a group before the first */
        else
            n = (uint32_t)allow_sign + 1u - n;
    }
    *value = n;
    *pos = i;
    return 1;
}

/* After '{': 10.42 takes only {n}, {n,} and {n,m} as a quantifier; anything
 * else ({,m}, {}, {1,x}, an unclosed brace) leaves '{' a literal. A count
 * over 65535 or max < min is an error. 1: quantifier (pos after '}'),
 * 0: literal, -1: error. */
int cfv_rx_read_repeat(const cfv_rx_parser *ps, size_t *pos, uint32_t *min, uint32_t *max)
{
    const uint8_t *p = ps->p;
    size_t i = *pos;
    int comma = 0;
    for (;; i++) {
        if (i >= ps->len)
            return 0;
        if (is_digit(p[i]))
            continue;
        if (p[i] == '}')
            break;
        if (p[i] != ',' || comma)
            return 0;
        comma = 1;
    }
    size_t j = *pos;
    uint32_t lo, hi;
    int r = cfv_rx_read_number(ps, &j, -1, CFV_RX_MAX_NUMBER, &lo);
    if (r <= 0)
        return r; /* no minimum: a literal */
    if (p[j] == '}') {
        hi = lo;
    } else {
        j++; /* the comma */
        hi = CFV_RX_UNLIMITED;
        if (p[j] != '}') {
            if (cfv_rx_read_number(ps, &j, -1, CFV_RX_MAX_NUMBER, &hi) < 0 || hi < lo)
                return -1;
        }
    }
    *pos = j + 1;
    *min = lo;
    *max = hi;
    return 1;
}

/* PCRE2's read_name(): *pos is on the character before the name. A group
 * name is 1..32 code units of word characters (in UTF mode non-ASCII
 * letters too: any non-ASCII byte is accepted here, PCRE2 has already
 * refused what is not a letter or digit), not starting with a digit, then
 * the terminator. A verb or assertion name (is_group 0) is ASCII word
 * characters, possibly none, and leaves *pos on what follows. */
int cfv_rx_read_name(const cfv_rx_parser *ps, size_t *pos, int is_group, uint8_t terminator,
                     size_t *name_off, uint32_t *name_len)
{
    const uint8_t *p = ps->p;
    size_t start = *pos + 1, i = start;
    int utf = is_group && (ps->opts & PCRE2_UTF);
    if (start >= ps->len)
        return -1;
    if (is_group && is_digit(p[start]))
        return -1;
    while (i < ps->len && (is_word(p[i]) || (utf && p[i] >= 0x80))) {
        if (i - start >= CFV_RX_MAX_NAME)
            return -1; /* too long; stop scanning here */
        i++;
    }
    CFV_TESTCASE(i - start == CFV_RX_MAX_NAME); /* the longest name */
    *name_off = start;
    *name_len = (uint32_t)(i - start);
    if (is_group) {
        if (i == start || i >= ps->len || p[i] != terminator)
            return -1;
        i++;
    }
    *pos = i;
    return 0;
}

/* PCRE2's check_posix_syntax(): pos is on the ':', '.' or '=' after a '['
 * in a class. 1 with *end on the terminator before "]" if it is [:...:]. */
int cfv_rx_posix_class(const cfv_rx_parser *ps, size_t pos, size_t *end)
{
    const uint8_t *p = ps->p;
    uint8_t term = p[pos];
    for (size_t i = pos + 1; ps->len - i >= 2; i++) {
        if (p[i] == '\\' && (p[i + 1] == ']' || p[i + 1] == '\\'))
            i++;
        else if ((p[i] == '[' && p[i + 1] == term) || p[i] == ']')
            return 0;
        else if (p[i] == term && p[i + 1] == ']') {
            *end = i;
            return 1;
        }
    }
    return 0;
}
