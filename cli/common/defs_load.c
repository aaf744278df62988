#include "defs_load.h"

#include <stdlib.h>
#include <string.h>

#include "read_input.h"

/* grammar/cff.defs as it was at build time (cmake/CfvEmbed.cmake): cfv
 * needs no file of its source or build tree, wherever it is installed. */
extern const unsigned char cfv_builtin_defs[];
extern const size_t cfv_builtin_defs_len;

static cfv_defs *parse(const char *name, const char *text, size_t len, cfv_err *e)
{
    cfv_defs *defs = NULL;
    if (len == 0) {
        cfv_err_path(e, name, "empty definitions file");
    } else if (!(defs = calloc(1, sizeof *defs))) {
        cfv_err_set(e, "out of memory");
    } else {
        cfv_defs_error de;
        memset(&de, 0, sizeof de);
        if (cfv_defs_parse(defs, text, len, &de) != 0) {
            de.message[sizeof de.message - 1] = '\0';
            cfv_err_loc(e, name, de.line, de.col, de.message);
            free(defs);
            defs = NULL;
        } else if (defs->ntypes == 0) {
            cfv_err_path(e, name, "defines no template types");
            free(defs);
            defs = NULL;
        }
    }
    return defs;
}

cfv_defs *cfv_defs_load(const char *path, cfv_err *e)
{
    if (!path)
        return parse(CFV_DEFS_BUILTIN_NAME, (const char *)cfv_builtin_defs, cfv_builtin_defs_len, e);
    cfv_input in;
    if (cfv_read_input(path, CFV_DEFS_MAX_SIZE, &in, e) != 0)
        return NULL;
    const char *name = cfv_input_name(path);
    cfv_defs *defs = NULL;
    if (in.over_limit)
        cfv_err_path(e, name, "definitions file larger than %u bytes", CFV_DEFS_MAX_SIZE);
    else
        defs = parse(name, (const char *)in.data, in.len, e);
    cfv_input_free(&in);
    return defs;
}
