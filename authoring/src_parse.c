/* Recursive descent over the token stream; the model is built as it goes,
 * so the header (`channel` or `type`) and any `pool` come before the first
 * instance. Rules of the format itself (op fits field, sensor limits, ...)
 * are not judged here: the validator does that on the encoded file. */
#include "src_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src_lex.h"
#include "src_parse_internal.h"

/* ------------------------------------------------------------- header */

/* A header statement may appear once; *seen keeps where. */
static int once(cfv_parser *ps, cfv_src_loc *seen, const char *what)
{
    if (seen->line)
        return cfv_src_fail(ps, &ps->tok, "%s is already given at line %u", what, seen->line);
    seen->line = ps->tok.line;
    seen->col = ps->tok.col;
    return cfv_src_advance(ps);
}

static int type_ref(cfv_parser *ps, int *type)
{
    char buf[64];
    uint64_t id;
    if (ps->tok.kind == CFV_TOK_WORD) {
        *type = cfv_defs_type_by_name(ps->defs, ps->tok.start, ps->tok.span);
    } else if (ps->tok.kind == CFV_TOK_NUMBER && cfv_lex_number(&ps->tok, UINT16_MAX, &id) == 0) {
        *type = cfv_defs_type_by_id(ps->defs, (uint32_t)id);
    } else {
        return cfv_src_fail(ps, &ps->tok, "expected a template type name, found %s",
                            cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
    }
    if (*type < 0)
        return cfv_src_fail(ps, &ps->tok, "template type %s is not in the definitions",
                            cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
    return cfv_src_advance(ps);
}

static int stmt_channel(cfv_parser *ps)
{
    uint64_t v;
    if (once(ps, &ps->m->channel_at, "channel") || cfv_src_number(ps, UINT32_MAX, "a channel", &v))
        return -1;
    cfv_writer_header_of(ps->m->w)->channel_id = (uint32_t)v;
    return 0;
}

static int stmt_type(cfv_parser *ps)
{
    return once(ps, &ps->type_at, "type") || type_ref(ps, &ps->type) ? -1 : 0;
}

static int stmt_content_version(cfv_parser *ps)
{
    uint64_t v;
    if (once(ps, &ps->m->content_version_at, "content_version") ||
        cfv_src_number(ps, UINT32_MAX, "a content version", &v))
        return -1;
    cfv_writer_header_of(ps->m->w)->content_version = (uint32_t)v;
    return 0;
}

static int stmt_created(cfv_parser *ps)
{
    uint64_t v;
    if (once(ps, &ps->m->created_at, "created_utc"))
        return -1;
    if (cfv_src_is_word(&ps->tok, "now")) {
        v = ps->now;
    } else if (ps->tok.kind != CFV_TOK_NUMBER || cfv_lex_time(&ps->tok, &v) != 0) {
        char buf[64];
        return cfv_src_fail(ps, &ps->tok,
                            "expected Unix seconds, YYYY-MM-DDTHH:MM:SSZ or now, found %s",
                            cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
    }
    cfv_writer_header_of(ps->m->w)->created_utc = v;
    return cfv_src_advance(ps);
}

/* `sections strings instances` or `sections instances strings`. */
static int stmt_sections(cfv_parser *ps)
{
    if (once(ps, &ps->sections_at, "sections"))
        return -1;
    cfv_writer_layout *l = cfv_writer_layout_of(ps->m->w);
    memset(l, 0, sizeof *l);
    int seen[3] = {0, 0, 0};
    for (int k = 0; k < 2; k++) {
        int kind = cfv_src_is_word(&ps->tok, "strings")     ? CFV_WRITER_STRINGS
                   : cfv_src_is_word(&ps->tok, "instances") ? CFV_WRITER_INSTANCES
                                                            : 0;
        if (!kind || seen[kind]) {
            char buf[64];
            return cfv_src_fail(ps, &ps->tok, "expected %s, found %s",
                                k == 0 ? "strings or instances"
                                       : (seen[CFV_WRITER_STRINGS] ? "instances" : "strings"),
                                cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
        }
        seen[kind] = 1;
        cfv_writer_layout_add(l, kind == CFV_WRITER_STRINGS ? CFF_SECTION_KIND_STRINGS
                                                            : CFF_SECTION_KIND_INSTANCES,
                              (uint8_t)kind);
        if (cfv_src_advance(ps))
            return -1;
    }
    return 0;
}

static int stmt_string(cfv_parser *ps)
{
    if (ps->have_pool)
        return cfv_src_fail(ps, &ps->tok, "with a pool block, list every string in the pool");
    if (cfv_src_advance(ps))
        return -1;
    if (ps->tok.kind != CFV_TOK_STRING)
        return cfv_src_expect(ps, CFV_TOK_STRING, "a quoted string");
    if (cfv_writer_add_string(ps->m->w, ps->tok.text) != CFV_WRITER_OK)
        return cfv_src_fail(ps, &ps->tok, "out of memory");
    ps->have_extra = 1;
    return cfv_src_advance(ps);
}

static int statement(cfv_parser *ps)
{
    static const struct {
        const char *word;
        int (*run)(cfv_parser *);
    } stmts[] = {
        {"channel", stmt_channel},   {"type", stmt_type},         {"content_version", stmt_content_version},
        {"created_utc", stmt_created}, {"sections", stmt_sections}, {"string", stmt_string},
        {"pool", cfv_src_stmt_pool}, {"instance", cfv_src_stmt_instance},
    };
    for (size_t k = 0; k < sizeof stmts / sizeof stmts[0]; k++)
        if (cfv_src_is_word(&ps->tok, stmts[k].word))
            return stmts[k].run(ps);
    char buf[64];
    return cfv_src_fail(ps, &ps->tok,
                        "expected a statement (channel, type, content_version, created_utc, "
                        "sections, pool, string, instance), found %s",
                        cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
}

static int finish(cfv_parser *ps)
{
    const cfv_tok *at = &ps->tok;
    if (!ps->m->content_version_at.line)
        return cfv_src_fail(ps, at, "missing `content_version`");
    if (!ps->m->created_at.line)
        return cfv_src_fail(ps, at, "missing `created_utc`");
    if (cfv_src_settle_header(ps, at))
        return -1;
    if (ps->have_pool)
        cfv_src_pool_attach(ps);
    return 0;
}

int cfv_src_parse(const char *text, size_t len, const cfv_defs *defs, uint64_t now,
                  cfv_src_model *m, cfv_src_error *err)
{
    memset(m, 0, sizeof *m);
    memset(err, 0, sizeof *err);
    cfv_parser ps = {.defs = defs, .now = now, .m = m, .err = err, .type = -1};
    cfv_lex_init(&ps.lx, text, len);
    m->w = cfv_writer_new(0, 0, 0);
    int rc = m->w ? cfv_src_advance(&ps) : cfv_src_fail_at(&ps, 1, 1, "out of memory");
    while (rc == 0 && ps.tok.kind != CFV_TOK_EOF)
        rc = statement(&ps);
    if (rc == 0)
        rc = finish(&ps);
    cfv_lex_free(&ps.lx);
    free(ps.sorted);
    if (rc != 0)
        cfv_src_model_free(m);
    return rc;
}

void cfv_src_model_free(cfv_src_model *m)
{
    cfv_writer_free(m->w);
    free(m->pool);
    free(m->insts);
    free(m->crits);
    memset(m, 0, sizeof *m);
}

int cfv_src_compile(const char *text, size_t len, const cfv_defs *defs, uint64_t now,
                    cfv_src_model *m, cfv_wfile *f, cfv_src_error *err)
{
    memset(f, 0, sizeof *f);
    if (cfv_src_parse(text, len, defs, now, m, err) != 0)
        return -1;
    int rc = cfv_writer_encode(m->w, f);
    if (rc == CFV_WRITER_OK)
        return 0;
    err->line = err->col = 1;
    snprintf(err->message, sizeof err->message, "%s",
             rc == CFV_WRITER_ENOMEM ? "out of memory"
                                     : "the file would not fit CFF v1's 32-bit offsets");
    cfv_src_model_free(m);
    return -1;
}
