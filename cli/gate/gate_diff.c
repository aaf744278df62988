/* Matching the instances of two releases by instance_id, and what changed. */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "gate_internal.h"

static int by_id(const void *a, const void *b, void *d)
{
    const cfv_decoded *x = d;
    uint32_t p = x->instances[*(const long *)a].instance_id;
    uint32_t q = x->instances[*(const long *)b].instance_id;
    if (p != q)
        return p < q ? -1 : 1;
    return (*(const long *)a > *(const long *)b) - (*(const long *)a < *(const long *)b);
}

long *cfv_gate_by_id(const cfv_decoded *d)
{
    long *ix = malloc((d->ninstances ? d->ninstances : 1) * sizeof *ix);
    if (!ix)
        return NULL;
    for (size_t i = 0; i < d->ninstances; i++)
        ix[i] = (long)i;
    qsort_r(ix, d->ninstances, sizeof *ix, by_id, (void *)d);
    return ix;
}

cfv_gate_pair *cfv_gate_pairs(const cfv_decoded *prev, const cfv_decoded *cur, size_t *n)
{
    long *a = cfv_gate_by_id(prev), *b = cfv_gate_by_id(cur);
    cfv_gate_pair *out = malloc((prev->ninstances + cur->ninstances + 1) * sizeof *out);
    *n = 0;
    if (!a || !b || !out) {
        free(a);
        free(b);
        free(out);
        return NULL;
    }
    size_t i = 0, j = 0;
    while (i < prev->ninstances || j < cur->ninstances) {
        uint32_t pi = i < prev->ninstances ? prev->instances[a[i]].instance_id : UINT32_MAX;
        uint32_t cj = j < cur->ninstances ? cur->instances[b[j]].instance_id : UINT32_MAX;
        int take_prev = i < prev->ninstances && (j == cur->ninstances || pi <= cj);
        int take_cur = j < cur->ninstances && (i == prev->ninstances || cj <= pi);
        out[(*n)++] = (cfv_gate_pair){take_prev ? a[i++] : -1, take_cur ? b[j++] : -1};
    }
    free(a);
    free(b);
    return out;
}

/* Text of an sref when it resolves to a whole string. */
static int text(const cfv_decoded *d, uint32_t ref, const uint8_t **t, size_t *n)
{
    return cfv_decoded_sref(d, ref, t, n) == CFV_SREF_OK;
}

static int same_ref(const cfv_decoded *a, uint32_t ra, const cfv_decoded *b, uint32_t rb)
{
    const uint8_t *ta, *tb;
    size_t na, nb;
    int oka = text(a, ra, &ta, &na), okb = text(b, rb, &tb, &nb);
    if (oka != okb)
        return 0;
    return oka ? na == nb && memcmp(ta, tb, na) == 0 : ra == rb;
}

int cfv_gate_same_name(const cfv_decoded *a, uint32_t ra, const cfv_decoded *b, uint32_t rb)
{
    return same_ref(a, ra, b, rb);
}

int cfv_gate_same_criterion(const cfv_decoded *a, const cfv_dec_criterion *ka,
                            const cfv_decoded *b, const cfv_dec_criterion *kb)
{
    if (ka->op != kb->op || ka->flags != kb->flags || ka->reserved != kb->reserved)
        return 0;
    if (cfv_op_takes_sref(ka->op))
        return same_ref(a, ka->operand, b, kb->operand);
    return ka->operand == kb->operand;
}

int cfv_gate_changed(const cfv_decoded *prev, long ip, const cfv_decoded *cur, long ic)
{
    const cfv_dec_instance *p = &prev->instances[ip], *c = &cur->instances[ic];
    if (p->template_type != c->template_type || p->field_count != c->field_count ||
        p->flags != c->flags || p->reserved != c->reserved || p->ncriteria != c->ncriteria ||
        !cfv_gate_same_name(prev, p->name, cur, c->name))
        return 1;
    for (uint32_t k = 0; k < p->ncriteria; k++)
        if (!cfv_gate_same_criterion(prev, cfv_decoded_criterion(prev, (size_t)ip, k), cur,
                                     cfv_decoded_criterion(cur, (size_t)ic, k)))
            return 1;
    return 0;
}
