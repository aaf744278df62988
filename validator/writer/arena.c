/* The model's memory: texts and criteria arrays carved from a few large
 * blocks, given back all at once (cfv_writer_free) or kept for the next
 * model (cfv_writer_reset). The fuzzer's mutator builds one model per
 * mutation; a malloc per string and per instance was most of its time under
 * ASan (a stack trace for each, fresh pages out of the quarantine). */
#include <stdlib.h>
#include <string.h>

#include "writer_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define CFV_W_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CFV_W_ASAN 1
#endif
#endif

#ifdef CFV_W_ASAN
#include <sanitizer/asan_interface.h>
/* Under ASan the free space stays poisoned and each piece is followed by
 * a poisoned gap, so an overrun out of a piece is still reported. */
#define REDZONE 8u
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define REDZONE 0u
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define BLOCK_MIN 4096u
#define ALIGN 16u

struct cfv_wblock {
    struct cfv_wblock *next;
    size_t cap, used;
    _Alignas(ALIGN) unsigned char data[];
};

static cfv_wblock *block_new(size_t cap, cfv_wblock *next)
{
    if (cap > SIZE_MAX - sizeof(cfv_wblock))
        return NULL;
    cfv_wblock *b = malloc(sizeof *b + cap);
    if (!b)
        return NULL;
    b->next = next;
    b->cap = cap;
    b->used = 0;
    POISON(b->data, cap);
    return b;
}

void *cfv_warena_alloc(cfv_warena *a, size_t n)
{
    size_t step = (n + REDZONE + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (step < n)
        return NULL;
    cfv_wblock *b = a->head;
    if (!b || b->cap - b->used < step) {
        size_t cap = a->total > BLOCK_MIN ? a->total : BLOCK_MIN;
        if (cap < step)
            cap = step;
        if (!(b = block_new(cap, a->head)))
            return NULL;
        a->head = b;
        a->total += cap;
    }
    void *p = b->data + b->used;
    b->used += step;
    UNPOISON(p, n);
    return p;
}

char *cfv_warena_strdup(cfv_warena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = cfv_warena_alloc(a, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void free_blocks(cfv_wblock *b)
{
    while (b) {
        cfv_wblock *next = b->next;
        UNPOISON(b->data, b->cap);
        free(b);
        b = next;
    }
}

/* More than one block: one of their total size replaces them, so the
 * next model of that size takes no allocation at all. */
void cfv_warena_reset(cfv_warena *a)
{
    cfv_wblock *b = a->head;
    if (b && b->next) {
        cfv_wblock *one = block_new(a->total, NULL);
        if (one) {
            free_blocks(b);
            a->head = one;
            return;
        }
        /* No memory for the merged block: keep the newest, drop the rest. */
        free_blocks(b->next);
        b->next = NULL;
        a->total = b->cap;
    }
    if (b) {
        b->used = 0;
        POISON(b->data, b->cap);
    }
}

void cfv_warena_free(cfv_warena *a)
{
    free_blocks(a->head);
    a->head = NULL;
    a->total = 0;
}
