/* cfv build: compiles the source format into a CFF v1 file with the writer,
 * validates it for the selected sensors exactly as `cfv check` would, and
 * only then writes it, atomically. A file that fails is never written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth_cmd.h"
#include "escape.h"
#include "out.h"
#include "outputs.h"
#include "read_input.h"
#include "report.h"
#include "usage.h"
#include "src_parse.h"
#include "verdict.h"

static const char head[] =
    "Usage: cfv build [OPTIONS] SOURCE -o FILE\n"
    "Compile a channel file from source (docs/source-format.md), validate it and\n"
    "write it atomically. Nothing is written when validation fails. SOURCE '-'\n"
    "reads stdin; -o - writes the file to stdout. Diagnostics, as `cfv check`\n"
    "prints them and each with the source line it came from, go to stderr; the\n"
    "other formats name the source file's line and column.\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "Exit status: 0 written, 1 source or validation errors, or warnings with\n"
    "--werror (nothing written; every report says the same), 2 usage or I/O error.\n";

#define SOURCE_MAX_SIZE (256u * 1024u * 1024u)

typedef struct build_args {
    cfv_auth_common common;
    const char *source;
    const char *output;
    int werror;
    cfv_format format;
    const char *also[CFV_NALSO];    /* --sarif-output...: more reports, each to its file */
} build_args;

enum { O_OUTPUT, O_WERROR, O_FORMAT, O_SARIF, O_JSON, O_JUNIT };
static const cfv_arg_opt opts[] = {
    [O_OUTPUT] = {"output", 'o', "FILE", "the channel file to write (required)"},
    [O_WERROR] = {"werror", 0, NULL,
                  "warnings fail the build too (and the reports: JUnit\n"
                  "failure, JSON verdicts unsafe)"},
    [O_FORMAT] = {"format", 0, "text|json|sarif|github|gcc|junit",
                  "the report on stderr (default: text), as cfv check's;\n"
                  "findings at the source file's LINE:COLUMN"},
    [O_SARIF] = CFV_OPT_SARIF_OUTPUT,
    [O_JSON] = CFV_OPT_JSON_OUTPUT,
    [O_JUNIT] = CFV_OPT_JUNIT_OUTPUT,
};

static int option(void *user, int k, const char *v, cfv_err *e)
{
    build_args *a = user;
    switch (k) {
    case O_OUTPUT: a->output = v; break;
    case O_WERROR: a->werror = 1; break;
    case O_FORMAT: return cfv_report_format_parse(v, &a->format, e);
    default: a->also[k - O_SARIF] = v; break;
    }
    return 0;
}

static int positional(void *user, const char *v, cfv_err *e)
{
    return cfv_auth_set_once(&((build_args *)user)->source, "SOURCE", v, e);
}

static int done(void *user, cfv_err *e)
{
    const build_args *a = user;
    if (!a->source)
        cfv_err_set(e, "no SOURCE given");
    else if (!a->output)
        cfv_err_set(e, "no output: say -o FILE");
    return a->source && a->output ? 0 : -1;
}

/* The output must not replace its own source. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Diagnostics as `cfv check` prints them (about the file being built),
 * each followed by the source line it came from. */
static void report_text(const build_args *a, const cfv_defs *defs, const cfv_diag_list *l,
                        const cfv_src_model *m, const cfv_wfile *f, cfv_buf *b)
{
    cfv_report r;
    cfv_report_init(&r, CFV_FORMAT_TEXT, b, defs, CFV_DEFAULT_MAX_DIAGNOSTICS);
    r.ops->file_begin(&r, a->output);
    const char *src = cfv_input_name(a->source);
    for (size_t i = 0; i < l->n; i++) {
        cfv_report_text_line(&r, b, &l->items[i]);
        cfv_src_loc at = cfv_src_locate(m, f, l->items[i].offset);
        if (at.line) {
            cfv_buf_puts(b, "  ");
            cfv_esc_text(b, src, strlen(src));
            cfv_buf_printf(b, ":%u:%u: note: from here\n", at.line, at.col);
        }
    }
    cfv_report_free(&r);
}

typedef struct located {
    const cfv_src_model *m;
    const cfv_wfile *f;
} located;

static void locate(const void *user, const cfv_diag *d, uint32_t *line, uint32_t *col)
{
    const located *x = user;
    cfv_src_loc at = cfv_src_locate(x->m, x->f, d->offset);
    *line = at.line;
    *col = at.line ? at.col : 0;
}

/* The reports of one build: the one on stderr (--format) and the files
 * (--sarif-output...), all about the source file, findings at its lines,
 * each failing the file exactly when the build fails (--werror included).
 * A source that does not compile (l NULL) is reported as not checked, with
 * err's position. Returns 0, or 2 when a report file cannot be written. */
static int report(const build_args *a, const cfv_auth_env *env, const cfv_diag_list *l,
                  const cfv_src_model *m, const cfv_wfile *f, const cfv_src_error *err)
{
    cfv_verdict_row *row = malloc(sizeof *row);
    if (!row)
        return cfv_cli_oom();
    cfv_buf b = {0};
    cfv_report r;
    cfv_err e;
    cfv_report_init(&r, a->format, &b, env->defs, CFV_DEFAULT_MAX_DIAGNOSTICS);
    located at = {m, f};
    r.run = (cfv_report_run){.command = "build", .werror = a->werror, .locate = locate,
                             .locate_user = &at};
    cfv_report_outputs also;
    const char *inputs[] = {a->source, a->output};
    if (cfv_report_outputs_open(&also, a->also, inputs, 2, &r, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        cfv_report_outputs_free(&also);
        cfv_report_free(&r);
        free(row);
        return 2;
    }
    /* Text keeps its own shape (offsets in the file built, notes pointing
     * at the source); the other formats are cfv check's reports. */
    cfv_report *chain = a->format == CFV_FORMAT_TEXT ? r.next : &r;
    const char *src = cfv_input_name(a->source);
    cfv_totals t = {0};
    if (l) {
        cfv_report_begin(chain);
        cfv_report_file_begin(chain, src);
        cfv_counts c = {0};
        /* JSON's verdicts per sensor, as cfv check's of the file built. */
        cfv_verdict_row_reset(row, env->sensors);
        row->werror = a->werror;
        for (size_t i = 0; i < l->n; i++) {
            c.sev[l->items[i].severity < CFV_NSEV ? l->items[i].severity : CFV_SEV_ERROR]++;
            cfv_verdict_row_add(row, &l->items[i]);
            cfv_report_diag(chain, &l->items[i]);
        }
        if (chain) {
            chain->verdicts = row;
            (void)cfv_report_file_end(chain, &c);
        }
        t.files = 1;
        t.counts = c;
        if (a->format == CFV_FORMAT_TEXT)
            report_text(a, env->defs, l, m, f, &b);
    } else {
        char why[300];
        snprintf(why, sizeof why, "%u:%u: %s", err->line, err->col, err->message);
        cfv_report_begin(chain);
        cfv_report_file_unreadable_at(chain, src, err->line, err->col, why);
        t.unreadable = 1;
    }
    cfv_report_end(chain, &t);
    int rc = cfv_report_outputs_commit(&also, &e);
    if (rc != 0)
        fprintf(stderr, "cfv: %s\n", e.msg);
    cfv_report_outputs_free(&also);
    cfv_report_free(&r);
    free(row);
    if (b.oom)
        (void)cfv_cli_oom();
    else if (b.len)
        fwrite(b.data, 1, b.len, stderr);
    cfv_buf_free(&b);
    return rc ? 2 : 0;
}

static int write_file(const char *path, const cfv_wfile *f)
{
    cfv_out out;
    cfv_err e;
    if (cfv_out_open(&out, path, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    cfv_buf_put(&out.buf, f->data, f->len);
    if (out.buf.oom) {
        cfv_out_abort(&out);
        return cfv_cli_oom();
    }
    if (cfv_out_commit(&out, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    return 0;
}

/* Validates the encoded file; writes it only when it passes. */
static int validate_and_write(const build_args *a, const cfv_auth_env *env,
                              const cfv_src_model *m, const cfv_wfile *f)
{
    cfv_diag_list l;
    cfv_auth_validate(env, f->data, f->len, f->len, a->output, &l);
    int written = report(a, env, &l, m, f, NULL);
    const cfv_result *res = &l.result;
    int fails = res->errors || (a->werror && res->warnings) || l.oom;
    fprintf(stderr, "cfv build: ");
    for (const char *p = a->output; *p; p++)
        fputc((unsigned char)*p < 0x20 ? '?' : *p, stderr);
    fprintf(stderr, ": %u error%s, %u warning%s; %s\n", res->errors, res->errors == 1 ? "" : "s",
            res->warnings, res->warnings == 1 ? "" : "s",
            fails ? "not written" : "written");
    cfv_diag_list_free(&l);
    if (written != 0)
        return written;
    return fails ? 1 : write_file(a->output, f);
}

/* Compiles the source; validates and writes what it compiles to. */
static int build(void *user, const cfv_auth_env *env, const cfv_input *in)
{
    const build_args *a = user;
    int rc;
    cfv_src_model m;
    cfv_wfile f;
    cfv_src_error err;
    if (in->over_limit) {
        fprintf(stderr, "cfv: %s: source over %u bytes\n", cfv_input_name(a->source),
                SOURCE_MAX_SIZE);
        rc = 2;
    } else if (cfv_src_compile((const char *)in->data, in->len, env->defs, env->now, &m, &f,
                               &err) != 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "error: %s", err.message);
        cfv_err loc;
        cfv_err_loc(&loc, cfv_input_name(a->source), err.line, err.col, msg);
        fprintf(stderr, "%s\n", loc.msg);
        rc = report(a, env, NULL, NULL, NULL, &err) ? 2 : 1;
    } else {
        rc = validate_and_write(a, env, &m, &f);
        cfv_wfile_free(&f);
        cfv_src_model_free(&m);
    }
    return rc;
}

static int run(void *user)
{
    const build_args *a = user;
    if (same_file(a->source, a->output)) {
        fprintf(stderr, "cfv: %s: the output names the source; refusing to overwrite it\n",
                a->output);
        return 2;
    }
    return cfv_auth_run_on(&a->common, a->source, SOURCE_MAX_SIZE, build, user);
}

static const cfv_auth_cmd cmd = {"build", head, tail, opts, sizeof opts / sizeof opts[0],
                                 option, positional, done, run};

int cfv_cmd_build(int argc, char **argv)
{
    build_args a = {0};
    return cfv_auth_main(&cmd, &a, &a.common, argc, argv);
}
