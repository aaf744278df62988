/* The release gate behind `cfv check --against PREVIOUS FILE`: the rules
 * that compare a channel file with the release it replaces, which a
 * single-file grammar cannot state (docs/release-gate.md):
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

/* After cfv_report_init: adds CFV080..CFV082 to the report's rule catalog
 * (SARIF lists them under tool.driver.rules). */
void cfv_gate_attach(cfv_gate *g, cfv_report *r);

/* Compares data (the file `path` just validated) with the previous release:
 * its diagnostics go to r (before r's file_end) and into *res; the text
 * summary is appended to r's output, the JSON one kept for cfv_gate_finish. */
void cfv_gate_check(cfv_gate *g, cfv_report *r, const char *path, const uint8_t *data,
                    size_t len, cfv_result *res);

/* Instances of the file last compared, by instance_id (cfv plan's changes). */
typedef struct cfv_gate_counts {
    size_t added, removed, changed, unchanged;
} cfv_gate_counts;
cfv_gate_counts cfv_gate_last_counts(const cfv_gate *g);

/* After r's end: JSON gets its "release" array. */
void cfv_gate_finish(cfv_gate *g, cfv_report *r);

/* The gate's rules, for docs and tests. */
const cfv_rule_info *cfv_gate_rules(size_t *count);

#endif
