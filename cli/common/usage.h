/* How every subcommand answers --help and a bad command line. */
#ifndef CFV_CLI_USAGE_H
#define CFV_CLI_USAGE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* The help that usage() writes, on stdout: 0, or 2 after saying why not. */
int cfv_cli_help(void (*usage)(cfv_buf *b));
/* "cfv: <e>" and "Try 'cfv <command> --help' ..." on stderr; returns 2. */
int cfv_cli_usage_error(const char *command, const cfv_err *e);
/* "cfv: out of memory" on stderr; returns 2, the exit status. */
int cfv_cli_oom(void);
/* The frame of a command whose state lives on the heap (check, plan, run). */
typedef struct cfv_cli_cmd {
    const char *name;                   /* "check", for "Try 'cfv check --help'" */
    size_t size;                        /* of the state, allocated zeroed */
    /* The command line into the state: 0 run, 1 --help, or -1 with *e. */
    int (*parse)(void *state, int argc, char **argv, cfv_err *e);
    void (*usage)(cfv_buf *b);          /* what --help prints */
    int (*run)(void *state);            /* the exit status */
    void (*fini)(void *state);          /* frees what the state holds, whatever happened */
} cfv_cli_cmd;

/* Allocates the state, parses, then answers a usage error or --help as
 * above, or runs; fini and the state freed on every path. The exit status. */
int cfv_cli_main(const cfv_cli_cmd *c, int argc, char **argv);

/* Defines int cfv_cmd_NAME(int argc, char **argv) on the frame: the state
 * a T, PARSE(&state->ARGS, argc, argv, e) its command line (0, 1 --help,
 * -1), RUN(T *) the exit status, FINI(T *) the clean-up. */
#define CFV_CLI_COMMAND(NAME, T, ARGS, PARSE, USAGE, RUN, FINI)                        \
    static int NAME##_parse(void *s, int argc, char **argv, cfv_err *e)               \
    {                                                                                  \
        return PARSE(&((T *)s)->ARGS, argc, argv, e);                                  \
    }                                                                                  \
    static int NAME##_run(void *s) { return RUN((T *)s); }                             \
    static void NAME##_fini(void *s) { FINI((T *)s); }                                 \
    int cfv_cmd_##NAME(int argc, char **argv)                                          \
    {                                                                                  \
        static const cfv_cli_cmd cmd = {#NAME, sizeof(T), NAME##_parse, USAGE,         \
                                        NAME##_run, NAME##_fini};                      \
        return cfv_cli_main(&cmd, argc, argv);                                         \
    }

#endif
