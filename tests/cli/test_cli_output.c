/* --output replaces its file atomically and leaves nothing behind on
 * failure; every write error (stdout included) is exit 2 with one line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "json_read.h"

typedef struct fixture {
    char *dir;      /* holds only what a test writes */
    char *in;       /* 64 zero bytes (CFV002), outside dir */
    char *indir;
} fixture;

static int setup(void **state)
{
    static const uint8_t zeros[64];
    fixture *f = calloc(1, sizeof *f);
    f->dir = cli_tmpdir();
    f->indir = cli_tmpdir();
    f->in = cli_write_file(f->indir, "zeros.cff", zeros, sizeof zeros);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cli_rmrf(f->dir);
    cli_rmrf(f->indir);
    free(f->dir), free(f->indir), free(f->in);
    free(f);
    return 0;
}

static void output_file_gets_the_whole_report(void **state)
{
    fixture *f = *state;
    char *out = cli_path(f->dir, "report.json");
    cli_run r;
    CLI(&r, "check", "--format", "json", "--output", out, f->in);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, ""); /* the report went to the file */
    assert_string_equal(r.err, "");
    size_t len;
    char *text = cli_read_file(out, &len);
    assert_non_null(text);
    char err[128];
    jnode *j = json_parse(text, len, err, sizeof err);
    assert_non_null(j);
    assert_string_equal(json_path(j, "files.0.diagnostics.0.rule")->str, "CFV002");
    json_free(j);
    free(text);
    assert_int_equal(cli_dir_entries(f->dir), 1); /* no temporary file left */
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_true(st.st_mode & S_IRUSR);
    cli_run_free(&r);
    free(out);
}

/* A write that fails half way (RLIMIT_FSIZE: EFBIG) must not touch the old
 * report nor leave the temporary file. SARIF, with its rule catalog, is well
 * over the limit; the one stderr line is well under it. */
static void failed_write_keeps_old_report_and_leaves_nothing(void **state)
{
    fixture *f = *state;
    char *out = cli_write_file(f->dir, "report.txt", "old report\n", 11);
    cli_run_opts o = {.fsize_limit = 4096};
    CLI_REFUSED_OPTS(&o, "write error: file too large", "check", "--format", "sarif", "--output", out, f->in);
    size_t len;
    char *text = cli_read_file(out, &len);
    assert_string_equal(text, "old report\n");
    free(text);
    assert_int_equal(cli_dir_entries(f->dir), 1);
    unlink(out);
    /* and with no old report, no file at all */
    CLI_EXPECT_OPTS(&o, 2, NULL, NULL, "check", "--format", "sarif", "--output", out, f->in);
    assert_int_equal(cli_dir_entries(f->dir), 0);
    free(out);
}

static void output_in_missing_directory_exits_2(void **state)
{
    fixture *f = *state;
    char *out = cli_path(f->dir, "no/such/dir/report.txt");
    CLI_REFUSED("cannot create a temporary file beside it", "check", "--output", out, f->in);
    assert_int_equal(cli_dir_entries(f->dir), 0);
    free(out);
}

static void output_naming_a_directory_exits_2(void **state)
{
    fixture *f = *state;
    CLI_REFUSED(": is a directory", "check", "--output", f->dir, f->in);
}

/* A device is written in place, never renamed over (as root, that would
 * replace /dev/full with a plain file). */
static void output_to_dev_full_exits_2_and_keeps_the_device(void **state)
{
    fixture *f = *state;
    CLI_REFUSED("cfv: /dev/full: write error: no space left on device", "check", "--output", "/dev/full",
                f->in);
    struct stat st;
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void stdout_on_dev_full_exits_2(void **state)
{
    fixture *f = *state;
    cli_run_opts o = {.stdout_path = "/dev/full"};
    CLI_REFUSED_OPTS(&o, "cfv: <stdout>: write error: no space left on device", "check", f->in);
    CLI_EXPECT_OPTS(&o, 2, NULL, NULL, "check", "--format", "sarif", f->in);
    CLI_REFUSED_OPTS(&o, "write error", "--version");
    CLI_EXPECT_OPTS(&o, 2, NULL, NULL, "check", "--help");
}

/* `cfv check ... | head -0`: the closed pipe is a write error (exit 2, one
 * line), not a silent death by SIGPIPE. */
static void stdout_pipe_closed_by_reader_exits_2(void **state)
{
    fixture *f = *state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    cli_run r;
    cli_run_opts o = {.stdout_fd = p[1]};
    CLI_OPTS(&r, &o, "check", f->in);
    close(p[1]);
    assert_int_equal(r.status, 2);
    cli_expect_one_err_line(&r, "cfv: <stdout>: write error: broken pipe");
    cli_run_free(&r);
}

/* With descriptor 1 closed, the report must not land in whatever file
 * happens to get descriptor 1 next: it is a write error. */
static void closed_stdout_exits_2(void **state)
{
    fixture *f = *state;
    cli_run_opts o = {.close_stdout = 1};
    CLI_REFUSED_OPTS(&o, "cfv: <stdout>: write error: ", "check", f->in);
}

/* `--output x.cff x.cff` would replace the input with its report. */
static void output_naming_an_input_is_refused(void **state)
{
    fixture *f = *state;
    size_t before, after;
    char *was = cli_read_file(f->in, &before);
    CLI_REFUSED("--output names an input file", "check", "--output", f->in, f->in);
    char *now = cli_read_file(f->in, &after);
    assert_int_equal(before, after);
    assert_memory_equal(was, now, before);
    assert_int_equal(cli_dir_entries(f->indir), 1);
    free(was), free(now);
}

/* A symlinked report path: the target is replaced, the link stays a link. */
static void output_through_symlink_replaces_the_target(void **state)
{
    fixture *f = *state;
    char *target = cli_write_file(f->dir, "real.txt", "old\n", 4);
    char *link = cli_path(f->dir, "link.txt");
    assert_int_equal(symlink("real.txt", link), 0);
    cli_run r;
    CLI(&r, "check", "--output", link, f->in);
    assert_int_equal(r.status, 1);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    size_t len;
    char *text = cli_read_file(target, &len);
    assert_non_null(strstr(text, "[CFV002]"));
    free(text);
    assert_int_equal(cli_dir_entries(f->dir), 2);
    cli_run_free(&r);
    free(target), free(link);
}

/* The report is written even when some inputs could not be read. */
static void output_written_despite_unreadable_input(void **state)
{
    fixture *f = *state;
    char *out = cli_path(f->dir, "r.txt");
    cli_run r;
    CLI(&r, "check", "--output", out, f->in, "/nonexistent.cff");
    assert_int_equal(r.status, 2);
    size_t len;
    char *text = cli_read_file(out, &len);
    assert_non_null(text);
    assert_non_null(strstr(text, "1 file checked, 1 unreadable"));
    free(text);
    cli_run_free(&r);
    free(out);
}

int main(void)
{
    return TF_RUN_EACH(setup, teardown, output_file_gets_the_whole_report,
                       failed_write_keeps_old_report_and_leaves_nothing,
                       output_in_missing_directory_exits_2, output_naming_a_directory_exits_2,
                       output_to_dev_full_exits_2_and_keeps_the_device, stdout_on_dev_full_exits_2,
                       stdout_pipe_closed_by_reader_exits_2, closed_stdout_exits_2,
                       output_naming_an_input_is_refused,
                       output_through_symlink_replaces_the_target,
                       output_written_despite_unreadable_input);
}
