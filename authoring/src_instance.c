/* instance ID NAME [type T] [enabled|disabled] { criterion... }
 *
 * criterion: FIELD [not] [nocase] OP [not] [nocase] [OPERAND]
 * FIELD is a field name of the instance's type or [INDEX]; unnamed fields
 * stay `any`. */
#include <stdlib.h>
#include <string.h>

#include "cfv/decode.h"
#include "src_parse_internal.h"

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Op words: the grammar's names in lower case, plus short integer forms. */
static int op_word(const cfv_tok *t)
{
    if (t->kind != CFV_TOK_WORD)
        return -1;
    if (cfv_src_is_word(t, "eq"))
        return CFF_OP_INT_EQ;
    if (cfv_src_is_word(t, "mask"))
        return CFF_OP_INT_MASK;
    for (unsigned op = 0; op <= CFF_OP_MAX; op++) {
        const char *name = cff_Op_name(op);
        if (strlen(name) != t->span)
            continue;
        size_t i = 0;
        while (i < t->span && t->start[i] == lower(name[i]))
            i++;
        if (i == t->span)
            return (int)op;
    }
    return -1;
}

typedef struct crit_ctx {
    size_t wi;                  /* writer instance index */
    int type;                   /* its type index */
    uint32_t nfields;
    uint8_t set[(CFV_MAX_TYPE_FIELDS + 8) / 8];   /* fields named so far */
} crit_ctx;

static int grow(cfv_parser *ps, void **p, size_t *cap, size_t need, size_t el)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? 2 * *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * el);
    if (!q)
        return cfv_src_fail(ps, &ps->tok, "out of memory");
    *p = q;
    *cap = n;
    return 0;
}

/* FIELD: a name of the type, or [INDEX]. */
static int field(cfv_parser *ps, crit_ctx *c, uint32_t *index)
{
    cfv_tok at = ps->tok;
    const char *tname = ps->defs->types[c->type].name;
    if (ps->tok.kind == CFV_TOK_LBRACKET) {
        uint64_t v;
        if (cfv_src_advance(ps) || cfv_src_number(ps, UINT32_MAX, "a field index", &v) ||
            cfv_src_expect(ps, CFV_TOK_RBRACKET, "']'"))
            return -1;
        if (v >= c->nfields)
            return cfv_src_fail(ps, &at, "field index %llu is out of range: %s has %u fields",
                                (unsigned long long)v, tname, c->nfields);
        *index = (uint32_t)v;
    } else if (ps->tok.kind == CFV_TOK_WORD) {
        int f = cfv_defs_field_by_name(ps->defs, c->type, ps->tok.start, ps->tok.span);
        if (f < 0)
            return cfv_src_fail(ps, &at, "%s has no field '%.*s'", tname, (int)ps->tok.span,
                                ps->tok.start);
        *index = (uint32_t)f;
        if (cfv_src_advance(ps))
            return -1;
    } else {
        char buf[64];
        return cfv_src_fail(ps, &at, "expected a field name, [INDEX] or '}', found %s",
                            cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
    }
    if (c->set[*index / 8] >> (*index % 8) & 1) {
        cfv_src_loc prev = ps->m->crits[ps->m->insts[ps->m->ninst - 1].first_crit + *index];
        return cfv_src_fail(ps, &at, "field %u is already set at line %u", *index, prev.line);
    }
    c->set[*index / 8] |= (uint8_t)(1u << (*index % 8));
    return 0;
}

/* `not` and `nocase`, each at most once per criterion. */
static int modifiers(cfv_parser *ps, uint8_t *flags)
{
    for (;;) {
        uint8_t bit = cfv_src_is_word(&ps->tok, "not")      ? CFF_CRITERION_FLAG_NEGATE
                      : cfv_src_is_word(&ps->tok, "nocase") ? CFF_CRITERION_FLAG_NOCASE
                                                            : 0;
        if (!bit)
            return 0;
        if (*flags & bit)
            return cfv_src_fail(ps, &ps->tok, "'%.*s' is given twice", (int)ps->tok.span,
                                ps->tok.start);
        *flags |= bit;
        if (cfv_src_advance(ps))
            return -1;
    }
}

/* The operand after a non-ANY op. */
static int operand(cfv_parser *ps, crit_ctx *c, uint32_t index, int op, uint8_t flags)
{
    const char *opname = cff_Op_name((unsigned)op);
    cfv_tok at = ps->tok;
    int rc = CFV_WRITER_OK;
    if (!cfv_op_takes_sref((unsigned)op)) {
        uint64_t v;
        if (ps->tok.kind != CFV_TOK_NUMBER)
            return cfv_src_fail(ps, &at, "%s needs a number (decimal or 0x hex)", opname);
        if (cfv_src_number(ps, UINT32_MAX, "a 32-bit value", &v))
            return -1;
        rc = cfv_writer_set_int(ps->m->w, c->wi, index, (uint8_t)op, flags, (uint32_t)v);
    } else if (ps->tok.kind == CFV_TOK_REF) {
        rc = cfv_writer_set_int(ps->m->w, c->wi, index, (uint8_t)op, flags, (uint32_t)at.num);
        if (cfv_src_advance(ps))
            return -1;
    } else if (ps->tok.kind == CFV_TOK_STRING) {
        if (ps->have_pool) {
            int64_t ref = cfv_src_pool_ref(ps, &at);
            if (ref < 0)
                return -1;
            rc = cfv_writer_set_int(ps->m->w, c->wi, index, (uint8_t)op, flags, (uint32_t)ref);
        } else {
            rc = cfv_writer_set_str(ps->m->w, c->wi, index, (uint8_t)op, flags, at.text);
        }
        if (cfv_src_advance(ps))
            return -1;
    } else {
        return cfv_src_fail(ps, &at, "%s needs a quoted string or @OFFSET", opname);
    }
    return rc == CFV_WRITER_OK ? 0 : cfv_src_fail(ps, &at, "out of memory");
}

static int criterion(cfv_parser *ps, crit_ctx *c)
{
    cfv_tok at = ps->tok;
    uint32_t index = 0;
    uint8_t flags = 0;
    if (field(ps, c, &index) || modifiers(ps, &flags))
        return -1;
    int op = op_word(&ps->tok);
    if (op < 0) {
        char buf[64];
        return cfv_src_fail(ps, &ps->tok,
                            "expected an op (any, equals, prefix, suffix, contains, regex, eq, "
                            "mask), found %s",
                            cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
    }
    ps->m->crits[ps->m->insts[ps->m->ninst - 1].first_crit + index] =
        (cfv_src_loc){at.line, at.col};
    if (cfv_src_advance(ps))
        return -1;
    if (op == (int)CFF_OP_ANY) {
        if (cfv_writer_set_int(ps->m->w, c->wi, index, (uint8_t)op, flags, 0) != CFV_WRITER_OK)
            return cfv_src_fail(ps, &at, "out of memory");
        return 0;
    }
    return modifiers(ps, &flags) || operand(ps, c, index, op, flags) ? -1 : 0;
}

/* NAME (already read into t): text (interned, or found in the pool) or @OFFSET. */
static int apply_name(cfv_parser *ps, size_t wi, const cfv_tok *t)
{
    int rc;
    if (t->kind == CFV_TOK_REF) {
        rc = cfv_writer_set_name_ref(ps->m->w, wi, (uint32_t)t->num);
    } else if (ps->have_pool) {
        int64_t ref = cfv_src_pool_ref(ps, t);
        if (ref < 0)
            return -1;
        rc = cfv_writer_set_name_ref(ps->m->w, wi, (uint32_t)ref);
    } else {
        rc = cfv_writer_set_name(ps->m->w, wi, t->text);
    }
    return rc == CFV_WRITER_OK ? 0 : cfv_src_fail(ps, t, "out of memory");
}

/* [type T] [enabled|disabled] before the block. */
static int options(cfv_parser *ps, int *type, uint8_t *flags)
{
    if (cfv_src_is_word(&ps->tok, "type")) {
        if (cfv_src_advance(ps))
            return -1;
        char buf[64];
        if (ps->tok.kind != CFV_TOK_WORD ||
            (*type = cfv_defs_type_by_name(ps->defs, ps->tok.start, ps->tok.span)) < 0)
            return cfv_src_fail(ps, &ps->tok, "expected a template type name, found %s",
                                cfv_src_tok_desc(&ps->tok, buf, sizeof buf));
        if (cfv_src_advance(ps))
            return -1;
    }
    if (cfv_src_is_word(&ps->tok, "enabled") || cfv_src_is_word(&ps->tok, "disabled")) {
        *flags = cfv_src_is_word(&ps->tok, "enabled") ? CFF_INSTANCE_FLAG_ENABLED : 0;
        return cfv_src_advance(ps);
    }
    return 0;
}

/* Records where the instance starts and reserves its criteria locations. */
static int track(cfv_parser *ps, const cfv_tok *at, uint32_t nfields)
{
    cfv_src_model *m = ps->m;
    if (grow(ps, (void **)&m->insts, &m->inst_cap, m->ninst + 1, sizeof *m->insts) ||
        grow(ps, (void **)&m->crits, &m->crit_cap, m->ncrits + nfields, sizeof *m->crits))
        return -1;
    cfv_src_inst *in = &m->insts[m->ninst++];
    in->at = (cfv_src_loc){at->line, at->col};
    in->first_crit = m->ncrits;
    in->ncrit = nfields;
    memset(m->crits + m->ncrits, 0, nfields * sizeof *m->crits);
    m->ncrits += nfields;
    return 0;
}

/* Creates the instance in the model once its type and flags are known. */
static int create(cfv_parser *ps, const cfv_tok *at, uint32_t id, const cfv_tok *name_tok,
                  uint8_t flags, crit_ctx *c)
{
    const cfv_type_def *td = &ps->defs->types[c->type];
    c->nfields = td->nfields;
    int wi = cfv_writer_add_instance(ps->m->w, id, (uint16_t)td->id, (uint8_t)td->nfields,
                                     flags, "");
    if (wi < 0)
        return cfv_src_fail(ps, at, "out of memory");
    c->wi = (size_t)wi;
    return track(ps, at, c->nfields) || apply_name(ps, c->wi, name_tok) ? -1 : 0;
}

int cfv_src_stmt_instance(cfv_parser *ps)
{
    cfv_tok at = ps->tok;
    uint64_t id;
    if (cfv_src_settle_header(ps, &at) || cfv_src_advance(ps) ||
        cfv_src_number(ps, UINT32_MAX, "an instance id", &id))
        return -1;
    cfv_tok name_tok = ps->tok;
    if (name_tok.kind != CFV_TOK_STRING && name_tok.kind != CFV_TOK_REF) {
        char buf[64];
        return cfv_src_fail(ps, &name_tok,
                            "expected the instance name (a quoted string or @OFFSET), found %s",
                            cfv_src_tok_desc(&name_tok, buf, sizeof buf));
    }
    /* The lexer reuses its text buffer for the next string: keep a copy. */
    char *saved = NULL;
    if (name_tok.kind == CFV_TOK_STRING && !(name_tok.text = saved = strdup(name_tok.text)))
        return cfv_src_fail(ps, &at, "out of memory");
    crit_ctx c;
    memset(&c, 0, sizeof c);
    c.type = ps->type;
    uint8_t flags = CFF_INSTANCE_FLAG_ENABLED;
    int rc = cfv_src_advance(ps) || options(ps, &c.type, &flags) ||
                     create(ps, &at, (uint32_t)id, &name_tok, flags, &c)
                 ? -1
                 : 0;
    free(saved);
    if (rc != 0 || cfv_src_expect(ps, CFV_TOK_LBRACE, "'{'"))
        return -1;
    while (ps->tok.kind != CFV_TOK_RBRACE && ps->tok.kind != CFV_TOK_EOF)
        if (criterion(ps, &c))
            return -1;
    return cfv_src_expect(ps, CFV_TOK_RBRACE, "'}' closing the instance");
}
