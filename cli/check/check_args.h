/* The command line of `cfv check`. */
#ifndef CFV_CLI_CHECK_ARGS_H
#define CFV_CLI_CHECK_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "common_opts.h"
#include "err.h"
#include "outputs.h" /* cfv_format, CFV_NALSO */

typedef enum cfv_color { CFV_COLOR_AUTO, CFV_COLOR_ALWAYS, CFV_COLOR_NEVER } cfv_color;

/* --max-size accepts up to 4 GiB: file_size in a CFF header is 32-bit. */
#define CFV_MAX_SIZE_LIMIT (4ull * 1024 * 1024 * 1024)

typedef struct cfv_check_args {
    cfv_common_opts common;     /* files, --defs, --config, --werror, --output, --help, limits */
    const char **sensors;       /* --sensor names in order (point into argv) */
    size_t nsensors;
    cfv_format format;
    const char *against;        /* --against PREVIOUS: the release gate (gate.h) */
    int print_config;           /* --print-config: show the effective configuration */
    const char *baseline;       /* --baseline FILE: report only findings not in it */
    const char *write_baseline; /* --write-baseline FILE: record the findings */
    int quiet;                  /* -q: text shows errors and the summary only */
    cfv_color color;            /* --color */
    int bare_color;             /* the argument just scanned was a bare --color */
    const char *color_operand;  /* the operand right after a bare --color spelled like its
                                   value ("never"): named in the message if it is no file */
    const char *also[CFV_NALSO];/* more reports of the same run, each to its file, or NULL */
} cfv_check_args;

/* argv[0] is the subcommand name. Returns 0, 1 for --help, or -1 with one
 * line in *e. */
int cfv_check_args_parse(cfv_check_args *a, int argc, char **argv, cfv_err *e);
void cfv_check_args_free(cfv_check_args *a);

/* The help: head, the option table's lines (host/args.h), exit statuses. */
void cfv_check_usage(cfv_buf *b);

/* Whether text goes out in colour: always/never as asked; auto when the
 * report goes to a terminal (no --output file) and NO_COLOR is unset or empty. */
int cfv_color_wanted(cfv_color c, const char *output);

#endif
