/* The IR between the grammar's syntax tree and the emitters: per struct,
 * what each value depends on, and the values a pass decided to compute once
 * per record frame rather than where they are used. Passes: ir_lower.c
 * (syntax tree -> IR, dependency of every expression), ir_frame.c (values
 * that depend only on a struct's parameters, computed once per frame). */
#ifndef CFV_GEN_IR_H
#define CFV_GEN_IR_H

#include "gen.h"

/* What a value depends on, from least to most: a constant; the struct's
 * parameters (and the input, which does not change during a run); the
 * entry's `per` set as well (one value per member of the set); the record
 * itself (its fields, lets, index, prev, window). */
typedef enum ir_dep { IR_CONST, IR_PARAM, IR_PER, IR_RECORD } ir_dep;

/* A value held in a struct's frame: an extern call whose arguments depend
 * on the parameters (and the set) only. A frame lives as long as the
 * parameters stay the same: once per array of elements (every element of
 * an array gets the same arguments), once per single-field use, and across
 * both tiers for the entry. */
typedef struct ir_slot {
    char *key;            /* canonical text of the expression */
    const expr *e;
    int per;              /* one value per member of the `per` set */
    int bytes;            /* a cfv_bytes value, else u64 */
    int set_all;          /* index slot: 1 when e holds for every member of the set */
} ir_slot;

/* A use of a struct as a single field whose arguments depend on the
 * parent's parameters only: its frame lives inside the parent's. */
typedef struct ir_nest {
    const field *f;
    const strct *st;
} ir_nest;

/* An array of a struct whose frame values depend on its integer parameters
 * (and the set) only: its frame lives in the parent's, keyed by the values
 * of those parameters, so that every array given the same values shares one
 * (a lookup per distinct argument value rather than per array). */
typedef ir_nest ir_keyed;   /* the same pair: the field and its struct */

/* Index-memo slots hold extern calls whose arguments depend on the
 * parameters and the record's index only (a per-element property of the
 * parameters' type), for the first IR_INDEX_MEMO indexes. */
#define IR_INDEX_MEMO 256
/* A frame's rows: one per memoised index and one more, row IR_INDEX_MEMO,
 * which every index past the memo shares and which is never marked. */
#define IR_INDEX_ROWS (IR_INDEX_MEMO + 1)

typedef struct ir_struct {
    const strct *s;
    ir_slot *slots;
    int nslots;
    ir_slot *islots;      /* by index: computed once per frame and index */
    int nislots;
    /* by value: extern calls over one narrow integer field of the record
     * (a type code) and constants, remembered for the field's last value */
    ir_slot *vslots;
    int nvslots;
    const expr *vkey;     /* that field's name, as the checks spell it */
    ir_nest *nests;
    int nnests;
    ir_keyed *keyed;
    int nkeyed;
} ir_struct;

typedef struct ir {
    const grammar *g;
    ir_struct *st;        /* one per struct, same order as g->structs */
} ir;

/* A `per` check `R1 || .. || S1 || ..` whose disjuncts R do not name the
 * set and whose disjuncts S depend on the parameters, the set and the
 * record's index only: it holds for every member of the set exactly when
 * some R holds or, for every member, some S does. That second part is an
 * index slot (key "all ..."), filled by a loop over the set; the fast tier
 * then tests R || slot with no loop per record. Returns the slot, or -1. */
int ir_set_split(const grammar *g, const strct *s, const expr *cond, const expr ***rest, int *nrest,
                 expr **setpart);
int ir_set_slot_of(const ir *r, const strct *s, const expr *setpart);
char *ir_set_key(const expr *setpart);

/* ir_lower.c */
ir *ir_lower(const grammar *g);
ir_dep ir_dep_of(const grammar *g, const strct *s, const expr *e);
char *ir_key(const expr *e);
/* ir_frame.c */
void ir_pass_frames(ir *r);

/* ir_table.c: conditions over one or two u8 fields of a record (and lets
 * over them) and constants, evaluated by cfv-gen for every value: the fast
 * tier tests one bit. ir_table_vars: 0 and the fields (at most two) when e
 * is such a condition, else -1 (*nvar counts across calls: start at 0). */
typedef struct ir_table {
    const char *var[2];
    int nvar;
    unsigned char bits[8192];   /* bit a << 8 | b (one field: b): all conditions hold */
} ir_table;
int ir_table_vars(const grammar *g, const strct *s, const expr *e, const char *var[2], int *nvar);
void ir_table_fill(const grammar *g, const strct *s, const expr *const *conds, int n, ir_table *t);

/* Look-ups for the emitters. */
const ir_struct *ir_of(const ir *r, const strct *s);
int ir_slot_of(const ir *r, const strct *s, const expr *e);   /* -1: not in the frame */
int ir_islot_of(const ir *r, const strct *s, const expr *e);  /* -1: not memoised by index */
int ir_vslot_of(const ir *r, const strct *s, const expr *e);  /* -1: not memoised by value */
int ir_nested(const ir *r, const strct *s, const field *f);    /* the field's frame is the parent's */
int ir_is_nested(const ir *r, const strct *st);                /* some use of st has the parent's frame */
int ir_keyed_of(const ir *r, const strct *s, const field *f);   /* the array's frame is the parent's, keyed */
int ir_is_key(const param *p);                                  /* a parameter a keyed frame compares */

#endif
