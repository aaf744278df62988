/* `cfv dump --format source`: a decoded file in the source format. */
#ifndef CFV_AUTHORING_SRC_EMIT_H
#define CFV_AUTHORING_SRC_EMIT_H

#include "buf.h"
#include "cfv/decode.h"
#include "cfv/defs.h"

/* Appends the source of d to b; label (may be NULL) names the file in the
 * first comment. Returns how many things the source could not keep (each
 * is a `# not kept:` comment), or -1 out of memory. */
int cfv_src_emit(cfv_buf *b, cfv_decoded *d, const cfv_defs *defs, const char *label);

/* A criterion's op, modifiers and operand as the source says them
 * (`not regex nocase "^a"`, `mask 0x3`, `any`). String operands are text
 * when they resolve to a whole string (with same != NULL, from
 * cfv_decoded_first_same, only a text's first copy), else @N. */
void cfv_src_op(cfv_buf *b, const cfv_decoded *d, const cfv_dec_criterion *k,
                const uint32_t *same);

#endif
