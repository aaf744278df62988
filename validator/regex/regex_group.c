/* Everything that starts with '(' but "(*": groups of every form,
 * conditionals, option settings, subroutine calls and callouts, following
 * PCRE2 10.42's parse_regex(). */
#include <string.h>

#include "regex_internal.h"

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static int open_capture(cfv_rx_parser *ps, size_t start)
{
    if (ps->bracount >= CFV_RX_MAX_NUMBER)
        return -1;
    ps->bracount++;
    return cfv_rx_open_group(ps, CFV_RX_G_CAPTURE, start, ps->bracount);
}

/* (?<name> (?'name' (?P<name>: *pos on the character before the name. */
static int named_group(cfv_rx_parser *ps, size_t start, uint8_t term)
{
    size_t off;
    uint32_t len;
    if (cfv_rx_read_name(ps, &ps->pos, 1, term, &off, &len) != 0 || open_capture(ps, start) != 0)
        return -1;
    return cfv_rx_add_name(ps, ps->frame[ps->depth].group, off, len, 1);
}

/* A repeatable reference item: a call or a backreference, by number or name. */
static int reference(cfv_rx_parser *ps, uint8_t kind, size_t start, uint32_t num, size_t name_off,
                     uint32_t name_len)
{
    uint32_t n = cfv_rx_item(ps, kind, 0, start);
    if (n == CFV_RX_NONE)
        return -1;
    ps->t->node[n].num = num;
    ps->okq = n;
    if (kind == CFV_RX_CALL && name_len > 0)
        return cfv_rx_add_name(ps, n, name_off, name_len, 0);
    return 0;
}

/* (?&name) (?P>name) (?P=name): *pos on the character before the name. */
static int by_name(cfv_rx_parser *ps, uint8_t kind, size_t start)
{
    size_t off;
    uint32_t len;
    if (cfv_rx_read_name(ps, &ps->pos, 1, ')', &off, &len) != 0)
        return -1;
    return reference(ps, kind, start, 0, off, len);
}

/* (?1) (?+1) (?-1): *pos on the sign or first digit. */
static int call_number(cfv_rx_parser *ps, size_t start)
{
    int32_t sign = is_digit(ps->p[ps->pos]) ? -1 : (int32_t)ps->bracount;
    uint32_t n;
    if (cfv_rx_read_number(ps, &ps->pos, sign, CFV_RX_MAX_NUMBER, &n) <= 0 ||
        ps->pos >= ps->len || ps->p[ps->pos] != ')')
        return -1;
    ps->pos++;
    return reference(ps, CFV_RX_CALL, start, n, 0, 0);
}

/* (?C) (?Cn) (?C"text"): no item; a doubled delimiter stands for itself. */
static int callout(cfv_rx_parser *ps, int prev_expect)
{
    static const char open[] = "`'\"^%#${";
    static const char close[] = "`'\"^%#$}";
    const uint8_t *p = ps->p;
    if (++ps->pos >= ps->len)
        return -1;
    ps->expect_cond = prev_expect - 1;
    if (p[ps->pos] != ')' && !is_digit(p[ps->pos])) {
        const char *d = p[ps->pos] ? strchr(open, p[ps->pos]) : NULL;
        if (!d)
            return -1;
        uint8_t delim = (uint8_t)close[d - open];
        size_t i = ps->pos;
        for (;;) {
            if (++i >= ps->len)
                return -1;
            if (p[i] == delim && (++i >= ps->len || p[i] != delim))
                break;
        }
        ps->pos = i;
    } else {
        uint32_t n = 0;
        while (ps->pos < ps->len && is_digit(p[ps->pos])) {
            n = n * 10u + (uint32_t)(p[ps->pos++] - '0');
            if (n > 255)
                return -1;
        }
    }
    if (ps->pos >= ps->len || p[ps->pos] != ')')
        return -1;
    ps->pos++;
    return 0;
}

/* (?(VERSION>=10.4): *pos on the 'V'. */
static int version_condition(cfv_rx_parser *ps)
{
    const uint8_t *p = ps->p;
    uint32_t major;
    ps->pos += 7;
    if (p[ps->pos] == '>')
        ps->pos++;
    if (p[ps->pos] != '=' || ++ps->pos >= ps->len || !is_digit(p[ps->pos]) ||
        cfv_rx_read_number(ps, &ps->pos, -1, 1000, &major) <= 0 || ps->pos >= ps->len)
        return -1;
    if (p[ps->pos] == '.') {
        if (++ps->pos >= ps->len || !is_digit(p[ps->pos]))
            return -1;
        ps->pos++;
        if (ps->pos < ps->len && is_digit(p[ps->pos]))
            ps->pos++;
    }
    return 0;
}

/* (?(cond)yes|no): *pos on the second '('. The condition is a group number,
 * a name, R, Rn, R&name, DEFINE, VERSION, or an assertion that follows. */
static int conditional(cfv_rx_parser *ps, size_t start)
{
    const uint8_t *p = ps->p;
    uint32_t n;
    if (++ps->pos >= ps->len || cfv_rx_open_group(ps, CFV_RX_G_COND, start, 0) != 0)
        return -1;
    if (p[ps->pos] == '?' || p[ps->pos] == '*') {
        ps->expect_cond = 2;
        ps->pos--; /* the assertion's '(' is read next */
        return 0;
    }
    int r = cfv_rx_read_number(ps, &ps->pos, (int32_t)ps->bracount, CFV_RX_MAX_NUMBER, &n);
    if (r < 0 || (r > 0 && n == 0))
        return -1;
    if (r == 0) {
        if (ps->len - ps->pos >= 10 && memcmp(p + ps->pos, "VERSION", 7) == 0 &&
            p[ps->pos + 7] != ')') {
            if (version_condition(ps) != 0)
                return -1;
        } else {
            uint8_t term = ')';
            size_t off;
            uint32_t len;
            if (p[ps->pos] == 'R' && ps->len - ps->pos > 1 && p[ps->pos + 1] == '&')
                ps->pos++;
            else if (p[ps->pos] == '<')
                term = '>';
            else if (p[ps->pos] == '\'')
                term = '\'';
            else
                ps->pos--; /* the name starts here */
            if (cfv_rx_read_name(ps, &ps->pos, 1, term, &off, &len) != 0)
                return -1;
            if (term == ')')
                ps->pos--; /* back on the ')' */
        }
    }
    if (ps->pos >= ps->len || p[ps->pos] != ')')
        return -1;
    ps->pos++;
    return 0;
}

/* (?i) (?x-s) (?^) (?i:...) (?|...): *pos after "(?". */
static int options(cfv_rx_parser *ps, size_t start)
{
    const uint8_t *p = ps->p;
    uint32_t old = ps->opts, opts = old, set = 0, unset = 0, *which = &set;
    int hyphen_ok = 1;
    if (p[ps->pos] == '|') {
        ps->pos++;
        if (cfv_rx_open_group(ps, CFV_RX_G_RESET, start, 0) != 0)
            return -1;
        ps->frame[ps->depth].reset = 1;
        return 0;
    }
    if (p[ps->pos] == '^') {
        opts &= ~(uint32_t)(PCRE2_CASELESS | PCRE2_MULTILINE | PCRE2_NO_AUTO_CAPTURE |
                            PCRE2_DOTALL | PCRE2_EXTENDED | PCRE2_EXTENDED_MORE);
        hyphen_ok = 0;
        ps->pos++;
    }
    while (ps->pos < ps->len && p[ps->pos] != ')' && p[ps->pos] != ':') {
        switch (p[ps->pos++]) {
        case '-':
            if (!hyphen_ok)
                return -1;
            which = &unset;
            hyphen_ok = 0;
            break;
        case 'J': *which |= PCRE2_DUPNAMES; break;
        case 'i': *which |= PCRE2_CASELESS; break;
        case 'm': *which |= PCRE2_MULTILINE; break;
        case 'n': *which |= PCRE2_NO_AUTO_CAPTURE; break;
        case 's': *which |= PCRE2_DOTALL; break;
        case 'U': *which |= PCRE2_UNGREEDY; break;
        case 'x':
            *which |= PCRE2_EXTENDED;
            if (ps->pos < ps->len && p[ps->pos] == 'x') {
                *which |= PCRE2_EXTENDED_MORE;
                ps->pos++;
            }
            break;
        default:
            return -1;
        }
    }
    /* x alone, or unsetting x, also ends xx */
    if ((set & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE)) == PCRE2_EXTENDED ||
        (unset & PCRE2_EXTENDED))
        unset |= PCRE2_EXTENDED_MORE;
    opts = (opts | set) & ~unset;
    if (ps->pos >= ps->len)
        return -1;
    if (p[ps->pos++] == ':' && cfv_rx_open_group(ps, CFV_RX_G_PLAIN, start, 0) != 0)
        return -1; /* the group restores old options at its ')' */
    ps->opts = opts; /* (?i): until the enclosing group ends */
    return 0;
}

/* The forms after "(?". */
static int question(cfv_rx_parser *ps, size_t start, int prev_expect)
{
    const uint8_t *p = ps->p;
    if (++ps->pos >= ps->len)
        return -1;
    uint8_t c = p[ps->pos];
    switch (c) {
    case 'P':
        if (++ps->pos >= ps->len)
            return -1;
        if (p[ps->pos] == '<')
            return named_group(ps, start, '>');
        if (p[ps->pos] == '>')
            return by_name(ps, CFV_RX_CALL, start);
        if (p[ps->pos] == '=')
            return by_name(ps, CFV_RX_BACKREF, start);
        return -1;
    case 'R':
        if (++ps->pos >= ps->len || p[ps->pos] != ')')
            return -1;
        ps->pos++;
        return reference(ps, CFV_RX_CALL, start, 0, 0, 0);
    case '&':
        return by_name(ps, CFV_RX_CALL, start);
    case 'C':
        return callout(ps, prev_expect);
    case '(':
        return conditional(ps, start);
    case '>':
        ps->pos++;
        return cfv_rx_open_group(ps, CFV_RX_G_ATOMIC, start, 0);
    case '=':
    case '!':
    case '*':
        ps->pos++;
        return cfv_rx_open_assertion(ps,
                              c == '=' ? CFV_RX_G_LOOKAHEAD
                              : c == '!' ? CFV_RX_G_NLOOKAHEAD
                                         : CFV_RX_G_NA_LOOKAHEAD,
                              start, prev_expect);
    case '<':
        if (ps->len - ps->pos <= 1 ||
            (p[ps->pos + 1] != '=' && p[ps->pos + 1] != '!' && p[ps->pos + 1] != '*'))
            return named_group(ps, start, '>');
        c = p[ps->pos + 1];
        ps->pos += 2;
        return cfv_rx_open_assertion(ps,
                              c == '=' ? CFV_RX_G_LOOKBEHIND
                              : c == '!' ? CFV_RX_G_NLOOKBEHIND
                                         : CFV_RX_G_NA_LOOKBEHIND,
                              start, prev_expect);
    case '\'':
        return named_group(ps, start, '\'');
    case '+':
        if (ps->len - ps->pos < 2 || !is_digit(p[ps->pos + 1]))
            return -1;
        return call_number(ps, start);
    case '-':
        if (ps->len - ps->pos > 1 && is_digit(p[ps->pos + 1]))
            return call_number(ps, start);
        return options(ps, start);
    default:
        if (is_digit(c))
            return call_number(ps, start);
        return options(ps, start);
    }
}

/* After '('; start is its offset. */
int cfv_rx_paren(cfv_rx_parser *ps, size_t start, int prev_expect)
{
    if (ps->pos >= ps->len)
        return -1;
    if (ps->p[ps->pos] == '?')
        return question(ps, start, prev_expect);
    if (ps->p[ps->pos] == '*')
        return cfv_rx_star(ps, start, prev_expect);
    if (ps->opts & PCRE2_NO_AUTO_CAPTURE)
        return cfv_rx_open_group(ps, CFV_RX_G_PLAIN, start, 0);
    return open_capture(ps, start);
}
