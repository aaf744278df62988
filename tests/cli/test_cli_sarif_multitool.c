/* cfv's SARIF, checked by Microsoft's SARIF Multitool (`validate --rule-kind
 * "Gh;Sarif"`: the SARIF rules and GitHub code scanning's ingestion rules):
 * schema errors and every warning-level finding fail the test, whatever the
 * build's -DCFV_INFORMATION_URI (by default informationUri and each rule's
 * helpUri point at the documentation installed with cfv).
 *
 * Without the tool the test is SKIPPED (exit 77) and says so loudly:
 * scripts/install-sarif-multitool.sh installs it where this test looks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cff_build.h"
#include "harness.h"
#include "json_read.h"

#define TOOL_SUBPATH "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

static char tool[PATH_MAX];

/* $CFV_SARIF_MULTITOOL, else the install script's directory. */
static int find_tool(void)
{
    const char *env = getenv("CFV_SARIF_MULTITOOL");
    if (env && *env) {
        snprintf(tool, sizeof tool, "%s", env);
    } else {
        const char *dir = getenv("CFV_SARIF_MULTITOOL_DIR");
        const char *cache = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");
        if (dir && *dir)
            snprintf(tool, sizeof tool, "%s/" TOOL_SUBPATH, dir);
        else if (cache && *cache)
            snprintf(tool, sizeof tool, "%s/cfv/sarif-multitool/" TOOL_SUBPATH, cache);
        else
            snprintf(tool, sizeof tool, "%s/.cache/cfv/sarif-multitool/" TOOL_SUBPATH,
                     home ? home : "");
    }
    return access(tool, X_OK) == 0;
}

/* Inputs that exercise every part of the SARIF cfv writes: results of both
 * levels with and without a sensor, URIs needing percent-encoding (and a
 * non-UTF-8 name), an absolute path, stdin, a truncated file, an unreadable one. */
static char *make_inputs(const char ***argv_out)
{
    char *dir = cli_tmpdir();
    uint8_t buf[CFF_MAX_BYTES];
    free(cli_write_file(dir, "empty.cff", "", 0));
    cff_spec s = cff_valid();
    free(cli_write_file(dir, "valid.cff", buf, cff_build(buf, &s)));
    s.created_utc = 1800000000u + 10u * 86400u;
    free(cli_write_file(dir, "future.cff", buf, cff_build(buf, &s)));
    s = cff_incident();
    free(cli_write_file(dir, "C-00000291-00000007-00000001.sys", buf, cff_build(buf, &s)));
    memset(buf, 0xFF, 64);
    free(cli_write_file(dir, "odd name #1 %\xff.cff", buf, 64));
    static const char *argv[] = {
        "check", "--format", "sarif", "--now", "1800000000", "--max-diagnostics", "5",
        "--output", "report.sarif", "empty.cff", "valid.cff", "future.cff",
        "C-00000291-00000007-00000001.sys", "odd name #1 %\xff.cff", "/dev/null/absent.cff",
        "-", NULL};
    *argv_out = argv;
    return dir;
}

/* The Multitool's verdict on dir/report.sarif: 0 when it found no error or
 * warning (each one is printed). */
static int multitool_findings(const char *dir)
{
    char *report = cli_path(dir, "report.sarif");
    char *verdict = cli_path(dir, "verdict.sarif");
    size_t len;
    char *text = cli_read_file(report, &len);
    assert_non_null(text);
    assert_non_null(strstr(text, "\"informationUri\""));
    assert_non_null(strstr(text, "\"messageStrings\""));
    free(text);

    cli_run r;
    cli_run_opts none = {0};
    cli_exec_prog(&r, &none, tool,
                  (const char *const[]){"validate", report, "--rule-kind", "Gh;Sarif", "--output",
                                        verdict, "--log", "ForceOverwrite", "--level",
                                        "Error;Warning", NULL});
    printf("%s", r.out);
    if (r.status != 0)
        fail_msg("Sarif.Multitool exited %d:\n%s%s", r.status, r.out, r.err);
    cli_run_free(&r);

    text = cli_read_file(verdict, &len);
    assert_non_null(text);
    char err[128];
    jnode *j = json_parse(text, len, err, sizeof err);
    if (!j)
        fail_msg("multitool output is not JSON: %s", err);
    const jnode *results = json_path(j, "runs.0.results");
    assert_non_null(results);
    int bad = 0;
    for (size_t i = 0; i < results->len; i++) {
        const jnode *res = json_at(results, i);
        const jnode *id = json_get(res, "ruleId");
        const jnode *level = json_get(res, "level");
        const jnode *msg = json_path(res, "message.text");
        const char *rid = id && id->type == J_STR ? id->str : "?";
        /* A result without level is a warning (SARIF 3.27.10). */
        const char *lvl = level && level->type == J_STR ? level->str : "warning";
        if (strcmp(lvl, "error") != 0 && strcmp(lvl, "warning") != 0)
            continue;
        printf("FINDING: %s %s: %s\n", lvl, rid, msg && msg->str ? msg->str : "");
        bad++;
    }
    const jnode *ok = json_path(j, "runs.0.invocations.0.executionSuccessful");
    assert_true(ok && ok->type == J_TRUE);
    json_free(j);
    free(text);
    free(report);
    free(verdict);
    return bad;
}

static void multitool_validates_cfv_sarif(void **state)
{
    (void)state;
    const char **argv;
    char *dir = make_inputs(&argv);
    static const uint8_t zeros[64];
    cli_run r;
    cli_run_opts o = {.cwd = dir, .stdin_data = zeros, .stdin_len = sizeof zeros};
    cli_exec(&r, &o, argv);
    assert_int_equal(r.status, 2); /* /dev/null/absent.cff */
    cli_run_free(&r);
    int bad = multitool_findings(dir);
    cli_rmrf(dir);
    free(dir);
    assert_int_equal(bad, 0);
}

/* The Multitool's findings on cfv build's SARIF for the source text src;
 * build exits 1 for both sources here (findings; a source error). */
static int build_sarif_findings(const char *src)
{
    char *dir = cli_tmpdir();
    free(cli_write_file(dir, "rules.cfs", src, strlen(src)));
    cli_run r;
    cli_run_opts o = {.cwd = dir};
    cli_exec(&r, &o, (const char *const[]){"build", "--now", "1721347200", "--sarif-output",
                                           "report.sarif", "rules.cfs", "-o", "out.cff", NULL});
    assert_int_equal(r.status, 1);
    cli_run_free(&r);
    int bad = multitool_findings(dir);
    cli_rmrf(dir);
    free(dir);
    return bad;
}

/* cfv build's SARIF: findings at the source file's lines and columns. */
static void multitool_validates_build_sarif(void **state)
{
    (void)state;
    static const char src[] = "type NamedPipe\ncontent_version 32\ncreated_utc 1719792000\n"
                              "instance 291101 \"c2\" {\n"
                              "    remote_host regex nocase \"^10\\.1\\.\"\n"
                              "}\n";
    assert_int_equal(build_sarif_findings(src), 0);
}

/* A source that does not compile: a notification placed at its line. */
static void multitool_validates_unbuildable_source(void **state)
{
    (void)state;
    assert_int_equal(build_sarif_findings("channel 291\n  bogus 12\n"), 0);
}

int main(void)
{
    if (!find_tool()) {
        static const char msg[] =
            "\n*** SKIPPED test_cli_sarif_multitool: Microsoft SARIF Multitool not found at\n"
            "***   %s\n"
            "*** cfv's SARIF output was NOT validated. Install it with\n"
            "***   scripts/install-sarif-multitool.sh\n"
            "*** (or set CFV_SARIF_MULTITOOL to the Sarif.Multitool executable).\n\n";
        printf(msg, tool);
        fprintf(stderr, msg, tool);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(multitool_validates_cfv_sarif),
        cmocka_unit_test(multitool_validates_build_sarif),
        cmocka_unit_test(multitool_validates_unbuildable_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
