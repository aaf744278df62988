/* Exit status and the text report: 0 clean (warnings pass), 1 errors (or
 * warnings with --werror), 2 I/O trouble, with the other files still checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cff_build.h"
#include "harness.h"
#include "fixture.h"

typedef struct fixture {
    char *dir;
    char *empty;    /* 0 bytes: CFV001 */
    char *zeros;    /* 64 zero bytes: CFV002 */
    char *valid;
    char *future;   /* created_utc ten days after --now: CFV008 warning */
    char *incident;
} fixture;

#define NOW "1800000000"

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    uint8_t buf[CFF_MAX_BYTES] = {0};
    f->dir = cli_tmpdir();
    f->empty = cli_write_file(f->dir, "empty.cff", "", 0);
    f->zeros = cli_write_file(f->dir, "zeros.cff", buf, 64);
    cff_spec s = cff_valid();
    f->valid = cli_write_file(f->dir, "valid.cff", buf, cff_build(buf, &s));
    s.created_utc = 1800000000u + 10u * 86400u;
    f->future = cli_write_file(f->dir, "future.cff", buf, cff_build(buf, &s));
    s = cff_incident();
    f->incident = cli_write_file(f->dir, "incident.cff", buf, cff_build(buf, &s));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cli_rmrf(f->dir);
    free(f->dir), free(f->empty), free(f->zeros), free(f->valid), free(f->future);
    free(f->incident);
    free(f);
    return 0;
}

static void expect_line(const char *out, const char *line)
{
    if (!strstr(out, line))
        fail_msg("missing line \"%s\" in:\n%s", line, out);
}

static void empty_file_is_cfv001_and_exits_1(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI(&r, "check", f->empty);
    cli_expect(&r, 1, " [CFV001]", "");
    char want[4200];
    snprintf(want, sizeof want, "%s+0x0: error: ", f->empty);
    assert_ptr_equal(strstr(r.out, want), r.out); /* PATH:OFFSET: error: first */
    expect_line(r.out, "cfv: 1 file checked: 1 error, 0 warnings\n");
    assert_int_equal(cli_lines(r.out), 2);
    cli_run_free(&r);
}

static void all_zero_file_is_cfv002_and_exits_1(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI(&r, "check", f->zeros);
    cli_expect(&r, 1, "[CFV002]", "");
    assert_null(strstr(r.out, "[CFV003]")); /* all-zero says so, not "bad magic" too */
    cli_run_free(&r);
}

static void valid_file_exits_0_with_only_the_summary(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI(&r, "check", "--now", NOW, f->valid);
    cli_expect(&r, 0, NULL, "");
    assert_string_equal(r.out, "cfv: 1 file checked: 0 errors, 0 warnings\n");
    cli_run_free(&r);
}

static void warnings_alone_exit_0(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI(&r, "check", "--now", NOW, f->future);
    cli_expect(&r, 0, "cfv: 1 file checked: 0 errors, 1 warning\n", NULL);
    CLI_HAS(r.out, ": warning: ", "[CFV008]");
    cli_run_free(&r);
}

static void werror_makes_warnings_exit_1(void **state)
{
    fixture *f = *state;
    CLI_EXPECT(1, "[CFV008]", NULL, "check", "--werror", "--now", NOW, f->future);
    /* and --werror on a clean file still passes */
    CLI_EXPECT(0, NULL, NULL, "check", "--werror", "--now", NOW, f->valid);
}

/* The Channel File 291 shape names the sensor that would crash. */
static void incident_names_sensor_in_text(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI(&r, "check", "--now", NOW, f->incident);
    assert_int_equal(r.status, 1);
    const char *line = strstr(r.out, "[CFV061] (");
    if (!line)
        fail_msg("no CFV061 in:\n%s", r.out);
    const char *end = strchr(line, '\n');
    assert_non_null(end);
    const char *sensor = strstr(line, "; sensor 7.11)");
    assert_true(sensor && sensor < end);
    assert_null(strstr(r.out, "sensor 7.16"));
    cli_run_free(&r);
}

static void summary_counts_every_file(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI(&r, "check", "--now", NOW, f->empty, f->zeros, f->valid, f->future);
    cli_expect(&r, 1, "cfv: 4 files checked: 2 errors, 1 warning\n", "");
    assert_int_equal(cli_lines(r.out), 4);
    cli_run_free(&r);
}

/* An unreadable file in the middle: the others are still checked, stderr
 * says what went wrong in one line, and the status is 2. */
static void io_error_keeps_going_and_exits_2(void **state)
{
    fixture *f = *state;
    cli_run r;
    char *missing = cli_path(f->dir, "missing.cff");
    CLI(&r, "check", "--now", NOW, f->empty, missing, f->zeros);
    free(missing);
    assert_int_equal(r.status, 2);
    CLI_HAS(r.out, "[CFV001]", "[CFV002]");
    expect_line(r.out, "cfv: 2 files checked, 1 unreadable: 2 errors, 0 warnings\n");
    cli_expect_one_err_line(&r, ": no such file or directory");
    cli_run_free(&r);
    /* an I/O error outranks clean files too */
    CLI_EXPECT(2, NULL, NULL, "check", f->valid, "/nonexistent/x.cff");
}

/* REGEX operands go through the PCRE2 cache: a good one passes, a broken
 * one is CFV055, a catastrophic one CFV056. */
static void regex_operands_are_compiled(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *pattern, *rule;
        int status;
    } cases[] = {
        {"^C:\\\\Windows\\\\.*\\.exe$", NULL, 0},
        {"([a-", "[CFV055]", 1},
        {"(a+)+$", "[CFV056]", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[CFF_MAX_BYTES];
        cff_spec s = cff_valid();
        s.eq_field = 0; /* image, a str field */
        s.op = 5;       /* REGEX */
        s.operand = cases[i].pattern;
        char *p = cli_write_file(f->dir, "regex.cff", buf, cff_build(buf, &s));
        cli_run r;
        CLI(&r, "check", "--now", NOW, p);
        if (r.status != cases[i].status || (cases[i].rule && !strstr(r.out, cases[i].rule)))
            fail_msg("pattern %s: status %d\n%s%s", cases[i].pattern, r.status, r.out, r.err);
        cli_run_free(&r);
        free(p);
    }
}

/* Same file twice: checked twice, reported twice. */
static void repeated_file_is_checked_each_time(void **state)
{
    fixture *f = *state;
    CLI_EXPECT(1, "cfv: 2 files checked: 2 errors, 0 warnings\n", NULL, "check", f->empty,
               f->empty);
}

int main(void)
{
    return TF_RUN(setup, teardown, empty_file_is_cfv001_and_exits_1,
                  all_zero_file_is_cfv002_and_exits_1, valid_file_exits_0_with_only_the_summary,
                  warnings_alone_exit_0, werror_makes_warnings_exit_1,
                  incident_names_sensor_in_text, summary_counts_every_file,
                  io_error_keeps_going_and_exits_2, repeated_file_is_checked_each_time,
                  regex_operands_are_compiled);
}
