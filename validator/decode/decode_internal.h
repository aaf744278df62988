/* Internal to the decoder. */
#ifndef CFV_DECODE_INTERNAL_H
#define CFV_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/decode.h"

/* Grows *p (of *cap elements of size el) to hold at least need; 0 or -1. */
int cfv_dec_grow(void **p, size_t *cap, size_t need, size_t el);

#endif
