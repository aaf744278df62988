/* What the grammar's `require`s prove about a window, so that the emitter
 * leaves out the bounds checks they make dead (and with them the branches
 * no input can reach). Facts are linear: len(self) >= k + sum(c * atom),
 * atom <= k; atoms are names or a.b members. Anything else proves nothing. */
#include <string.h>

#include "prove.h"

static int atom_key(const expr *e, char *out, size_t cap)
{
    if (e->kind == E_NAME)
        return snprintf(out, cap, "%s", e->name) < (int)cap ? 0 : -1;
    if (e->kind == E_MEMBER && e->a->kind == E_NAME)
        return snprintf(out, cap, "%s.%s", e->a->name, e->name) < (int)cap ? 0 : -1;
    return -1;
}

static lin atom_lin(const expr *e)
{
    lin r = { 0 };
    r.ok = atom_key(e, r.atom[0], sizeof r.atom[0]) == 0;
    r.coef[0] = 1;
    r.n = 1;
    return r;
}

static const item *find_let(const strct *s, const char *name)
{
    for (int i = 0; s && i < s->nitems; i++)
        if (s->items[i].kind == I_LET && !strcmp(s->items[i].name, name) && !s->items[i].cond)
            return &s->items[i];
    return NULL;
}

static void lin_add(lin *out, const lin *a, uint64_t scale)
{
    out->k += a->k * scale;
    for (int i = 0; i < a->n; i++) {
        int j = 0;
        while (j < out->n && strcmp(out->atom[j], a->atom[i]))
            j++;
        if (j == out->n) {
            if (out->n == LIN_ATOMS) {
                out->ok = 0;
                return;
            }
            strcpy(out->atom[out->n], a->atom[i]);
            out->coef[out->n++] = 0;
        }
        out->coef[j] += a->coef[i] * scale;
    }
}

lin lin_of(const grammar *g, const strct *s, const expr *e, int depth)
{
    lin r = { 0 };
    r.ok = 1;
    uint64_t v;
    if (depth > 8) {
        r.ok = 0;
        return r;
    }
    switch (e->kind) {
    case E_INT:
        r.k = e->value;
        return r;
    case E_NAME: {
        const item *let = find_let(s, e->name);
        if (let)
            return lin_of(g, s, let->value, depth + 1);
        if (lookup_constant(g, e->name, &v)) {
            r.k = v;
            return r;
        }
        return atom_lin(e);
    }
    case E_MEMBER:
        return atom_lin(e);
    case E_BINARY: {
        lin a = lin_of(g, s, e->a, depth + 1), b = lin_of(g, s, e->b, depth + 1);
        if (!a.ok || !b.ok)
            break;
        if (!strcmp(e->op, "+")) {
            lin_add(&r, &a, 1);
            lin_add(&r, &b, 1);
            return r;
        }
        if (!strcmp(e->op, "*") && (a.n == 0 || b.n == 0)) {
            lin_add(&r, a.n ? &a : &b, a.n ? b.k : a.k);
            return r;
        }
        break;
    }
    default:
        break;
    }
    r.ok = 0;
    return r;
}

static int is_call(const expr *e, const char *fn)
{
    return e->kind == E_CALL && !strcmp(e->name, fn) && e->nargs == 1 && e->args[0]->kind == E_NAME &&
           !strcmp(e->args[0]->name, "self");
}

static void add_fact(facts *f, const grammar *g, const strct *s, const expr *e)
{
    if (e->kind != E_BINARY)
        return;
    if (!strcmp(e->op, "&&")) {
        add_fact(f, g, s, e->a);
        add_fact(f, g, s, e->b);
        return;
    }
    const expr *lo = NULL, *hi = NULL;
    int strict = 0;
    if (!strcmp(e->op, ">=") || !strcmp(e->op, ">"))
        hi = e->a, lo = e->b, strict = e->op[1] == 0;
    else if (!strcmp(e->op, "<=") || !strcmp(e->op, "<"))
        lo = e->a, hi = e->b, strict = e->op[1] == 0;
    else
        return;
    /* lo <= hi (or lo < hi) */
    if (is_call(hi, "len") && is_call(lo, "find_nul") && strict) {
        f->nul = 1;
        return;
    }
    if (is_call(hi, "len") && f->nlen < FACTS_MAX) {
        lin l = lin_of(g, s, lo, 0);
        if (l.ok) {
            l.k += (uint64_t)strict;
            f->len[f->nlen++] = l;
        }
        return;
    }
    lin a = lin_of(g, s, lo, 0), b = lin_of(g, s, hi, 0);
    if (a.ok && b.ok && a.n == 1 && a.coef[0] == 1 && b.n == 0 && f->nup < FACTS_MAX) {
        strcpy(f->up[f->nup].atom, a.atom[0]);
        f->up[f->nup++].k = b.k - (uint64_t)(strict && b.k);
    }
}

void facts_require(facts *f, const grammar *g, const strct *s, const expr *cond)
{
    add_fact(f, g, s, cond);
}

uint64_t facts_len_const(const facts *f)
{
    uint64_t best = 0;
    for (int i = 0; i < f->nlen; i++)
        if (f->len[i].n == 0 && f->len[i].k > best)
            best = f->len[i].k;
    return best;
}

/* Every element of `count` elements of `size` bytes from offset `at` fits. */
int facts_array_fits(const facts *f, const grammar *g, const strct *s, const expr *count, uint64_t at,
                     uint64_t size)
{
    lin c = lin_of(g, s, count, 0);
    if (!c.ok || size == 0)
        return 0;
    if (c.n == 0)
        return facts_len_const(f) >= at + c.k * size;
    if (c.n != 1 || c.coef[0] != 1 || c.k)
        return 0;
    for (int i = 0; i < f->nlen; i++)
        for (int j = 0; j < f->len[i].n; j++)
            if (!strcmp(f->len[i].atom[j], c.atom[0]) && f->len[i].coef[j] >= size && f->len[i].k >= at)
                return 1;
    return 0;
}

int facts_bounded(const facts *f, const grammar *g, const strct *s, const expr *count, uint64_t max)
{
    lin c = lin_of(g, s, count, 0);
    if (!c.ok)
        return 0;
    if (c.n == 0)
        return c.k <= max;
    if (c.n != 1 || c.coef[0] != 1 || c.k)
        return 0;
    for (int i = 0; i < f->nup; i++)
        if (!strcmp(f->up[i].atom, c.atom[0]) && f->up[i].k <= max)
            return 1;
    return 0;
}

/* Size of a struct made of fixed-size fields only (checks, lets, requires aside);
 * 0 when anything in it is variable. */
/* Items that read nothing: checks, lets, requires, and ifs of those. */
static int reads_nothing(const item *items, int n)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF ? !reads_nothing(it->body, it->nbody)
                             : it->kind != I_CHECK && it->kind != I_LET && it->kind != I_REQUIRE)
            return 0;
    }
    return 1;
}

uint64_t struct_fixed_size(const grammar *g, const strct *s, int depth)
{
    uint64_t size = 0;
    if (!s || s->is_refine || depth > 8)
        return 0;
    for (int i = 0; i < s->nitems; i++) {
        const item *it = &s->items[i];
        if (reads_nothing(it, 1))
            continue;   /* (a failed require returns CFV_STOP) */
        if (it->kind != I_FIELD || it->f.count || it->f.bytesize)
            return 0;
        if (it->f.type == F_UINT)
            size += (uint64_t)it->f.width;
        else if (it->f.type == F_BYTES)
            size += it->f.nbytes;
        else if (it->f.type == F_STRUCT) {
            uint64_t sub = struct_fixed_size(g, find_struct(g, it->f.struct_name), depth + 1);
            if (!sub)
                return 0;
            size += sub;
        } else
            return 0;
    }
    return size;
}
