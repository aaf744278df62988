/* CFV056: a group that contains an unbounded quantifier (*, +, {n,}) at
 * any depth and is itself repeated without bound.
 *
 * The definition is syntactic and read strictly: possessive quantifiers,
 * atomic groups and lookarounds are flagged too, although PCRE2 may never
 * backtrack into them, because FORMAT.md defines the rule by the shape of
 * the pattern. A subroutine call or recursion counts as containing what its
 * target contains ((?R) and (?0): the whole pattern); a call by number
 * reaches every group with that number (branch reset) and a call by name
 * every group with that name, which may only over-report.
 *
 * Walks the tree without recursion: every unbounded quantifier marks its
 * ancestors "reaches an unbounded quantifier" up to the first one already
 * marked, a marked group marks the calls that target it, and those mark
 * their own ancestors; each node is marked once, so the work is linear. */
#include <stdlib.h>

#include "regex_internal.h"

typedef struct walk {
    const cfv_rx_tree *t;
    uint8_t *unb;        /* per node */
    uint8_t *num_unb;    /* per group number, 0 = whole pattern */
    uint8_t *name_unb;   /* per name id */
    uint32_t *num_calls; /* per number: first call, chained by next_call */
    uint32_t *name_calls;
    uint32_t *next_call;
    uint32_t *num_named; /* per number: first named group, chained by next_named */
    uint32_t *next_named;
    uint32_t *work;
    uint32_t nwork;
} walk;

static void push_calls(walk *w, uint32_t c)
{
    for (; c != CFV_RX_NONE; c = w->next_call[c])
        w->work[w->nwork++] = c; /* each list is pushed once: at most one push per call */
}

static void mark_name(walk *w, uint32_t id)
{
    if (w->name_unb[id])
        return;
    w->name_unb[id] = 1;
    push_calls(w, w->name_calls[id]);
}

static void mark_number(walk *w, uint32_t n)
{
    if (w->num_unb[n])
        return;
    w->num_unb[n] = 1;
    push_calls(w, w->num_calls[n]);
    for (uint32_t g = w->num_named[n]; g != CFV_RX_NONE; g = w->next_named[g])
        mark_name(w, w->t->node[g].name);
}

static void mark_up(walk *w, uint32_t x)
{
    while (x != CFV_RX_NONE && !w->unb[x]) {
        const cfv_rx_node *n = &w->t->node[x];
        w->unb[x] = 1;
        if (n->kind == CFV_RX_GROUP && (n->sub == CFV_RX_G_ROOT || n->sub == CFV_RX_G_CAPTURE))
            mark_number(w, n->num); /* the root's num is 0 */
        x = n->parent;
    }
}

static int unbounded(const cfv_rx_node *n)
{
    return n->kind == CFV_RX_QUANT && n->max == CFV_RX_UNLIMITED;
}

static int walk_alloc(walk *w, const cfv_rx_tree *t)
{
    size_t nodes = t->count, nums = (size_t)t->captures + 1u, names = t->names + 1u;
    w->t = t;
    w->nwork = 0;
    w->unb = calloc(nodes, 1);
    w->num_unb = calloc(nums, 1);
    w->name_unb = calloc(names, 1);
    w->num_calls = malloc(nums * sizeof(uint32_t));
    w->name_calls = malloc(names * sizeof(uint32_t));
    w->num_named = malloc(nums * sizeof(uint32_t));
    w->next_call = malloc(nodes * sizeof(uint32_t));
    w->next_named = malloc(nodes * sizeof(uint32_t));
    w->work = malloc(nodes * sizeof(uint32_t));
    if (!w->unb || !w->num_unb || !w->name_unb || !w->num_calls || !w->name_calls ||
        !w->num_named || !w->next_call || !w->next_named || !w->work)
        return -1;
    for (size_t i = 0; i < nums; i++)
        w->num_calls[i] = w->num_named[i] = CFV_RX_NONE;
    for (size_t i = 0; i < names; i++)
        w->name_calls[i] = CFV_RX_NONE;
    for (uint32_t i = 0; i < t->count; i++) {
        const cfv_rx_node *n = &t->node[i];
        w->next_call[i] = w->next_named[i] = CFV_RX_NONE;
        if (n->kind == CFV_RX_CALL) {
            uint32_t *head = n->name != CFV_RX_NONE ? &w->name_calls[n->name] : &w->num_calls[n->num];
            w->next_call[i] = *head;
            *head = i;
        } else if (n->kind == CFV_RX_GROUP && n->name != CFV_RX_NONE) {
            w->next_named[i] = w->num_named[n->num];
            w->num_named[n->num] = i;
        }
    }
    return 0;
}

static void walk_free(walk *w)
{
    free(w->unb);
    free(w->num_unb);
    free(w->name_unb);
    free(w->num_calls);
    free(w->name_calls);
    free(w->num_named);
    free(w->next_call);
    free(w->next_named);
    free(w->work);
}

int cfv_rx_nested(const cfv_rx_tree *t, uint32_t *offset, int *via_call)
{
    walk w;
    uint32_t best = CFV_RX_NONE;
    int rc = -1;
    if (walk_alloc(&w, t) == 0) {
        for (uint32_t i = 0; i < t->count; i++)
            if (unbounded(&t->node[i]))
                mark_up(&w, i);
        while (w.nwork > 0)
            mark_up(&w, w.work[--w.nwork]);
        /* An unbounded quantifier whose item reaches another: the leftmost. */
        for (uint32_t i = 0; i < t->count; i++) {
            uint32_t item = t->node[i].first;
            if (unbounded(&t->node[i]) && w.unb[item] &&
                (best == CFV_RX_NONE || t->node[item].offset < t->node[best].offset))
                best = item;
        }
        rc = best != CFV_RX_NONE;
        if (rc) {
            *offset = t->node[best].offset;
            *via_call = t->node[best].kind == CFV_RX_CALL;
        }
    }
    walk_free(&w);
    return rc;
}

int cfv_rx_analyze(const uint8_t *pattern, size_t len, uint32_t options, uint32_t *offset,
                   int *via_call)
{
    cfv_rx_tree t;
    if (cfv_rx_parse(&t, pattern, len, options) != 0)
        return -1;
    int rc = cfv_rx_nested(&t, offset, via_call);
    cfv_rx_tree_free(&t);
    return rc;
}

int cfv_regex_find_nested_unbounded(const uint8_t *pattern, size_t len, uint32_t compile_options,
                                    uint32_t *group_offset)
{
    uint32_t off = 0;
    int via_call = 0;
    int rc = cfv_rx_analyze(pattern, len, compile_options, &off, &via_call);
    if (group_offset)
        *group_offset = rc == 1 ? off : 0;
    return rc;
}
