/* Crash classes from the signal, the faulting instruction and the memory
 * map, in the spirit of CASR and CERT `exploitable`. */
#ifndef CFV_TRIAGE_CLASSIFY_H
#define CFV_TRIAGE_CLASSIFY_H

#include "cfv_triage.h"
#include "disasm.h"
#include "maps.h"
#include "triage_record.h"

#define CFV_NEAR_NULL 0x10000u          /* below 64 KiB: a NULL pointer plus an offset */
#define CFV_WILD_DISTANCE 0x10000u      /* farther than this from every mapping */
#define CFV_STACK_GAP (1u << 20)        /* the kernel's guard gap below a stack (stack_guard_gap) */

/* *addr: the data address that faulted (pc for bad-pc). */
cfv_triage_class cfv_classify(const cfv_tr_record *r, const cfv_insn *in, const cfv_maps *m,
                              uint64_t *addr);

#endif
