/* Items and groups appended to the tree at the parser's current branch:
 * shared by the group, verb and top-level parsers, and calling none of them. */
#include "cfv/testcase.h"
#include "regex_internal.h"

/* A new item at the end of the current branch, or CFV_RX_NONE. */
uint32_t cfv_rx_item(cfv_rx_parser *ps, uint8_t kind, uint8_t sub, size_t offset)
{
    uint32_t n = cfv_rx_node_new(ps->t, kind, sub, offset);
    if (n != CFV_RX_NONE)
        cfv_rx_append(ps->t, ps->frame[ps->depth].seq, n);
    return n;
}

/* Opens a group (its ALT and first SEQ) and enters it. */
int cfv_rx_open_group(cfv_rx_parser *ps, uint8_t sub, size_t offset, uint32_t num)
{
    CFV_TESTCASE(ps->depth == CFV_RX_MAX_DEPTH - 1); /* the deepest group */
    if (ps->depth >= CFV_RX_MAX_DEPTH)
        return -1;
    uint32_t g = cfv_rx_item(ps, CFV_RX_GROUP, sub, offset);
    uint32_t a = g == CFV_RX_NONE ? g : cfv_rx_node_new(ps->t, CFV_RX_ALT, 0, offset);
    uint32_t s = a == CFV_RX_NONE ? a : cfv_rx_node_new(ps->t, CFV_RX_SEQ, 0, offset);
    if (s == CFV_RX_NONE)
        return -1;
    cfv_rx_append(ps->t, g, a);
    cfv_rx_append(ps->t, a, s);
    ps->t->node[g].num = num;
    cfv_rx_frame *f = &ps->frame[++ps->depth];
    f->group = g;
    f->alt = a;
    f->seq = s;
    f->saved_opts = ps->opts;
    f->reset_group = f->max_group = ps->bracount;
    f->reset = f->cond_assert = 0;
    return 0;
}

/* A lookaround; the condition of a conditional group cannot be repeated. */
int cfv_rx_open_assertion(cfv_rx_parser *ps, uint8_t sub, size_t start, int prev_expect)
{
    if (cfv_rx_open_group(ps, sub, start, 0) != 0)
        return -1;
    ps->frame[ps->depth].cond_assert = prev_expect > 0;
    return 0;
}
