/* Reading cfv's JSON output in tests: jansson parses it (strict RFC 8259,
 * valid UTF-8, duplicate keys an error), and the document comes back as a
 * small tree the tests walk with paths ("files.0.diagnostics.1.rule"). */
#ifndef CFV_TEST_JSON_READ_H
#define CFV_TEST_JSON_READ_H

#include <stddef.h>

typedef enum jtype { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jnode {
    jtype type;
    double num;
    char *str;          /* J_STR: decoded, NUL-terminated */
    size_t len;         /* J_STR: bytes; J_ARR/J_OBJ: members */
    struct jnode **items;
    char **keys;        /* J_OBJ */
} jnode;

/* NULL on error, with jansson's message and byte offset in err. */
jnode *json_parse(const char *s, size_t n, char *err, size_t errcap);
void json_free(jnode *j);

const jnode *json_get(const jnode *obj, const char *key);   /* NULL if absent */
const jnode *json_at(const jnode *arr, size_t i);           /* NULL if out of range */
/* "files.0.diagnostics.1.rule"-style path; NULL if any step is missing. */
const jnode *json_path(const jnode *j, const char *path);

#endif
