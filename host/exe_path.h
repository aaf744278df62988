/* Paths relative to the running executable, so an installed tree can be
 * moved to another prefix and a build tree can live anywhere. */
#ifndef CFV_HOST_EXE_PATH_H
#define CFV_HOST_EXE_PATH_H

#include <stddef.h>

/* Writes "<directory of /proc/self/exe>/<rel>" into out[0..cap); 0 on
 * success, -1 when the executable's path is unknown or out is too small. */
int cfv_exe_relative(char *out, size_t cap, const char *rel);

/* The first of rels[0..n) that names an executable file relative to the
 * running executable, as a heap string (free() it); NULL when none does. */
char *cfv_exe_find(const char *const *rels, size_t n);

#endif
