/* Internal to the mutator: its state, the random source, and the mutation
 * families (one file each) that share them. */
#ifndef CFV_MUT_INTERNAL_H
#define CFV_MUT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/decode.h"
#include "cfv/writer.h"
#include "cfv_mutator.h"

#define CFV_MUT_DESC_MAX 128
#define CFV_MUT_TEXT_MAX 1400   /* spliced strings: past the 1024-byte limit, not far */

struct cfv_mutator {
    const cfv_defs *defs;
    cfv_mutator_bytes_fn bytes;     /* NULL: the built-in havoc */
    void *bytes_user;
    uint64_t rng;
    cfv_decoded a, b;               /* the input and the crossover partner, reused */
    int b_live;                     /* b decodes this call's partner (else stale) */
    int a_text, b_text;             /* their strings can be edited as text */
    cfv_writer *w;                  /* the model of each round, reused: no allocation per
                                       mutation once warmed up */
    long *plan;                     /* mut_rebuild.c's instance list, kept */
    size_t plan_cap;
    uint8_t *out;                   /* the last result */
    size_t out_cap;
    char desc[CFV_MUT_DESC_MAX];
    size_t desc_len;
    int quiet;                      /* no descriptions (cfv_mutator_set_describe) */
    char text[CFV_MUT_TEXT_MAX + 1];    /* a spliced string */
};

/* ------------------------------------------------------------------ random */

/* splitmix64: tiny state, good enough spread for choosing mutations. */
static inline uint64_t cfv_mut_next(cfv_mutator *m)
{
    uint64_t z = (m->rng += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n is 0. */
static inline uint32_t cfv_mut_below(cfv_mutator *m, uint32_t n)
{
    return n ? (uint32_t)(((cfv_mut_next(m) >> 32) * n) >> 32) : 0;
}

/* 1 with probability pct / 100. */
static inline int cfv_mut_chance(cfv_mutator *m, uint32_t pct) { return cfv_mut_below(m, 100) < pct; }

/* Appends a token to the description ("+" between tokens). */
void cfv_mut_note(cfv_mutator *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ----------------------------------------------------------------- choices */

/* An index in [0, n): uniform most of the time, the last or the first more
 * often than uniform (boundary values, where off-by-one faults live). */
uint32_t cfv_mut_index(cfv_mutator *m, uint32_t n);
/* A u32 worth trying: 0, 1, powers of two and their neighbours, the format's
 * constants, or random. */
uint32_t cfv_mut_u32(cfv_mutator *m);
/* An op for a field of this cfv_field_type (0: unknown field): fitting most
 * of the time, any defined op sometimes, an undefined one rarely. Never ANY. */
uint8_t cfv_mut_op(cfv_mutator *m, uint8_t field_type);
/* Criterion flags for op: usually none, NOCASE/NEGATE where allowed, rarely junk. */
uint8_t cfv_mut_crit_flags(cfv_mutator *m, uint8_t op);
/* A NUL-terminated, usually non-empty string: one of the input's (or the
 * partner's), a token, or a splice of those. Valid until the next call. */
const char *cfv_mut_text(cfv_mutator *m);
/* A raw reference into a's STRINGS (for models whose strings are raw). */
uint32_t cfv_mut_raw_sref(cfv_mutator *m);

/* Field type of field i of the instance's template type, 0 when unknown. */
uint8_t cfv_mut_field_type(const cfv_mutator *m, uint16_t template_type, uint32_t i);

/* --------------------------------------------------------------- mutations */

/* Each edits the model w in place; 0, or -1 when nothing applied (the
 * caller tries another) or on a writer error. */
int cfv_mut_criterion(cfv_mutator *m, cfv_writer *w);
int cfv_mut_instance(cfv_mutator *m, cfv_writer *w);
int cfv_mut_string(cfv_mutator *m, cfv_writer *w);
int cfv_mut_header(cfv_mutator *m, cfv_writer *w);
int cfv_mut_layout(cfv_mutator *m, cfv_writer *w);

/* Sets criterion c of instance i to a non-wildcard op fitting its field. */
int cfv_mut_set_live(cfv_mutator *m, cfv_writer *w, size_t i, size_t c);
/* Switches instance i to type index t; consistent: field_count and the
 * criteria follow the definition, ops that no longer fit become ANY. */
int cfv_mut_retype(cfv_mutator *m, cfv_writer *w, size_t i, int t, int consistent);
/* Appends a fresh instance of type index t: all ANY but a few live criteria. */
int cfv_mut_add_instance(cfv_mutator *m, cfv_writer *w, int t);

/* Models that change the instance list: built afresh in w (reset first)
 * from the decoded views. 0, or a cfv_writer_status. */
int cfv_mut_restructure(cfv_mutator *m, cfv_writer *w);
int cfv_mut_splice(cfv_mutator *m, cfv_writer *w);

/* ------------------------------------------------------------------- bytes */

/* Byte-level havoc on buf[0..len) (capacity cap); returns the new length. */
size_t cfv_mut_bytes(cfv_mutator *m, uint8_t *buf, size_t len, size_t cap);
/* Sets file_size and CRC-32C right (when there is a header). */
void cfv_mut_fix(uint8_t *buf, size_t len);
/* Breaks the integrity fields on purpose: a CRC bit, or file_size with a
 * CRC that covers it. */
void cfv_mut_break(cfv_mutator *m, uint8_t *buf, size_t len);

#endif
