#define _GNU_SOURCE /* memfd_create */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json_read.h"

/* A hung cfv (a FIFO read that blocks, say) must fail the test, not stall it. */
#define CHILD_SECONDS 120

static char *slurp_fd(int fd, size_t *len)
{
    off_t end = lseek(fd, 0, SEEK_END);
    assert_true(end >= 0);
    char *p = malloc((size_t)end + 1);
    assert_non_null(p);
    assert_int_equal(pread(fd, p, (size_t)end, 0), end);
    p[end] = '\0';
    *len = (size_t)end;
    return p;
}

/* Sanitizer reports must not pass for cfv's own exit 1 ("errors found"). */
static void sanitizer_env(void)
{
    static const char *const vars[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS"};
    for (size_t i = 0; i < 2; i++) {
        const char *old = getenv(vars[i]);
        char buf[1024];
        snprintf(buf, sizeof buf, "%s%sexitcode=99", old ? old : "", old && *old ? ":" : "");
        setenv(vars[i], buf, 1);
    }
}

static void drop_dac_caps(void)
{
    /* Out of the bounding set, they are gone after exec even for uid 0. */
    (void)prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0);
    (void)prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0);
}

static void child(const cli_run_opts *o, const char *prog, int in_fd, int out_fd, int err_fd,
                  const char *const *argv)
{
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        _exit(126);
    if (o->close_stdout)
        close(1);
    if (o->cwd && chdir(o->cwd) != 0)
        _exit(126);
    if (o->drop_dac)
        drop_dac_caps();
    if (o->fsize_limit) {
        struct rlimit rl = {o->fsize_limit, o->fsize_limit};
        signal(SIGXFSZ, SIG_IGN); /* so the write fails with EFBIG instead */
        setrlimit(RLIMIT_FSIZE, &rl);
        /* In a coverage build the profile written at exit would hit the same
         * limit and add a line to stderr; a device is exempt from it. */
        if (getenv("LLVM_PROFILE_FILE"))
            setenv("LLVM_PROFILE_FILE", "/dev/null", 1);
    }
    sanitizer_env();
    alarm(CHILD_SECONDS);
    size_t n = 0;
    while (argv[n])
        n++;
    char **args = calloc(n + 2, sizeof *args);
    if (!args)
        _exit(126);
    args[0] = (char *)prog;
    for (size_t i = 0; i < n; i++)
        args[i + 1] = (char *)argv[i];
    execv(prog, args);
    _exit(127);
}

static void feed(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* cfv stopped reading (over --max-size): fine */
        p += w;
        len -= (size_t)w;
    }
    close(fd);
}

void cli_exec_prog(cli_run *r, const cli_run_opts *o, const char *prog, const char *const *argv)
{
    static const cli_run_opts none;
    if (!o)
        o = &none;
    memset(r, 0, sizeof *r);
    signal(SIGPIPE, SIG_IGN);
    int out_fd = o->stdout_fd > 0 ? fcntl(o->stdout_fd, F_DUPFD_CLOEXEC, 3)
                 : o->stdout_path   ? open(o->stdout_path, O_WRONLY | O_CLOEXEC)
                                    : memfd_create("cfv-stdout", MFD_CLOEXEC);
    int err_fd = memfd_create("cfv-stderr", MFD_CLOEXEC);
    assert_true(out_fd >= 0 && err_fd >= 0);
    int pipefd[2] = {-1, -1};
    int in_fd;
    if (o->stdin_data || o->stdin_pipe) {
        assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
        in_fd = pipefd[0];
    } else {
        in_fd = open(o->stdin_path ? o->stdin_path : "/dev/null", O_RDONLY | O_CLOEXEC);
        assert_true(in_fd >= 0);
    }
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        child(o, prog, in_fd, out_fd, err_fd, argv);
    close(in_fd);
    if (pipefd[1] >= 0)
        feed(pipefd[1], o->stdin_data, o->stdin_len);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        assert_int_equal(errno, EINTR);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (o->stdout_path || o->stdout_fd > 0) {
        r->out = calloc(1, 1);
        assert_non_null(r->out);
    } else {
        r->out = slurp_fd(out_fd, &r->out_len);
    }
    r->err = slurp_fd(err_fd, &r->err_len);
    close(out_fd);
    close(err_fd);
    if (r->status == 126 || r->status == 127)
        fail_msg("could not start %s", prog);
}

void cli_exec(cli_run *r, const cli_run_opts *o, const char *const *argv)
{
    cli_exec_prog(r, o, CFV_EXE, argv);
    if (r->status == 99)
        fail_msg("sanitizer report from cfv:\n%s", r->err);
}

void cli_run_free(cli_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

size_t cli_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

void cli_expect_refused(const cli_run *r, const char *err_line)
{
    cli_expect(r, 2, "", NULL);
    cli_expect_one_err_line(r, err_line);
}

void cli_expect_one_err_line(const cli_run *r, const char *needle)
{
    if (cli_lines(r->err) != 1 || r->err[r->err_len - 1] != '\n' || !strstr(r->err, needle))
        fail_msg("expected one stderr line containing \"%s\", got:\n%s", needle, r->err);
}

void cli_expect_all(const char *s, const char *const *needles)
{
    for (; *needles; needles++)
        if (!strstr(s, *needles))
            fail_msg("expected \"%s\" in:\n%s", *needles, s);
}

/* s holds want: "" that s is empty, NULL anything. */
static int holds(const char *s, const char *want)
{
    return !want || (want[0] ? strstr(s, want) != NULL : s[0] == '\0');
}

void cli_expect(const cli_run *r, int status, const char *out_has, const char *err_has)
{
    if (r->status != status || !holds(r->out, out_has) || !holds(r->err, err_has))
        fail_msg("expected status %d, stdout with \"%s\", stderr with \"%s\"; got status %d,\n"
                 "stdout:\n%s\nstderr:\n%s",
                 status, out_has ? out_has : "(any)", err_has ? err_has : "(any)", r->status,
                 r->out, r->err);
}

void cli_check_run(const cli_run_opts *o, int status, const char *out_has, const char *err_has,
                   const char *const *argv)
{
    cli_run r;
    cli_exec(&r, o, argv);
    cli_expect(&r, status, out_has, err_has);
    cli_run_free(&r);
}

void cli_check_refused(const cli_run_opts *o, const char *err_line, const char *const *argv)
{
    cli_run r;
    cli_exec(&r, o, argv);
    cli_expect(&r, 2, NULL, NULL);
    cli_expect_one_err_line(&r, err_line);
    cli_run_free(&r);
}

char *cli_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *p = malloc(4096);
    assert_non_null(p);
    snprintf(p, 4096, "%s/cfv-cli-XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(p));
    return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
        chmod(path, 0700), rmdir(path);
    else
        unlink(path);
    return 0;
}

void cli_rmrf(const char *path) { nftw(path, rm_one, 64, FTW_DEPTH | FTW_PHYS); }

char *cli_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *cli_write_file(const char *dir, const char *name, const void *data, size_t len)
{
    char *p = cli_path(dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    return p;
}

char *cli_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *p = slurp_fd(fd, len);
    close(fd);
    return p;
}

size_t cli_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

int cli_unreadable_for_tests(const char *path)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        drop_dac_caps();
        /* Same effect as exec: clear the effective set we still hold. */
        struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct d[2];
        if (syscall(SYS_capget, &h, d) == 0) {
            d[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
            (void)syscall(SYS_capset, &h, d);
        }
        int fd = open(path, O_RDONLY);
        _exit(fd < 0 && errno == EACCES ? 0 : 1);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

struct jnode *cli_json_out(const cli_run *r)
{
    char err[128];
    jnode *j = json_parse(r->out, r->out_len, err, sizeof err);
    if (!j)
        fail_msg("stdout is not valid JSON (%s):\n%s", err, r->out);
    return j;
}
