/* PCRE2 pattern -> syntax tree, one left-to-right pass in the manner of
 * PCRE2 10.42's parse_regex(): an explicit stack of open groups (bounded by
 * CFV_RX_MAX_DEPTH), no recursion, linear time. What PCRE2 skips (\Q\E,
 * (?#...), extended-mode space and # comments) is skipped here at the same
 * points, so a quantifier attaches to the same item it does in PCRE2. */
#include <stdlib.h>
#include <string.h>

#include "regex_internal.h"

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

/* (*UTF) (*LIMIT_MATCH=n) (*CR) ... at the very start: pcre2_compile()
 * consumes them before parsing. Only UTF and the newline matter here. */
static int start_items(cfv_rx_parser *ps)
{
    static const struct {
        const char *name;
        uint32_t newline; /* or 0 */
        uint8_t utf, limit;
    } items[] = {
        {"UTF8)", 0, 1, 0},           {"UTF)", 0, 1, 0},
        {"UCP)", 0, 0, 0},            {"NOTEMPTY)", 0, 0, 0},
        {"NOTEMPTY_ATSTART)", 0, 0, 0}, {"NO_AUTO_POSSESS)", 0, 0, 0},
        {"NO_DOTSTAR_ANCHOR)", 0, 0, 0}, {"NO_JIT)", 0, 0, 0},
        {"NO_START_OPT)", 0, 0, 0},   {"LIMIT_HEAP=", 0, 0, 1},
        {"LIMIT_MATCH=", 0, 0, 1},    {"LIMIT_DEPTH=", 0, 0, 1},
        {"LIMIT_RECURSION=", 0, 0, 1}, {"CR)", PCRE2_NEWLINE_CR, 0, 0},
        {"LF)", PCRE2_NEWLINE_LF, 0, 0}, {"CRLF)", PCRE2_NEWLINE_CRLF, 0, 0},
        {"ANY)", PCRE2_NEWLINE_ANY, 0, 0}, {"NUL)", PCRE2_NEWLINE_NUL, 0, 0},
        {"ANYCRLF)", PCRE2_NEWLINE_ANYCRLF, 0, 0}, {"BSR_ANYCRLF)", 0, 0, 0},
        {"BSR_UNICODE)", 0, 0, 0},
    };
    const uint8_t *p = ps->p;
    while (ps->len - ps->pos >= 2 && p[ps->pos] == '(' && p[ps->pos + 1] == '*') {
        size_t i, n = sizeof items / sizeof items[0], rest = ps->len - ps->pos - 2;
        for (i = 0; i < n; i++) {
            size_t l = strlen(items[i].name);
            if (rest >= l && memcmp(p + ps->pos + 2, items[i].name, l) == 0)
                break;
        }
        if (i == n)
            return 0; /* an ordinary verb: the parser reads it */
        ps->pos += strlen(items[i].name) + 2;
        if (items[i].utf)
            ps->opts |= PCRE2_UTF;
        if (items[i].newline)
            ps->newline = items[i].newline;
        if (items[i].limit) {
            uint32_t v = 0;
            if (ps->pos >= ps->len || !is_digit(p[ps->pos]))
                return -1;
            while (ps->pos < ps->len && is_digit(p[ps->pos]) && v <= UINT32_MAX / 10 - 1)
                v = v * 10u + (uint32_t)(p[ps->pos++] - '0');
            if (ps->pos >= ps->len || p[ps->pos++] != ')')
                return -1;
        }
    }
    return 0;
}

/* Extended mode: '#' up to and including the next newline. */
static void skip_comment(cfv_rx_parser *ps)
{
    while (ps->pos < ps->len) {
        size_t nl = cfv_rx_newline_len(ps, ps->pos);
        if (nl) {
            ps->pos += nl;
            return;
        }
        ps->pos++;
        while ((ps->opts & PCRE2_UTF) && ps->pos < ps->len && (ps->p[ps->pos] & 0xc0) == 0x80)
            ps->pos++;
    }
}

/* After (?( with an assertion announced, only an assertion (or, first, a
 * callout) may follow. c is the character just read. */
static int cond_assert_follows(const cfv_rx_parser *ps, uint32_t c)
{
    const uint8_t *p = ps->p + ps->pos;
    if (c != '(' || ps->len - ps->pos < 3 || (p[0] != '?' && p[0] != '*'))
        return 0;
    if (p[0] == '*')
        return p[1] >= 'a' && p[1] <= 'z';
    switch (p[1]) {
    case 'C': return ps->expect_cond == 2;
    case '=': case '!': return 1;
    case '<': return p[2] == '=' || p[2] == '!';
    default: return 0;
    }
}

static int quantifier(cfv_rx_parser *ps, uint32_t item, size_t here, uint32_t min, uint32_t max)
{
    if (item == CFV_RX_NONE)
        return -1; /* quantifier does not follow a repeatable item */
    uint32_t q = cfv_rx_node_new(ps->t, CFV_RX_QUANT, CFV_RX_GREEDY, here);
    if (q == CFV_RX_NONE)
        return -1;
    ps->t->node[q].num = min;
    ps->t->node[q].max = max;
    cfv_rx_wrap(ps->t, item, q);
    ps->lastq = q;
    return 0;
}

static int simple_item(cfv_rx_parser *ps, uint8_t kind, size_t here, int repeatable)
{
    uint32_t n = cfv_rx_item(ps, kind, 0, here);
    if (n == CFV_RX_NONE)
        return -1;
    if (repeatable)
        ps->okq = n;
    return 0;
}

static int escape(cfv_rx_parser *ps, size_t here)
{
    cfv_rx_esc e;
    if (cfv_rx_escape(ps, 0, &e) != 0)
        return -1;
    switch (e.kind) {
    case CFV_RX_E_TYPE: return simple_item(ps, CFV_RX_TYPE, here, 1);
    case CFV_RX_E_ASSERT: return simple_item(ps, CFV_RX_ASSERT, here, 0);
    case CFV_RX_E_BACKREF: return simple_item(ps, CFV_RX_BACKREF, here, 1);
    case CFV_RX_E_CALL: {
        uint32_t n = cfv_rx_item(ps, CFV_RX_CALL, 0, here);
        if (n == CFV_RX_NONE)
            return -1;
        ps->t->node[n].num = e.num;
        ps->okq = n;
        return e.name_len ? cfv_rx_add_name(ps, n, e.name_off, e.name_len, 0) : 0;
    }
    default: return simple_item(ps, CFV_RX_LITERAL, here, 1);
    }
}

static int alternative(cfv_rx_parser *ps, size_t here)
{
    cfv_rx_frame *f = &ps->frame[ps->depth];
    if (f->reset) { /* (?| numbers each branch from the same start */
        if (ps->bracount > f->max_group)
            f->max_group = ps->bracount;
        ps->bracount = f->reset_group;
    }
    uint32_t s = cfv_rx_node_new(ps->t, CFV_RX_SEQ, 0, here);
    if (s == CFV_RX_NONE)
        return -1;
    cfv_rx_append(ps->t, f->alt, s);
    f->seq = s;
    return 0;
}

static int close_group(cfv_rx_parser *ps, size_t here)
{
    if (ps->depth == 0)
        return -1; /* unmatched ')' */
    cfv_rx_frame *f = &ps->frame[ps->depth--];
    ps->t->node[f->group].max = (uint32_t)here;
    ps->okq = f->cond_assert ? CFV_RX_NONE : f->group;
    ps->opts = f->saved_opts;
    if (f->reset && f->max_group > ps->bracount)
        ps->bracount = f->max_group;
    return 0;
}

/* One significant item starting with c at here. */
static int item(cfv_rx_parser *ps, uint32_t c, size_t here, int prev_expect, uint32_t prev_okq)
{
    uint32_t min, max;
    switch (c) {
    case '\\': return escape(ps, here);
    case '^': case '$': return simple_item(ps, CFV_RX_ASSERT, here, 0);
    case '.': return simple_item(ps, CFV_RX_TYPE, here, 1);
    case '*': return quantifier(ps, prev_okq, here, 0, CFV_RX_UNLIMITED);
    case '+': return quantifier(ps, prev_okq, here, 1, CFV_RX_UNLIMITED);
    case '?': return quantifier(ps, prev_okq, here, 0, 1);
    case '{': {
        int r = cfv_rx_read_repeat(ps, &ps->pos, &min, &max);
        if (r < 0)
            return -1;
        if (r == 0)
            return simple_item(ps, CFV_RX_LITERAL, here, 1);
        return quantifier(ps, prev_okq, here, min, max);
    }
    case '[': return cfv_rx_class(ps, here);
    case '(': return cfv_rx_paren(ps, here, prev_expect);
    case '|': return alternative(ps, here);
    case ')': return close_group(ps, here);
    default: return simple_item(ps, CFV_RX_LITERAL, here, 1);
    }
}

static int parse_loop(cfv_rx_parser *ps)
{
    const uint8_t *p = ps->p;
    while (ps->pos < ps->len) {
        size_t here = ps->pos;
        uint32_t c = cfv_rx_getc(ps, &ps->pos);
        if (ps->inescq) {
            if (c == '\\' && ps->pos < ps->len && p[ps->pos] == 'E') {
                ps->inescq = 0;
                ps->pos++;
            } else {
                if (ps->expect_cond > 0 || simple_item(ps, CFV_RX_LITERAL, here, 1) != 0)
                    return -1;
                ps->lastq = CFV_RX_NONE;
            }
            continue;
        }
        if (c == '\\' && ps->pos < ps->len && (p[ps->pos] == 'Q' || p[ps->pos] == 'E')) {
            ps->inescq = p[ps->pos++] == 'Q';
            continue;
        }
        if (ps->opts & PCRE2_EXTENDED) {
            if (cfv_rx_is_xspace(c))
                continue;
            if (c == '#') {
                skip_comment(ps);
                continue;
            }
        }
        if (c == '(' && ps->len - ps->pos >= 2 && p[ps->pos] == '?' && p[ps->pos + 1] == '#') {
            const uint8_t *end = memchr(p + ps->pos + 2, ')', ps->len - ps->pos - 2);
            if (!end)
                return -1; /* missing ) after (?# comment */
            ps->pos = (size_t)(end - p) + 1;
            continue;
        }
        if (ps->expect_cond > 0 && !cond_assert_follows(ps, c))
            return -1;
        int prev_expect = ps->expect_cond;
        uint32_t prev_okq = ps->okq, prev_lastq = ps->lastq;
        ps->expect_cond = 0;
        ps->okq = ps->lastq = CFV_RX_NONE;
        if (prev_lastq != CFV_RX_NONE && (c == '?' || c == '+')) {
            ps->t->node[prev_lastq].sub = c == '?' ? CFV_RX_LAZY : CFV_RX_POSSESSIVE;
            continue;
        }
        if (item(ps, c, here, prev_expect, prev_okq) != 0)
            return -1;
    }
    return ps->depth == 0 ? 0 : -1; /* else a group is not closed */
}

int cfv_rx_parse(cfv_rx_tree *t, const uint8_t *pattern, size_t len, uint32_t options)
{
    static const uint8_t empty[1];
    cfv_rx_parser ps;
    int rc = -1;
    memset(t, 0, sizeof *t);
    memset(&ps, 0, sizeof ps);
    /* Offsets are reported as uint32_t; options this parser does not model
     * change what is syntax, so it declines rather than guesses. */
    if (len >= UINT32_MAX || (!pattern && len) ||
        (options & (PCRE2_ALT_BSUX | PCRE2_ALT_VERBNAMES)))
        return -1;
    ps.p = pattern ? pattern : empty;
    ps.len = len;
    ps.t = t;
    ps.opts = options;
    if (options & PCRE2_EXTENDED_MORE)
        ps.opts |= PCRE2_EXTENDED;
    if (pcre2_config(PCRE2_CONFIG_NEWLINE, &ps.newline) < 0)
        ps.newline = PCRE2_NEWLINE_LF;
    ps.okq = ps.lastq = CFV_RX_NONE;
    ps.frame = calloc((len < CFV_RX_MAX_DEPTH ? len : CFV_RX_MAX_DEPTH) + 1u, sizeof *ps.frame);
    t->root = cfv_rx_node_new(t, CFV_RX_GROUP, CFV_RX_G_ROOT, 0);
    uint32_t alt = t->root == CFV_RX_NONE ? CFV_RX_NONE : cfv_rx_node_new(t, CFV_RX_ALT, 0, 0);
    uint32_t seq = alt == CFV_RX_NONE ? CFV_RX_NONE : cfv_rx_node_new(t, CFV_RX_SEQ, 0, 0);
    if (ps.frame && seq != CFV_RX_NONE) {
        cfv_rx_append(t, t->root, alt);
        cfv_rx_append(t, alt, seq);
        ps.frame[0].group = t->root;
        ps.frame[0].alt = alt;
        ps.frame[0].seq = seq;
        if (options & PCRE2_LITERAL)
            rc = 0; /* every character is a literal: no groups, no quantifiers */
        else if (start_items(&ps) == 0 && parse_loop(&ps) == 0)
            rc = cfv_rx_resolve(&ps);
    }
    free(ps.frame);
    free(ps.names);
    if (rc != 0) {
        cfv_rx_tree_free(t);
        t->error_offset = ps.pos < len ? (uint32_t)ps.pos : (uint32_t)len;
    }
    return rc;
}
