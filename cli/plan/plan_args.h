/* The command line of `cfv plan`. */
#ifndef CFV_CLI_PLAN_ARGS_H
#define CFV_CLI_PLAN_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "common_opts.h"
#include "err.h"

typedef enum cfv_plan_format {
    CFV_PLAN_TEXT,
    CFV_PLAN_JSON,
    CFV_PLAN_SARIF,
    CFV_PLAN_MARKDOWN
} cfv_plan_format;

typedef struct cfv_plan_args {
    cfv_common_opts common;     /* files, --defs, --config, --werror, --output, --help, limits */
    const char *fleet;          /* --fleet FLEET.json (required) */
    const char *through;        /* --through RING, or NULL */
    cfv_plan_format format;
    const char **against;       /* --against [RING=]PREVIOUS, in order */
    size_t nagainst;
} cfv_plan_args;

/* argv[0] is "plan". 0, 1 for --help, or -1 with one line in *e. */
int cfv_plan_args_parse(cfv_plan_args *a, int argc, char **argv, cfv_err *e);
void cfv_plan_args_free(cfv_plan_args *a);

/* The help of `cfv plan`. */
void cfv_plan_usage(cfv_buf *b);

#endif
