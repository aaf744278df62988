#include "auth_cmd.h"

#include <stdio.h>
#include <string.h>

static const cfv_opt common_opts[] = {
    {"--defs", NULL, 1}, {"--sensor", NULL, 1}, {"--now", NULL, 1}, {"--help", "-h", 0},
};
#define NCOMMON (sizeof common_opts / sizeof common_opts[0])

/* 1 after --help, 0 parsed, -1 with *e. */
static int parse(const cfv_auth_cmd *c, int argc, char **argv, cfv_err *e)
{
    cfv_opt all[NCOMMON + 16];
    if (c->nopts > 16) {
        cfv_err_set(e, "internal error: too many options");
        return -1;
    }
    memcpy(all, common_opts, sizeof common_opts);
    memcpy(all + NCOMMON, c->opts, c->nopts * sizeof *c->opts);
    cfv_opt_scan s = {argc, argv, 1, 0};
    int help = 0, k;
    const char *v;
    while ((k = cfv_opt_next(&s, all, NCOMMON + c->nopts, &v, e)) != CFV_OPT_END) {
        int rc;
        if (k == -1)
            return -1;
        if (k == CFV_OPT_POSITIONAL)
            rc = c->positional(c->user, v, e);
        else if (strcmp(all[k].name, "--help") == 0)
            rc = 0, help = 1;
        else if ((size_t)k < NCOMMON)
            rc = cfv_auth_common_apply(c->common, all[k].name, v, e) < 0 ? -1 : 0;
        else
            rc = c->option(c->user, all[k].name, v, e);
        if (rc != 0)
            return -1;
    }
    if (help)
        return 1;
    return c->done(c->user, e) != 0 ? -1 : 0;
}

int cfv_auth_main(const cfv_auth_cmd *c, int argc, char **argv)
{
    cfv_err e;
    if (cfv_auth_common_init(c->common, argc) != 0) {
        fputs("cfv: out of memory\n", stderr);
        return 2;
    }
    int rc = parse(c, argc, argv, &e);
    if (rc < 0) {
        fprintf(stderr, "cfv: %s\nTry 'cfv %s --help' for more information.\n", e.msg, c->name);
        rc = 2;
    } else if (rc == 1) {
        rc = fputs(c->usage, stdout) < 0 || fflush(stdout) != 0 ? 2 : 0;
    } else {
        rc = c->run(c->user);
    }
    cfv_auth_common_free(c->common);
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
