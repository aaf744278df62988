#include "common_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "num.h"

/* --max-size accepts up to 4 GiB: file_size in a CFF header is 32-bit. */
#define MAX_SIZE_LIMIT (4ull * 1024 * 1024 * 1024)

static int bad_number(const char *opt, const char *v, const char *what, cfv_err *e)
{
    cfv_err_set(e, "%s: '%s' is %s; expected %s", opt, v, v[0] == '-' ? "negative" : "not valid",
                what);
    return -1;
}

int cfv_opt_max_size(const char *v, uint64_t *out, cfv_err *e)
{
    if (cfv_parse_size(v, MAX_SIZE_LIMIT, out) != 0 || *out == 0)
        return bad_number("--max-size", v, "a size from 1 byte to 4G", e);
    return 0;
}

int cfv_opt_max_diagnostics(const char *v, uint32_t *out, cfv_err *e)
{
    uint64_t n;
    if (cfv_parse_uint(v, UINT32_MAX, &n) != 0 || n == 0)
        return bad_number("--max-diagnostics", v, "a count from 1 to 4294967295", e);
    *out = (uint32_t)n;
    return 0;
}

int cfv_opt_now(const char *v, uint64_t *out, cfv_err *e)
{
    if (cfv_parse_uint(v, UINT64_MAX, out) != 0)
        return bad_number("--now", v, "a time in Unix seconds", e);
    return 0;
}

int cfv_opt_choice(const char *opt, const char *what, const char *v, const char *const *names,
                   int n, int *out, cfv_err *e)
{
    for (int k = 0; k < n; k++)
        if (strcmp(v, names[k]) == 0) {
            *out = k;
            return 0;
        }
    char list[256] = "";
    size_t len = 0;
    for (int k = 0; k < n && len < sizeof list; k++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                k == 0 ? "" : k == n - 1 ? " or " : ", ", names[k]);
    cfv_err_set(e, "%s: unknown %s '%s' (expected %s)", opt, what, v, list);
    return -1;
}

int cfv_opt_lists(int argc, const char ***first, const char ***second, cfv_err *e)
{
    size_t cap = argc > 0 ? (size_t)argc : 1;
    const char **p = calloc(2 * cap, sizeof *p);
    if (!p) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    *first = p;
    *second = p + cap;
    return 0;
}

void cfv_limit_opts_init(cfv_limit_opts *l)
{
    memset(l, 0, sizeof *l);
    l->max_size = CFV_DEFAULT_MAX_SIZE;
    l->max_diagnostics = CFV_DEFAULT_MAX_DIAGNOSTICS;
}

int cfv_limit_opts_apply(cfv_limit_opts *l, const char *name, const char *v, cfv_err *e)
{
    if (strcmp(name, "max-size") == 0) {
        l->have_max_size = 1;
        return cfv_opt_max_size(v, &l->max_size, e);
    }
    if (strcmp(name, "max-diagnostics") == 0)
        return cfv_opt_max_diagnostics(v, &l->max_diagnostics, e);
    if (strcmp(name, "now") == 0) {
        l->have_now = 1;
        return cfv_opt_now(v, &l->now, e);
    }
    return 1;
}

int cfv_common_opts_scan(cfv_common_opts *o, const char ***second, int argc, char **argv,
                         const cfv_arg_opt *opts, size_t nopts, cfv_args_fn fn, void *ctx,
                         cfv_err *e)
{
    cfv_limit_opts_init(&o->lim);
    if (cfv_opt_lists(argc, &o->files, second, e) != 0 ||
        cfv_args_scan(argc, argv, opts, nopts, fn, ctx, e) != 0)
        return -1;
    return 0;
}

void cfv_common_opts_free(cfv_common_opts *o, const char ***second)
{
    free(o->files); /* and *second: one block */
    o->files = *second = NULL;
}

int cfv_common_opts_apply(cfv_common_opts *o, int opt, const char *name, const char *v,
                          cfv_err *e)
{
    if (opt == CFV_ARG_OPERAND)
        o->files[o->nfiles++] = v;
    else if (strcmp(name, "defs") == 0)
        o->defs_path = v;
    else if (strcmp(name, "config") == 0)
        o->config = v;
    else if (strcmp(name, "werror") == 0)
        o->werror = 1;
    else if (strcmp(name, "output") == 0)
        o->output = v;
    else if (strcmp(name, "help") == 0)
        o->help = 1;
    else
        return cfv_limit_opts_apply(&o->lim, name, v, e) < 0 ? -1 : 0;
    return 0;
}
