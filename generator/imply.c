/* The fast tier's implication pass: the fast tier returns at the first
 * failed check, so past a check its condition holds. A later check of the
 * same tier whose every `&&` conjunct is one of those conditions can never
 * fail, and emitting it would leave a branch no input reaches: it is left
 * out (in the fast tier only; the diagnostic tier reports and goes on).
 * Conditions are compared by a canonical key: constants by value, and the
 * checks of a struct-typed field's own struct with its fields named
 * through the field (`f.x`), since the parent returns when that call does. */
#include <stdlib.h>
#include <string.h>

#include "imply.h"
#include "model.h"

/* A field of st read once at its top level (an integer): its value in the
 * parent is `field.name`. */
static int plain_field(const strct *st, const char *name)
{
    for (int i = 0; i < st->nitems; i++) {
        const item *it = &st->items[i];
        if (it->kind == I_FIELD && it->f.type == F_UINT && !it->f.count && !it->f.bytesize &&
            !strcmp(it->f.name, name))
            return 1;
    }
    return 0;
}

static int own_name(const strct *s, const char *name)
{
    for (int i = 0; i < s->nparams; i++)
        if (!strcmp(s->params[i].name, name))
            return 1;
    for (int i = 0; i < s->nitems; i++) {
        const item *it = &s->items[i];
        if (((it->kind == I_FIELD || it->kind == I_AT) && it->f.name && !strcmp(it->f.name, name)) ||
            (it->kind == I_LET && !strcmp(it->name, name)))
            return 1;
    }
    return 0;
}

/* sub NULL: a condition of s itself; else one of sub's, seen from the
 * parent through `prefix`. Returns 0 when the condition has no key. */
static int key_into(sbuf *b, const grammar *g, const strct *s, const strct *sub, const char *prefix,
                    const expr *e)
{
    uint64_t v;
    switch (e->kind) {
    case E_INT:
        sb_printf(b, "%llu", (unsigned long long)e->value);
        return 1;
    case E_NAME:
        if (!own_name(sub ? sub : s, e->name) && lookup_constant(g, e->name, &v)) {
            sb_printf(b, "%llu", (unsigned long long)v);
            return 1;
        }
        if (!sub) {
            sb_printf(b, "%s", e->name);
            return 1;
        }
        if (!plain_field(sub, e->name))
            return 0;   /* a parameter, a let, the record itself: not the parent's */
        sb_printf(b, "%s.%s", prefix, e->name);
        return 1;
    case E_MEMBER:
        if (sub || e->a->kind != E_NAME)
            return 0;
        sb_printf(b, "%s.%s", e->a->name, e->name);
        return 1;
    case E_UNARY:
    case E_BINARY: {
        sb_printf(b, "(%s", e->op);
        const expr *const operands[2] = { e->a, e->b };
        for (int i = 0; i < 2; i++)
            if (operands[i]) {
                sb_printf(b, " ");
                if (!key_into(b, g, s, sub, prefix, operands[i]))
                    return 0;
            }
        sb_printf(b, ")");
        return 1;
    }
    default:   /* calls, aggregates, indexes: not compared */
        return 0;
    }
}

static char *key_of(const grammar *g, const strct *s, const strct *sub, const char *prefix, const expr *e)
{
    sbuf b = { 0 };
    int ok = key_into(&b, g, s, sub, prefix, e);
    char *k = sb_take(&b);
    if (ok)
        return k;
    free(k);
    return NULL;
}

static int holds(const known *kn, const char *k)
{
    for (int i = 0; i < kn->n; i++)
        if (!strcmp(kn->k[i], k))
            return 1;
    return 0;
}

static void add(known *kn, const grammar *g, const strct *s, const strct *sub, const char *prefix,
                const expr *cond)
{
    if (cond->kind == E_BINARY && !strcmp(cond->op, "&&")) {
        add(kn, g, s, sub, prefix, cond->a);
        add(kn, g, s, sub, prefix, cond->b);
        return;
    }
    char *k = key_of(g, s, sub, prefix, cond);
    if (!k || holds(kn, k)) {
        free(k);
        return;
    }
    if (kn->n == kn->cap) {
        kn->cap = kn->cap ? 2 * kn->cap : 16;
        kn->k = xrealloc(kn->k, (size_t)kn->cap * sizeof *kn->k);
    }
    kn->k[kn->n++] = k;
}

void known_reset(known *kn)
{
    for (int i = 0; i < kn->n; i++)
        free(kn->k[i]);
    kn->n = 0;
}

void known_add(known *kn, const grammar *g, const strct *s, const expr *cond)
{
    add(kn, g, s, NULL, NULL, cond);
}

/* What a call of sub (a struct-typed field named prefix) that returned
 * CFV_OK in the fast tier proves: its top-level checks. */
void known_add_field(known *kn, const grammar *g, const strct *s, const strct *sub, const char *prefix)
{
    for (int i = 0; i < sub->nitems; i++) {
        const item *it = &sub->items[i];
        if ((it->kind == I_CHECK || it->kind == I_REQUIRE) && !it->per_set && (it->rule || it->kind == I_REQUIRE))
            add(kn, g, s, sub, prefix, it->cond);
        if (it->kind != I_FIELD)
            continue;
        for (int k = 0; k < it->f.ncons; k++) {
            const constraint *c = &it->f.cons[k];
            if (c->kind == C_WHERE && !c->per_set && c->rule)
                add(kn, g, s, sub, prefix, c->cond);
        }
    }
}

int known_implies(const known *kn, const grammar *g, const strct *s, const expr *cond)
{
    if (cond->kind == E_BINARY && !strcmp(cond->op, "&&"))
        return known_implies(kn, g, s, cond->a) && known_implies(kn, g, s, cond->b);
    char *k = key_of(g, s, NULL, NULL, cond);
    int r = k && holds(kn, k);
    free(k);
    return r;
}
