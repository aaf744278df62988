/* A workspace (cfv_workspace, cfv/cfv.h): a run's state and the entries'
 * frames kept from one validation to the next, reset instead of zeroed.
 * Its own file so that fuzzing builds leave it off the coverage
 * instrumentation (fuzz/mutator/coverage_ignore.txt): how much a reset
 * clears depends on the run before, not on the input. */
#include "cff_validate.h"

struct cfv_workspace {
    cfv_gctx g;
    _Alignas(max_align_t) unsigned char frame[]; /* cff_frame_size bytes */
};

size_t cfv_workspace_size(void) { return sizeof(cfv_workspace) + cff_frame_size; }

/* Zeroes bytes p[0 .. n). */
static void zero(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = 0;
}

cfv_workspace *cfv_workspace_init(void *mem, size_t size)
{
    if (!mem || size < cfv_workspace_size() || (uintptr_t)mem % _Alignof(max_align_t))
        return 0;
    zero(mem, cfv_workspace_size()); /* once: every run after resets what it reads */
    return mem;
}

cfv_gctx *cfv_rt_run_state(cfv_gctx *own, cfv_workspace *ws)
{
    if (!ws) {
        *own = (cfv_gctx){ 0 };
        return own;
    }
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
