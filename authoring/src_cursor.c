/* The parser's cursor over the token stream and its error reporting, used
 * by every statement parser (src_parse.c, src_pool.c, src_instance.c) and
 * calling none of them: the statement files depend on it, never the reverse. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src_parse_internal.h"

int cfv_src_fail_at(cfv_parser *ps, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (ps->failed)
        return -1;
    ps->failed = 1;
    ps->err->line = line;
    ps->err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
    va_end(ap);
    return -1;
}

int cfv_src_fail(cfv_parser *ps, const cfv_tok *t, const char *fmt, ...)
{
    if (ps->failed)
        return -1;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cfv_src_fail_at(ps, t->line, t->col, "%s", msg);
}

int cfv_src_advance(cfv_parser *ps)
{
    ps->tok = cfv_lex_next(&ps->lx);
    if (ps->tok.kind == CFV_TOK_ERROR)
        return cfv_src_fail_at(ps, ps->lx.err_line, ps->lx.err_col, "%s", ps->lx.error);
    return 0;
}

int cfv_src_is_word(const cfv_tok *t, const char *w)
{
    return t->kind == CFV_TOK_WORD && strlen(w) == t->span && memcmp(t->start, w, t->span) == 0;
}

/* A short printable form of a token for messages. */
const char *cfv_src_tok_desc(const cfv_tok *t, char *buf, size_t cap)
{
    switch (t->kind) {
    case CFV_TOK_EOF: return "the end of the file";
    case CFV_TOK_STRING: return "a string";
    case CFV_TOK_LBRACE: return "'{'";
    case CFV_TOK_RBRACE: return "'}'";
    case CFV_TOK_LBRACKET: return "'['";
    case CFV_TOK_RBRACKET: return "']'";
    default:
        snprintf(buf, cap, "'%.*s'", t->span > 40 ? 40 : (int)t->span, t->start);
        return buf;
    }
}

int cfv_src_expect(cfv_parser *ps, cfv_tok_kind kind, const char *what)
{
    if (ps->tok.kind == kind)
        return cfv_src_advance(ps);
    char buf[64];
    return cfv_src_fail(ps, &ps->tok, "expected %s, found %s", what,
                        cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
}

int cfv_src_number(cfv_parser *ps, uint64_t max, const char *what, uint64_t *out)
{
    if (ps->tok.kind != CFV_TOK_NUMBER || cfv_lex_number(&ps->tok, max, out) != 0) {
        char buf[64];
        return cfv_src_fail(ps, &ps->tok, "expected %s (0..%llu, decimal or 0x hex), found %s",
                            what, (unsigned long long)max,
                            cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
    }
    return cfv_src_advance(ps);
}

/* The instance's defaults once the header has spoken: channel <-> type. */
int cfv_src_settle_header(cfv_parser *ps, const cfv_tok *at)
{
    if (ps->settled)
        return 0;
    cfv_writer_header *h = cfv_writer_header_of(ps->m->w);
    if (ps->type < 0 && !ps->m->channel_at.line)
        return cfv_src_fail(ps, at, "say `channel` or `type` before the first instance");
    if (ps->type < 0) {
        ps->type = cfv_defs_type_by_channel(ps->defs, h->channel_id);
        if (ps->type < 0)
            return cfv_src_fail(ps, at,
                                "channel %u carries no template type in the definitions; "
                                "name one with `type`",
                                h->channel_id);
    } else if (!ps->m->channel_at.line) {
        h->channel_id = ps->defs->types[ps->type].channel;
        ps->m->channel_at = ps->type_at;
    }
    ps->settled = 1;
    return 0;
}
