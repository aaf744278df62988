/* `cfv dump --format source`: a decoded file in the source format. */
#ifndef CFV_CLI_SRC_EMIT_H
#define CFV_CLI_SRC_EMIT_H

#include "buf.h"
#include "cfv/decode.h"
#include "cfv/defs.h"

/* Appends the source of d to b; label (may be NULL) names the file in the
 * first comment. Returns how many things the source could not keep (each
 * is a `# not kept:` comment), or -1 out of memory. */
int cfv_src_emit(cfv_buf *b, cfv_decoded *d, const cfv_defs *defs, const char *label);

#endif
