#include "auth_cmd.h"

#include "common_opts.h"
#include "usage.h"

#include <stdio.h>
#include <string.h>

/* After the command's own options, in this order in the help. */
static const cfv_arg_opt common_opts[] = {
    CFV_OPT_DEFS,
    {"sensor", 0, "NAME", "validate for this sensor profile; repeatable\n"
                          "(default: every sensor in the definitions)"},
    {"now", 0, "EPOCH", "reference time for CFV008 (and `created_utc now`),\n"
                        "in Unix seconds (default: now)"},
    CFV_OPT_HELP,
};
#define NCOMMON (sizeof common_opts / sizeof common_opts[0])
#define MAX_OWN 16

/* The command's options, then the common ones. */
static size_t table(const cfv_auth_cmd *c, cfv_arg_opt *all)
{
    memcpy(all, c->opts, c->nopts * sizeof *c->opts);
    memcpy(all + c->nopts, common_opts, sizeof common_opts);
    return c->nopts + NCOMMON;
}

/* 1 after --help, 0 parsed, -1 with *e. */
static int parse(const cfv_auth_cmd *c, void *user, cfv_auth_common *common, int argc,
                 char **argv, cfv_err *e)
{
    cfv_arg_opt all[MAX_OWN + NCOMMON];
    if (c->nopts > MAX_OWN) {
        cfv_err_set(e, "internal error: too many options");
        return -1;
    }
    size_t n = table(c, all);
    cfv_args s;
    cfv_args_init(&s, argc, argv, all, n);
    int help = 0, k;
    const char *v;
    while ((k = cfv_args_next(&s, &v, e)) != CFV_ARG_END) {
        int rc;
        if (k == -1)
            return -1;
        if (k == CFV_ARG_OPERAND)
            rc = c->positional(user, v, e);
        else if ((size_t)k < c->nopts)
            rc = c->option(user, k, v, e);
        else if (strcmp(all[k].name, "help") == 0)
            rc = 0, help = 1;
        else
            rc = cfv_auth_common_apply(common, all[k].name, v, e) < 0 ? -1 : 0;
        if (rc != 0)
            return -1;
    }
    if (help)
        return 1;
    return c->done(user, e) != 0 ? -1 : 0;
}

int cfv_auth_main(const cfv_auth_cmd *c, void *user, cfv_auth_common *common, int argc,
                  char **argv)
{
    cfv_err e;
    if (cfv_auth_common_init(common, argc) != 0)
        return cfv_cli_oom();
    int rc = parse(c, user, common, argc, argv, &e);
    if (rc < 0) {
        rc = cfv_cli_usage_error(c->name, &e);
    } else if (rc == 1) {
        cfv_arg_opt all[MAX_OWN + NCOMMON];
        rc = cfv_args_print_usage(c->head, all, table(c, all), c->tail);
    } else {
        rc = c->run(user);
    }
    cfv_auth_common_free(common);
    return rc;
}

int cfv_auth_run_on(const cfv_auth_common *common, const char *path, uint64_t max_size,
                    int (*body)(void *user, const cfv_auth_env *env, const cfv_input *in),
                    void *user)
{
    cfv_err e;
    cfv_auth_env env;
    cfv_input in;
    if (cfv_auth_common_load(common, &env, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    if (cfv_read_input(path, max_size, &in, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        cfv_auth_env_free(&env);
        return 2;
    }
    int rc = body(user, &env, &in);
    cfv_input_free(&in);
    cfv_auth_env_free(&env);
    return rc;
}

int cfv_auth_set_once(const char **slot, const char *what, const char *v, cfv_err *e)
{
    if (*slot) {
        cfv_err_set(e, "one %s at a time (got '%s' and '%s')", what, *slot, v);
        return -1;
    }
    *slot = v;
    return 0;
}
