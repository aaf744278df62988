/* What every fuzzing program of cfv shares (targets, mutator adapters,
 * seed generator, tools): the definitions they run with, and reading a
 * whole file. */
#ifndef CFV_FUZZ_COMMON_H
#define CFV_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"

/* The definitions (grammar/cff.defs, embedded at build time: ClusterFuzzLite
 * ships the binaries without grammar/), parsed on the first call. Aborts if
 * they do not parse: that is a build error, not a finding. */
const cfv_defs *cfv_fz_defs(void);

/* The whole file, malloc'd (free it), or NULL with errno set. */
uint8_t *cfv_fz_read_file(const char *path, size_t *len);

#endif
