/* The per-file x per-sensor verdict matrix, one implementation for
 * `cfv check --format json` ("verdicts" of each file) and `cfv plan`.
 *
 * A file is validated ONCE for all the sensors wanted (the validator's
 * sensor rules CFV060..CFV063 carry the sensor they apply to; every other
 * diagnostic applies to all), and each diagnostic is folded into the cells
 * it concerns with the severity it ends with (a configuration may change
 * it). The verdict of a cell is exactly that of `cfv check --sensor S` on
 * the file: unsafe when there is an error (or, with --werror, a warning);
 * notes never count. Every diagnostic is counted (the validator's `want`
 * hook: no cap stops the pass); only those a report prints, and the first
 * of each cell (its reason), are built. A row keeps counts and the first
 * few rules, never the diagnostics or the file's bytes. */
#ifndef CFV_CLI_VERDICT_H
#define CFV_CLI_VERDICT_H

#include <stddef.h>
#include <stdint.h>

/* The first reason of a verdict cell, as summaries show it (the full
 * message is in the diagnostics themselves). */
#define CFV_VERDICT_MSG_MAX 224

#include "cfv/cfv.h"

#define CFV_VERDICT_RULES 6     /* distinct rules kept per cell and severity */
#define CFV_VERDICT_FOLDED_WORDS 32 /* rule ids below 1024 are remembered as folded */

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
    char message[CFV_VERDICT_MSG_MAX];   /* a summary's copy, cut if longer */
} cfv_verdict_reason;

typedef struct cfv_verdict_row {
    uint32_t sensors;                           /* bit s: defs->sensors[s] has a cell */
    int werror;                                 /* --werror: warnings make a cell unsafe */
    uint32_t unexplained;                       /* bit s: first[s] still lacks its message */
    cfv_verdict_cell cell[CFV_MAX_SENSORS];
    cfv_verdict_reason first[CFV_MAX_SENSORS];  /* valid when the cell counts anything */
    /* Bit r of folded[w]: rule r was folded into every cell as an error
     * (w 0) or a warning (w 1), so folding it again for all only counts:
     * the cells already have a first reason and keep the rule (or are
     * full). A file that breaks one rule a million times costs a loop over
     * the cells per diagnostic, not a fold. */
    uint32_t folded[2][CFV_VERDICT_FOLDED_WORDS];
} cfv_verdict_row;

void cfv_verdict_row_reset(cfv_verdict_row *row, uint32_t sensors);
/* Folds one diagnostic into the cells it applies to (sensor -1: all). */
void cfv_verdict_row_add(cfv_verdict_row *row, const cfv_diag *d);
/* The same for a diagnostic known only by rule, severity and sensor (cfv
 * check counts diagnostics it does not build): no first reason's message. */
void cfv_verdict_row_count(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor);
/* n of them at once (the validator's muted count, cfv_options.muted). */
void cfv_verdict_row_count_n(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor,
                             uint32_t n);
/* 1 when the cell of sensor s is unsafe. */
int cfv_verdict_unsafe(const cfv_verdict_row *row, unsigned s, int werror);
/* Bit s set for every unsafe sensor of the row. */
uint32_t cfv_verdict_unsafe_mask(const cfv_verdict_row *row, int werror);
/* Every sensor of the row unsafe, for a file that could not be read (fail closed). */
void cfv_verdict_row_unreadable(cfv_verdict_row *row, const char *why);

/* Where one validation pass goes besides the row. Every member may be NULL. */
typedef struct cfv_verdict_sink {
    /* The severity a diagnostic ends with (a configuration may change it),
     * or -1 when it does not count at all (off, suppressed). NULL: as is. */
    int (*severity)(void *user, unsigned rule, unsigned severity);
    /* The report: whether it prints a diagnostic of that severity, and the
     * diagnostic itself (with the severity it ended with). */
    int (*wants)(void *user, unsigned severity);
    cfv_diag_fn emit;
    void *user;
} cfv_verdict_sink;

/* A pass in progress: cfv_verdict_tap_want and cfv_verdict_tap_emit are a
 * cfv_options want/emit pair (user: the tap), and the release gate's sink. */
typedef struct cfv_verdict_tap {
    cfv_verdict_row *row;
    const cfv_verdict_sink *k;
    unsigned severity;                  /* of the diagnostic being built */
    int for_report;                     /* ... which the report wants */
    uint64_t sev[3];                    /* counted, by the severity they ended with */
} cfv_verdict_tap;

int cfv_verdict_tap_want(void *user, unsigned rule, unsigned severity, int sensor);
void cfv_verdict_tap_emit(void *user, const cfv_diag *d);

/* Resets row for opt->sensors and validates buf once, counting every
 * diagnostic into it (and into *t, which must outlive the call only);
 * opt's want, emit and max_diagnostics are replaced. */
void cfv_verdict_validate(cfv_verdict_row *row, cfv_verdict_tap *t, const uint8_t *buf,
                          size_t len, const cfv_options *opt, int werror,
                          const cfv_verdict_sink *k);

#endif
