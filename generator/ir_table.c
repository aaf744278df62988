/* Conditions as tables: a condition that depends only on one or two u8
 * fields of its record (directly or through `let`s without a guard) and on
 * constants has at most 65,536 cases. cfv-gen evaluates it for every one
 * here, at generation time, and the fast tier tests one bit instead of the
 * comparisons (docs/performance.md). The evaluator follows the C the
 * emitter writes (expr.c): unsigned 64-bit values, 0/1 for comparisons and
 * logic; anything else (calls, arithmetic, other names) is not tabulated. */
#include <string.h>

#include "ir.h"

#define TABLE_DEPTH 16   /* lets over lets: deeper is left to the comparisons */

static const item *top_item(const strct *s, const char *name)
{
    for (int i = 0; i < s->nitems; i++) {
        const item *it = &s->items[i];
        if ((it->kind == I_FIELD || it->kind == I_AT) && it->f.name && !strcmp(it->f.name, name))
            return it;
        if (it->kind == I_LET && !strcmp(it->name, name))
            return it;
    }
    return NULL;
}

static int nested_decl(const item *items, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF || it->kind == I_FOREACH) {
            for (int k = 0; k < it->nbody; k++) {
                const item *b = &it->body[k];
                if (((b->kind == I_FIELD || b->kind == I_AT) && b->f.name && !strcmp(b->f.name, name)) ||
                    (b->kind == I_LET && !strcmp(b->name, name)))
                    return 1;
            }
            if (nested_decl(it->body, it->nbody, name))
                return 1;
        }
    }
    return 0;
}

/* What a name is, in the emitter's order (expr.c: emit_name): 0 a constant
 * (*v), 1 a u8 field (*fld), 2 a let (*let), -1 anything else. */
static int name_kind(const grammar *g, const strct *s, const char *name, uint64_t *v, const item **it)
{
    if (!strcmp(name, "index") || !strcmp(name, "self") || !strcmp(name, "prev"))
        return -1;
    const param *set = set_param(g);
    if (set && !strcmp(set->name, name))
        return -1;
    for (int i = 0; i < s->nparams; i++)
        if (!strcmp(s->params[i].name, name))
            return -1;
    if ((*it = top_item(s, name))) {
        const item *d = *it;
        if (d->kind == I_FIELD && d->f.type == F_UINT && d->f.width == 1 && !d->f.count && !d->f.bytesize)
            return 1;
        if (d->kind == I_LET && !d->cond)
            return 2;
        return -1;
    }
    if (nested_decl(s->items, s->nitems, name))
        return -1;
    return lookup_constant(g, name, v) ? 0 : -1;
}

static int add_var(const char *var[2], int *nvar, const char *name)
{
    for (int i = 0; i < *nvar; i++)
        if (!strcmp(var[i], name))
            return 0;
    if (*nvar == 2)
        return -1;
    var[(*nvar)++] = name;
    return 0;
}

static int is_op(const char *op, const char *const *ops)
{
    for (; *ops; ops++)
        if (!strcmp(op, *ops))
            return 1;
    return 0;
}

static const char *const binops[] = { "|", "&", "^", "==", "!=", "<", "<=", ">", ">=", "&&", "||", NULL };

static int vars_of(const grammar *g, const strct *s, const expr *e, const char *var[2], int *nvar, int depth)
{
    uint64_t v;
    const item *it = NULL;
    if (depth > TABLE_DEPTH)
        return -1;
    switch (e->kind) {
    case E_INT:
        return 0;
    case E_NAME:
        switch (name_kind(g, s, e->name, &v, &it)) {
        case 0:
            return 0;
        case 1:
            return add_var(var, nvar, e->name);
        case 2:
            return vars_of(g, s, it->value, var, nvar, depth + 1);
        default:
            return -1;
        }
    case E_UNARY:
        return strcmp(e->op, "-") ? vars_of(g, s, e->a, var, nvar, depth + 1) : -1;
    case E_BINARY:
        if (!is_op(e->op, binops))
            return -1;
        return vars_of(g, s, e->a, var, nvar, depth + 1) || vars_of(g, s, e->b, var, nvar, depth + 1) ? -1 : 0;
    case E_COND:
        return vars_of(g, s, e->a, var, nvar, depth + 1) || vars_of(g, s, e->b, var, nvar, depth + 1) ||
                       vars_of(g, s, e->c, var, nvar, depth + 1)
                   ? -1
                   : 0;
    default:
        return -1;
    }
}

/* e's value with the fields var[] set to val[]; vars_of accepted e. */
static uint64_t eval(const grammar *g, const strct *s, const expr *e, const char *const var[2],
                     const uint64_t val[2], int nvar)
{
    uint64_t v = 0;
    const item *it = NULL;
    switch (e->kind) {
    case E_NAME:
        switch (name_kind(g, s, e->name, &v, &it)) {
        case 1:
            for (int i = 0; i < nvar; i++)
                if (!strcmp(var[i], e->name))
                    return val[i];
            return 0;
        case 2:
            return eval(g, s, it->value, var, val, nvar);
        default:
            return v;
        }
    case E_UNARY: {
        const uint64_t a = eval(g, s, e->a, var, val, nvar);
        return !strcmp(e->op, "!") ? (uint64_t)!a : ~a;
    }
    case E_BINARY: {
        const uint64_t a = eval(g, s, e->a, var, val, nvar), b = eval(g, s, e->b, var, val, nvar);
        const char *op = e->op;
        if (!strcmp(op, "|"))
            return a | b;
        if (!strcmp(op, "&"))
            return a & b;
        if (!strcmp(op, "^"))
            return a ^ b;
        if (!strcmp(op, "&&"))
            return a && b;
        if (!strcmp(op, "||"))
            return a || b;
        if (!strcmp(op, "=="))
            return a == b;
        if (!strcmp(op, "!="))
            return a != b;
        if (!strcmp(op, "<"))
            return a < b;
        if (!strcmp(op, "<="))
            return a <= b;
        if (!strcmp(op, ">"))
            return a > b;
        return a >= b;
    }
    case E_COND:
        return eval(g, s, e->a, var, val, nvar) ? eval(g, s, e->b, var, val, nvar)
                                                : eval(g, s, e->c, var, val, nvar);
    default:
        return e->value;   /* E_INT */
    }
}

int ir_table_vars(const grammar *g, const strct *s, const expr *e, const char *var[2], int *nvar)
{
    return vars_of(g, s, e, var, nvar, 0);
}

void ir_table_fill(const grammar *g, const strct *s, const expr *const *conds, int n, ir_table *t)
{
    memset(t->bits, 0, sizeof t->bits);
    const int na = t->nvar == 2 ? 256 : 1;
    for (int a = 0; a < na; a++)
        for (int b = 0; b < 256; b++) {
            const uint64_t val[2] = { t->nvar == 2 ? (uint64_t)a : (uint64_t)b, (uint64_t)b };
            int all = 1;
            for (int i = 0; i < n && all; i++)
                all = eval(g, s, conds[i], t->var, val, t->nvar) != 0;
            const int bit = a << 8 | b;
            if (all)
                t->bits[bit >> 3] |= (unsigned char)(1u << (bit & 7));
        }
}
