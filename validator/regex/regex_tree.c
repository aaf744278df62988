/* The syntax tree's storage: one growing array of nodes linked by index, so
 * building and walking it never recurses. */
#include <stdlib.h>

#include "regex_internal.h"

/* Returns the new node's index, or CFV_RX_NONE when out of memory. */
uint32_t cfv_rx_node_new(cfv_rx_tree *t, uint8_t kind, uint8_t sub, size_t offset)
{
    if (t->count == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2u : 64u;
        uint64_t bytes = (uint64_t)cap * sizeof(cfv_rx_node);
        if (t->cap > (UINT32_MAX - 1u) / 2u || bytes != (size_t)bytes)
            return CFV_RX_NONE;
        cfv_rx_node *n = realloc(t->node, (size_t)bytes);
        if (!n)
            return CFV_RX_NONE;
        t->node = n;
        t->cap = cap;
    }
    uint32_t i = t->count++;
    cfv_rx_node *n = &t->node[i];
    n->parent = n->first = n->last = n->prev = n->next = CFV_RX_NONE;
    n->offset = (uint32_t)offset; /* the parser rejects patterns past UINT32_MAX */
    n->num = 0;
    n->max = 0;
    n->name = CFV_RX_NONE;
    n->kind = kind;
    n->sub = sub;
    return i;
}

void cfv_rx_append(cfv_rx_tree *t, uint32_t parent, uint32_t child)
{
    cfv_rx_node *p = &t->node[parent];
    cfv_rx_node *c = &t->node[child];
    c->parent = parent;
    c->prev = p->last;
    c->next = CFV_RX_NONE;
    if (p->last != CFV_RX_NONE)
        t->node[p->last].next = child;
    else
        p->first = child;
    p->last = child;
}

/* Puts wrapper where child stood among its siblings, and child under it. */
void cfv_rx_wrap(cfv_rx_tree *t, uint32_t child, uint32_t wrapper)
{
    cfv_rx_node *c = &t->node[child];
    cfv_rx_node *w = &t->node[wrapper];
    uint32_t parent = c->parent;
    w->parent = parent;
    w->prev = c->prev;
    w->next = c->next;
    if (c->prev != CFV_RX_NONE)
        t->node[c->prev].next = wrapper;
    else
        t->node[parent].first = wrapper;
    if (c->next != CFV_RX_NONE)
        t->node[c->next].prev = wrapper;
    else
        t->node[parent].last = wrapper;
    c->parent = wrapper;
    c->prev = c->next = CFV_RX_NONE;
    w->first = w->last = child;
}

void cfv_rx_tree_free(cfv_rx_tree *t)
{
    free(t->node);
    t->node = NULL;
    t->count = t->cap = 0;
}
