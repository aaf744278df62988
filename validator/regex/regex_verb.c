/* "(*" items: backtracking verbs and the alphabetic assertion names, as
 * PCRE2 10.42 reads them. (*UTF) and kin at the very start are taken
 * before parsing (regex_parse.c). */
#include <string.h>

#include "regex_internal.h"

struct alpha {
    const char *name;
    uint8_t sub;
};

/* (*pla: ... (*atomic: ... (*sr: ...: *pos on the '*'. */
static int alpha_assertion(cfv_rx_parser *ps, size_t start, int prev_expect)
{
    static const struct alpha names[] = {
        {"pla", CFV_RX_G_LOOKAHEAD},
        {"plb", CFV_RX_G_LOOKBEHIND},
        {"napla", CFV_RX_G_NA_LOOKAHEAD},
        {"naplb", CFV_RX_G_NA_LOOKBEHIND},
        {"nla", CFV_RX_G_NLOOKAHEAD},
        {"nlb", CFV_RX_G_NLOOKBEHIND},
        {"positive_lookahead", CFV_RX_G_LOOKAHEAD},
        {"positive_lookbehind", CFV_RX_G_LOOKBEHIND},
        {"non_atomic_positive_lookahead", CFV_RX_G_NA_LOOKAHEAD},
        {"non_atomic_positive_lookbehind", CFV_RX_G_NA_LOOKBEHIND},
        {"negative_lookahead", CFV_RX_G_NLOOKAHEAD},
        {"negative_lookbehind", CFV_RX_G_NLOOKBEHIND},
        {"atomic", CFV_RX_G_ATOMIC},
        {"sr", CFV_RX_G_SCRIPT_RUN},
        {"asr", CFV_RX_G_ATOMIC_SCRIPT_RUN},
        {"script_run", CFV_RX_G_SCRIPT_RUN},
        {"atomic_script_run", CFV_RX_G_ATOMIC_SCRIPT_RUN},
    };
    size_t off;
    uint32_t len;
    if (cfv_rx_read_name(ps, &ps->pos, 0, 0, &off, &len) != 0 || ps->pos >= ps->len ||
        ps->p[ps->pos] != ':')
        return -1;
    ps->pos++;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i].name) != len || memcmp(names[i].name, ps->p + off, len) != 0)
            continue;
        uint8_t sub = names[i].sub;
        int lookaround = sub >= CFV_RX_G_LOOKAHEAD && sub <= CFV_RX_G_NLOOKBEHIND;
        if (prev_expect > 0 && !lookaround)
            return -1; /* a condition must be a plain lookaround */
        return cfv_rx_open_assertion(ps, sub, start, lookaround ? prev_expect : 0);
    }
    return -1;
}

/* (*ACCEPT) (*FAIL) (*MARK:x) (*:x) (*COMMIT) ...: *pos on the '*'. An
 * argument runs to the first ')' and is literal text. */
static int verb(cfv_rx_parser *ps, size_t start)
{
    static const struct {
        const char *name;
        int8_t arg; /* 1: required, 0: optional */
    } verbs[] = {{"", 1},      {"MARK", 1},  {"ACCEPT", 0}, {"F", 0}, {"FAIL", 0},
                 {"COMMIT", 0}, {"PRUNE", 0}, {"SKIP", 0},   {"THEN", 0}};
    const uint8_t *p = ps->p;
    size_t off, i;
    uint32_t len;
    if (cfv_rx_read_name(ps, &ps->pos, 0, 0, &off, &len) != 0 || ps->pos >= ps->len ||
        (p[ps->pos] != ':' && p[ps->pos] != ')'))
        return -1;
    for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strlen(verbs[i].name) == len && memcmp(verbs[i].name, p + off, len) == 0)
            break;
    if (i == sizeof verbs / sizeof verbs[0])
        return -1;
    if (p[ps->pos] == ':' && ps->pos + 1 < ps->len && p[ps->pos + 1] == ')')
        ps->pos++; /* an empty argument is none */
    if (verbs[i].arg > 0 && p[ps->pos] != ':')
        return -1;
    uint32_t n = cfv_rx_item(ps, CFV_RX_VERB, 0, start);
    if (n == CFV_RX_NONE)
        return -1;
    if (strcmp(verbs[i].name, "ACCEPT") == 0)
        ps->okq = n; /* the only verb that may be repeated */
    if (p[ps->pos++] == ':') {
        const uint8_t *close = memchr(p + ps->pos, ')', ps->len - ps->pos);
        if (!close)
            return -1;
        ps->pos = (size_t)(close - p) + 1;
    }
    return 0;
}

/* After '(' with *pos on the '*'. */
int cfv_rx_star(cfv_rx_parser *ps, size_t start, int prev_expect)
{
    const uint8_t *p = ps->p;
    if (ps->len - ps->pos <= 1 || p[ps->pos + 1] == ')')
        return -1; /* "(*)": then a quantifier with nothing to repeat */
    if (p[ps->pos + 1] >= 'a' && p[ps->pos + 1] <= 'z')
        return alpha_assertion(ps, start, prev_expect);
    return verb(ps, start);
}

