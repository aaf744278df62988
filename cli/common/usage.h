/* How every subcommand answers --help and a bad command line. */
#ifndef CFV_CLI_USAGE_H
#define CFV_CLI_USAGE_H

#include "buf.h"
#include "err.h"

/* The help that usage() writes, on stdout: 0, or 2 after saying why not. */
int cfv_cli_help(void (*usage)(cfv_buf *b));
/* "cfv: <e>" and "Try 'cfv <command> --help' ..." on stderr; returns 2. */
int cfv_cli_usage_error(const char *command, const cfv_err *e);

#endif
