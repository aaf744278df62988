/* Internal to the decoder. */
#ifndef CFV_DECODE_INTERNAL_H
#define CFV_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/decode.h"

/* Grows *p (of *cap elements of size el) to hold at least need; 0 or -1. */
int cfv_dec_grow(void **p, size_t *cap, size_t need, size_t el);

/* EQUALS..REGEX: the ops whose operand is an sref. */
int cfv_dec_is_string_op(uint8_t op);

/* 1 if the STRINGS bytes are what cfv_writer's pool builds from the
 * references that resolve to whole strings (given as text), with
 * *first_unused (may be NULL) = the index of the first string no reference
 * uses (the rest are the writer's extra strings); 0 if not; -1 out of memory. */
int cfv_dec_canonical(cfv_decoded *d, size_t *first_unused);

#endif
