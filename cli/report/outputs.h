/* The reports a run writes besides its main one (--sarif-output,
 * --json-output, --junit-output of cfv check and cfv build): chained after
 * it, fed by the same validation, each written to its file atomically at
 * the end. Also the option-table entries and --format's parser those
 * commands share. */
#ifndef CFV_CLI_REPORT_OUTPUTS_H
#define CFV_CLI_REPORT_OUTPUTS_H

#include <stddef.h>

#include "err.h"
#include "out.h"
#include "report.h"

/* The reports --sarif-output, --json-output and --junit-output add. */
enum { CFV_ALSO_SARIF, CFV_ALSO_JSON, CFV_ALSO_JUNIT, CFV_NALSO };

#define CFV_OPT_SARIF_OUTPUT \
    {"sarif-output", 0, "FILE", "also write the SARIF report to FILE (atomically), same run"}
#define CFV_OPT_JSON_OUTPUT \
    {"json-output", 0, "FILE", "also write the JSON report to FILE (atomically), same run"}
#define CFV_OPT_JUNIT_OUTPUT \
    {"junit-output", 0, "FILE", "also write the JUnit XML report to FILE (atomically), same run"}

/* --format's value, one of text json sarif github gcc junit: 0, or -1 with
 * one line in *e. */
int cfv_report_format_parse(const char *v, cfv_format *f, cfv_err *e);

typedef struct cfv_report_outputs {
    cfv_out out[CFV_NALSO];
    cfv_report report[CFV_NALSO];
    int open[CFV_NALSO];
} cfv_report_outputs;

/* Opens each file asked for (paths[k], NULL: not asked) and chains its
 * report after main (which must be initialised, its catalog final). 0, or
 * -1 with one line in *e (a file that is one of inputs[0..ninputs), or
 * cannot be created). */
int cfv_report_outputs_open(cfv_report_outputs *o, const char *const paths[CFV_NALSO],
                            const char *const *inputs, size_t ninputs, cfv_report *main,
                            cfv_err *e);
/* Writes every file; 0, or -1 with *e for the first that failed. */
int cfv_report_outputs_commit(cfv_report_outputs *o, cfv_err *e);
/* Frees the reports and drops the files not committed. */
void cfv_report_outputs_free(cfv_report_outputs *o);

#endif
