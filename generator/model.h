/* The emitter's semantic model: what each struct stores (its members and
 * their types) and how an expression's names resolve to C. */
#ifndef CFV_GEN_MODEL_H
#define CFV_GEN_MODEL_H

#include "gen.h"

typedef enum vkind { V_ERR, V_INT, V_BYTES, V_VERDICT, V_STRUCT, V_ARRAY } vkind;

typedef struct vtype {
    vkind k;
    const strct *st;      /* V_STRUCT, V_ARRAY: element struct */
    uint64_t max;         /* V_ARRAY: stored bound, 0 = streamed (count only) */
} vtype;

typedef struct member {
    const char *name;
    vtype t;
    int is_field;         /* has an offset: off_<name> */
    int is_scalar;        /* an integer field */
} member;

typedef struct smodel {
    const strct *s;
    member *m;
    int nm;
    int state;            /* 0 new, 1 collecting, 2 done */
} smodel;

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_take(sbuf *b);
char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* Expression-emission context for one struct. */
typedef struct ectx {
    const grammar *g;
    smodel *models;       /* one per struct, same order as g->structs */
    int errors;
    const strct *s;       /* current struct */
    const char **seen;    /* members of s declared so far, in order */
    int nseen;
    /* refinement being expanded: its parameters map to these C expressions */
    const strct *refine;
    char **ref_c;
    vtype *ref_t;
    /* aggregator filter or foreach body: element struct bound to `it`;
     * `index` and `prev` then mean the element's (C expressions) */
    const strct *elem;
    const char *elem_var;   /* C name of the element pointer */
    const char *elem_index;
    const char *elem_prev;
    int per_set;       /* inside a `per` check: the set parameter is bound */
    int tmp;              /* fresh-name counter */
    /* Statements an expression needs first (aggregate loops, extern calls
     * computed once): the emitter flushes them before the statement. */
    sbuf pre;
    int level;            /* C block depth (the emitter's indent) */
    int in_agg;           /* inside an aggregate's loop: nothing is hoisted */
    struct memo { char *key, *var; int level; } *memo;
    int nmemo;
    char *zero_used;      /* per struct: its zero value is referenced */
    /* The IR (ir.h): values of s held in its frame (inv->vK) are read from
     * there, except while the frame itself is being filled. */
    const struct ir *ir;
    int frames_off;
    int rows_off;         /* filling the index slots: computed, not looked up */
    int vrow_off;         /* filling the value slots: the same */
    /* `&&` and `||` evaluate both sides, without a branch (the fast tier):
     * every operand is total and pure, so only the cost can differ. */
    int eager;
} ectx;

smodel *model_of(ectx *c, const strct *s);
const member *find_member(ectx *c, const strct *s, const char *name, int visible_only);
void mark_seen(ectx *c, const char *name);
/* Emits e as a C expression; returns NULL (and reports) on error. */
char *emit_expr(ectx *c, const expr *e, vtype *t);
/* A report's argument for the bytes emit_expr gave as v: a regex verdict's
 * message goes unmeasured (cfv_rt_arg_cstr), measured only for an event
 * built. */
char *bytes_arg(const char *v);
/* 1 when v (from emit_expr) is a regex verdict's message. */
int message_view(const char *v);
int collect_models(ectx *c);
const char *c_type(vtype t);
const char *zero_of(ectx *c, const strct *s);
/* A stored array's count clamped to its capacity (cfv_rt_cap), as C. */
char *stored_count(const char *base);
char *elem_ptr(ectx *c, const char *base, const char *ix, const strct *st);
/* all(setpart) over the `per` set, memoised by index in frame slot `slot`. */
char *emit_index_slot(ectx *c, int slot);
/* The record's index as a slot of its frame's memos (index rows, the
 * batched loop's last clean records), computed once per block. */
char *memo_index(ectx *c);
/* Member NAME of the current struct read from the C local VAR in this block
 * and deeper (local_of: that local, or NULL). */
void local_bind(ectx *c, const char *name, const char *var);
char *local_of(ectx *c, const char *name);
/* Drops the computed-once values of blocks deeper than c->level. */
void memo_close(ectx *c);

#endif
