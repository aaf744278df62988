/* Crash variants of one channel file, as a fuzzing campaign leaves them:
 * bytes the trusting loader ignores are changed (content version, letters
 * of an instance name, junk after the last section; file_size and CRC-32C
 * fixed up, so the file is intact), so every variant still
 * crashes the way the original does but none is byte-identical. */
#ifndef CFV_TEST_TRIAGE_MUTATE_H
#define CFV_TEST_TRIAGE_MUTATE_H

#include <stddef.h>
#include <stdint.h>

/* Variant k of base (k == 0: base itself, the smallest); malloc'd, or NULL. */
uint8_t *tt_mutate(const uint8_t *base, size_t len, unsigned k, size_t *out_len);

/* libFuzzer's naming: a prefix ("crash-") and a hash of the bytes (16 hex
 * digits; libFuzzer's is a SHA-1). The prefix is cut at 24 bytes. */
void tt_crash_name(const char *prefix, const uint8_t *data, size_t len, char out[48]);

#endif
