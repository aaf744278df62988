/* Pass: values computed once per frame. An extern call whose arguments
 * depend only on the struct's parameters (and the `per` set) has the same
 * value for every record that shares those parameters: every element of an
 * array (a per-set profile looked up once per array rather than per
 * element), and the entry across both tiers (a checksum, once per input).
 * Only values the checks use are collected: a message's arguments are
 * computed where it is reported, never ahead for a clean file. A call that
 * also depends on the record's index is memoised per frame by index; an
 * array whose frame depends on integer parameters only keeps its frame in
 * the parent's, keyed by their values, so that arrays share it. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

static void slot_add(ir *r, ir_slot **slots, int *nslots, ir_struct *is, const expr *e)
{
    char *k = ir_key(e);
    for (int i = 0; i < *nslots; i++)
        if (!strcmp((*slots)[i].key, k)) {
            free(k);
            return;
        }
    const ext_decl *x = find_extern(r->g, e->name);
    ir_slot *sl = GROW(*slots, *nslots);
    sl->key = k;
    sl->e = e;
    sl->per = ir_dep_of(r->g, is->s, e) == IR_PER;
    sl->bytes = x->ret_bytes;
    sl->set_all = 0;
}

/* Does e depend on the parameters (and constants) and the record's index
 * only (and the set, when `upto` is IR_PER)? */
static int index_upto(const grammar *g, const strct *s, const expr *e, ir_dep upto)
{
    switch (e->kind) {
    case E_NAME:
        return !strcmp(e->name, "index") || ir_dep_of(g, s, e) <= upto;
    case E_CALL:
        for (int i = 0; i < e->nargs; i++)
            if (!index_upto(g, s, e->args[i], upto))
                return 0;
        return find_extern(g, e->name) != NULL;
    case E_UNARY:
    case E_BINARY:
    case E_COND:
        return (!e->a || index_upto(g, s, e->a, upto)) && (!e->b || index_upto(g, s, e->b, upto)) &&
               (!e->c || index_upto(g, s, e->c, upto));
    default:
        return ir_dep_of(g, s, e) <= upto;
    }
}

static int index_only(const grammar *g, const strct *s, const expr *e)
{
    return index_upto(g, s, e, IR_PARAM);
}

/* Does e name the set (directly or through an argument)? */
static int names_set(const grammar *g, const strct *s, const expr *e)
{
    return e && ir_dep_of(g, s, e) == IR_PER;
}

static void disjuncts(const expr *e, const expr ***v, int *n)
{
    if (e->kind == E_BINARY && !strcmp(e->op, "||")) {
        disjuncts(e->a, v, n);
        disjuncts(e->b, v, n);
        return;
    }
    *GROW(*v, *n) = e;
}

int ir_set_split(const grammar *g, const strct *s, const expr *cond, const expr ***rest, int *nrest,
                 expr **setpart)
{
    const expr **d = NULL;
    int nd = 0, set = 0;
    disjuncts(cond, &d, &nd);
    *rest = NULL;
    *nrest = 0;
    *setpart = NULL;
    for (int i = 0; i < nd; i++) {
        if (!index_upto(g, s, d[i], IR_PER)) {
            if (names_set(g, s, d[i]))
                return free(d), 0;   /* a record value with the set: no split */
            *GROW(*rest, *nrest) = d[i];
            continue;
        }
        set |= names_set(g, s, d[i]);
        if (!*setpart) {
            *setpart = (expr *)d[i];
            continue;
        }
        expr *o = xcalloc(1, sizeof *o);
        o->kind = E_BINARY;
        o->at = d[i]->at;
        strcpy(o->op, "||");
        o->a = *setpart;
        o->b = (expr *)d[i];
        *setpart = o;
    }
    free(d);
    return set;
}

char *ir_set_key(const expr *setpart)
{
    char *k = ir_key(setpart);
    char *all = xcalloc(strlen(k) + 5, 1);
    strcpy(all, "all ");
    strcat(all, k);
    free(k);
    return all;
}

static void set_slot_add(ir *r, ir_struct *is, const expr *cond)
{
    const expr **rest;
    int nrest;
    expr *sp;
    if (!ir_set_split(r->g, is->s, cond, &rest, &nrest, &sp))
        return;
    free(rest);
    char *k = ir_set_key(sp);
    for (int i = 0; i < is->nislots; i++)
        if (!strcmp(is->islots[i].key, k)) {
            free(k);
            return;
        }
    ir_slot *sl = GROW(is->islots, is->nislots);
    memset(sl, 0, sizeof *sl);
    sl->key = k;
    sl->e = sp;
    sl->set_all = 1;
}

/* The integer field of s declared at its top level (outside `if` and `at`:
 * read by every record) named name, or NULL. */
static const field *top_uint(const strct *s, const char *name)
{
    for (int i = 0; i < s->nitems; i++)
        if (s->items[i].kind == I_FIELD && s->items[i].f.type == F_UINT && !s->items[i].f.count &&
            !strcmp(s->items[i].f.name, name))
            return &s->items[i].f;
    return NULL;
}

/* Does e depend on constants and one field of the record only, through
 * integer externs? *key: that field's name (the first one seen). */
static int value_only(const grammar *g, const strct *s, const expr *e, const expr **key)
{
    switch (e->kind) {
    case E_INT:
        return 1;
    case E_NAME:
        if (ir_dep_of(g, s, e) == IR_CONST)
            return 1;
        if (!top_uint(s, e->name) || (*key && strcmp((*key)->name, e->name)))
            return 0;
        *key = e;
        return 1;
    case E_CALL:
        if (!find_extern(g, e->name) || find_extern(g, e->name)->ret_bytes)
            return 0;
        for (int i = 0; i < e->nargs; i++)
            if (!value_only(g, s, e->args[i], key))
                return 0;
        return 1;
    case E_UNARY:
    case E_BINARY:
    case E_COND: {   /* absent operands are NULL */
        const expr *const op[3] = { e->a, e->b, e->c };
        for (int i = 0; i < 3; i++)
            if (op[i] && !value_only(g, s, op[i], key))
                return 0;
        return 1;
    }
    default:
        return 0;
    }
}

/* A call over one field a value slot remembers: a narrow field (at most 16
 * bits: a type code, which repeats from record to record; an id would miss
 * every time), the same field for all of the struct's value slots. */
static int by_value(ir *r, ir_struct *is, const expr *e)
{
    const expr *key = NULL;
    if (!value_only(r->g, is->s, e, &key) || !key || top_uint(is->s, key->name)->width > 2)
        return 0;
    if (is->vkey && strcmp(is->vkey->name, key->name))
        return 0;
    is->vkey = key;
    return 1;
}

static void collect(ir *r, ir_struct *is, const expr *e)
{
    if (!e)
        return;
    switch (e->kind) {
    case E_CALL:
        if (find_extern(r->g, e->name) && ir_dep_of(r->g, is->s, e) <= IR_PER)
            slot_add(r, &is->slots, &is->nslots, is, e);
        else if (find_extern(r->g, e->name) && !find_extern(r->g, e->name)->ret_bytes &&
                 index_only(r->g, is->s, e))
            slot_add(r, &is->islots, &is->nislots, is, e);
        else if (find_extern(r->g, e->name) && by_value(r, is, e))
            slot_add(r, &is->vslots, &is->nvslots, is, e);
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
                if (it->f.cons[k].kind == C_WHERE) {
                    collect(r, is, it->f.cons[k].cond);
                    if (it->f.cons[k].per_set && it->f.cons[k].rule)
                        set_slot_add(r, is, it->f.cons[k].cond);
                }
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
            if (it->kind == I_CHECK && it->per_set && it->rule)
                set_slot_add(r, is, it->cond);
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

/* Does e name one of s's bytes parameters? (A view is not a key: two views
 * with the same bounds may hold different bytes.) */
static int names_bytes(const strct *s, const expr *e)
{
    if (!e)
        return 0;
    if (e->kind == E_NAME)
        for (int i = 0; i < s->nparams; i++)
            if (s->params[i].is_bytes && !strcmp(s->params[i].name, e->name))
                return 1;
    for (int i = 0; e->kind == E_CALL && i < e->nargs; i++)
        if (names_bytes(s, e->args[i]))
            return 1;
    return names_bytes(s, e->a) || names_bytes(s, e->b) || names_bytes(s, e->c);
}

/* A frame can be keyed when its values are a function of the integer
 * parameters (with the set and the input, fixed for a run) and it holds no
 * nested frame, whose validity would need its own key. Bytes arguments are
 * not compared when a keyed frame is reused: no slot reads them (names_bytes),
 * which is what makes its values right for the per-record parser and the
 * per-set guard of every array sharing it. The fast tier's batched loop also
 * remembers whole records (emit_batch's memo), whose verdict may read a view:
 * it keeps the views with them (`mb_`) and refills the frame on another. */
static int keyable(const ir *r, const strct *st)
{
    const ir_struct *is = ir_of(r, st);
    if ((!is->nslots && !is->nislots) || is->nnests)
        return 0;
    for (int i = 0; i < is->nslots; i++)
        if (names_bytes(st, is->slots[i].e))
            return 0;
    for (int i = 0; i < is->nislots; i++)
        if (names_bytes(st, is->islots[i].e))
            return 0;
    return 1;
}

static void key_arrays(ir *r, ir_struct *is, const item *items, int n)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF) {
            key_arrays(r, is, it->body, it->nbody);
            continue;
        }
        if ((it->kind != I_FIELD && it->kind != I_AT) || it->f.type != F_STRUCT ||
            (!it->f.count && !it->f.bytesize))
            continue;
        const strct *st = find_struct(r->g, it->f.struct_name);
        if (!st || !keyable(r, st))
            continue;
        ir_keyed *k = GROW(is->keyed, is->nkeyed);
        k->f = &it->f;
        k->st = st;
    }
}

void ir_pass_frames(ir *r)
{
    for (int i = 0; i < r->g->nstructs; i++)
        if (!r->g->structs[i].is_refine)
            walk(r, &r->st[i], r->g->structs[i].items, r->g->structs[i].nitems);
    /* after every struct's slots are known */
    for (int i = 0; i < r->g->nstructs; i++)
        if (!r->g->structs[i].is_refine)
            key_arrays(r, &r->st[i], r->g->structs[i].items, r->g->structs[i].nitems);
}
