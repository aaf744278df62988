/* From what a plain child reported to a classified, named crash. */
#ifndef CFV_TRIAGE_ANALYZE_H
#define CFV_TRIAGE_ANALYZE_H

#include "cfv_triage.h"
#include "symcache.h"
#include "triage_record.h"

/* exe: the child program's real path (its frames are "the program"). 0, or
 * -1 when out of memory. */
int cfv_analyze(cfv_symcache *c, const char *exe, const cfv_tr_record *r, const char *maps,
                size_t maps_len, cfv_triage_crash *out);

/* FNV-1a over frames 1..3 (module name and module offset): stable across
 * runs whatever the load addresses (ASLR). */
uint32_t cfv_analyze_stack_hash(const cfv_triage_crash *c);

#endif
