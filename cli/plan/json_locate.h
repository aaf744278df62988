/* Where a value sits in JSON text that jansson has already accepted:
 * jansson keeps no positions, and a fleet error must say LINE:COL. */
#ifndef CFV_CLI_JSON_LOCATE_H
#define CFV_CLI_JSON_LOCATE_H

#include <stddef.h>

/* One step of a path: a member by key, or (key NULL) an array element. */
typedef struct cfv_json_step {
    const char *key;
    size_t index;
} cfv_json_step;

/* Byte offset of the value at path (n steps; 0 is the root) in valid JSON
 * text; with at_key, of the last step's key instead of its value. A step
 * that is not found stops the walk at the container it would be in. */
size_t cfv_json_locate(const char *text, size_t len, const cfv_json_step *path, size_t n,
                       int at_key);

/* 1-based line and column (in characters, as jansson counts them) of offset. */
void cfv_json_line_col(const char *text, size_t len, size_t offset, unsigned *line,
                       unsigned *col);

#endif
