#include "auth_env.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "defs_load.h"
#include "diag_copy.h"
#include "num.h"
#include "sensors.h"

int cfv_auth_env_load(cfv_auth_env *env, const char *defs_path, const char *const *sensors,
                      size_t nsensors, int have_now, uint64_t now, cfv_err *e)
{
    memset(env, 0, sizeof *env);
    env->defs = cfv_defs_load(defs_path, e);
    if (!env->defs)
        return -1;
    if (cfv_select_sensors(env->defs, sensors, nsensors, &env->sensors, e) != 0)
        goto fail;
    env->now = have_now ? now : (uint64_t)time(NULL);
    env->regex = cfv_regex_cache_new();
    if (!env->regex) {
        cfv_err_set(e, "out of memory");
        goto fail;
    }
    return 0;
fail:
    cfv_auth_env_free(env);
    return -1;
}

void cfv_auth_env_free(cfv_auth_env *env)
{
    if (env->regex)
        cfv_regex_cache_free(env->regex);
    free(env->defs);
    memset(env, 0, sizeof *env);
}

static void collect(void *user, const cfv_diag *d)
{
    cfv_diag_list *l = user;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        cfv_diag *p = realloc(l->items, cap * sizeof *p);
        if (!p) {
            l->oom = 1;
            return;
        }
        l->items = p;
        l->cap = cap;
    }
    if (cfv_diag_copy(&l->items[l->n], d) != 0) {
        l->oom = 1;
        return;
    }
    l->n++;
}

void cfv_auth_validate(const cfv_auth_env *env, const uint8_t *buf, size_t len,
                       uint64_t real_size, const char *file_name, cfv_diag_list *out)
{
    static const uint8_t nothing[1];
    memset(out, 0, sizeof *out);
    cfv_options opt;
    memset(&opt, 0, sizeof opt);
    opt.defs = env->defs;
    opt.sensors = env->sensors;
    opt.real_size = real_size;
    opt.now_utc = env->now;
    if (file_name && strcmp(file_name, "-") != 0) {
        const char *slash = strrchr(file_name, '/');
        opt.file_name = slash ? slash + 1 : file_name;
        opt.file_name_len = strlen(opt.file_name);
    }
    cfv_regex_use(&opt, env->regex);
    opt.emit = collect;
    opt.emit_user = out;
    cfv_regex_cache_begin_file(env->regex, len); /* the per-file bound on compiles */
    out->result = cfv_validate(buf ? buf : nothing, len, &opt);
}

void cfv_diag_list_free(cfv_diag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        cfv_diag_copy_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int cfv_auth_common_init(cfv_auth_common *c, int argc)
{
    memset(c, 0, sizeof *c);
    c->sensors = calloc(argc > 0 ? (size_t)argc : 1, sizeof *c->sensors);
    return c->sensors ? 0 : -1;
}

void cfv_auth_common_free(cfv_auth_common *c)
{
    free(c->sensors);
    memset(c, 0, sizeof *c);
}

int cfv_auth_common_apply(cfv_auth_common *c, const char *opt, const char *value, cfv_err *e)
{
    if (strcmp(opt, "defs") == 0) {
        c->defs_path = value;
    } else if (strcmp(opt, "sensor") == 0) {
        c->sensors[c->nsensors++] = value;
    } else if (strcmp(opt, "now") == 0) {
        if (cfv_parse_uint(value, UINT64_MAX, &c->now) != 0) {
            cfv_err_set(e, "--now: '%s' is not a time in Unix seconds", value);
            return -1;
        }
        c->have_now = 1;
    } else {
        return 0;
    }
    return 1;
}

int cfv_auth_common_load(const cfv_auth_common *c, cfv_auth_env *env, cfv_err *e)
{
    return cfv_auth_env_load(env, c->defs_path, c->sensors, c->nsensors, c->have_now, c->now,
                             e);
}
