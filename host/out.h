/* Where a report goes: stdout, or a file replaced atomically (temporary file
 * in the same directory, fsync, rename), so a reader never sees half a
 * report and a failed run leaves nothing behind. Write errors are latched
 * and reported once, by cfv_out_commit. */
#ifndef CFV_HOST_OUT_H
#define CFV_HOST_OUT_H

#include "buf.h"
#include "err.h"

typedef struct cfv_out {
    cfv_buf buf;        /* bytes not yet written; formatters append here */
    int fd;
    char *path;         /* as given (for messages), NULL for stdout */
    char *target;       /* path with symlinks resolved: what gets written */
    char *tmp_path;     /* temporary file to rename over path, or NULL */
    int err;            /* first errno from write, 0 if none */
} cfv_out;

/* path NULL or "-": stdout. A path naming a device or FIFO (/dev/stdout) is
 * written in place; anything else goes through a temporary file. */
int cfv_out_open(cfv_out *o, const char *path, cfv_err *e);
/* 1 with *e when output (a path or NULL) is the same file as one of
 * paths[0..n) ("-" and NULL entries skipped): a report must never replace
 * an input. */
int cfv_out_names_an_input(const char *output, const char *const *paths, size_t n, cfv_err *e);
/* Writes out the buffer once it holds enough to be worth a system call. */
void cfv_out_maybe_flush(cfv_out *o);
/* Writes everything and publishes the file; on failure removes the temporary
 * file and explains in *e. Always releases o. */
int cfv_out_commit(cfv_out *o, cfv_err *e);
/* Gives up: removes the temporary file and releases o. */
void cfv_out_abort(cfv_out *o);

#endif
