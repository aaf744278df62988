/* The entry point every authoring subcommand shares: scan the options
 * (the common --defs/--sensor/--now, --help, and the command's own) with
 * the one argument scanner (host/args.h), print usage errors the way
 * `cfv check` does, then run. */
#ifndef CFV_CLI_AUTH_CMD_H
#define CFV_CLI_AUTH_CMD_H

#include <stddef.h>

#include "args.h"
#include "auth_env.h"

typedef struct cfv_auth_cmd {
    const char *name;           /* "dump" */
    const char *head, *tail;    /* --help: head, the options' lines, tail */
    const cfv_arg_opt *opts;    /* the command's own options; the common ones are added */
    size_t nopts;
    /* The command's option k (an index in opts); 0, or -1 with *e. */
    int (*option)(void *user, int k, const char *value, cfv_err *e);
    /* One positional argument; 0, or -1 with *e. */
    int (*positional)(void *user, const char *value, cfv_err *e);
    /* After the last argument (not for --help): 0, or -1 with *e. */
    int (*done)(void *user, cfv_err *e);
    /* The exit status. */
    int (*run)(void *user);
} cfv_auth_cmd;

/* user: the command's arguments, handed to the callbacks; common: where
 * --defs, --sensor and --now go. Returns the exit status. */
int cfv_auth_main(const cfv_auth_cmd *c, void *user, cfv_auth_common *common, int argc,
                  char **argv);

/* What a command's run does with its one input: loads the environment from
 * common, reads the file at path (at most max_size bytes, read_input.h) and
 * returns body's exit status; one that cannot be loaded or read is said on
 * stderr ("cfv: REASON") and is exit status 2. */
int cfv_auth_run_on(const cfv_auth_common *common, const char *path, uint64_t max_size,
                    int (*body)(void *user, const cfv_auth_env *env, const cfv_input *in),
                    void *user);

/* For a positional that may be given once: stores v in *slot, or fails
 * "one WHAT at a time". */
int cfv_auth_set_once(const char **slot, const char *what, const char *v, cfv_err *e);

#endif
