/* Directory arguments of cfv check: every file below the directory whose
 * name matches one of the globs, in name order, depth first. A symbolic
 * link is followed only to a file inside the walked tree (never to a
 * directory: no loops, no escape). An entry that cannot be read is
 * reported and the walk goes on. */
#ifndef CFV_CLI_CHECK_WALK_H
#define CFV_CLI_CHECK_WALK_H

#include <stddef.h>

typedef struct cfv_walk_ops {
    void (*file)(void *user, const char *path);
    void (*error)(void *user, const char *path, int errnum);
    void *user;
} cfv_walk_ops;

/* Returns -1 only when out of memory (after reporting what it could). */
int cfv_walk(const char *root, const char *const *globs, size_t nglobs, const cfv_walk_ops *ops);

#endif
