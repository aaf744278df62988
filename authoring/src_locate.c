/* From a byte of the encoded file back to the source line that made it. */
#include "src_parse.h"

static int within(uint64_t off, uint64_t start, uint64_t size)
{
    return off >= start && off - start < size;
}

cfv_src_loc cfv_src_locate(const cfv_src_model *m, const cfv_wfile *f, uint64_t off)
{
    cfv_src_loc none = {0, 0};
    if (within(off, CFF_HEADER_CHANNEL_ID_OFF, CFF_HEADER_CHANNEL_ID_SIZE))
        return m->channel_at;
    if (within(off, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE))
        return m->content_version_at;
    if (within(off, CFF_HEADER_CREATED_UTC_OFF, CFF_HEADER_CREATED_UTC_SIZE))
        return m->created_at;
    /* Records are in ascending offset order: binary search for the last one at or before off. */
    size_t lo = 0, hi = f->ninstances < m->ninst ? f->ninstances : m->ninst;
    if (hi == 0 || off < f->instance_off[0])
        return none;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->instance_off[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    const cfv_src_inst *in = &m->insts[lo];
    uint64_t rec = f->instance_off[lo];
    uint64_t crit0 = rec + CFF_INSTANCE_FIXED_SIZE;
    if (off < crit0)
        return in->at;
    uint64_t c = (off - crit0) / CFF_CRITERION_FIXED_SIZE;
    if (c >= in->ncrit || c >= f->instance_ncrit[lo])
        return none;
    cfv_src_loc at = m->crits[in->first_crit + c];
    return at.line ? at : in->at;
}
