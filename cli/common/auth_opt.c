#include "auth_opt.h"

#include <string.h>

/* Index of the option arg names ("--x" or "--x=v" or an alias), else -1. */
static int lookup(const char *arg, const cfv_opt *opts, size_t nopts, size_t *name_len)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    *name_len = n;
    for (size_t k = 0; k < nopts; k++) {
        const char *names[2] = {opts[k].name, opts[k].alias};
        for (int j = 0; j < 2; j++)
            if (names[j] && strlen(names[j]) == n && memcmp(arg, names[j], n) == 0)
                return (int)k;
    }
    return -1;
}

int cfv_opt_next(cfv_opt_scan *s, const cfv_opt *opts, size_t nopts, const char **value,
                 cfv_err *e)
{
    *value = NULL;
    if (s->i >= s->argc)
        return CFV_OPT_END;
    const char *arg = s->argv[s->i++];
    if (s->only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
        *value = arg;
        return CFV_OPT_POSITIONAL;
    }
    if (strcmp(arg, "--") == 0) {
        s->only_positional = 1;
        return cfv_opt_next(s, opts, nopts, value, e);
    }
    size_t n;
    int k = lookup(arg, opts, nopts, &n);
    if (k < 0) {
        cfv_err_set(e, "unknown option '%s'", arg);
        return -1;
    }
    const char *name = opts[k].name;
    if (!opts[k].has_value) {
        if (arg[n] == '=') {
            cfv_err_set(e, "%s takes no value", name);
            return -1;
        }
        return k;
    }
    if (arg[n] == '=') {
        *value = arg + n + 1;
    } else if (s->i < s->argc) {
        *value = s->argv[s->i++];
    } else {
        cfv_err_set(e, "%s needs a value", name);
        return -1;
    }
    if (**value == '\0') {
        cfv_err_set(e, "%s: empty value", name);
        return -1;
    }
    return k;
}
