/* The command line of `cfv run`. */
#ifndef CFV_CLI_RUN_ARGS_H
#define CFV_CLI_RUN_ARGS_H

#include "buf.h"
#include "err.h"

typedef struct cfv_run_args {
    const char *defs_path;      /* NULL: the shipped definitions */
    const char *sensor;         /* required */
    int faithful;               /* --faithful: no bounds check (the 2024 defect) */
    int guarded;                /* --guarded: validate for the sensor before loading */
    int json;                   /* --format json */
    const char *channel_file;
    const char *events_file;
    int help;
} cfv_run_args;

/* argv[0] is "run". Returns 0, 1 for --help, or -1 with one line in *e. */
int cfv_run_args_parse(cfv_run_args *a, int argc, char **argv, cfv_err *e);

/* The help of `cfv run`. */
void cfv_run_usage(cfv_buf *b);

#endif
