/* The per-file x per-sensor verdict matrix, one implementation for
 * `cfv check --format json` ("verdicts" of each file) and `cfv plan`.
 *
 * A file is validated ONCE for all the sensors wanted (the validator's
 * sensor rules CFV060..CFV063 carry the sensor they apply to; every other
 * diagnostic applies to all), and each diagnostic is folded into the cells
 * it concerns. The verdict of a cell is exactly that of
 * `cfv check --sensor S` on the file: unsafe when there is an error (or,
 * with --werror, a warning). When the diagnostic cap stopped the pass
 * early, each sensor not yet proven unsafe is validated again on its own,
 * so a cap never turns an unsafe cell into a safe one. A row keeps counts
 * and the first few rules, never the diagnostics or the file's bytes. */
#ifndef CFV_CLI_VERDICT_H
#define CFV_CLI_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/cfv.h"

#define CFV_VERDICT_RULES 6     /* distinct rules kept per cell and severity */

typedef struct cfv_verdict_cell {
    uint32_t errors, warnings;
    uint16_t error_rules[CFV_VERDICT_RULES];     /* first distinct, in file order */
    uint16_t warning_rules[CFV_VERDICT_RULES];
    uint8_t nerror_rules, nwarning_rules;
} cfv_verdict_cell;

/* A cell's first reason: its first error, else its first warning. */
typedef struct cfv_verdict_reason {
    uint16_t rule;
    uint8_t severity;
    char message[CFV_MSG_MAX];
} cfv_verdict_reason;

typedef struct cfv_verdict_row {
    uint32_t sensors;                           /* bit s: defs->sensors[s] has a cell */
    int werror;                                 /* as given to cfv_verdict_validate */
    cfv_verdict_cell cell[CFV_MAX_SENSORS];
    cfv_verdict_reason first[CFV_MAX_SENSORS];  /* valid when the cell counts anything */
} cfv_verdict_row;

void cfv_verdict_row_reset(cfv_verdict_row *row, uint32_t sensors);
/* Folds one diagnostic into the cells it applies to (sensor -1: all). */
void cfv_verdict_row_add(cfv_verdict_row *row, const cfv_diag *d);
/* The same for a diagnostic known only by rule, severity and sensor (cfv
 * check counts diagnostics it does not build): no first reason's message. */
void cfv_verdict_row_count(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor);
/* 1 when the cell of sensor s is unsafe. */
int cfv_verdict_unsafe(const cfv_verdict_row *row, unsigned s, int werror);
/* Bit s set for every unsafe sensor of the row. */
uint32_t cfv_verdict_unsafe_mask(const cfv_verdict_row *row, int werror);
/* Every sensor of the row unsafe, for a file that could not be read (fail closed). */
void cfv_verdict_row_unreadable(cfv_verdict_row *row, const char *why);

/* Validates buf for opt->sensors, filling row; opt->emit (if any) sees every
 * diagnostic of the main pass exactly as cfv_validate reports them. */
cfv_result cfv_verdict_validate(cfv_verdict_row *row, const uint8_t *buf, size_t len,
                                const cfv_options *opt, int werror);

#endif
