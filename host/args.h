/* The one argument scanner of every cfv subcommand: getopt_long driven by a
 * table that also prints the help, so an option and its help line cannot
 * drift apart. Accepts "--name VALUE", "--name=VALUE", "-x VALUE", "-xVALUE",
 * flags, "--" ending the options and "-" as an operand (stdin); options and
 * operands mix in any order. Unlike plain getopt_long, abbreviations of long
 * names and empty values are refused. */
#ifndef CFV_HOST_ARGS_H
#define CFV_HOST_ARGS_H

#include <getopt.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

#define CFV_ARGS_MAX 48          /* options in one table */

typedef struct cfv_arg_opt {
    const char *name;            /* the long name without "--": "format" */
    char short_name;             /* 'o' for -o, or 0 */
    const char *value;           /* what the help calls the value ("FILE"); NULL for a flag;
                                    "[=WHEN]" (starting "[="): optional, only "--name=WHEN"
                                    gives one */
    const char *help;            /* the help text; '\n' starts a continuation line; NULL:
                                    not shown (an alias) */
} cfv_arg_opt;

typedef struct cfv_args {
    int argc;
    char **argv;
    const cfv_arg_opt *opts;
    size_t nopts;
    int done;                    /* getopt_long has finished: the rest are operands */
    struct option lopts[CFV_ARGS_MAX + 1];
    char shorts[3 + 3 * CFV_ARGS_MAX + 1];
} cfv_args;

#define CFV_ARG_OPERAND (-2)     /* a non-option argument, in *value */
#define CFV_ARG_END (-3)

/* argv[0] is the subcommand's name. getopt_long keeps its state in globals:
 * one scan at a time (this resets them). Returns -1 when the table has
 * more than CFV_ARGS_MAX entries. */
int cfv_args_init(cfv_args *s, int argc, char **argv, const cfv_arg_opt *opts, size_t nopts);
/* The next argument: the option's index in the table with its value in
 * *value (NULL for a flag), CFV_ARG_OPERAND with the operand in *value,
 * CFV_ARG_END, or -1 with one line in *e ("unknown option '--x'",
 * "--x needs a value", "--x: empty value", "--x takes no value"). */
int cfv_args_next(cfv_args *s, const char **value, cfv_err *e);

/* The whole command line in order, for commands that need no more than a
 * callback: each option as fn(ctx, its index, its value or NULL, e), each
 * operand as fn(ctx, CFV_ARG_OPERAND, it, e). 0, or -1 with one line in *e,
 * the scanner's or fn's (the scan stops at the first). */
typedef int (*cfv_args_fn)(void *ctx, int opt, const char *value, cfv_err *e);
int cfv_args_scan(int argc, char **argv, const cfv_arg_opt *opts, size_t nopts, cfv_args_fn fn,
                  void *ctx, cfv_err *e);

/* The table as help lines: "  -o, --output FILE  text", the text from
 * column 25 (on the next line when the option is longer). */
void cfv_args_help(cfv_buf *b, const cfv_arg_opt *opts, size_t nopts);
/* A command's whole help: head, the table's help lines, tail. */
void cfv_args_usage(cfv_buf *b, const char *head, const cfv_arg_opt *opts, size_t nopts,
                    const char *tail);
#define CFV_ARGS_USAGE(b, head, opts, tail)                                                      \
    cfv_args_usage((b), (head), (opts), sizeof(opts) / sizeof((opts)[0]), (tail))
/* The same on stdout: 0, or 2 on a write error. */
int cfv_args_print_usage(const char *head, const cfv_arg_opt *opts, size_t nopts,
                         const char *tail);

#endif
