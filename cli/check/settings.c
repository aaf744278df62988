#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sensors.h"

void cfv_settings_init(cfv_settings_set *s, const cfv_check_args *a, const cfv_defs *defs)
{
    memset(s, 0, sizeof *s);
    s->args = a;
    s->defs = defs;
}

void cfv_settings_free(cfv_settings_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        cfv_config_free(s->items[i].cfg);
        free(s->items[i].config_path);
    }
    free(s->items);
    s->items = NULL;
    s->n = 0;
}

/* The directory whose configuration applies to path. */
static char *start_dir(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return strdup(".");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return strdup(path);
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, (size_t)(slash - path) + (slash == path));
}

static int make(cfv_settings_set *s, cfv_settings *st, char *config_path, cfv_err *e)
{
    const cfv_check_args *a = s->args;
    memset(st, 0, sizeof *st);
    st->config_path = config_path;
    if (config_path && !(st->cfg = cfv_config_load(config_path, e)))
        return -1;
    const cfv_config *c = st->cfg;
    if (a->nsensors || !c || !c->nsensors) {
        if (cfv_select_sensors(s->defs, a->sensors, a->nsensors, &st->sensors, e) != 0)
            return -1;
    } else {
        cfv_err inner;
        if (cfv_select_sensors(s->defs, (const char *const *)c->sensors, c->nsensors, &st->sensors,
                               &inner) != 0) {
            const char *msg = inner.msg;
            if (strncmp(msg, "--sensor: ", 10) == 0)
                msg += 10;
            char text[CFV_ERR_MAX];
            snprintf(text, sizeof text, "sensors: %.4000s", msg);
            cfv_err_loc(e, c->path, c->sensors_at.line, c->sensors_at.col, text);
            return -1;
        }
    }
    st->max_size = a->common.lim.have_max_size || !c || !c->max_size ? a->common.lim.max_size : c->max_size;
    return 0;
}

const cfv_settings *cfv_settings_for(cfv_settings_set *s, const char *path, cfv_err *e)
{
    char *found;
    if (s->args->common.config) {
        found = strdup(s->args->common.config);
    } else {
        char *dir = start_dir(path);
        found = dir ? cfv_config_find(dir) : NULL;
        free(dir);
    }
    for (size_t i = 0; i < s->n; i++) {
        const char *p = s->items[i].config_path;
        if ((!p && !found) || (p && found && strcmp(p, found) == 0)) {
            free(found);
            return &s->items[i];
        }
    }
    cfv_settings *grown = realloc(s->items, (s->n + 1) * sizeof *grown);
    if (!grown) {
        free(found);
        cfv_err_set(e, "out of memory");
        return NULL;
    }
    s->items = grown;
    cfv_settings *st = &s->items[s->n];
    if (make(s, st, found, e) != 0) {
        cfv_config_free(st->cfg);
        free(found);
        return NULL;
    }
    s->n++;
    return st;
}

const char *const *cfv_settings_include(const cfv_settings *st, size_t *n)
{
    static const char *const dflt[] = {"*.sys", "*.cff"};
    if (st->cfg && st->cfg->ninclude) {
        *n = st->cfg->ninclude;
        return (const char *const *)st->cfg->include;
    }
    *n = 2;
    return dflt;
}
