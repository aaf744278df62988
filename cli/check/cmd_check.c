/* cfv check: validate files, report in text/JSON/SARIF, exit 0/1/2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"
#include "check_args.h"
#include "defs_load.h"
#include "gate.h"
#include "out.h"
#include "read_input.h"
#include "report.h"
#include "sensors.h"
#include "verdict.h"

/* Everything one run needs, passed around instead of globals. */
typedef struct check_ctx {
    cfv_check_args args;
    cfv_defs *defs;
    uint32_t sensors;
    uint64_t now;
    cfv_regex_cache *regex_cache;   /* one per run: keyed on pattern content */
    cfv_out out;
    cfv_report report;
    cfv_totals totals;
    cfv_gate *gate;                 /* --against: the release gate */
    cfv_verdict_row *row;           /* the file's per-sensor verdicts (verdict.h) */
} check_ctx;

static void fail(const cfv_err *e) { fprintf(stderr, "cfv: %s\n", e->msg); }

static int usage_error(const cfv_err *e)
{
    fail(e);
    fputs("Try 'cfv check --help' for more information.\n", stderr);
    return 2;
}

static void on_diag(void *user, const cfv_diag *d)
{
    check_ctx *c = user;
    c->report.ops->diag(&c->report, d);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void check_one(check_ctx *c, const char *path)
{
    const char *name = cfv_input_name(path);
    cfv_input in;
    cfv_err e;
    if (cfv_read_input(path, c->args.max_size, &in, &e) != 0) {
        fail(&e);
        c->totals.unreadable++;
        c->report.ops->file_unreadable(&c->report, name, cfv_err_reason(&e));
        return;
    }
    static const uint8_t nothing[1];
    cfv_options opt;
    memset(&opt, 0, sizeof opt);
    opt.defs = c->defs;
    opt.sensors = c->sensors;
    opt.real_size = in.real_size;
    opt.max_size = c->args.max_size;
    opt.now_utc = c->now;
    if (strcmp(path, "-") != 0) {
        opt.file_name = base_name(path);
        opt.file_name_len = strlen(opt.file_name);
    }
    opt.max_diagnostics = c->args.max_diagnostics;
    opt.regex = cfv_regex_check;
    opt.regex_user = c->regex_cache;
    opt.emit = on_diag;
    opt.emit_user = c;

    c->report.ops->file_begin(&c->report, name);
    cfv_result res = cfv_verdict_validate(c->row, in.data ? in.data : nothing, in.len, &opt,
                                          c->args.werror);
    c->report.verdicts = c->row;
    if (c->gate)
        cfv_gate_check(c->gate, &c->report, name, in.data ? in.data : nothing, in.len, &res);
    c->report.ops->file_end(&c->report, &res);
    c->totals.files++;
    c->totals.errors += res.errors;
    c->totals.warnings += res.warnings;
    c->totals.truncated += res.truncated ? 1 : 0;
    cfv_input_free(&in);
    cfv_out_maybe_flush(&c->out);
}

/* `--output x.cff x.cff` would replace an input with its own report. */
static int output_is_an_input(const check_ctx *c, cfv_err *e)
{
    return cfv_out_names_an_input(c->args.output, c->args.files, c->args.nfiles, e);
}

/* Loads definitions, sensors, the regex cache and the output; 0 or an exit code. */
static int prepare(check_ctx *c)
{
    cfv_err e;
    c->defs = cfv_defs_load(c->args.defs_path, &e);
    if (!c->defs) {
        fail(&e);
        return 2;
    }
    if (cfv_select_sensors(c->defs, c->args.sensors, c->args.nsensors, &c->sensors, &e) != 0) {
        fail(&e);
        return 2;
    }
    c->now = c->args.have_now ? c->args.now : (uint64_t)time(NULL);
    c->regex_cache = cfv_regex_cache_new();
    c->row = malloc(sizeof *c->row);
    if (!c->regex_cache || !c->row) {
        fputs("cfv: out of memory\n", stderr);
        return 2;
    }
    if (c->args.against &&
        !(c->gate = cfv_gate_open(c->args.against, c->args.max_size, &e))) {
        fail(&e);
        return 2;
    }
    if (output_is_an_input(c, &e) || cfv_out_open(&c->out, c->args.output, &e) != 0) {
        fail(&e);
        return 2;
    }
    return 0;
}

static int run(check_ctx *c)
{
    int rc = prepare(c);
    if (rc != 0)
        return rc;
    cfv_report_init(&c->report, c->args.format, &c->out.buf, c->defs, c->args.max_diagnostics);
    if (c->gate)
        cfv_gate_attach(c->gate, &c->report);
    c->report.ops->begin(&c->report);
    for (size_t i = 0; i < c->args.nfiles; i++)
        check_one(c, c->args.files[i]);
    c->report.ops->end(&c->report, &c->totals);
    if (c->gate)
        cfv_gate_finish(c->gate, &c->report);
    cfv_report_free(&c->report);
    cfv_err e;
    if (cfv_out_commit(&c->out, &e) != 0) {
        fail(&e);
        return 2;
    }
    if (c->totals.unreadable)
        return 2;
    if (c->totals.errors || (c->args.werror && c->totals.warnings))
        return 1;
    return 0;
}

int cfv_cmd_check(int argc, char **argv)
{
    check_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        fputs("cfv: out of memory\n", stderr);
        return 2;
    }
    c->out.fd = -1;
    cfv_err e;
    int rc;
    if (cfv_check_args_parse(&c->args, argc, argv, &e) != 0) {
        rc = usage_error(&e);
    } else if (c->args.help) {
        cfv_out help;
        if (cfv_out_open(&help, NULL, &e) == 0) {
            cfv_buf_puts(&help.buf, cfv_check_usage);
            rc = cfv_out_commit(&help, &e) == 0 ? 0 : (fail(&e), 2);
        } else {
            rc = (fail(&e), 2);
        }
    } else {
        rc = run(c);
    }
    if (c->regex_cache)
        cfv_regex_cache_free(c->regex_cache);
    cfv_gate_free(c->gate);
    free(c->row);
    free(c->defs);
    cfv_check_args_free(&c->args);
    free(c);
    return rc;
}
