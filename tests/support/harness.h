/* Runs the built cfv in a child process and captures what it did, plus the
 * temporary-file helpers the cli tests share. */
#ifndef CFV_TEST_CLI_HARNESS_H
#define CFV_TEST_CLI_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#define CFV_EXE CFV_BINARY_DIR "/cfv"

typedef struct cli_run {
    int status;         /* exit code; 128 + signal if killed */
    char *out;          /* stdout, NUL-terminated (may hold NULs inside) */
    size_t out_len;
    char *err;          /* stderr, NUL-terminated */
    size_t err_len;
} cli_run;

typedef struct cli_opts {
    const char *stdin_path;     /* stdin from this file; default /dev/null */
    const void *stdin_data;     /* else stdin is a pipe fed with these bytes */
    size_t stdin_len;
    int stdin_pipe;             /* use the pipe even when stdin_len is 0 */
    const char *stdout_path;    /* stdout to this file (e.g. /dev/full) instead of captured */
    int drop_dac;               /* root loses CAP_DAC_OVERRIDE/READ_SEARCH: file modes bind */
    uint64_t fsize_limit;       /* RLIMIT_FSIZE in bytes (writes past it fail with EFBIG) */
    const char *cwd;            /* run cfv in this directory */
    int close_stdout;           /* start cfv with descriptor 1 closed */
    int stdout_fd;              /* > 0: this descriptor as stdout (e.g. a pipe nobody reads) */
} cli_run_opts;

/* argv without the program name, NULL-terminated. Fails the test if cfv
 * cannot be started. */
void cli_exec(cli_run *r, const cli_run_opts *o, const char *const *argv);
/* The same for another program (absolute path). */
void cli_exec_prog(cli_run *r, const cli_run_opts *o, const char *prog, const char *const *argv);
#define CLI(r, ...) cli_exec((r), NULL, (const char *const[]){__VA_ARGS__, NULL})
#define CLI_OPTS(r, o, ...) cli_exec((r), (o), (const char *const[]){__VA_ARGS__, NULL})
void cli_run_free(cli_run *r);

/* stdout parsed as strict JSON; fails the test if it is not. Free with json_free. */
struct jnode *cli_json_out(const cli_run *r);

/* Lines in s (count of '\n'). */
size_t cli_lines(const char *s);
/* Asserts stderr is exactly one line containing `needle`. */
void cli_expect_one_err_line(const cli_run *r, const char *needle);
/* Asserts s contains every needle, naming the first missing one. */
void cli_expect_all(const char *s, const char *const *needles);
#define CLI_HAS(s, ...) cli_expect_all((s), (const char *const[]){__VA_ARGS__, NULL})
/* Asserts r's exit status, and that stdout and stderr contain out_has and
 * err_has: NULL checks nothing, "" wants the stream empty. */
void cli_expect(const cli_run *r, int status, const char *out_has, const char *err_has);
/* Runs cfv (o may be NULL) and asserts as cli_expect, then frees the run. */
void cli_check_run(const cli_run_opts *o, int status, const char *out_has, const char *err_has,
                   const char *const *argv);
#define CLI_EXPECT(status, out_has, err_has, ...)                                                 \
    cli_check_run(NULL, (status), (out_has), (err_has), (const char *const[]){__VA_ARGS__, NULL})
#define CLI_EXPECT_OPTS(o, status, out_has, err_has, ...)                                         \
    cli_check_run((o), (status), (out_has), (err_has), (const char *const[]){__VA_ARGS__, NULL})
/* A refusal before anything was checked: exit 2, nothing on stdout and
 * one stderr line containing err_line. */
void cli_expect_refused(const cli_run *r, const char *err_line);
/* Runs cfv and asserts the refusal of a bad command line, configuration or
 * input: exit 2 and one stderr line containing err_line (stdout may hold
 * what was checked before it). */
void cli_check_refused(const cli_run_opts *o, const char *err_line, const char *const *argv);
#define CLI_REFUSED(err_line, ...)                                                                \
    cli_check_refused(NULL, (err_line), (const char *const[]){__VA_ARGS__, NULL})
#define CLI_REFUSED_OPTS(o, err_line, ...)                                                        \
    cli_check_refused((o), (err_line), (const char *const[]){__VA_ARGS__, NULL})
/* The same through a test's own way of running cfv: RUN(&r, ...) fills r. */
#define CLI_EXPECT_WITH(RUN, status, out_has, err_has, ...)                                       \
    do {                                                                                        \
        cli_run r_;                                                                             \
        RUN(&r_, __VA_ARGS__);                                                                  \
        cli_expect(&r_, (status), (out_has), (err_has));                                        \
        cli_run_free(&r_);                                                                      \
    } while (0)
#define CLI_REFUSED_WITH(RUN, err_line, ...)                                                      \
    do {                                                                                        \
        cli_run r_;                                                                             \
        RUN(&r_, __VA_ARGS__);                                                                  \
        cli_expect(&r_, 2, NULL, NULL);                                                         \
        cli_expect_one_err_line(&r_, (err_line));                                               \
        cli_run_free(&r_);                                                                      \
    } while (0)

/* A fresh directory under $TMPDIR (or /tmp); remove with cli_rmrf. */
char *cli_tmpdir(void);
void cli_rmrf(const char *path);
/* Creates dir/name holding data; returns the malloc'd path. */
char *cli_write_file(const char *dir, const char *name, const void *data, size_t len);
char *cli_path(const char *dir, const char *name);
/* Whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *cli_read_file(const char *path, size_t *len);
/* Entries in a directory other than . and .. */
size_t cli_dir_entries(const char *dir);
/* 1 if a process that dropped DAC capabilities cannot open path for reading. */
int cli_unreadable_for_tests(const char *path);

#endif
