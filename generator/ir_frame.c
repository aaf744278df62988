/* Pass: values computed once per frame. An extern call whose arguments
 * depend only on the struct's parameters (and the `per` set) has the same
 * value for every record that shares those parameters: every element of an
 * array (a per-set profile looked up once per array rather than per
 * element), and the entry across both tiers (a checksum, once per input).
 * Only values the checks use are collected: a message's arguments are
 * computed where it is reported, never ahead for a clean file. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

static void slot_add(ir *r, ir_struct *is, const expr *e)
{
    char *k = ir_key(e);
    for (int i = 0; i < is->nslots; i++)
        if (!strcmp(is->slots[i].key, k)) {
            free(k);
            return;
        }
    const ext_decl *x = find_extern(r->g, e->name);
    ir_slot *sl = GROW(is->slots, is->nslots);
    sl->key = k;
    sl->e = e;
    sl->per = ir_dep_of(r->g, is->s, e) == IR_PER;
    sl->bytes = x->ret_bytes;
}

static void collect(ir *r, ir_struct *is, const expr *e)
{
    if (!e)
        return;
    switch (e->kind) {
    case E_CALL:
        if (find_extern(r->g, e->name) && ir_dep_of(r->g, is->s, e) <= IR_PER)
            slot_add(r, is, e);
        for (int i = 0; i < e->nargs; i++)
            collect(r, is, e->args[i]);
        return;
    case E_UNARY:
    case E_BINARY:
    case E_COND:   /* absent operands are NULL */
        collect(r, is, e->a);
        collect(r, is, e->b);
        collect(r, is, e->c);
        return;
    default:   /* names, constants; aggregates and members bind other records */
        return;
    }
}

static void nest_if_invariant(ir *r, ir_struct *is, const field *f)
{
    if (f->type != F_STRUCT || f->count || f->bytesize)
        return;
    for (int i = 0; i < f->nargs; i++)
        if (ir_dep_of(r->g, is->s, f->args[i]) > IR_PARAM)
            return;
    ir_nest *n = GROW(is->nests, is->nnests);
    n->f = f;
    n->st = find_struct(r->g, f->struct_name);
}

static void walk(ir *r, ir_struct *is, const item *items, int n)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        switch (it->kind) {
        case I_FIELD:
        case I_AT:
            collect(r, is, it->f.count);
            collect(r, is, it->f.bytesize);
            for (int k = 0; k < it->f.nargs; k++)
                collect(r, is, it->f.args[k]);
            for (int k = 0; k < it->f.ncons; k++)
                if (it->f.cons[k].kind == C_WHERE)
                    collect(r, is, it->f.cons[k].cond);
            if (it->kind == I_AT) {
                collect(r, is, it->cond);
                collect(r, is, it->at_off);
                collect(r, is, it->at_size);
            }
            nest_if_invariant(r, is, &it->f);
            break;
        case I_CHECK:
        case I_REQUIRE:
        case I_LET:
            collect(r, is, it->cond);
            collect(r, is, it->value);
            break;
        case I_IF:
            collect(r, is, it->cond);
            walk(r, is, it->body, it->nbody);
            break;
        case I_FOREACH:   /* its names are the element's */
            break;
        }
    }
}

void ir_pass_frames(ir *r)
{
    for (int i = 0; i < r->g->nstructs; i++)
        if (!r->g->structs[i].is_refine)
            walk(r, &r->st[i], r->g->structs[i].items, r->g->structs[i].nitems);
}
