/* The release gate behind `cfv check --against PREVIOUS FILE`: the rules
 * that compare a channel file with the release it replaces, stated in the
 * grammar as its entry Release (docs/release-gate.md):
 *
 *   CFV080 error   channel differs from the previous release
 *   CFV081 error   content_version not above the previous release
 *   CFV082 warning criterion turned from wildcard into non-wildcard (the
 *                  19 July 2024 change: a field no instance read before)
 *
 * plus a summary of added, removed and changed instances by instance_id.
 * Diagnostics go through check's report (so text, JSON and SARIF carry
 * them and they count for the exit status); the summary follows each
 * file's diagnostics in text and is a top-level "release" array in JSON. */
#ifndef CFV_CLI_GATE_H
#define CFV_CLI_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/cfv.h"
#include "err.h"
#include "report.h"

typedef struct cfv_gate cfv_gate;

/* Reads and decodes PREVIOUS (at most max_size bytes). NULL with *e. */
cfv_gate *cfv_gate_open(const char *previous, uint64_t max_size, cfv_err *e);
void cfv_gate_free(cfv_gate *g);

/* Where the gate's diagnostics go: the validator's want/emit pair, so
 * they are counted and configured like every other diagnostic. */
typedef struct cfv_gate_sink {
    cfv_diag_want_fn want;
    cfv_diag_fn emit;
    void *user;
    cfv_diag_muted_fn muted;    /* NULL, or want's CFV_WANT_MUTE counts */
} cfv_gate_sink;

/* Compares data (the file just validated) with the previous release and
 * hands its diagnostics to k. -1 out of memory. */
int cfv_gate_check(cfv_gate *g, const cfv_defs *defs, const uint8_t *data, size_t len,
                   const cfv_gate_sink *k);

/* After r's file_end: the summary of the last cfv_gate_check, appended to
 * r's output (text) or kept for cfv_gate_finish (JSON). */
void cfv_gate_summarize(cfv_gate *g, cfv_report *r, const char *path);

/* Instances of the file last compared, by instance_id (cfv plan's changes). */
typedef struct cfv_gate_counts {
    size_t added, removed, changed, unchanged;
} cfv_gate_counts;
cfv_gate_counts cfv_gate_last_counts(const cfv_gate *g);

/* After r's end: JSON gets its "release" array. */
void cfv_gate_finish(cfv_gate *g, cfv_report *r);

#endif
