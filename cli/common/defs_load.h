/* Finds, reads and parses the Template Type Definitions for a subcommand. */
#ifndef CFV_CLI_DEFS_LOAD_H
#define CFV_CLI_DEFS_LOAD_H

#include "cfv/defs.h"
#include "err.h"

#define CFV_DEFS_MAX_SIZE (4u * 1024u * 1024u)

/* How messages name the built-in definitions. */
#define CFV_DEFS_BUILTIN_NAME "<built-in cff.defs>"

/* path NULL: the shipped definitions, grammar/cff.defs embedded in cfv at
 * build time (no file is read). Returns a heap
 * cfv_defs (it is ~100 KB; free() it), or NULL with one line in *e:
 * "FILE:LINE:COL: message" for a malformed file. */
cfv_defs *cfv_defs_load(const char *path, cfv_err *e);

#endif
