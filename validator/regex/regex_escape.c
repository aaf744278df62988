/* One backslash escape, read as PCRE2 10.42's check_escape() reads it: what
 * kind of item it is and exactly how far it reaches, so that a '(' or '['
 * swallowed by an escape (\c(, \x{..}) is never taken for syntax. */
#include "regex_internal.h"

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static int is_octal(uint8_t c)
{
    return c >= '0' && c <= '7';
}

static int is_xdigit(uint8_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* \x{hhh} \o{ooo} \N{U+hhh}: *pos is on '{'; needs at least one digit and '}'. */
static int braced_number(cfv_rx_parser *ps, int hex)
{
    size_t i = ps->pos + 1;
    size_t first = i;
    while (i < ps->len && (hex ? is_xdigit(ps->p[i]) : is_octal(ps->p[i])))
        i++;
    if (i == first || i >= ps->len || ps->p[i] != '}')
        return -1;
    ps->pos = i + 1;
    return 0;
}

/* \p{..} \P{..} \pL: up to 30 characters before the '}' (no NUL), not
 * counting '_', '-' and white space, which 10.42 skips (loose matching);
 * or one letter. */
static int property(cfv_rx_parser *ps)
{
    const uint8_t *p = ps->p;
    size_t i = ps->pos;
    if (i >= ps->len)
        return -1;
    if (p[i] != '{') {
        uint8_t c = p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return -1;
        ps->pos = i + 1;
        return 0;
    }
    i++;
    if (i < ps->len && p[i] == '^')
        i++;
    for (int n = 0; n < 31; n++) {
        uint8_t c;
        do {
            if (i >= ps->len)
                return -1;
            c = p[i++];
        } while (c == '_' || c == '-' || c == ' ' || (c >= 0x09 && c <= 0x0d));
        if (c == 0)
            return -1;
        if (c == '}') {
            ps->pos = i;
            return 0;
        }
    }
    return -1;
}

/* \k<n> \k'n' \k{n} and \g{name}: *pos is on the bracket. */
static int named_ref(cfv_rx_parser *ps, cfv_rx_esc *out, int is_call)
{
    uint8_t open = ps->p[ps->pos];
    uint8_t term = open == '<' ? '>' : open == '\'' ? '\'' : '}';
    size_t off;
    uint32_t len;
    if (cfv_rx_read_name(ps, &ps->pos, 1, term, &off, &len) != 0)
        return -1;
    out->kind = is_call ? CFV_RX_E_CALL : CFV_RX_E_BACKREF;
    out->name_off = off;
    out->name_len = len;
    return 0;
}

/* \g: \g<n> \g'n' (subroutine calls, Oniguruma syntax), \g{n} \gn \g{-n}
 * \g{name} (backreferences). */
static int escape_g(cfv_rx_parser *ps, cfv_rx_esc *out)
{
    const uint8_t *p = ps->p;
    uint32_t n;
    int r;
    if (ps->pos >= ps->len)
        return -1;
    if (p[ps->pos] == '<' || p[ps->pos] == '\'') {
        uint8_t term = p[ps->pos] == '<' ? '>' : '\'';
        size_t i = ps->pos + 1;
        r = cfv_rx_read_number(ps, &i, (int32_t)ps->bracount, CFV_RX_MAX_NUMBER, &n);
        if (r < 0)
            return -1;
        if (r > 0) {
            if (i >= ps->len || p[i] != term)
                return -1;
            ps->pos = i + 1;
            out->kind = CFV_RX_E_CALL;
            out->num = n;
            return 0;
        }
        return named_ref(ps, out, 1);
    }
    if (p[ps->pos] == '{') {
        size_t i = ps->pos + 1;
        r = cfv_rx_read_number(ps, &i, (int32_t)ps->bracount, CFV_RX_MAX_NUMBER, &n);
        if (r < 0)
            return -1;
        if (r == 0)
            return named_ref(ps, out, 0);
        if (i >= ps->len || p[i] != '}')
            return -1;
        ps->pos = i + 1;
    } else if (cfv_rx_read_number(ps, &ps->pos, (int32_t)ps->bracount, CFV_RX_MAX_NUMBER, &n) <=
               0) {
        return -1;
    }
    if (n == 0)
        return -1;
    out->kind = CFV_RX_E_BACKREF;
    return 0;
}

/* Up to two more octal digits after the first. */
static void octal_tail(cfv_rx_parser *ps)
{
    for (int k = 0; k < 2 && ps->pos < ps->len && is_octal(ps->p[ps->pos]); k++)
        ps->pos++;
}

/* \1..\9 outside a class: a backreference if under 10, starting with 8 or 9,
 * or no more than the groups opened so far; otherwise (a number too big
 * for a group included) \8 \9 are the digits and \1..\7 start up to three
 * octal digits. *pos is just after the first digit. */
static int escape_digits(cfv_rx_parser *ps, cfv_rx_esc *out)
{
    size_t i = ps->pos - 1;
    uint8_t first = ps->p[i];
    uint32_t n;
    if (cfv_rx_read_number(ps, &i, -1, CFV_RX_MAX_NUMBER, &n) > 0 &&
        (n < 10 || first >= '8' || n <= ps->bracount)) {
        ps->pos = i;
        out->kind = CFV_RX_E_BACKREF;
        return 0;
    }
    if (first < '8')
        octal_tail(ps);
    out->kind = CFV_RX_E_LITERAL;
    return 0;
}

/* \N: \N{U+hh} is a character (UTF only); \N{n,m} is \N then a quantifier;
 * any other brace is an error. */
static int escape_N(cfv_rx_parser *ps, cfv_rx_esc *out)
{
    size_t i = ps->pos;
    out->kind = CFV_RX_E_TYPE;
    if (i >= ps->len || ps->p[i] != '{')
        return 0;
    if (ps->len - i > 2 && ps->p[i + 1] == 'U' && ps->p[i + 2] == '+') {
        if (!(ps->opts & PCRE2_UTF))
            return -1;
        ps->pos = i + 2; /* on the '+', where the digits' brace would be */
        out->kind = CFV_RX_E_LITERAL;
        return braced_number(ps, 1);
    }
    uint32_t lo, hi;
    i++;
    return cfv_rx_read_repeat(ps, &i, &lo, &hi) == 1 ? 0 : -1;
}

/* *pos is just after the backslash; on return it is just after the escape. */
int cfv_rx_escape(cfv_rx_parser *ps, int in_class, cfv_rx_esc *out)
{
    out->kind = CFV_RX_E_LITERAL;
    out->num = 0;
    out->name_off = 0;
    out->name_len = 0;
    if (ps->pos >= ps->len)
        return -1; /* \ at the end */
    uint32_t c = cfv_rx_getc(ps, &ps->pos);
    if (c < '0' || c > 'z')
        return 0; /* not alphanumeric: the character itself */
    switch (c) {
    case 'a': case 'e': case 'f': case 'n': case 'r': case 't':
        return 0;
    case 'b':
        out->kind = in_class ? CFV_RX_E_LITERAL : CFV_RX_E_ASSERT; /* backspace in a class */
        return 0;
    case 'A': case 'B': case 'G': case 'K': case 'Z': case 'z':
        out->kind = CFV_RX_E_ASSERT;
        return in_class ? -1 : 0;
    case 'R': case 'X':
        out->kind = CFV_RX_E_TYPE;
        return in_class ? -1 : 0;
    case 'C': /* PCRE2_NEVER_BACKSLASH_C makes it an error; the compiler reports that */
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
    case 'h': case 'H': case 'v': case 'V':
        out->kind = CFV_RX_E_TYPE;
        return 0;
    case 'N':
        return escape_N(ps, out);
    case 'p': case 'P':
        out->kind = CFV_RX_E_TYPE;
        return property(ps);
    case 'Q':
        out->kind = CFV_RX_E_QUOTE;
        return 0;
    case 'E':
        out->kind = CFV_RX_E_UNQUOTE;
        return 0;
    case 'k':
        if (in_class || ps->pos >= ps->len ||
            (ps->p[ps->pos] != '<' && ps->p[ps->pos] != '\'' && ps->p[ps->pos] != '{'))
            return -1;
        return named_ref(ps, out, 0);
    case 'g':
        return in_class ? 0 : escape_g(ps, out); /* a plain 'g' in a class */
    case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        if (!in_class)
            return escape_digits(ps, out);
        if (c < '8')
            octal_tail(ps); /* \8 \9 are the digits in a class */
        return 0;
    case '0':
        octal_tail(ps);
        return 0;
    case 'o':
        if (ps->pos >= ps->len || ps->p[ps->pos] != '{')
            return -1;
        return braced_number(ps, 0);
    case 'x':
        if (ps->pos < ps->len && ps->p[ps->pos] == '{')
            return braced_number(ps, 1);
        for (int k = 0; k < 2 && ps->pos < ps->len && is_xdigit(ps->p[ps->pos]); k++)
            ps->pos++;
        return 0;
    case 'c': {
        if (ps->pos >= ps->len)
            return -1;
        uint8_t x = ps->p[ps->pos];
        if (x < 32 || x > 126)
            return -1;
        ps->pos++; /* any printable ASCII, '(' and '\' included */
        return 0;
    }
    default: /* c is ':'..'z': every digit has its case above */
        if (c <= '@')
            return 0; /* : ; < = > ? @ */
        if (c >= '[' && c <= '`')
            return 0; /* [ \ ] ^ _ ` */
        return -1; /* \F \l \L \u \U and unknown letters */
    }
}
