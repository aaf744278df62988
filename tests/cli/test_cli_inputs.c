/* Inputs cfv must refuse or bound: every one exits 2 (or reports CFV013)
 * with one clear stderr line, and none of them hangs or crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "json_read.h"

static int setup(void **state)
{
    *state = cli_tmpdir();
    return 0;
}

static int teardown(void **state)
{
    cli_rmrf(*state);
    free(*state);
    return 0;
}

/* Runs `cfv check PATH`, expects exit 2 and the one line "cfv: PATH: why". */
static void expect_refused(const char *path, const char *why)
{
    cli_run r;
    CLI(&r, "check", path);
    char want[4200];
    snprintf(want, sizeof want, "cfv: %s: %s", path, why);
    if (r.status != 2)
        fail_msg("%s: status %d", path, r.status);
    cli_expect_one_err_line(&r, want);
    assert_non_null(strstr(r.out, "0 files checked, 1 unreadable"));
    cli_run_free(&r);
}

static void missing_file_exits_2(void **state)
{
    char *p = cli_path(*state, "missing.cff");
    expect_refused(p, "no such file or directory");
    free(p);
}

/* A directory is walked (tests/cli/check/test_check_walk.c); one holding
 * no *.sys or *.cff checks nothing and passes. */
static void directory_without_channel_files_checks_nothing(void **state)
{
    CLI_EXPECT(0, "cfv: 0 files checked: 0 errors, 0 warnings", NULL,
               "check", (const char *)*state);
}

/* Opening a FIFO for reading blocks until a writer comes; cfv must not. */
static void fifo_exits_2_without_blocking(void **state)
{
    char *p = cli_path(*state, "fifo");
    assert_int_equal(mkfifo(p, 0600), 0);
    expect_refused(p, "is a FIFO");
    free(p);
}

static void socket_exits_2(void **state)
{
    char *p = cli_path(*state, "sock");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    assert_true(strlen(p) < sizeof a.sun_path);
    strcpy(a.sun_path, p);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    expect_refused(p, "is a socket");
    close(s);
    free(p);
}

/* /dev/zero never ends; it must be refused, not read. */
static void dev_zero_exits_2(void **state)
{
    (void)state;
    expect_refused("/dev/zero", "is a character device");
}

/* A block device node of our own (root may mknod); never opened. */
static void block_device_exits_2(void **state)
{
    char *p = cli_path(*state, "blk");
    if (mknod(p, S_IFBLK | 0600, makedev(7, 200)) != 0) {
        fprintf(stderr, "SKIPPED: cannot create a block device node here\n");
        free(p);
        skip();
    }
    expect_refused(p, "is a block device");
    free(p);
}

/* Tests run as root, which reads a mode-000 file anyway; the child gives up
 * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH so the mode binds. */
static void unreadable_file_exits_2(void **state)
{
    char *p = cli_write_file(*state, "secret.cff", "x", 1);
    assert_int_equal(chmod(p, 0), 0);
    if (!cli_unreadable_for_tests(p)) {
        fprintf(stderr, "SKIPPED: cannot make a file unreadable here (cannot drop DAC capabilities)\n");
        free(p);
        skip();
    }
    cli_run r;
    cli_run_opts o = {.drop_dac = 1};
    CLI_OPTS(&r, &o, "check", p);
    assert_int_equal(r.status, 2);
    char want[4200];
    snprintf(want, sizeof want, "cfv: %s: cannot open: permission denied", p);
    cli_expect_one_err_line(&r, want);
    cli_run_free(&r);
    free(p);
}

static void empty_stdin_exits_2(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "check", "-"); /* stdin is /dev/null */
    assert_int_equal(r.status, 2);
    cli_expect_one_err_line(&r, "cfv: <stdin>: empty input");
    cli_run_free(&r);
    cli_run_opts o = {.stdin_pipe = 1}; /* an empty pipe */
    CLI_REFUSED_OPTS(&o, "cfv: <stdin>: empty input", "check", "-");
}

static void stdin_pipe_is_validated(void **state)
{
    (void)state;
    static const uint8_t zeros[64];
    cli_run r;
    cli_run_opts o = {.stdin_data = zeros, .stdin_len = sizeof zeros};
    CLI_OPTS(&r, &o, "check", "-");
    assert_int_equal(r.status, 1);
    assert_ptr_equal(strstr(r.out, "<stdin>+0x"), r.out);
    assert_non_null(strstr(r.out, "[CFV002]"));
    assert_string_equal(r.err, "");
    cli_run_free(&r);
}

static void stdin_over_max_size_is_cfv013(void **state)
{
    (void)state;
    static uint8_t big[100000];
    memset(big, 0x55, sizeof big);
    cli_run_opts o = {.stdin_data = big, .stdin_len = sizeof big};
    CLI_EXPECT_OPTS(&o, 1, "[CFV013]", "", "check", "--max-size", "1000", "-");
}

static void stdin_redirected_from_file_is_validated(void **state)
{
    char *p = cli_write_file(*state, "in.cff", "", 0);
    static const uint8_t zeros[64];
    char *z = cli_write_file(*state, "zeros.cff", zeros, sizeof zeros);
    cli_run_opts o = {.stdin_path = z};
    CLI_EXPECT_OPTS(&o, 1, "<stdin>+0x0: error: ", NULL, "check", "-");
    o.stdin_path = p; /* an empty file on stdin is empty input too */
    CLI_REFUSED_OPTS(&o, "empty input", "check", "-");
    free(p), free(z);
}

/* Over --max-size the file is not read: CFV013 only. */
static void oversized_file_is_cfv013(void **state)
{
    static uint8_t junk[4096];
    memset(junk, 0x55, sizeof junk);
    char *p = cli_write_file(*state, "big.cff", junk, sizeof junk);
    cli_run r;
    CLI(&r, "check", "--max-size", "1K", p);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "[CFV013]"));
    assert_null(strstr(r.out, "[CFV003]")); /* the bad magic was never looked at */
    assert_string_equal(r.err, "");
    cli_run_free(&r);
    free(p);
}

/* A 64 GiB sparse file under the default limit: refused at once, no 64 GiB read. */
static void huge_sparse_file_is_cfv013_without_reading(void **state)
{
    char *p = cli_path(*state, "sparse.cff");
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 64ll << 30), 0);
    close(fd);
    CLI_EXPECT(1, "[CFV013]", NULL, "check", p);
    free(p);
}

/* /proc files claim size 0 and then yield bytes: the same as a file that
 * grew while cfv read it, which must not be validated as if it were whole. */
static void file_changing_while_read_exits_2(void **state)
{
    (void)state;
    CLI_REFUSED("cfv: /proc/self/status: changed while being read", "check", "/proc/self/status");
}

/* Well past any fixed argv or descriptor limit a sloppy loop would hit. */
static void ten_thousand_files(void **state)
{
    enum { N = 10000 };
    static const uint8_t zeros[64];
    const char **argv = calloc(N + 2, sizeof *argv);
    char **paths = calloc(N, sizeof *paths);
    assert_non_null(argv);
    assert_non_null(paths);
    argv[0] = "check";
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%05d.cff", i);
        paths[i] = cli_write_file(*state, name, zeros, sizeof zeros);
        argv[i + 1] = paths[i];
    }
    cli_run r;
    cli_exec(&r, NULL, argv);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "");
    assert_int_equal(cli_lines(r.out), N + 1);
    assert_non_null(strstr(r.out, "cfv: 10000 files checked: 10000 errors, 0 warnings\n"));
    cli_run_free(&r);
    for (int i = 0; i < N; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
    free(paths);
    free(argv);
}

/* A file name that is not UTF-8 (and one with a newline): JSON stays valid
 * (U+FFFD), SARIF percent-encodes, text stays one line per diagnostic. */
static void non_utf8_path_keeps_reports_valid(void **state)
{
    char *p = cli_write_file(*state, "bad\xff\xfe\nname.cff", "", 0);
    cli_run r;
    CLI(&r, "check", "--format", "json", p);
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    const jnode *path = json_path(j, "files.0.path");
    assert_non_null(path);
    assert_non_null(strstr(path->str, "bad\xEF\xBF\xBD\xEF\xBF\xBD\nname.cff"));
    json_free(j);
    cli_run_free(&r);

    CLI(&r, "check", "--format", "sarif", p);
    assert_int_equal(r.status, 1);
    j = cli_json_out(&r);
    const jnode *uri =
        json_path(j, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uri");
    assert_non_null(uri);
    assert_non_null(strstr(uri->str, "bad%FF%FE%0Aname.cff"));
    json_free(j);
    cli_run_free(&r);

    CLI(&r, "check", p);
    assert_int_equal(r.status, 1);
    assert_int_equal(cli_lines(r.out), 2);
    assert_non_null(strstr(r.out, "bad\xff\xfe\\x0aname.cff+0x0: error:"));
    cli_run_free(&r);
    free(p);
}

int main(void)
{
    return TF_RUN_EACH(setup, teardown, missing_file_exits_2,
                       directory_without_channel_files_checks_nothing,
                       fifo_exits_2_without_blocking, socket_exits_2, dev_zero_exits_2,
                       block_device_exits_2, unreadable_file_exits_2, empty_stdin_exits_2,
                       stdin_pipe_is_validated, stdin_over_max_size_is_cfv013,
                       stdin_redirected_from_file_is_validated, oversized_file_is_cfv013,
                       huge_sparse_file_is_cfv013_without_reading,
                       file_changing_while_read_exits_2, ten_thousand_files,
                       non_utf8_path_keeps_reports_valid);
}
