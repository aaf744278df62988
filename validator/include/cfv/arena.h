/* Memory carved from a few blocks, freed together: for a hosted library
 * that keeps many small pieces (the writer's model, the regex cache's
 * pattern copies and compiled codes), so that a piece costs no malloc of
 * its own (under ASan a stack trace each; under libFuzzer a changed malloc
 * count reruns the input to look for a leak). A new block is as large as
 * all before it, so that is once per doubling. Under ASan the free space
 * stays poisoned and each piece is followed by a poisoned gap, so an
 * overrun out of a piece is still reported. Never part of the freestanding
 * core. */
#ifndef CFV_ARENA_H
#define CFV_ARENA_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/asan.h"

#define CFV_ARENA_GAP (CFV_ASAN ? 8u : 0u)
#define CFV_ARENA_MIN 4096u
#define CFV_ARENA_ALIGN 16u

typedef struct cfv_arena_block {
    struct cfv_arena_block *next;
    size_t cap, used;
    _Alignas(CFV_ARENA_ALIGN) unsigned char data[];
} cfv_arena_block;

typedef struct cfv_arena {
    cfv_arena_block *head;      /* the block pieces come from; older ones follow */
    size_t total;               /* bytes of all blocks */
    void *last;                 /* the last piece carved while it is the last, else NULL */
} cfv_arena;

static inline cfv_arena_block *cfv_arena_block_new(size_t cap, cfv_arena_block *next)
{
    if (cap > SIZE_MAX - sizeof(cfv_arena_block))
        return NULL;
    cfv_arena_block *b = malloc(sizeof *b + cap);
    if (!b)
        return NULL;
    b->next = next;
    b->cap = cap;
    b->used = 0;
    CFV_POISON(b->data, cap);
    return b;
}

/* n bytes (16-aligned), or NULL when out of memory. */
static inline void *cfv_arena_alloc(cfv_arena *a, size_t n)
{
    const size_t step = (n + CFV_ARENA_GAP + CFV_ARENA_ALIGN - 1) & ~(size_t)(CFV_ARENA_ALIGN - 1);
    if (step < n)
        return NULL;
    cfv_arena_block *b = a->head;
    if (!b || b->cap - b->used < step) {
        size_t cap = a->total > CFV_ARENA_MIN ? a->total : CFV_ARENA_MIN;
        if (cap < step)
            cap = step;
        if (!(b = cfv_arena_block_new(cap, a->head)))
            return NULL;
        a->head = b;
        a->total += cap;
    }
    void *p = b->data + b->used;
    b->used += step;
    a->last = p;
    CFV_UNPOISON(p, n);
    return p;
}

/* A copy of s in the arena, or NULL (s must not be NULL). */
static inline char *cfv_arena_strdup(cfv_arena *a, const char *s)
{
    const size_t n = strlen(s) + 1;
    char *d = cfv_arena_alloc(a, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* p given back if it is the last piece carved (a temporary); any other
 * piece stays until the arena is reset or freed. */
static inline void cfv_arena_release(cfv_arena *a, void *p)
{
    if (!p || p != a->last)
        return;
    cfv_arena_block *b = a->head;
    b->used = (size_t)((unsigned char *)p - b->data);
    CFV_POISON(p, b->cap - b->used);
    a->last = NULL;
}

static inline void cfv_arena_free_blocks(cfv_arena_block *b)
{
    while (b) {
        cfv_arena_block *next = b->next;
        CFV_UNPOISON(b->data, b->cap);
        free(b);
        b = next;
    }
}

/* Every piece given back; the memory is kept for the next ones. More than
 * one block: one of their total size replaces them, so the next round of
 * that size takes no allocation at all. */
static inline void cfv_arena_reset(cfv_arena *a)
{
    cfv_arena_block *b = a->head;
    a->last = NULL;
    if (b && b->next) {
        cfv_arena_block *one = cfv_arena_block_new(a->total, NULL);
        if (one) {
            cfv_arena_free_blocks(b);
            a->head = one;
            return;
        }
        /* No memory for the merged block: keep the newest, drop the rest. */
        cfv_arena_free_blocks(b->next);
        b->next = NULL;
        a->total = b->cap;
    }
    if (b) {
        b->used = 0;
        CFV_POISON(b->data, b->cap);
    }
}

static inline void cfv_arena_free(cfv_arena *a)
{
    cfv_arena_free_blocks(a->head);
    a->head = NULL;
    a->total = 0;
    a->last = NULL;
}

#endif
