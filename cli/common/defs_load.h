/* Finds, reads and parses the Template Type Definitions for a subcommand. */
#ifndef CFV_CLI_DEFS_LOAD_H
#define CFV_CLI_DEFS_LOAD_H

#include "cfv/defs.h"
#include "err.h"

#define CFV_DEFS_MAX_SIZE (4u * 1024u * 1024u)

/* path NULL: the shipped definitions, <exe dir>/../grammar/cff.defs (a build
 * tree) or else CFV_DATADIR/cff.defs (an installed cfv). Returns a heap
 * cfv_defs (it is ~100 KB; free() it), or NULL with one line in *e:
 * "FILE:LINE:COL: message" for a malformed file. */
cfv_defs *cfv_defs_load(const char *path, cfv_err *e);

#endif
