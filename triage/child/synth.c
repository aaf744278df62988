/* Event synthesis for the triage child (see synth.h). */
#include "synth.h"

#include "cff_layout.h"

cfv_replica_input *cfv_tc_synth_inputs(const cfv_defs *defs, int type_index, uint32_t m)
{
    cfv_replica_input *in = cfv_replica_inputs_new(m);
    if (!in)
        return NULL;
    for (uint32_t i = 0; i < m; i++) {
        /* Slots past the type's fields (a profile larger than the type) stay u32 0. */
        if (cfv_defs_field_type(defs, type_index, i) == CFV_FT_STR)
            in[i].str = "";
    }
    return in;
}

int cfv_tc_type_enabled(const cfv_replica *r, uint32_t type_id)
{
    for (size_t k = 0; k < cfv_replica_count(r); k++) {
        const cfv_replica_instance *in = cfv_replica_instance_at(r, k);
        if (in->type == type_id && (in->flags & CFF_INSTANCE_FLAG_ENABLED))
            return 1;
    }
    return 0;
}
