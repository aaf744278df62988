/* The entry point every authoring subcommand shares: scan the options
 * (the common --defs/--sensor/--now, --help, and the command's own), print
 * usage errors the way `cfv check` does, then run. */
#ifndef CFV_CLI_AUTH_CMD_H
#define CFV_CLI_AUTH_CMD_H

#include <stddef.h>

#include "auth_env.h"
#include "auth_opt.h"

typedef struct cfv_auth_cmd {
    const char *name;           /* "dump" */
    const char *usage;          /* printed for --help */
    const cfv_opt *opts;        /* the command's own options; --help is added */
    size_t nopts;
    cfv_auth_common *common;    /* filled by --defs, --sensor, --now */
    void *user;
    /* One of the command's options; 0, or -1 with *e. */
    int (*option)(void *user, const char *opt, const char *value, cfv_err *e);
    /* One positional argument; 0, or -1 with *e. */
    int (*positional)(void *user, const char *value, cfv_err *e);
    /* After the last argument (not for --help): 0, or -1 with *e. */
    int (*done)(void *user, cfv_err *e);
    /* The exit status. */
    int (*run)(void *user);
} cfv_auth_cmd;

int cfv_auth_main(const cfv_auth_cmd *c, int argc, char **argv);

/* For a positional that may be given once: stores v in *slot, or fails
 * "one WHAT at a time". */
int cfv_auth_set_once(const char **slot, const char *what, const char *v, cfv_err *e);

#endif
