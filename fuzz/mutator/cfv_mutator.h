/* cfv_mutator: a grammar-aware mutator for CFF v1 channel files.
 *
 * It decodes the input with cfv_decode into header, sections, instances,
 * criteria and strings, mutates at that level (ops and operands, wildcard
 * <-> non-wildcard, field_count, instances added, removed, duplicated or
 * moved, spliced strings, sections moved or resized, channel or template
 * type switched), and encodes the model again with cfv_writer: correct
 * sizes and CRC-32C most of the time, deliberately wrong some of the time.
 * Inputs it cannot make sense of get byte-level mutations.
 *
 * Engine-neutral: libfuzzer_mutator.c and afl_mutator.c adapt it to
 * LLVMFuzzerCustomMutator and to AFL++'s custom mutator API. Everything is
 * deterministic in the seed given to each call. One mutator per thread. */
#ifndef CFV_MUTATOR_H
#define CFV_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"

typedef struct cfv_mutator cfv_mutator;

/* A byte-level mutator the engine provides (libFuzzer's LLVMFuzzerMutate):
 * mutates data[0..size) in place within max_size, returns the new size. */
typedef size_t (*cfv_mutator_bytes_fn)(void *user, uint8_t *data, size_t size, size_t max_size);

/* defs: the Template Type Definitions (borrowed; they drive field types,
 * channels and field counts). NULL when out of memory. */
cfv_mutator *cfv_mutator_new(const cfv_defs *defs);
void cfv_mutator_free(cfv_mutator *m);

/* Replaces the built-in byte-level havoc with the engine's own. */
void cfv_mutator_set_bytes_fn(cfv_mutator *m, cfv_mutator_bytes_fn fn, void *user);

/* Mutates data[0..size) into a new input of at most max_size bytes
 * (max_size >= 1). *out points into the mutator and stays valid until the
 * next call. Returns its length (>= 1). */
size_t cfv_mutator_mutate(cfv_mutator *m, const uint8_t *data, size_t size, size_t max_size,
                          uint32_t seed, const uint8_t **out);

/* Crosses a with b at the grammar level: instances of b spliced into a,
 * strings of both; bytes when either does not decode. Same contract. */
size_t cfv_mutator_crossover(cfv_mutator *m, const uint8_t *a, size_t na, const uint8_t *b,
                             size_t nb, size_t max_size, uint32_t seed, const uint8_t **out);

/* The mutations that made the last output, e.g. "wild>live(i2c20)+crc" (at
 * most 127 characters of [A-Za-z0-9_.+>()!-], fit for a file name; "!"
 * marks a change made inconsistent on purpose). */
const char *cfv_mutator_describe(const cfv_mutator *m);

/* Whether mutations are described (the default): off, cfv_mutator_describe
 * says "" and no description is formatted (an engine that never asks
 * spares a formatted print per mutation step). */
void cfv_mutator_set_describe(cfv_mutator *m, int on);

/* AFL++'s post-process step: an input that looks like a CFF file (the
 * magic and a whole header) gets file_size and CRC-32C fixed, unless a
 * hash of its bytes picks it as one of the ~1 in 16 left alone, so broken
 * integrity fields still reach the target; deterministic, so a saved
 * input post-processes to the same bytes again. Fixes buf in place and
 * returns 1 if it changed anything. */
int cfv_mutator_post_process(uint8_t *buf, size_t len);

#endif
