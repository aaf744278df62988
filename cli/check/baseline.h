/* The baseline: findings a team has accepted for now (docs/baseline.md).
 * `--write-baseline FILE` records the current findings; `--baseline FILE`
 * reports and counts only the findings not in it and lists its stale
 * entries. A finding is (path relative to the baseline's directory, rule,
 * fingerprint); the fingerprint hashes
 * the rule, the sensor, the field path with instance indexes left out and
 * the message with numbers left out, so inserting or removing other
 * instances, strings or bytes leaves it alone. Repeats are counted, not
 * listed. Safety rules never enter a baseline, and a baseline that holds
 * one is refused. Read with jansson; written atomically. */
#ifndef CFV_CLI_CHECK_BASELINE_H
#define CFV_CLI_CHECK_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cfv/diag.h"
#include "err.h"

typedef struct cfv_bl_entry {
    char *path;
    unsigned rule;
    char *field;            /* with instance indexes left out */
    char *sensor;           /* NULL: none */
    char *message;          /* for people reading the file */
    uint64_t fingerprint;
    uint64_t count;         /* findings recorded */
    uint64_t matched;       /* findings of this run that it absorbed */
    int checked;            /* its file was checked in this run */
} cfv_bl_entry;

typedef struct cfv_baseline {
    cfv_bl_entry *items;
    size_t n, cap;
    size_t *slots;          /* index + 1, open addressing on (path, fingerprint) */
    size_t nslots;
} cfv_baseline;

void cfv_baseline_init(cfv_baseline *b);
void cfv_baseline_free(cfv_baseline *b);

/* Reads FILE; -1 with one line ("FILE:LINE:COL: ..." or "FILE: entry N: ...")
 * for anything malformed, and for an entry of a safety rule. */
int cfv_baseline_load(cfv_baseline *b, const char *path, cfv_err *e);

/* The fingerprint of a diagnostic (sensor: its name or NULL). */
uint64_t cfv_baseline_fingerprint(const cfv_diag *d, const char *sensor);

/* Marks every entry of path as checked (for the stale list). */
void cfv_baseline_checked(cfv_baseline *b, const char *path);
/* Marks every entry below directory dir ("" for all) as checked: a walked
 * directory covers its files, so the entries of a deleted file go stale. */
void cfv_baseline_checked_below(cfv_baseline *b, const char *dir);
/* 1 if the finding is in the baseline and not yet used up (it is then). */
int cfv_baseline_absorb(cfv_baseline *b, const char *path, const cfv_diag *d, const char *sensor);
/* Records a finding (adds one to its count). -1 out of memory. */
int cfv_baseline_record(cfv_baseline *b, const char *path, const cfv_diag *d, const char *sensor);

/* Stale: an entry of a checked file whose findings did not all come back
 * (matched < count). */
int cfv_baseline_is_stale(const cfv_bl_entry *x);

/* The baseline as JSON, entries sorted (stable diffs). */
void cfv_baseline_json(const cfv_baseline *b, cfv_buf *out);

#endif
