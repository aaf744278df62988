/* Lowering: the syntax tree's structs become IR structs, and every
 * expression gets its dependency (ir.h) from how its names resolve, in the
 * order the emitter resolves them (expr.c: emit_name). */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "model.h"

static ir_dep dep_max(ir_dep a, ir_dep b) { return a > b ? a : b; }

static int declares(const item *items, int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if ((it->kind == I_FIELD || it->kind == I_AT) && it->f.name && !strcmp(it->f.name, name))
            return 1;
        if (it->kind == I_LET && !strcmp(it->name, name))
            return 1;
        if (it->kind == I_IF && declares(it->body, it->nbody, name))
            return 1;
    }
    return 0;
}

static ir_dep name_dep(const grammar *g, const strct *s, const char *name)
{
    uint64_t v;
    if (!strcmp(name, "index") || !strcmp(name, "self") || !strcmp(name, "prev"))
        return IR_RECORD;
    const param *set = set_param(g);
    if (set && !strcmp(set->name, name))
        return IR_PER;
    for (int i = 0; i < s->nparams; i++)
        if (!strcmp(s->params[i].name, name))
            return IR_PARAM;
    if (declares(s->items, s->nitems, name))
        return IR_RECORD;
    /* lookup_constant also knows enum members */
    return lookup_constant(g, name, &v) ? IR_CONST : IR_RECORD;
}

ir_dep ir_dep_of(const grammar *g, const strct *s, const expr *e)
{
    if (!e)
        return IR_CONST;
    switch (e->kind) {
    case E_INT:
        return IR_CONST;
    case E_NAME:
        return name_dep(g, s, e->name);
    case E_CALL: {
        /* externs are pure and total; builtins read the input or their
         * arguments. unique() and regex() are about the record. */
        if (!strcmp(e->name, "unique") || !strcmp(e->name, "regex"))
            return IR_RECORD;
        ir_dep d = IR_CONST;
        for (int i = 0; i < e->nargs; i++)
            d = dep_max(d, ir_dep_of(g, s, e->args[i]));
        return d;
    }
    case E_UNARY:
        return ir_dep_of(g, s, e->a);
    case E_BINARY:
        return dep_max(ir_dep_of(g, s, e->a), ir_dep_of(g, s, e->b));
    case E_COND:
        return dep_max(ir_dep_of(g, s, e->a), dep_max(ir_dep_of(g, s, e->b), ir_dep_of(g, s, e->c)));
    case E_MEMBER:
    case E_INDEX:
    case E_AGG:
        return IR_RECORD;   /* another record's fields, or an array's */
    }
    return IR_RECORD;
}

static void key_into(sbuf *b, const expr *e)
{
    switch (e->kind) {
    case E_INT:
        sb_printf(b, "%llu", (unsigned long long)e->value);
        return;
    case E_NAME:
        sb_printf(b, "%s", e->name);
        return;
    case E_CALL:
        sb_printf(b, "%s(", e->name);
        for (int i = 0; i < e->nargs; i++) {
            if (i)
                sb_printf(b, ",");
            key_into(b, e->args[i]);
        }
        sb_printf(b, ")");
        return;
    case E_UNARY:
    case E_BINARY:
    case E_COND: {   /* prefix form: (op a b c) */
        const expr *const operands[3] = { e->a, e->b, e->c };
        sb_printf(b, "(%s", e->kind == E_COND ? "?:" : e->op);
        for (int i = 0; i < 3; i++)
            if (operands[i]) {
                sb_printf(b, " ");
                key_into(b, operands[i]);
            }
        sb_printf(b, ")");
        return;
    }
    case E_MEMBER:
    case E_INDEX:
    case E_AGG:
        sb_printf(b, "#%p", (const void *)e);   /* never shared: never in a frame */
        return;
    }
}

char *ir_key(const expr *e)
{
    sbuf b = { 0 };
    key_into(&b, e);
    return sb_take(&b);
}

ir *ir_lower(const grammar *g)
{
    ir *r = xcalloc(1, sizeof *r);
    r->g = g;
    r->st = xcalloc((size_t)g->nstructs + 1, sizeof *r->st);
    for (int i = 0; i < g->nstructs; i++)
        r->st[i].s = &g->structs[i];
    return r;
}

const ir_struct *ir_of(const ir *r, const strct *s) { return &r->st[s - r->g->structs]; }

static int find_slot(const ir_slot *slots, int n, const expr *e)
{
    if (!n)
        return -1;
    char *k = ir_key(e);
    int found = -1;
    for (int i = 0; i < n && found < 0; i++)
        if (!strcmp(slots[i].key, k))
            found = i;
    free(k);
    return found;
}

int ir_slot_of(const ir *r, const strct *s, const expr *e)
{
    const ir_struct *is = ir_of(r, s);
    return find_slot(is->slots, is->nslots, e);
}

int ir_islot_of(const ir *r, const strct *s, const expr *e)
{
    const ir_struct *is = ir_of(r, s);
    return find_slot(is->islots, is->nislots, e);
}

int ir_vslot_of(const ir *r, const strct *s, const expr *e)
{
    const ir_struct *is = ir_of(r, s);
    return find_slot(is->vslots, is->nvslots, e);
}

int ir_set_slot_of(const ir *r, const strct *s, const expr *setpart)
{
    const ir_struct *is = ir_of(r, s);
    char *k = ir_set_key(setpart);
    int found = -1;
    for (int i = 0; i < is->nislots && found < 0; i++)
        if (is->islots[i].set_all && !strcmp(is->islots[i].key, k))
            found = i;
    free(k);
    return found;
}

int ir_is_nested(const ir *r, const strct *st)
{
    for (int i = 0; i < r->g->nstructs; i++)
        for (int k = 0; k < r->st[i].nnests; k++)
            if (r->st[i].nests[k].st == st)
                return 1;
    return 0;
}

static int holds_field(const ir_nest *v, int n, const field *f)
{
    for (int i = 0; i < n; i++)
        if (v[i].f == f)
            return 1;
    return 0;
}

int ir_keyed_of(const ir *r, const strct *s, const field *f)
{
    return holds_field(ir_of(r, s)->keyed, ir_of(r, s)->nkeyed, f);
}

int ir_is_key(const param *p) { return !p->is_bytes && !p->is_set; }

int ir_nested(const ir *r, const strct *s, const field *f)
{
    return holds_field(ir_of(r, s)->nests, ir_of(r, s)->nnests, f);
}
