/* Definitions look-ups for generated code: type indexes in, CFV_NONE out
 * for anything unknown, so the grammar can guard with `!= NONE`. */
#include "cfv_rt.h"


uint64_t cfv_rt_channel_type(const cfv_gctx *g, uint64_t channel)
{
    if (channel > UINT32_MAX)
        return CFV_NONE;
    int t = cfv_defs_type_by_channel(g->defs, (uint32_t)channel);
    return t < 0 ? CFV_NONE : (uint64_t)t;
}

uint64_t cfv_rt_type_by_id(const cfv_gctx *g, uint64_t id)
{
    if (id > UINT32_MAX)
        return CFV_NONE;
    int t = cfv_defs_type_by_id(g->defs, (uint32_t)id);
    return t < 0 ? CFV_NONE : (uint64_t)t;
}

cfv_bytes cfv_rt_type_name(const cfv_gctx *g, uint64_t t)
{
    static const char unknown[CFV_NAME_MAX] = "(unknown type)"; /* as long as a name */
    if (!CFV_RT_TYPE_OK(g, t))
        return cfv_rt_str(unknown, sizeof unknown);
    return cfv_rt_str(g->defs->types[t].name, CFV_NAME_MAX);
}

cfv_bytes cfv_rt_field_name(const cfv_gctx *g, uint64_t t, uint64_t i)
{
    static const char beyond[CFV_NAME_MAX] = "beyond the type's fields";
    if (!CFV_RT_TYPE_OK(g, t))
        return cfv_rt_str(beyond, sizeof beyond);
    const cfv_type_def *ty = &g->defs->types[t];
    uint64_t at = (uint64_t)ty->first_field + i;
    if (i >= ty->nfields || at >= CFV_FIELD_POOL)
        return cfv_rt_str(beyond, sizeof beyond);
    return cfv_rt_str(g->defs->fields[at].name, CFV_NAME_MAX);
}

void cfv_rt_regex(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out)
{
    /* Fail closed: no checker, or an answer outside cfv_re_status, is
     * "unchecked", which the grammar reports (CFV055); never a silent pass. */
    out->status = CFV_RE_UNCHECKED;
    out->offset = 0;
    out->message[0] = 0;
    /* The checker gets its own copy of the pattern: a plain pointer and
     * length, whatever buffer the view is in. */
    uint8_t copy[CFV_RT_REGEX_MAX];
    const uint64_t end = cfv_rt_view_end(pattern);
    if (!g->opt->regex || pattern.n > sizeof copy)
        return;
    const uint8_t *base = pattern.base;
    for (uint64_t k = 0; k < pattern.n; k++) {
        uint64_t at = pattern.off + k;
        copy[k] = 0;
        if (base && at < end)
            copy[k] = base[at];
    }
    g->opt->regex(g->opt->regex_user, copy, (size_t)pattern.n, nocase != 0, out);
    if (out->status > CFV_RE_UNCHECKED)
        out->status = CFV_RE_UNCHECKED;
    out->message[sizeof out->message - 1] = 0;
}
