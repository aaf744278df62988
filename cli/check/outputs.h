/* The reports a `cfv check` run writes besides its main one
 * (--sarif-output, --json-output, --junit-output): chained after it, fed
 * by the same validation, each written to its file atomically at the end. */
#ifndef CFV_CLI_CHECK_OUTPUTS_H
#define CFV_CLI_CHECK_OUTPUTS_H

#include "check_args.h"
#include "out.h"
#include "report.h"

typedef struct cfv_check_outputs {
    cfv_out out[CFV_NALSO];
    cfv_report report[CFV_NALSO];
    int open[CFV_NALSO];
} cfv_check_outputs;

/* Opens each file asked for and chains its report after main (which must
 * be initialised, its catalog final). 0, or -1 with one line in *e (a file
 * that is one of the inputs, or cannot be created). */
int cfv_check_outputs_open(cfv_check_outputs *o, const cfv_check_args *a, cfv_report *main,
                           cfv_err *e);
/* Writes every file; 0, or -1 with *e for the first that failed. */
int cfv_check_outputs_commit(cfv_check_outputs *o, cfv_err *e);
/* Frees the reports and drops the files not committed. */
void cfv_check_outputs_free(cfv_check_outputs *o);

#endif
