/* The identity of a finding across edits of its file: what a baseline
 * records and what code scanning's partialFingerprints carry. */
#ifndef CFV_CLI_REPORT_FINGERPRINT_H
#define CFV_CLI_REPORT_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/diag.h"

/* FNV-1a, 64 bits: h's update with the NUL-terminated s (and its NUL). */
#define CFV_FNV_OFFSET 0xcbf29ce484222325ull
uint64_t cfv_fnv_str(uint64_t h, const char *s);

/* The field path as a fingerprint takes it, into out[0..outcap):
 * "instances[12].criteria[20].op" -> "instances[].criteria[20].op". */
void cfv_finding_field(const char *field, size_t cap, char *out, size_t outcap);

/* Over the rule, the sensor (name, or NULL), the field path without its
 * instance index (which instance does not survive an edit elsewhere; which
 * criterion does) and the message with its numbers left out (offsets,
 * sizes, clocks). Two findings can share one: see cfv_fp_seen. */
uint64_t cfv_finding_fingerprint(const cfv_diag *d, const char *sensor);

/* Occurrences of each fingerprint in one file, so the n-th finding with a
 * given fingerprint is told apart from the others ("HASH:n", as GitHub's
 * own line hashes do). Zero-initialize; cfv_fp_seen_free releases it. */
typedef struct cfv_fp_seen {
    uint64_t *keys;
    uint32_t *counts;           /* 0: a free slot */
    size_t n, cap;              /* cap: a power of two, at least 2n */
    int oom;
} cfv_fp_seen;

/* 1 for the first finding with fp in the file, 2 for the second... (0 when
 * out of memory: the caller writes the hash alone). */
uint32_t cfv_fp_seen_next(cfv_fp_seen *s, uint64_t fp);
void cfv_fp_seen_reset(cfv_fp_seen *s);
void cfv_fp_seen_free(cfv_fp_seen *s);

#endif
