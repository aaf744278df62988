#include "plan_config.h"

#include <stdlib.h>
#include <string.h>

/* The directory a file's configuration is looked for from. */
static char *start_dir(const char *path)
{
    const char *slash = strcmp(path, "-") == 0 ? NULL : strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, (size_t)(slash - path) + (slash == path));
}

int cfv_plan_config_for(cfv_plan_config *pc, const char *path, const cfv_config **cfg, cfv_err *e)
{
    char *found;
    if (pc->forced) {
        found = strdup(pc->forced);
    } else {
        char *dir = start_dir(path);
        found = dir ? cfv_config_find(dir) : NULL;
        free(dir);
    }
    for (size_t i = 0; i < pc->n; i++) {
        const char *p = pc->paths[i];
        if ((!p && !found) || (p && found && strcmp(p, found) == 0)) {
            free(found);
            *cfg = pc->cfgs[i];
            return 0;
        }
    }
    char **paths = realloc(pc->paths, (pc->n + 1) * sizeof *paths);
    if (paths)
        pc->paths = paths;
    cfv_config **cfgs = paths ? realloc(pc->cfgs, (pc->n + 1) * sizeof *cfgs) : NULL;
    if (!cfgs) {
        free(found);
        cfv_err_set(e, "out of memory");
        return -1;
    }
    pc->cfgs = cfgs;
    cfv_config *c = NULL;
    if (found && !(c = cfv_config_load(found, e))) {
        free(found);
        return -1;
    }
    pc->paths[pc->n] = found;
    pc->cfgs[pc->n++] = c;
    *cfg = c;
    return 0;
}

void cfv_plan_config_free(cfv_plan_config *pc)
{
    for (size_t i = 0; i < pc->n; i++) {
        free(pc->paths[i]);
        cfv_config_free(pc->cfgs[i]);
    }
    free(pc->paths);
    free(pc->cfgs);
    memset(pc, 0, sizeof *pc);
}
