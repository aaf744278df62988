/* A small table-driven option scanner for the authoring subcommands (dump,
 * build): "--name VALUE", "--name=VALUE", short aliases ("-o VALUE"),
 * flags, "--" ending options, and "-" as a positional (stdin). */
#ifndef CFV_CLI_AUTH_OPT_H
#define CFV_CLI_AUTH_OPT_H

#include <stddef.h>

#include "err.h"

typedef struct cfv_opt {
    const char *name;           /* "--format" */
    const char *alias;          /* "-f", or NULL */
    int has_value;
} cfv_opt;

typedef struct cfv_opt_scan {
    int argc;
    char **argv;
    int i;                      /* next argument; start at 1 (argv[0] is the command) */
    int only_positional;        /* after "--" */
} cfv_opt_scan;

/* The next argument: returns the option's index in opts with *value (NULL
 * for flags), -2 for a positional in *value, -3 at the end, or -1 with one
 * line in *e (unknown option, missing or empty value, value on a flag). */
int cfv_opt_next(cfv_opt_scan *s, const cfv_opt *opts, size_t nopts, const char **value,
                 cfv_err *e);

#define CFV_OPT_POSITIONAL (-2)
#define CFV_OPT_END (-3)

#endif
