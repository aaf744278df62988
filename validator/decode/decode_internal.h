/* Internal to the decoder. */
#ifndef CFV_DECODE_INTERNAL_H
#define CFV_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/decode.h"

/* Grows *p (of *cap elements of size el) to hold at least need; 0 or -1. */
int cfv_dec_grow(void **p, size_t *cap, size_t need, size_t el);

/* O(1): 1 if ref is the first byte of a NUL-terminated string (what
 * cfv_decoded_sref calls CFV_SREF_OK, without looking for its end). */
static inline int cfv_dec_whole_string(const cfv_decoded *d, uint32_t ref)
{
    if (ref >= d->strtab_len || (ref > 0 && d->strtab[ref - 1] != 0))
        return 0;
    const cfv_dec_string *last = &d->strings[d->nstrings - 1];
    return last->terminated || ref != last->off;
}

#endif
