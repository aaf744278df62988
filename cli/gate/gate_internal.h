/* Internal to the release gate: its state and the instance diff. */
#ifndef CFV_CLI_GATE_INTERNAL_H
#define CFV_CLI_GATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cfv/decode.h"
#include "gate.h"

/* The summary of the previous release the grammar's entry Release looks
 * up (cfv/previous.h), with the arrays it owns. */
typedef struct cfv_gate_prev {
    cfv_previous view;
    cfv_prev_instance *instances;
    uint8_t *ops;
    cfv_prev_type *types;
} cfv_gate_prev;

/* Builds s from the decoded previous release d (borrowing name); -1 out of
 * memory. */
int cfv_gate_previous(cfv_gate_prev *s, const cfv_decoded *d, const char *name);
/* The summary's entry for template_type (its instance count and the fields
 * they read), or NULL when the previous release has no instance of it. */
const cfv_prev_type *cfv_gate_prev_type(const cfv_gate_prev *s, uint16_t template_type);
void cfv_gate_previous_free(cfv_gate_prev *s);

/* Indexes of d's instances sorted by instance_id, then position. NULL out
 * of memory. */
long *cfv_gate_by_id(const cfv_decoded *d);

struct cfv_gate {
    char *prev_path;            /* as shown in messages */
    uint8_t *prev_data;
    cfv_decoded prev;
    cfv_decoded cur;            /* reused for every file */
    cfv_buf json;               /* the "release" array's items */
    size_t json_items;
    cfv_gate_prev summary;      /* prev as the grammar's Release reads it */
    struct cfv_gate_pair *pairs;  /* the last file checked against the previous release */
    size_t npairs;
    cfv_gate_counts last;       /* of the last cfv_gate_check */
};

/* One instance_id in either release: indexes into prev/cur, -1 if absent. */
typedef struct cfv_gate_pair {
    long prev, cur;
} cfv_gate_pair;

/* The instances of both releases matched by instance_id, in id order (a
 * repeated id is matched copy by copy). NULL out of memory; *n pairs. */
cfv_gate_pair *cfv_gate_pairs(const cfv_decoded *prev, const cfv_decoded *cur, size_t *n);

/* 1 if the criteria mean the same (op, flags, reserved, operand: the text
 * for string ops that resolve, else the value). */
int cfv_gate_same_criterion(const cfv_decoded *a, const cfv_dec_criterion *ka,
                            const cfv_decoded *b, const cfv_dec_criterion *kb);
/* 1 if the instance's name text is the same in both. */
int cfv_gate_same_name(const cfv_decoded *a, uint32_t ra, const cfv_decoded *b, uint32_t rb);
/* 1 if the instances differ in anything but their position. */
int cfv_gate_changed(const cfv_decoded *prev, long ip, const cfv_decoded *cur, long ic);


/* Added, removed, changed and unchanged instances among the pairs. */
cfv_gate_counts cfv_gate_count(const cfv_gate *g, const cfv_gate_pair *pairs, size_t n);

/* The summary of one file against the previous release. */
void cfv_gate_summary_text(cfv_gate *g, cfv_report *r, const char *path,
                           const cfv_gate_pair *pairs, size_t n);
void cfv_gate_summary_json(cfv_gate *g, const cfv_report *r, const char *path,
                           const cfv_gate_pair *pairs, size_t n);

#endif
