/* Input arrays in which every slot past the end faults. They are made once
 * per process, not per execution: an accepted file runs every event type
 * of every sensor, and an allocation for each made the targets' work per
 * execution grow with the definitions. Global state forced by the engines'
 * API (no user pointer reaches here); one array is lent at a time, as
 * cfv_fz_each_event uses them. */
#include <stdlib.h>
#include <string.h>

#include "cfv/asan.h"
#include "fuzz_support.h"


/* An array lent out and not yet given back, if any. */
static const cfv_replica_input *lent;

#if CFV_ASAN

/* inputs[i] for i up to 254 (the largest index a u8 field_count reaches). */
#define TAIL 255u
/* Slots of the one block: m up to KEPT - TAIL. */
#define KEPT 1024u

/* ASan's redzone after a heap block covers a few slots at best: a read of
 * inputs[m + 8] may land in the next block unnoticed. So every slot from m
 * to the end of the block (TAIL at least) is poisoned: any read past m is
 * reported. */
static cfv_replica_input kept[KEPT];

cfv_replica_input *cfv_fz_inputs_new(uint32_t m)
{
    if (lent)
        return NULL;
    if (m > KEPT - TAIL) {
        /* more inputs than any sensor supplies: a block of its own */
        cfv_replica_input *in = calloc((size_t)m + TAIL, sizeof *in);
        if (in)
            ASAN_POISON_MEMORY_REGION(in + m, TAIL * sizeof *in);
        return in;
    }
    ASAN_UNPOISON_MEMORY_REGION(kept, sizeof kept);
    memset(kept, 0, m * sizeof *kept);
    ASAN_POISON_MEMORY_REGION(kept + m, (KEPT - m) * sizeof *kept);
    lent = kept;
    return kept;
}

void cfv_fz_inputs_prepare(const cfv_defs *d) { (void)d; }

void cfv_fz_inputs_free(cfv_replica_input *in, uint32_t m)
{
    if (in && in == lent) {
        lent = NULL;   /* left poisoned past m: a read after it is given back is reported */
    } else if (in) {
        ASAN_UNPOISON_MEMORY_REGION(in + m, TAIL * sizeof *in);
        free(in);
    }
}

#else

/* Without ASan the replica's guard page does it (a SIGSEGV, as on the
 * sensor): a whole page of 16-byte slots follows inputs[m - 1]. One such
 * array per count m, made on first use and kept. */
#define COUNTS 256u
static cfv_replica_input *by_count[COUNTS];

cfv_replica_input *cfv_fz_inputs_new(uint32_t m)
{
    if (lent)
        return NULL;
    if (m >= COUNTS)
        return cfv_replica_inputs_new(m);
    if (!by_count[m] && !(by_count[m] = cfv_replica_inputs_new(m)))
        return NULL;
    memset(by_count[m], 0, m * sizeof *by_count[m]);
    lent = by_count[m];
    return by_count[m];
}

/* Made during an input, an array's first use ran code later inputs skip:
 * edges that come and go (AFL++ stability). */
void cfv_fz_inputs_prepare(const cfv_defs *d)
{
    for (uint32_t s = 0; s < d->nsensors; s++)
        for (uint32_t t = 0; t < d->ntypes; t++) {
            uint32_t m = cfv_defs_supplied(d, (int)s, (int)t);
            if (m < COUNTS && !by_count[m])
                by_count[m] = cfv_replica_inputs_new(m);
        }
}

void cfv_fz_inputs_free(cfv_replica_input *in, uint32_t m)
{
    if (in && in == lent)
        lent = NULL;
    else if (in && m >= COUNTS)
        cfv_replica_inputs_free(in, m);
}

#endif
