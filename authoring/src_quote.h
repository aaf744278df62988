/* Quoting for the source format and the text dump: the inverse of the
 * lexer's string rules, so any bytes (NUL aside) read back unchanged. */
#ifndef CFV_AUTHORING_SRC_QUOTE_H
#define CFV_AUTHORING_SRC_QUOTE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* "..." with \" \n \r \t, \xHH for other control bytes and bytes that are
 * not UTF-8, and a backslash doubled only where the lexer would otherwise
 * read an escape (regexes stay readable: "^10\.1\."). */
void cfv_src_quote(cfv_buf *b, const uint8_t *s, size_t n);

#endif
