/* Deduplication. A plain crash's key is function, class, instruction and
 * the stack hash; an ASan report has no comparable instruction or return
 * addresses, so it joins the first bucket with its function and class
 * (or opens one of its own). Each bucket keeps its inputs once each and
 * the smallest as reproducer. */
#ifndef CFV_TRIAGE_BUCKETS_H
#define CFV_TRIAGE_BUCKETS_H

#include <stddef.h>
#include <stdint.h>

#include "cfv_triage.h"

typedef struct cfv_bucket_rec {
    cfv_triage_bucket pub;
    int plain;                  /* holds a plain crash (pub.crash is one) */
    char **inputs;
    size_t cap;
    uint64_t *sizes;
} cfv_bucket_rec;

typedef struct cfv_buckets {
    cfv_bucket_rec *b;
    size_t n, cap;
} cfv_buckets;

/* size: the input's size in bytes (UINT64_MAX when it is not a crash input,
 * e.g. a log without a test unit: never the reproducer if another is).
 * 0, or -1 when out of memory. Keeps the buckets in report order. */
int cfv_buckets_add(cfv_buckets *bs, const cfv_triage_crash *c, const char *input, uint64_t size);
void cfv_buckets_free(cfv_buckets *bs);

#endif
