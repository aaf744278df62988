/* Option-table entries (host/args.h) that several subcommands share, so
 * the same option has the same help everywhere. */
#ifndef CFV_CLI_COMMON_OPTS_H
#define CFV_CLI_COMMON_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "args.h"
#include "err.h"

#define CFV_OPT_DEFS {"defs", 0, "FILE", "Template Type Definitions (default: the shipped cff.defs)"}
#define CFV_OPT_HELP {"help", 'h', NULL, "show this help"}
/* The limits check and plan parse alike (cfv_limit_opts): one help text. */
#define CFV_OPT_MAX_SIZE                                                                        \
    {"max-size", 0, "BYTES",                                                                    \
     "larger files are not read and fail with CFV013\n"                                         \
     "(default: 64M; K, M, G suffixes allowed; at most 4G)"}
#define CFV_OPT_NOW                                                                             \
    {"now", 0, "EPOCH", "reference time for CFV008, in Unix seconds\n(default: now; 0 skips CFV008)"}
#define CFV_OPT_OUTPUT                                                                          \
    {"output", 0, "FILE", "write the report to FILE, replaced atomically (default: stdout)"}
#define CFV_OPT_FORMAT_TEXT_JSON(help) {"format", 0, "text|json", (help)}

/* Values several subcommands take, parsed and refused the same way: 0, or
 * -1 with "--max-size: '5x' is not valid; expected ..." in *e. */
int cfv_opt_max_size(const char *v, uint64_t *out, cfv_err *e);
int cfv_opt_max_diagnostics(const char *v, uint32_t *out, cfv_err *e);
int cfv_opt_now(const char *v, uint64_t *out, cfv_err *e);

/* One of n names: *out its index, 0; or -1 with "--format: unknown format
 * 'x' (expected text, json or sarif)" in *e (opt "--format", what "format"). */
int cfv_opt_choice(const char *opt, const char *what, const char *v, const char *const *names,
                   int n, int *out, cfv_err *e);

/* Two lists with room for every argument (each argument is at most one
 * entry of one of them: a file, a --sensor, ...), in one block: free(*first)
 * frees both. 0, or -1 with "out of memory" in *e. */
int cfv_opt_lists(int argc, const char ***first, const char ***second, cfv_err *e);

/* The limits cfv check and cfv plan both take: --max-size, --max-diagnostics,
 * --now, with a note of which were given (they override the configuration). */
typedef struct cfv_limit_opts {
    uint64_t max_size;
    int have_max_size;
    uint32_t max_diagnostics;
    uint64_t now;               /* --now, else the caller's time(NULL) */
    int have_now;
} cfv_limit_opts;

/* What cfv check and cfv plan both take, parsed the same way: the files,
 * --defs, --config, --werror, --output, --help and the limits. */
typedef struct cfv_common_opts {
    const char *defs_path;      /* NULL: the shipped definitions */
    const char *config;         /* --config FILE, else .cfv.yaml found per file */
    int werror;                 /* warnings fail too */
    const char *output;         /* NULL: stdout */
    const char **files;         /* point into argv */
    size_t nfiles;
    int help;                   /* --help seen: print usage, do nothing else */
    cfv_limit_opts lim;         /* --max-size, --max-diagnostics, --now */
} cfv_common_opts;

/* Scans argv with the subcommand's table and fn (host/args.h), o's files
 * and *second (a repeatable option's list) having room for every argument
 * (cfv_opt_lists: free(o->files) frees both). 0, or -1 with one line in *e. */
int cfv_common_opts_scan(cfv_common_opts *o, const char ***second, int argc, char **argv,
                         const cfv_arg_opt *opts, size_t nopts, cfv_args_fn fn, void *ctx,
                         cfv_err *e);
/* Frees the lists of cfv_common_opts_scan; o->files and *second are NULL. */
void cfv_common_opts_free(cfv_common_opts *o, const char ***second);
/* An operand (opt CFV_ARG_OPERAND: a file; files and options may mix), or
 * the option named name with value v when it is one of cfv_common_opts's:
 * 0 (also for a name that is none of them), or -1 with one line in *e. */
int cfv_common_opts_apply(cfv_common_opts *o, int opt, const char *name, const char *v,
                          cfv_err *e);

/* The defaults: CFV_DEFAULT_MAX_SIZE, CFV_DEFAULT_MAX_DIAGNOSTICS, no --now. */
void cfv_limit_opts_init(cfv_limit_opts *l);
/* The option named name ("max-size") with value v: 0 applied, 1 when name
 * is none of these, -1 with one line in *e. */
int cfv_limit_opts_apply(cfv_limit_opts *l, const char *name, const char *v, cfv_err *e);

#endif
