/* The rollout plan of `cfv plan` (FLEET.md): which rings a release may
 * reach, from the fleet inventory and the per-file x per-sensor verdicts.
 *
 * Memory is the inventory plus, per (file, sensor profile the fleet uses),
 * one small cell (verdict and first rules); files' bytes and diagnostics
 * are never kept. With --against, per (file, previous release) one more
 * cell for the release gate's rules (CFV080..CFV082). */
#ifndef CFV_CLI_PLAN_H
#define CFV_CLI_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/cfv.h"
#include "fleet.h"
#include "verdict.h"

#define CFV_PLAN_RULES (2 * CFV_VERDICT_RULES)

typedef struct cfv_plan_cell {
    uint8_t unsafe;
    uint8_t nrules;
    uint16_t rules[CFV_PLAN_RULES];     /* errors' rules, then (--werror) warnings' */
} cfv_plan_cell;

/* The first reason a column (a sensor profile, or a previous release) is unsafe. */
typedef struct cfv_plan_reason {
    long file;                          /* -1: none */
    uint16_t rule;
    char message[CFV_VERDICT_MSG_MAX];
} cfv_plan_reason;

/* What the release changes against one previous release, summed over files. */
typedef struct cfv_plan_changes {
    uint64_t added, removed, changed, unchanged;
    uint64_t first_reads;               /* CFV082 diagnostics */
} cfv_plan_changes;

typedef struct cfv_plan_ring {
    uint64_t hosts, unsafe_hosts;
    int clear;
    long first_unsafe;                  /* first unsafe entry (fleet order), or -1 */
} cfv_plan_ring;

typedef struct cfv_plan {
    const cfv_fleet *fleet;
    const cfv_defs *defs;
    int werror;
    const char *const *paths;           /* display names of the files */
    size_t nfiles;
    int *profile;                       /* per fleet sensor: defs sensor index, or -1 */
    int col_of[CFV_MAX_SENSORS];        /* defs sensor index -> column, or -1 */
    size_t ncols;
    uint32_t mask;                      /* the profiles to validate for */
    cfv_plan_cell *cells;               /* nfiles x ncols */
    cfv_plan_reason reason[CFV_MAX_SENSORS];    /* per column */
    uint8_t col_unsafe[CFV_MAX_SENSORS];
    /* --against: per ring the previous release it runs (index), or -1 */
    const char *const *prev_paths;
    size_t nprev;
    const long *ring_prev;
    cfv_plan_cell *gate_cells;          /* nfiles x nprev */
    cfv_plan_reason *gate_reason;       /* per previous release */
    cfv_plan_changes *changes;          /* per previous release */
    uint8_t *prev_unsafe;
    /* results of cfv_plan_compute */
    uint8_t *entry_unsafe;              /* per inventory entry */
    size_t *by_ring;                    /* entry indices grouped by ring, fleet order kept */
    size_t *ring_start;                 /* ring r's entries: by_ring[ring_start[r] .. ring_start[r+1]) */
    cfv_plan_ring *rings;
    long deployable_through;            /* last ring of the clear prefix, or -1 */
    uint64_t blast_radius;
} cfv_plan;

/* ring_prev (nrings entries, or NULL) maps each ring to prev_paths. 0, or -1 out of memory. */
int cfv_plan_init(cfv_plan *p, const cfv_fleet *fleet, const cfv_defs *defs, int werror,
                  const char *const *paths, size_t nfiles, const char *const *prev_paths,
                  size_t nprev, const long *ring_prev);
void cfv_plan_free(cfv_plan *p);

/* File f's verdicts (row validated for p->mask). */
void cfv_plan_record(cfv_plan *p, size_t f, const cfv_verdict_row *row);
/* File f against previous release k: the gate's diagnostics in row's cell 0. */
void cfv_plan_record_gate(cfv_plan *p, size_t f, size_t k, const cfv_verdict_row *row,
                          const cfv_plan_changes *changes);
/* Ring status, unsafe hosts, deployable_through and the blast radius. */
void cfv_plan_compute(cfv_plan *p);

/* 0 when every ring up to `through` (-1: the last) is clear, else 1. */
int cfv_plan_exit_status(const cfv_plan *p, long through);

/* For an inventory entry: 1 when file f is unsafe for it, with the rules
 * (sensor's and release gate's, deduplicated) in rules[*n]. */
int cfv_plan_file_unsafe(const cfv_plan *p, size_t entry, size_t f,
                         uint16_t rules[2 * CFV_PLAN_RULES], size_t *n);
/* The next file at or after f unsafe for an entry, its rules as above;
 * p->nfiles when there is none:
 *   for (f = 0; (f = cfv_plan_next_unsafe_file(p, i, f, rules, &n)) < p->nfiles; f++) */
size_t cfv_plan_next_unsafe_file(const cfv_plan *p, size_t entry, size_t f,
                                 uint16_t rules[2 * CFV_PLAN_RULES], size_t *n);
/* The position in by_ring, at or after x, of the next unsafe entry of ring
 * r; p->ring_start[r + 1] when there is none:
 *   for (x = p->ring_start[r]; (x = cfv_plan_next_unsafe(p, r, x)) < p->ring_start[r + 1]; x++) */
size_t cfv_plan_next_unsafe(const cfv_plan *p, size_t r, size_t x);
/* The first reason of an unsafe entry (the sensor's, else the release
 * gate's); NULL for a sensor without a profile. */
const cfv_plan_reason *cfv_plan_entry_reason(const cfv_plan *p, size_t entry);

#endif
