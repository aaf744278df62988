#include "defs_load.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_input.h"

#ifndef CFV_DATADIR
#define CFV_DATADIR "/usr/local/share/cfv"
#endif

/* <dir of /proc/self/exe>/../grammar/cff.defs into out; 0 on success. */
static int beside_exe(char *out, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    int w = snprintf(out, cap, "%s/../grammar/cff.defs", exe);
    return w > 0 && (size_t)w < cap ? 0 : -1;
}

static int find_default(char *out, size_t cap, cfv_err *e)
{
    char local[PATH_MAX + 32] = "";
    if (beside_exe(local, sizeof local) == 0 && access(local, F_OK) == 0) {
        snprintf(out, cap, "%s", local);
        return 0;
    }
    const char *installed = CFV_DATADIR "/cff.defs";
    if (access(installed, F_OK) == 0) {
        snprintf(out, cap, "%s", installed);
        return 0;
    }
    cfv_err_set(e, "no definitions found (looked for %s and %s); pass --defs FILE",
                local[0] ? local : "<exe dir>/../grammar/cff.defs", installed);
    return -1;
}

cfv_defs *cfv_defs_load(const char *path, cfv_err *e)
{
    char found[PATH_MAX + 32];
    if (!path) {
        if (find_default(found, sizeof found, e) != 0)
            return NULL;
        path = found;
    }
    cfv_input in;
    if (cfv_read_input(path, CFV_DEFS_MAX_SIZE, &in, e) != 0)
        return NULL;
    const char *name = cfv_input_name(path);
    cfv_defs *defs = NULL;
    if (in.over_limit) {
        cfv_err_path(e, name, "definitions file larger than %u bytes", CFV_DEFS_MAX_SIZE);
    } else if (in.len == 0) {
        cfv_err_path(e, name, "empty definitions file");
    } else if (!(defs = calloc(1, sizeof *defs))) {
        cfv_err_set(e, "out of memory");
    } else {
        cfv_defs_error de;
        memset(&de, 0, sizeof de);
        if (cfv_defs_parse(defs, (const char *)in.data, in.len, &de) != 0) {
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
    cfv_input_free(&in);
    return defs;
}
