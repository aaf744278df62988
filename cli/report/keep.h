/* The diagnostics a report will print at the end of a file, bounded: at most
 * `cap` entries per severity (and never more than CFV_KEEP_MAX), so a 64 MiB
 * file that breaks a rule in every criterion costs a few kilobytes here.
 * With grouping (text), an identical diagnostic (same rule, severity, sensor
 * and message) joins the entry it repeats instead of taking a new one. */
#ifndef CFV_CLI_REPORT_KEEP_H
#define CFV_CLI_REPORT_KEEP_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/diag.h"

#define CFV_KEEP_MAX 10000u
/* Grouping looks at this many diagnostics of a severity at most (or the
 * cap, if larger): a file that breaks a rule in each of its million
 * criteria is then built 10000 times, not a million (bench_validate). */
#define CFV_GROUP_BUDGET 10000u
#define CFV_NSEV 3      /* error, warning, note: the cfv_severity values */

typedef struct cfv_kept {
    cfv_diag d;
    uint64_t more;      /* identical diagnostics folded into this one */
} cfv_kept;

typedef struct cfv_keep {
    uint32_t cap;                   /* entries per severity */
    int group;
    cfv_kept *items[CFV_NSEV];
    size_t n[CFV_NSEV], alloc[CFV_NSEV];
    uint64_t seen[CFV_NSEV];        /* diagnostics offered (kept or folded) */
    uint32_t *slots;                /* open addressing: severity << 24 | index + 1 */
    size_t nslots;
} cfv_keep;

/* cap 0 keeps nothing. Returns -1 out of memory (then nothing is kept). */
int cfv_keep_init(cfv_keep *k, uint32_t cap, int group);
void cfv_keep_free(cfv_keep *k);
/* Forgets the kept entries (a new file). */
void cfv_keep_reset(cfv_keep *k);
/* 1 if a diagnostic of this severity is worth building: there is room for
 * a new entry and, when grouping, fewer than the budget have been offered
 * (a repeat would join its entry, but that is known only once the message
 * is built). The rest are counted by the caller, not shown. */
int cfv_keep_room(const cfv_keep *k, unsigned severity);
/* Keeps d (d->severity says which list) or folds it into its twin; 0 if it
 * was neither (no room, out of memory). */
int cfv_keep_add(cfv_keep *k, const cfv_diag *d);

#endif
