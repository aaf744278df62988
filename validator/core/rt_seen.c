/* The fast tier's memo of clean records by value (cfv_rt_seen, cfv_rt.h):
 * its clear, its start and its insertion, the miss path of cfv-gen's
 * batched loop (cfv_rt_seen_check). */
#include "cfv_rt.h"

void cfv_rt_seen_clear(cfv_rt_seen *t)
{
    for (uint32_t i = 0; i < CFV_RT_SEEN; i++) {   /* no libc in the core */
        t->slot[i].rec = 0;
        t->slot[i].tag = 0;
    }
}

void cfv_rt_seen_start(cfv_gctx *g)
{
    if (g->seen) {
        cfv_rt_seen_clear(g->seen);
        g->seen_credit = CFV_RT_SEEN_CREDIT;
    }
}

void cfv_rt_seen_add(cfv_gctx *g, uint64_t ftag, uint64_t index, uint64_t r)
{
    if (g->seen_credit <= 0 || index >= 32)   /* not on, or past the tag's index bits */
        return;
    /* a miss costs a credit; at none left the memo is off for the run */
    g->seen_credit = g->seen_credit > 1 ? g->seen_credit - 1 : -1;
    cfv_rt_seen_slot *const a = &g->seen->slot[cfv_rt_seen_at(r, CFV_RT_RE_MUL1)];
    cfv_rt_seen_slot *const b = &g->seen->slot[cfv_rt_seen_at(r, CFV_RT_RE_MUL2)];
    const uint64_t bit = UINT64_C(1) << index, hi = ~(uint64_t)UINT32_MAX;
    if (a->rec == r && (a->tag & hi) == ftag) {
        a->tag |= bit;
    } else if (b->rec == r && (b->tag & hi) == ftag) {
        b->tag |= bit;
    } else {   /* the first slot if it is an older fill's (or empty), else the second */
        cfv_rt_seen_slot *const e = (a->tag & hi) != ftag ? a : b;
        e->rec = r;
        e->tag = ftag | bit;
    }
}
