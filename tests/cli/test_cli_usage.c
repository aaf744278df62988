/* cfv's command line: version, help, subcommand dispatch, bad options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"

#include "harness.h"
#include "fixture.h"

static void version_prints_version_and_exits_0(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "--version");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    /* "cfv VERSION (git REVISION)": the revision of the tree it was built from. */
    regex_t re;
    regmatch_t m[2];
    assert_int_equal(regcomp(&re, "^cfv " CFV_VERSION " \\(git ([0-9a-f]{12}|unknown)(-dirty)?\\)\n$",
                             REG_EXTENDED), 0);
    if (regexec(&re, r.out, 2, m, 0) != 0)
        fail_msg("not 'cfv VERSION (git REVISION)': %s", r.out);
    regfree(&re);
    char rev[16] = "";
    memcpy(rev, r.out + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
    char cmd[256];
    snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse -q --verify %s^{commit} >/dev/null 2>&1",
             CFV_SOURCE_DIR, rev);
    if (strcmp(rev, "unknown") != 0 && system("git -C '" CFV_SOURCE_DIR "' rev-parse >/dev/null 2>&1") == 0)
        assert_int_equal(system(cmd), 0);   /* a commit of this repository */
    cli_run_free(&r);
    CLI(&r, "version");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "cfv " CFV_VERSION " (git "));
    cli_run_free(&r);
}

static void help_lists_check_and_exits_0(void **state)
{
    (void)state;
    CLI_EXPECT(0, "  check ", "", "help");
    CLI_EXPECT(0, "  check ", NULL, "--help");
}

static void no_command_exits_2_with_usage_on_stderr(void **state)
{
    (void)state;
    cli_check_run(NULL, 2, "", "Usage: cfv", (const char *const[]){NULL});
}

static void unknown_command_exits_2(void **state)
{
    (void)state;
    CLI_EXPECT(2, "", "unknown command 'frobnicate'", "frobnicate");
    CLI_EXPECT(2, NULL, NULL, "help", "frobnicate");
}

static void check_help_documents_every_option(void **state)
{
    (void)state;
    static const char *const opts[] = {"--defs",  "--sensor",          "--format", "--output",
                                       "--max-size", "--max-diagnostics", "--werror", "--now"};
    const char *const *forms[] = {(const char *const[]){"check", "--help", NULL},
                                  (const char *const[]){"help", "check", NULL},
                                  (const char *const[]){"check", "-h", NULL}};
    for (size_t f = 0; f < 3; f++) {
        cli_run r;
        cli_exec(&r, NULL, forms[f]);
        cli_expect(&r, 0, "Usage: cfv check", "");
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
            assert_non_null(strstr(r.out, opts[i]));
        cli_run_free(&r);
    }
}

static void check_without_files_exits_2(void **state)
{
    (void)state;
    CLI_EXPECT(2, "", "no input files\nTry 'cfv check --help'", "check");
}

/* Every bad value: exit 2, nothing on stdout, the reason and a usage hint,
 * and no file is read. */
static void bad_option_values_exit_2_with_usage_hint(void **state)
{
    (void)state;
    static const struct {
        const char *opt, *val, *says;
    } bad[] = {
        {"--max-size", "abc", "--max-size: 'abc' is not"},
        {"--max-size", "-5", "negative"},
        {"--max-size", "0", "--max-size: '0'"},
        {"--max-size", "12x", "--max-size: '12x'"},
        {"--max-size", "5G", "--max-size: '5G'"},
        {"--max-size", "99999999999999999999999", "--max-size"},
        {"--max-size", " 5", "--max-size"},
        {"--max-diagnostics", "0", "--max-diagnostics: '0'"},
        {"--max-diagnostics", "-1", "negative"},
        {"--max-diagnostics", "ten", "--max-diagnostics: 'ten'"},
        {"--max-diagnostics", "4294967296", "--max-diagnostics"},
        {"--format", "xml", "unknown format 'xml'"},
        {"--format", "JSON", "unknown format 'JSON'"},
        {"--now", "-1", "negative"},
        {"--now", "yesterday", "--now: 'yesterday'"},
        {"--format", "", "--format: empty value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_run r;
        CLI(&r, "check", bad[i].opt, bad[i].val, "/nonexistent.cff");
        if (r.status != 2 || !strstr(r.err, bad[i].says) || !strstr(r.err, "cfv check --help") ||
            r.out_len != 0 || strstr(r.err, "nonexistent"))
            fail_msg("%s '%s': status %d, stderr:\n%s", bad[i].opt, bad[i].val, r.status, r.err);
        cli_run_free(&r);
    }
}

static void option_missing_its_value_exits_2(void **state)
{
    (void)state;
    CLI_EXPECT(2, NULL, "--format needs a value", "check", "x.cff", "--format");
}

static void unknown_option_exits_2(void **state)
{
    (void)state;
    CLI_EXPECT(2, NULL, "unknown option '--fast'", "check", "--fast", "x.cff");
    CLI_EXPECT(2, NULL, NULL, "check", "--werror=yes", "x.cff");
}

/* After "--", a name that looks like an option is a file. */
static void double_dash_ends_options(void **state)
{
    (void)state;
    CLI_REFUSED("cfv: --format: no such file or directory", "check", "--", "--format");
}

int main(void)
{
    return TF_RUN(NULL, NULL, version_prints_version_and_exits_0, help_lists_check_and_exits_0,
                  no_command_exits_2_with_usage_on_stderr, unknown_command_exits_2,
                  check_help_documents_every_option, check_without_files_exits_2,
                  bad_option_values_exit_2_with_usage_hint, option_missing_its_value_exits_2,
                  unknown_option_exits_2, double_dash_ends_options);
}
