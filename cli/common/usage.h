/* How every subcommand answers --help and a bad command line. */
#ifndef CFV_CLI_USAGE_H
#define CFV_CLI_USAGE_H

#include "buf.h"
#include "err.h"

/* The help that usage() writes, on stdout: 0, or 2 after saying why not. */
int cfv_cli_help(void (*usage)(cfv_buf *b));
/* "cfv: <e>" and "Try 'cfv <command> --help' ..." on stderr; returns 2. */
int cfv_cli_usage_error(const char *command, const cfv_err *e);
/* "cfv: out of memory" on stderr; returns 2, the exit status. */
int cfv_cli_oom(void);
/* What a command does once its command line is parsed (parse_rc, its
 * parser's result): a usage error (parse_rc != 0) or --help (*help)
 * answered as above, returning 2 or the help's status; -1 when neither,
 * and the command runs. */
int cfv_cli_answer(const char *command, int parse_rc, const cfv_err *e, const int *help,
                   void (*usage)(cfv_buf *b));

#endif
