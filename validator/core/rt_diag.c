/* Diagnostics without text: the generated code hands structured facts to the
 * caller's sink; the cap on their number is kept here. */
#include "cfv_rt.h"

void cfv_rt_emit(cfv_gctx *g, unsigned rule, unsigned severity, unsigned message, uint64_t offset,
                 uint64_t length, const cfv_path *path, const char *field, int64_t per,
                 cfv_arg *args, uint32_t nargs)
{
    if (!g->sink)
        return;     /* cfv_rt_counted said no; stated again for the analyser */
    for (uint32_t i = 0; i < nargs; i++)
        if (args[i].kind == CFV_RT_ARG_CSTR) {
            args[i].kind = CFV_ARG_BYTES;
            args[i].u = cfv_rt_str((const char *)args[i].p, (size_t)args[i].u).n;
        }
    cfv_event e;
    e.rule = (uint16_t)rule;
    e.severity = (uint8_t)severity;
    e.message = (uint16_t)message;
    e.sensor = per;
    e.offset = offset;
    e.length = length;
    e.path = path;
    e.field = field;
    e.args = args;
    e.nargs = nargs;
    g->sink(g->sink_user, &e);
}

void cfv_rt_unmute(cfv_gctx *g)
{
    const uint64_t key = g->mute_key;
    const uint32_t n = g->mute_n;
    g->mute_key = 0;
    g->mute_n = 0;
    if (n && g->muted)
        g->muted(g->want_user, (unsigned)(key >> 48), (unsigned)(key >> 40 & 0xFFu),
                 (int)(int32_t)(uint32_t)key, n);
}

int cfv_rt_ask(cfv_gctx *g, unsigned rule, unsigned severity, int64_t per)
{
    cfv_rt_unmute(g);
    g->rec_muted |= CFV_RT_UNMUTED;
    const int r = g->want(g->want_user, rule, severity, (int)per);
    if (r == CFV_WANT_MUTE)
        g->mute_key = cfv_rt_mute_key(rule, severity, per);
    return r != 0 && r != CFV_WANT_MUTE;
}

int cfv_rt_unguarded(cfv_gctx *g, uint64_t offset, const cfv_path *path, const char *field)
{
    cfv_rt_report(g, 0, CFV_SEV_ERROR, 0xFFFFu, offset, 0, path, field, -1, 0, 0);
    return CFV_STOP;
}

int cfv_rt_settle(cfv_gctx *g, int rc)
{
    return g->fault ? cfv_rt_unguarded(g, g->fault_off, NULL, "") : rc;
}
