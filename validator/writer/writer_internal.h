/* Internal to the writer: the model behind cfv_writer and the string pool. */
#ifndef CFV_WRITER_INTERNAL_H
#define CFV_WRITER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/arena.h"
#include "cfv/writer.h"

typedef struct cfv_wcrit {
    cfv_writer_criterion pub;
    char *text;                 /* in the arena; NULL: pub.operand is written raw */
} cfv_wcrit;

typedef struct cfv_winst {
    cfv_writer_instance pub;
    char *name;                 /* in the arena; NULL: pub.name_ref is written raw */
    cfv_wcrit *crit;            /* in the arena, crit_cap entries */
    size_t ncrit, crit_cap;
} cfv_winst;

/* Grows *p (of *cap elements of size el) to hold at least need; 0 or -1. */
int cfv_w_grow(void **p, size_t *cap, size_t need, size_t el);

/* The STRINGS bytes: distinct NUL-terminated strings in first-use order. */
typedef struct cfv_wpool {
    uint8_t *bytes;
    size_t len, cap;
    uint32_t count;
    uint32_t *slots;            /* open addressing: string offset + 1, 0 = empty */
    size_t nslots;
} cfv_wpool;

/* Interns s; *off = its offset in the pool. 0, or a cfv_writer_status. */
int cfv_wpool_intern(cfv_wpool *p, const char *s, uint32_t *off);
/* Interns every name and text operand of w, then its extra strings. */
int cfv_wpool_build(cfv_wpool *p, const cfv_writer *w);
/* Offset of s in the pool (which must hold it). */
uint32_t cfv_wpool_find(const cfv_wpool *p, const char *s);
void cfv_wpool_free(cfv_wpool *p);
/* Empties p, keeping its memory. */
void cfv_wpool_reset(cfv_wpool *p);

struct cfv_writer {
    cfv_writer_header header;
    cfv_writer_layout layout;
    cfv_winst *inst;
    size_t ninst, inst_cap;
    char **extra;               /* unreferenced strings, in the arena */
    size_t nextra, extra_cap;
    cfv_arena arena;            /* the model's texts and criteria arrays */
    cfv_wpool pool;             /* cfv_writer_encode_to's, kept between calls */
};

#endif
