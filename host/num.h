/* Strict number parsing for command-line values: digits only, no sign, no
 * spaces, no overflow. */
#ifndef CFV_HOST_NUM_H
#define CFV_HOST_NUM_H

#include <stdint.h>

/* Returns 0 and *out, or -1 if s is not a decimal in 0..max. */
int cfv_parse_uint(const char *s, uint64_t max, uint64_t *out);
/* Like cfv_parse_uint, also accepting a K, M or G suffix (powers of 1024),
 * written KiB/MiB/GiB or KB/MB/GB as well. */
int cfv_parse_size(const char *s, uint64_t max, uint64_t *out);

#endif
