/* The seed corpus: valid channel files only, and none that matches on an
 * input some sensor does not supply (for NamedPipe: every criterion on
 * field 20 is a wildcard, as in the March 2024 files). So a fuzzer that
 * reaches the Channel File 291 read found it on its own. */
#ifndef CFV_FUZZ_SEEDS_H
#define CFV_FUZZ_SEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/writer.h"

/* CFV_SEEDS_MAX_BYTES: the fuzzers' -max_len (fuzz/libfuzzer.options,
 * passed by fuzz/seeds/CMakeLists.txt): a larger seed would be cut short. */
#ifndef CFV_SEEDS_MAX_BYTES
#error "CFV_SEEDS_MAX_BYTES is not defined: link cfv_fuzz_seedlib (fuzz/seeds/CMakeLists.txt)"
#endif

/* The fewest inputs any sensor that supports type index t supplies (at
 * most the type's field count): the fields a seed may match on. */
uint32_t cfv_seed_fewest_inputs(const cfv_defs *d, int t);

/* Seed k (0 <= k < CFV_SEEDS_PER_TYPE) of type index t, built with
 * cfv_writer. Returns CFV_WRITER_OK and *out, or a cfv_writer_status. */
#define CFV_SEEDS_PER_TYPE 5
int cfv_seed_build(const cfv_defs *d, int t, int k, cfv_wfile *out);

/* 0 if buf is fit to seed with: it decodes, every sensor that supports its
 * types either accepts it or rejects it only for CFV060 (a type wider than
 * the sensor's inputs, which March-style files are), at least one sensor
 * accepts it outright, and no criterion is a non-wildcard on a field some
 * sensor does not supply. Else -1 with a reason in why[0..n). */
int cfv_seed_check(const cfv_defs *d, const uint8_t *buf, size_t len, char *why, size_t n);

#endif
