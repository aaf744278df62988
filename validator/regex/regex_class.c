/* A character class, read as PCRE2 10.42 reads one: ']' first (after '^')
 * is a literal, \Q...\E and escapes are literals, [:name:] is a POSIX
 * class, and nothing inside opens a group or quantifies anything. */
#include <string.h>

#include "regex_internal.h"

/* Before the first data character: '^' (once), \E and \Q\E, and under
 * PCRE2_EXTENDED_MORE spaces and tabs. 1 with *c = that character. */
static int class_start(cfv_rx_parser *ps, uint32_t *c)
{
    const uint8_t *p = ps->p;
    int negate = 0;
    while (ps->pos < ps->len) {
        *c = cfv_rx_getc(ps, &ps->pos);
        if (*c == '\\') {
            if (ps->pos < ps->len && p[ps->pos] == 'E')
                ps->pos++;
            else if (ps->len - ps->pos >= 3 && memcmp(p + ps->pos, "Q\\E", 3) == 0)
                ps->pos += 3;
            else
                return 1;
        } else if ((ps->opts & PCRE2_EXTENDED_MORE) && (*c == ' ' || *c == '\t')) {
            continue;
        } else if (!negate && *c == '^') {
            negate = 1;
        } else {
            return 1;
        }
    }
    return 0; /* the class is not closed */
}

/* One item starting with c (already read). */
static int class_item(cfv_rx_parser *ps, uint32_t c)
{
    const uint8_t *p = ps->p;
    size_t end;
    if (ps->inescq) {
        if (c == '\\' && ps->pos < ps->len && p[ps->pos] == 'E') {
            ps->inescq = 0;
            ps->pos++;
        }
        return 0;
    }
    if ((ps->opts & PCRE2_EXTENDED_MORE) && (c == ' ' || c == '\t'))
        return 0;
    if (c == '[' && ps->len - ps->pos >= 3 &&
        (p[ps->pos] == ':' || p[ps->pos] == '.' || p[ps->pos] == '=') &&
        cfv_rx_posix_class(ps, ps->pos, &end)) {
        if (p[ps->pos] != ':')
            return -1; /* [.ch.] and [=ch=] are not supported */
        ps->pos = end + 2;
        return 0;
    }
    if (c != '\\')
        return 0;
    cfv_rx_esc esc;
    if (cfv_rx_escape(ps, 1, &esc) != 0)
        return -1;
    if (esc.kind == CFV_RX_E_QUOTE)
        ps->inescq = 1;
    return 0;
}

/* After '['; start is its offset. Adds one CFV_RX_CLASS item. */
int cfv_rx_class(cfv_rx_parser *ps, size_t start)
{
    const uint8_t *p = ps->p;
    size_t end;
    uint32_t c;
    uint32_t node = cfv_rx_item(ps, CFV_RX_CLASS, 0, start);
    if (node == CFV_RX_NONE)
        return -1;
    ps->okq = node;
    /* [[:<:]] and [[:>:]]: word boundaries PCRE2 allows to be quantified */
    if (ps->len - ps->pos >= 6 &&
        (memcmp(p + ps->pos, "[:<:]]", 6) == 0 || memcmp(p + ps->pos, "[:>:]]", 6) == 0)) {
        ps->pos += 6;
        return 0;
    }
    if (ps->pos < ps->len && (p[ps->pos] == ':' || p[ps->pos] == '.' || p[ps->pos] == '=') &&
        cfv_rx_posix_class(ps, ps->pos, &end))
        return -1; /* [:alpha:] outside a class */
    if (!class_start(ps, &c))
        return -1;
    if (c == ']' && (ps->opts & PCRE2_ALLOW_EMPTY_CLASS))
        return 0;
    for (;;) {
        if (class_item(ps, c) != 0 || ps->pos >= ps->len)
            return -1;
        c = cfv_rx_getc(ps, &ps->pos);
        if (c == ']' && !ps->inescq)
            return 0;
    }
}
