/* Seeded random CFF v1 models for the authoring tests: valid files of every
 * shape the source format and the decoder must carry (both section orders,
 * NOCASE/NEGATE, shared and unreferenced strings, escapes, disabled
 * instances), plus the shared definitions. */
#ifndef CFV_TEST_GEN_MODEL_H
#define CFV_TEST_GEN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/writer.h"
#include "fixture.h"

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

uint64_t gen_next(gen_rng *r);
/* Uniform-ish in 0..n-1 (n > 0). */
uint32_t gen_below(gen_rng *r, uint32_t n);

/* A model that validates clean for every sensor of defs whose profile
 * supplies all of the type's fields (NamedPipe only for 7.16: pass the
 * sensor mask the file will be checked with). NULL if out of memory. */
cfv_writer *gen_valid_model(gen_rng *r, const cfv_defs *defs, uint32_t sensor_mask);

/* Validates buf with the PCRE2 checker; returns the error count (warnings
 * are counted in *warnings when not NULL). */
uint32_t gen_validate(const cfv_defs *defs, uint32_t sensor_mask, const uint8_t *buf,
                      size_t len, uint32_t *warnings);

#endif
