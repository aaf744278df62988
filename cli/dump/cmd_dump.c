/* cfv dump: a channel file as a readable listing (every field with its
 * offset, annotated with the validator's diagnostics), as JSON, or as
 * source for `cfv build`. With only a path it is a git textconv driver,
 * so it exits 0 for any file it could read, broken or not. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_cmd.h"
#include "dump.h"
#include "num.h"
#include "out.h"
#include "read_input.h"
#include "src_emit.h"
#include "src_parse.h"
#include "usage.h"

static const char head[] =
    "Usage: cfv dump [OPTIONS] FILE\n"
    "Show every field of a channel file with its offset, the validator's diagnostics\n"
    "where they point, or the file as source for `cfv build`. FILE '-' reads stdin.\n"
    "Works as a git textconv driver: git config diff.cfv.textconv \"cfv dump --textconv\".\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "Exit status: 0 dumped (whatever the file's diagnostics), 2 usage or I/O error.\n";

enum { FMT_TEXT, FMT_JSON, FMT_SOURCE };

typedef struct dump_args {
    cfv_auth_common common;
    int format;
    uint64_t max_size;
    const char *output;
    const char *file;
    int textconv;
} dump_args;

enum { O_FORMAT, O_MAX_SIZE, O_OUTPUT, O_TEXTCONV };
static const cfv_arg_opt opts[] = {
    [O_FORMAT] = {"format", 0, "text|json|source",
                  "listing (default), JSON, or the source format\n(docs/source-format.md)"},
    [O_MAX_SIZE] = {"max-size", 0, "BYTES", "larger files are not read (default: 64M)"},
    [O_OUTPUT] = {"output", 'o', "FILE", "write to FILE, replaced atomically (default: stdout)"},
    [O_TEXTCONV] = {"textconv", 0, NULL,
                    "for git: the same output whatever path git passes and whenever\n"
                    "it runs (the output names no file: git's own header names its\n"
                    "repository path; CFV008 only with --now)"},
};

static int option(void *user, int k, const char *v, cfv_err *e)
{
    dump_args *a = user;
    if (k == O_FORMAT) {
        a->format = strcmp(v, "text") == 0     ? FMT_TEXT
                    : strcmp(v, "json") == 0   ? FMT_JSON
                    : strcmp(v, "source") == 0 ? FMT_SOURCE
                                               : -1;
        if (a->format < 0) {
            cfv_err_set(e, "--format: unknown format '%s' (expected text, json or source)", v);
            return -1;
        }
    } else if (k == O_MAX_SIZE) {
        if (cfv_parse_size(v, UINT32_MAX, &a->max_size) != 0 || a->max_size == 0) {
            cfv_err_set(e, "--max-size: '%s' is not a size from 1 byte to 4G", v);
            return -1;
        }
    } else if (k == O_TEXTCONV) {
        a->textconv = 1;
    } else {
        a->output = v;
    }
    return 0;
}

static int positional(void *user, const char *v, cfv_err *e)
{
    return cfv_auth_set_once(&((dump_args *)user)->file, "FILE", v, e);
}

static int done(void *user, cfv_err *e)
{
    dump_args *a = user;
    if (!a->file) {
        cfv_err_set(e, "no FILE given");
        return -1;
    }
    /* A diff must not change with the day it is made: no "now" unless asked. */
    if (a->textconv && !a->common.have_now) {
        a->common.have_now = 1;
        a->common.now = 0;
    }
    return 0;
}

/* How messages name the file: as given, or for git its base name. git
 * hands a textconv driver the worktree file by its repository path but an
 * older version as a temporary copy (/tmp/git-blob-XXXXXX/NAME). */
static const char *display_name(const dump_args *a)
{
    const char *name = cfv_input_name(a->file);
    const char *slash = a->textconv ? strrchr(name, '/') : NULL;
    return slash && slash[1] ? slash + 1 : name;
}

/* How the output names the file. For git, not at all: no path it could
 * pass is the repository path on both sides, and git's own header (diff
 * --git a/PATH b/PATH) names it, as it does for a source file. */
static const char *output_name(const dump_args *a)
{
    return a->textconv ? NULL : display_name(a);
}

/* Checks that the source builds back into the very bytes; says where not. */
static void verify_source(const cfv_buf *src, const cfv_decoded *d, const cfv_auth_env *env,
                          const char *name)
{
    cfv_src_model m;
    cfv_wfile f;
    cfv_src_error err;
    if (cfv_src_compile(src->data, src->len, env->defs, env->now, &m, &f, &err) != 0) {
        fprintf(stderr, "cfv dump: %s: warning: the source does not build (line %u: %s)\n", name,
                err.line, err.message);
        return;
    }
    size_t i = 0;
    while (i < f.len && i < d->len && f.data[i] == d->data[i])
        i++;
    if (i < f.len || i < d->len)
        fprintf(stderr,
                "cfv dump: %s: warning: the source does not reproduce the file byte for byte "
                "(first difference at offset %zu); `cfv build` makes a different file\n",
                name, i);
    cfv_wfile_free(&f);
    cfv_src_model_free(&m);
}

static int render(const dump_args *a, const cfv_auth_env *env, const cfv_input *in,
                  cfv_decoded *d, cfv_buf *b)
{
    const char *name = display_name(a);
    if (a->format == FMT_SOURCE) {
        int lost = cfv_src_emit(b, d, env->defs, output_name(a));
        if (lost < 0)
            return -1;
        if (!b->oom)
            verify_source(b, d, env, name);
        return 0;
    }
    cfv_diag_list diags;
    cfv_auth_validate(env, in->data, in->len, in->real_size, a->file, &diags);
    cfv_dump_ctx c = {b, d, env, &diags, output_name(a), in->real_size, NULL, NULL};
    int rc = diags.oom || cfv_dump_ctx_init(&c) != 0 ? -1 : 0;
    if (rc == 0 && a->format == FMT_JSON)
        cfv_dump_json(&c);
    else if (rc == 0)
        cfv_dump_text(&c);
    cfv_dump_ctx_free(&c);
    cfv_diag_list_free(&diags);
    return rc;
}

static int dump(void *user, const cfv_auth_env *env, const cfv_input *in)
{
    const dump_args *a = user;
    cfv_err e;
    cfv_decoded d;
    cfv_decoded_init(&d);
    cfv_out out;
    int rc = 2;
    if (cfv_decode(&d, in->data, in->len) != CFV_DECODE_OK) {
        (void)cfv_cli_oom();
    } else if (cfv_out_open(&out, a->output, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
    } else if (render(a, env, in, &d, &out.buf) != 0 || out.buf.oom) {
        (void)cfv_cli_oom();
        cfv_out_abort(&out);
    } else if (cfv_out_commit(&out, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
    } else {
        rc = 0;
    }
    cfv_decoded_free(&d);
    return rc;
}

static int run(void *user)
{
    const dump_args *a = user;
    return cfv_auth_run_on(&a->common, a->file, a->max_size, dump, user);
}

static const cfv_auth_cmd cmd = {"dump", head, tail, opts, sizeof opts / sizeof opts[0],
                                 option, positional, done, run};

int cfv_cmd_dump(int argc, char **argv)
{
    dump_args a = {.max_size = CFV_DEFAULT_MAX_SIZE};
    return cfv_auth_main(&cmd, &a, &a.common, argc, argv);
}
