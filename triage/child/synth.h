/* Synthesized events for the triage child: one input array per template
 * type, as a sensor supplies it, with neutral values. The values do not
 * matter for triage: the interpreter reads inputs[i] for every
 * non-wildcard criterion whatever they are (FORMAT.md section 6). */
#ifndef CFV_TRIAGE_SYNTH_H
#define CFV_TRIAGE_SYNTH_H

#include "cfv/defs.h"
#include "cfv_replica.h"

/* m slots from cfv_replica_inputs_new (guard page after slot m-1): str
 * fields "" (a real, empty string), u32 fields 0. NULL when out of memory.
 * Free with cfv_replica_inputs_free(p, m). */
cfv_replica_input *cfv_tc_synth_inputs(const cfv_defs *defs, int type_index, uint32_t m);

/* Whether r holds an ENABLED instance whose template_type is this id. */
int cfv_tc_type_enabled(const cfv_replica *r, uint32_t type_id);

#endif
