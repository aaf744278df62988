/* Reads a whole file into memory (regular files, pipes and /proc alike). */
#ifndef CFV_TRIAGE_READFILE_H
#define CFV_TRIAGE_READFILE_H

#include <stddef.h>

/* The first `max` bytes at most, plus a NUL after them; malloc'd. NULL
 * with errno set when the file cannot be read. */
char *cfv_tr_read_file(const char *path, size_t max, size_t *len);

#endif
