/* Definitions look-ups for generated code: type indexes in, CFV_NONE out
 * for anything unknown, so the grammar can guard with `!= NONE`. */
#include "cfv_rt.h"

static cfv_bytes name_bytes(const char *s)
{
    cfv_bytes b = { (const uint8_t *)s, 0 };
    while (b.n < CFV_NAME_MAX && s[b.n])
        b.n++;
    return b;
}

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
    static const char unknown[] = "(unknown type)";
    return name_bytes(CFV_RT_TYPE_OK(g, t) ? g->defs->types[t].name : unknown);
}

cfv_bytes cfv_rt_field_name(const cfv_gctx *g, uint64_t t, uint64_t i)
{
    static const char beyond[] = "beyond the type's fields";
    if (!CFV_RT_TYPE_OK(g, t))
        return name_bytes(beyond);
    const cfv_type_def *ty = &g->defs->types[t];
    uint64_t at = (uint64_t)ty->first_field + i;
    if (i >= ty->nfields || at >= CFV_FIELD_POOL)
        return name_bytes(beyond);
    return name_bytes(g->defs->fields[at].name);
}

void cfv_rt_regex(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out)
{
    /* Fail closed: no checker, or an answer outside cfv_re_status, is
     * "unchecked", which the grammar reports (CFV055); never a silent pass. */
    out->status = CFV_RE_UNCHECKED;
    out->offset = 0;
    out->message[0] = 0;
    if (g->opt->regex)
        g->opt->regex(g->opt->regex_user, pattern.p, (size_t)pattern.n, nocase != 0, out);
    if (out->status > CFV_RE_UNCHECKED)
        out->status = CFV_RE_UNCHECKED;
    out->message[sizeof out->message - 1] = 0;
}
