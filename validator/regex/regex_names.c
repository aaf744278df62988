/* Group names: each named group and each call by name gets the id of its
 * name, found by sorting (no hash to flood), and every call must reach a
 * group that exists, as PCRE2 requires. */
#include <stdlib.h>
#include <string.h>

#include "regex_internal.h"

int cfv_rx_add_name(cfv_rx_parser *ps, uint32_t node, size_t off, uint32_t len, int is_def)
{
    if (ps->nnames == ps->names_cap) {
        uint32_t cap = ps->names_cap ? ps->names_cap * 2u : 16u;
        if (ps->names_cap > UINT32_MAX / 4u)
            return -1;
        cfv_rx_name_ref *n = realloc(ps->names, (size_t)cap * sizeof *n);
        if (!n)
            return -1;
        ps->names = n;
        ps->names_cap = cap;
    }
    cfv_rx_name_ref *r = &ps->names[ps->nnames++];
    r->node = node;
    r->len = (uint8_t)len; /* read_name keeps it within CFV_RX_MAX_NAME */
    r->is_def = (uint8_t)is_def;
    memcpy(r->bytes, ps->p + off, len);
    return 0;
}

static int same_name(const cfv_rx_name_ref *a, const cfv_rx_name_ref *b)
{
    return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

static int by_name(const void *va, const void *vb)
{
    const cfv_rx_name_ref *a = va, *b = vb;
    int c = memcmp(a->bytes, b->bytes, a->len < b->len ? a->len : b->len);
    return c ? c : (int)a->len - (int)b->len;
}

/* After parsing: name ids, and every call checked against the groups. */
int cfv_rx_resolve(cfv_rx_parser *ps)
{
    cfv_rx_tree *t = ps->t;
    uint32_t id = 0;
    if (ps->nnames > 1)
        qsort(ps->names, ps->nnames, sizeof *ps->names, by_name);
    for (uint32_t i = 0, j; i < ps->nnames; i = j) {
        int defined = 0;
        for (j = i; j < ps->nnames && same_name(&ps->names[i], &ps->names[j]); j++)
            defined |= ps->names[j].is_def;
        if (!defined)
            return -1; /* a call to a name no group has */
        for (uint32_t k = i; k < j; k++)
            t->node[ps->names[k].node].name = id;
        id++;
    }
    t->names = id;
    t->captures = ps->bracount;
    for (uint32_t n = 0; n < t->count; n++) {
        const cfv_rx_node *x = &t->node[n];
        if (x->kind == CFV_RX_CALL && x->name == CFV_RX_NONE && x->num > t->captures)
            return -1; /* a call to a group number that does not exist */
    }
    return 0;
}
