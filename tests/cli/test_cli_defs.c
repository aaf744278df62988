/* Definitions and sensors: malformed, missing or empty --defs, unknown
 * --sensor, all exit 2 with one line; a custom file is used as given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cff_build.h"
#include "fixture.h"
#include "harness.h"

static void malformed_defs_exit_2_with_file_line_col(void **state)
{
    tf_dir *f = *state;
    static const char bad[] = "# not a definitions file\n\nthis is { not valid\n";
    char *defs = cli_write_file(f->dir, "bad.defs", bad, sizeof bad - 1);
    cli_run r;
    CLI(&r, "check", "--defs", defs, f->valid);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.out, "");
    assert_int_equal(cli_lines(r.err), 1);
    char pattern[4400];
    snprintf(pattern, sizeof pattern, "^cfv: %s:[0-9]+:[0-9]+: [^\n]+\n$", defs);
    regex_t re;
    assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
    if (regexec(&re, r.err, 0, NULL, 0) != 0)
        fail_msg("not 'cfv: FILE:LINE:COL: message': %s", r.err);
    regfree(&re);
    cli_run_free(&r);
    free(defs);
}

static void missing_defs_exit_2(void **state)
{
    tf_dir *f = *state;
    cli_run r;
    CLI(&r, "check", "--defs", "/nonexistent.defs", f->valid);
    cli_expect_refused(&r, "cfv: /nonexistent.defs: no such file or directory");
    cli_run_free(&r);
}

static void empty_defs_exit_2(void **state)
{
    tf_dir *f = *state;
    char *defs = cli_write_file(f->dir, "empty.defs", "", 0);
    CLI_REFUSED(": empty definitions file", "check", "--defs", defs, f->valid);
    free(defs);
}

static void defs_that_is_a_directory_exits_2(void **state)
{
    tf_dir *f = *state;
    CLI_REFUSED(": is a directory", "check", "--defs", f->dir, f->valid);
}

/* The shipped file, named explicitly, behaves like the default. */
static void shipped_defs_given_explicitly_pass(void **state)
{
    tf_dir *f = *state;
    CLI_EXPECT(0, NULL, "", "check", "--defs", CFV_SOURCE_DIR "/grammar/cff.defs", f->valid);
}

/* A copy of cfv alone in an empty directory (no grammar/ anywhere near it)
 * checks with the definitions built into it: a valid file passes, and the
 * 19 July file fails on sensor 7.11 with CFV060, whose text names the
 * NamedPipe type and input count of the built-in definitions. */
static void copy_alone_uses_builtin_defs(void **state)
{
    tf_dir *f = *state;
    char *bin = cli_path(f->dir, "bin");
    assert_int_equal(mkdir(bin, 0755), 0);
    char *copy = cli_path(bin, "cfv");
    size_t len;
    char *exe = cli_read_file(CFV_EXE, &len);
    assert_non_null(exe);
    free(cli_write_file(bin, "cfv", exe, len));
    assert_int_equal(chmod(copy, 0755), 0);
    cli_run r;
    cli_exec_prog(&r, NULL, copy, (const char *const[]){"check", f->valid, NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cli_run_free(&r);
    cli_exec_prog(&r, NULL, copy, (const char *const[]){"check", "--sensor", "7.11",
        CFV_SOURCE_DIR "/corpus/incident/july19-namedpipe-nonwildcard-field20.cff", NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "template type NamedPipe defines 21 fields but sensor 7.11 "
                                  "supplies 20 inputs [CFV060]"));
    cli_run_free(&r);
    free(exe), free(copy), free(bin);
}

static void unknown_sensor_exits_2_naming_known_ones(void **state)
{
    tf_dir *f = *state;
    cli_run r;
    CLI(&r, "check", "--sensor", "9.99", f->valid);
    cli_expect_refused(&r, "unknown sensor '9.99'");
    CLI_HAS(r.err, "7.11", "7.16");
    cli_run_free(&r);
}

int main(void)
{
    return TF_RUN(tf_setup_dir_valid, tf_teardown_dir, malformed_defs_exit_2_with_file_line_col,
                  missing_defs_exit_2, empty_defs_exit_2, defs_that_is_a_directory_exits_2,
                  shipped_defs_given_explicitly_pass, copy_alone_uses_builtin_defs,
                  unknown_sensor_exits_2_naming_known_ones);
}
