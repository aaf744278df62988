/* A workspace (cfv_workspace, cfv/cfv.h): a run's state and the entries'
 * frames kept from one validation to the next, reset instead of zeroed.
 * Its own file so that fuzzing builds leave it off the coverage
 * instrumentation (fuzz/mutator/coverage_ignore.txt): how much a reset
 * clears depends on the run before, not on the input. */
#include "cff_validate.h"

/* What a frame holds (uint64_t, pointers, bytes) aligned as it needs
 * (max_align_t is not in every freestanding <stddef.h>: Frama-C's). */
typedef union frame_unit {
    uint64_t u;
    const void *p;
} frame_unit;

struct cfv_workspace {
    cfv_gctx g;
    frame_unit frame[]; /* cff_frame_size bytes */
};

/* The alignment a workspace needs, its members' (no _Alignof: Frama-C does
 * not take it). */
struct align_probe {
    char c;
    frame_unit m;
};

size_t cfv_workspace_size(void) { return sizeof(cfv_workspace) + cff_frame_size; }

/* Zeroes bytes p[0 .. n). Under AddressSanitizer eight at a time, each
 * store checked once instead of eight times (CFV_RT_WIDE_CLEAR's reason:
 * a fuzz target runs this twice an execution); elsewhere byte by byte,
 * which compilers store inline or as a memset, and which the analyser
 * (proof/) reads as it is. */
static void zero(unsigned char *p, size_t n)
{
    size_t i = 0;
#if CFV_RT_WIDE_CLEAR
    for (; n - i >= 8; i += 8)
        cfv_put64(p + i, 0);
#endif
    for (; i < n; i++)
        p[i] = 0;
}

cfv_workspace *cfv_workspace_init(void *mem, size_t size)
{
    if (!mem || size < cfv_workspace_size() || (uintptr_t)mem % offsetof(struct align_probe, m))
        return 0;
    zero(mem, cfv_workspace_size()); /* once: every run after resets what it reads */
    return mem;
}

cfv_gctx *cfv_rt_workspace_state(cfv_workspace *ws)
{
    cfv_gctx *g = &ws->g;
    /* the memo's slots the last run set (all of them when it set more than
     * it logged), then all that comes before the log */
    if (g->re_logged > CFV_RT_REGEX_LOG)
        zero((unsigned char *)g->re_memo, sizeof g->re_memo);
    else
        for (uint32_t i = 0; i < g->re_logged; i++)
            g->re_memo[g->re_log[i] % CFV_RT_REGEX_MEMO] = 0;
    zero((unsigned char *)g, offsetof(cfv_gctx, re_logged) + sizeof g->re_logged);
    g->frame = ws->frame; /* the entry resets it (cfv-gen: <prefix>_reset_<Entry>) */
    return g;
}
