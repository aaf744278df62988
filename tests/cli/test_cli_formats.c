/* The JSON and SARIF reports, parsed strictly: keys, counts, sensors,
 * truncation, unreadable files, URIs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfv/cfv.h"
#include "cff_build.h"
#include "fixture.h"
#include "harness.h"
#include "json_read.h"

#define NOW "1800000000"

/* A scratch directory with files of every outcome. */
static int setup(void **state)
{
    tf_setup_dir(state);
    tf_dir *f = *state;
    uint8_t buf[CFF_MAX_BYTES];
    free(cli_write_file(f->dir, "empty.cff", "", 0));
    cff_spec s = cff_valid();
    free(cli_write_file(f->dir, "valid.cff", buf, cff_build(buf, &s)));
    s.created_utc = 1800000000u + 10u * 86400u;
    free(cli_write_file(f->dir, "future.cff", buf, cff_build(buf, &s)));
    s = cff_incident();
    free(cli_write_file(f->dir, "incident.cff", buf, cff_build(buf, &s)));
    memset(buf, 0xFF, 64); /* breaks most header rules at once */
    memset(buf, 0xAA, 4);  /* past the magic: a bad one stops validation */
    free(cli_write_file(f->dir, "ff.cff", buf, 64));
    char *sub = cli_path(f->dir, "sub dir");
    assert_int_equal(mkdir(sub, 0755), 0);
    free(cli_write_file(sub, "a#b%.cff", "", 0));
    free(sub);
    return 0;
}

/* Runs cfv check in the fixture directory. */
#define RUN(r, f, ...)                                                                           \
    do {                                                                                       \
        cli_run_opts o_ = {.cwd = (f)->dir};                                                   \
        CLI_OPTS((r), &o_, "check", "--now", NOW, __VA_ARGS__);                                \
    } while (0)

/* The same, asserting the exit status: stdout parsed as JSON (json_free it). */
#define REPORT(f, status, ...)                                                                   \
    report((f), (status), (const char *const[]){"check", "--now", NOW, __VA_ARGS__, NULL})

static jnode *report(const tf_dir *f, int status, const char *const *argv)
{
    cli_run r;
    cli_run_opts o = {.cwd = f->dir};
    cli_exec(&r, &o, argv);
    if (r.status != status)
        fail_msg("expected exit %d, got %d:\n%s%s", status, r.status, r.out, r.err);
    jnode *j = cli_json_out(&r);
    cli_run_free(&r);
    return j;
}

static double num(const jnode *j, const char *path)
{
    const jnode *n = json_path(j, path);
    if (!n || n->type != J_NUM)
        fail_msg("%s: not a number", path);
    return n->num;
}

static const char *str(const jnode *j, const char *path)
{
    const jnode *n = json_path(j, path);
    if (!n || n->type != J_STR)
        fail_msg("%s: not a string", path);
    return n->str;
}

static const jnode *arr(const jnode *j, const char *path)
{
    const jnode *n = json_path(j, path);
    if (!n || n->type != J_ARR)
        fail_msg("%s: not an array", path);
    return n;
}

static void expect_diag_shape(const jnode *d)
{
    const char *rule = str(d, "rule");
    assert_int_equal(strlen(rule), 6);
    assert_memory_equal(rule, "CFV", 3);
    const char *sev = str(d, "severity");
    assert_true(strcmp(sev, "error") == 0 || strcmp(sev, "warning") == 0);
    assert_true(num(d, "offset") >= 0);
    str(d, "field");
    assert_true(strlen(str(d, "message")) > 0);
    const jnode *sensor = json_get(d, "sensor");
    assert_true(sensor && (sensor->type == J_NULL || sensor->type == J_STR));
    assert_int_equal(d->len, 6); /* exactly the contract's keys */
}

static void json_has_contract_keys_and_counts(void **state)
{
    tf_dir *f = *state;
    jnode *j = REPORT(f, 1, "--format", "json", "empty.cff", "valid.cff", "future.cff");
    assert_string_equal(str(j, "tool"), "cfv");
    assert_string_equal(str(j, "version"), CFV_VERSION);
    const jnode *files = arr(j, "files");
    assert_int_equal(files->len, 3);
    static const char *const paths[] = {"empty.cff", "valid.cff", "future.cff"};
    static const int errors[] = {1, 0, 0}, warnings[] = {0, 0, 1};
    for (size_t i = 0; i < 3; i++) {
        const jnode *file = json_at(files, i);
        assert_string_equal(str(file, "path"), paths[i]);
        assert_int_equal((int)num(file, "errors"), errors[i]);
        assert_int_equal((int)num(file, "warnings"), warnings[i]);
        assert_int_equal(json_get(file, "truncated")->type, J_FALSE);
        const jnode *diags = arr(file, "diagnostics");
        assert_int_equal(diags->len, (size_t)(errors[i] + warnings[i]));
        for (size_t k = 0; k < diags->len; k++)
            expect_diag_shape(json_at(diags, k));
    }
    assert_string_equal(str(j, "files.0.diagnostics.0.rule"), "CFV001");
    assert_string_equal(str(j, "files.0.diagnostics.0.severity"), "error");
    assert_string_equal(str(j, "files.2.diagnostics.0.rule"), "CFV008");
    assert_string_equal(str(j, "files.2.diagnostics.0.severity"), "warning");
    assert_int_equal(json_path(j, "files.0.diagnostics.0.sensor")->type, J_NULL);
    assert_int_equal((int)num(j, "summary.files"), 3);
    assert_int_equal((int)num(j, "summary.errors"), 1);
    assert_int_equal((int)num(j, "summary.warnings"), 1);
    assert_int_equal(arr(j, "unreadable")->len, 0);
    json_free(j);
}

static void json_names_the_sensor_of_sensor_rules(void **state)
{
    tf_dir *f = *state;
    jnode *j = REPORT(f, 1, "--format", "json", "incident.cff");
    const jnode *diags = arr(j, "files.0.diagnostics");
    int seen061 = 0;
    for (size_t k = 0; k < diags->len; k++) {
        const jnode *d = json_at(diags, k);
        expect_diag_shape(d);
        if (strcmp(str(d, "rule"), "CFV061") == 0) {
            seen061 = 1;
            assert_string_equal(str(d, "sensor"), "7.11");
            assert_string_equal(str(d, "severity"), "error");
        }
    }
    assert_true(seen061);
    json_free(j);
}

static void sensor_option_selects_profiles(void **state)
{
    tf_dir *f = *state;
    cli_run r;
    RUN(&r, f, "--sensor", "7.16", "incident.cff");
    if (r.status != 0)
        fail_msg("7.16 supplies 21 inputs; expected a pass:\n%s%s", r.out, r.err);
    cli_run_free(&r);
    CLI_EXPECT_WITH(RUN, 1, "; sensor 7.11)", NULL,
                    f, "--sensor", "7.16", "--sensor", "7.11", "incident.cff");
}

/* The cap limits what text prints; JSON carries every error and counts
 * every diagnostic either way. */
static void cap_limits_printing_not_counting(void **state)
{
    tf_dir *f = *state;
    jnode *j = REPORT(f, 1, "--format", "json", "--max-diagnostics", "2", "ff.cff", "empty.cff");
    double errors = num(j, "files.0.errors");
    assert_true(errors > 2);
    double warnings = num(j, "files.0.warnings");
    assert_true(warnings >= 1);     /* CFV008: created_utc 0xffffffffffffffff */
    /* Every error, errors first; the cap leaves out the warning and says so. */
    assert_int_equal(arr(j, "files.0.diagnostics")->len, (size_t)errors);
    assert_string_equal(json_path(j, "files.0.diagnostics.0.severity")->str, "error");
    assert_int_equal(json_path(j, "files.0.truncated")->type, J_TRUE);
    assert_int_equal((int)num(j, "files.0.not_shown.warnings"), (int)warnings);
    assert_int_equal(json_path(j, "files.1.truncated")->type, J_FALSE);
    assert_int_equal((int)num(j, "summary.truncated"), 1);
    assert_int_equal((int)num(j, "summary.max_diagnostics"), 2);
    json_free(j);

    cli_run r;
    RUN(&r, f, "--max-diagnostics", "2", "ff.cff");
    assert_int_equal(r.status, 1);
    assert_int_equal(cli_lines(r.out), 4);
    char want[128];
    snprintf(want, sizeof want, ": %d errors, %d warning%s (%d not shown in 1 file: --max-diagnostics 2)",
             (int)errors, (int)warnings, warnings == 1 ? "" : "s", (int)(errors + warnings) - 2);
    assert_non_null(strstr(r.out, want));
    assert_non_null(strstr(r.out, "more diagnostics not shown"));
    cli_run_free(&r);
}

static void json_lists_unreadable_files(void **state)
{
    tf_dir *f = *state;
    cli_run r;
    RUN(&r, f, "--format", "json", "sub dir/missing.cff", "empty.cff");
    assert_int_equal(r.status, 2);
    jnode *j = cli_json_out(&r);
    assert_int_equal(arr(j, "files")->len, 1);
    assert_string_equal(str(j, "unreadable.0.path"), "sub dir/missing.cff");
    assert_string_equal(str(j, "unreadable.0.message"), "no such file or directory");
    assert_int_equal((int)num(j, "summary.unreadable"), 1);
    assert_int_equal((int)num(j, "summary.files"), 1);
    json_free(j);
    cli_expect_one_err_line(&r, "cfv: sub dir/missing.cff: no such file or directory");
    cli_run_free(&r);
}

static void json_stdin_is_named_stdin(void **state)
{
    (void)state;
    static const uint8_t zeros[64];
    cli_run r;
    cli_run_opts o = {.stdin_data = zeros, .stdin_len = sizeof zeros};
    CLI_OPTS(&r, &o, "check", "--format", "json", "-");
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    assert_string_equal(str(j, "files.0.path"), "<stdin>");
    assert_string_equal(str(j, "files.0.diagnostics.0.rule"), "CFV002");
    json_free(j);
    cli_run_free(&r);
}

static int pascal_case(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

static void sarif_carries_the_whole_rule_catalog(void **state)
{
    tf_dir *f = *state;
    jnode *j = REPORT(f, 0, "--format", "sarif", "valid.cff");
    assert_non_null(strstr(str(j, "$schema"), "sarif-schema-2.1.0.json"));
    assert_string_equal(str(j, "version"), "2.1.0");
    assert_int_equal(arr(j, "runs")->len, 1);
    assert_string_equal(str(j, "runs.0.tool.driver.name"), "cfv");
    /* version: the release and the revision built ("0.1.0+0123456789ab"). */
    assert_true(strncmp(str(j, "runs.0.tool.driver.version"), CFV_VERSION "+", strlen(CFV_VERSION) + 1) == 0);
    assert_string_equal(str(j, "runs.0.tool.driver.semanticVersion"), CFV_VERSION);
    size_t n;
    const cfv_rule_info *cat = cfv_rule_catalog(&n);
    const jnode *rules = arr(j, "runs.0.tool.driver.rules");
    assert_int_equal(rules->len, n);
    for (size_t i = 0; i < n; i++) {
        const jnode *rule = json_at(rules, i);
        assert_string_equal(str(rule, "id"), cat[i].name);
        if (!pascal_case(str(rule, "name")))
            fail_msg("rule %s: name '%s' is not PascalCase", cat[i].name, str(rule, "name"));
        assert_true(strlen(str(rule, "shortDescription.text")) > 1);
        assert_string_equal(str(rule, "defaultConfiguration.level"),
                            cat[i].severity == CFV_SEV_WARNING ? "warning" : "error");
    }
    /* Links into the documentation, by default the copy cfv ships with. */
    assert_true(strncmp(str(j, "runs.0.tool.driver.informationUri"), "file:///", 8) == 0 ||
                strncmp(str(j, "runs.0.tool.driver.informationUri"), "https://", 8) == 0);
    assert_non_null(strstr(str(json_at(rules, n - 1), "helpUri"), "rules.md#cfv"));
    assert_int_equal(arr(j, "runs.0.results")->len, 0);
    assert_int_equal(json_path(j, "runs.0.invocations.0.executionSuccessful")->type, J_TRUE);
    json_free(j);
}

/* SARIF's substitution (3.11.5): {n} is argument n, {{ and }} are braces. */
static void sarif_fill(const char *t, const jnode *args, char *out, size_t cap)
{
    size_t n = 0;
    while (*t && n + 1 < cap) {
        if ((t[0] == '{' && t[1] == '{') || (t[0] == '}' && t[1] == '}')) {
            out[n++] = *t;
            t += 2;
        } else if (t[0] == '{') {
            char *end;
            unsigned long k = strtoul(t + 1, &end, 10);
            assert_int_equal(*end, '}');
            assert_true(k < args->len);
            const jnode *a = json_at(args, k);
            assert_int_equal(a->type, J_STR);
            for (const char *p = a->str; *p && n + 1 < cap; p++)
                out[n++] = *p;
            t = end + 1;
        } else {
            out[n++] = *t++;
        }
    }
    out[n] = 0;
}

/* A result's message names its rule's template (messageStrings) and gives
 * the arguments that turn it into exactly message.text. */
static void expect_message_from_template(const jnode *rule, const jnode *res)
{
    const char *id = str(res, "message.id");
    const jnode *strings = json_get(rule, "messageStrings");
    assert_non_null(strings);
    const jnode *t = json_get(strings, id);
    if (!t)
        fail_msg("rule %s has no messageStrings.%s", str(rule, "id"), id);
    char text[4096];
    sarif_fill(str(t, "text"), arr(res, "message.arguments"), text, sizeof text);
    assert_string_equal(text, str(res, "message.text"));
}

static void sarif_results_point_at_rules_and_bytes(void **state)
{
    tf_dir *f = *state;
    jnode *j = REPORT(f, 1, "--format", "sarif", "incident.cff", "empty.cff");
    const jnode *rules = arr(j, "runs.0.tool.driver.rules");
    const jnode *results = arr(j, "runs.0.results");
    assert_true(results->len >= 2);
    int seen061 = 0;
    for (size_t i = 0; i < results->len; i++) {
        const jnode *res = json_at(results, i);
        const char *id = str(res, "ruleId");
        size_t idx = (size_t)num(res, "ruleIndex");
        assert_true(idx < rules->len);
        assert_string_equal(str(json_at(rules, idx), "id"), id);
        const char *level = str(res, "level");
        assert_true(strcmp(level, "error") == 0 || strcmp(level, "warning") == 0);
        assert_true(strlen(str(res, "message.text")) > 0);
        const jnode *loc = json_path(res, "locations.0.physicalLocation");
        assert_non_null(loc);
        const char *uri = str(loc, "artifactLocation.uri");
        assert_true(strcmp(uri, "incident.cff") == 0 || strcmp(uri, "empty.cff") == 0);
        assert_string_equal(str(loc, "artifactLocation.uriBaseId"), "%SRCROOT%");
        assert_int_equal((int)num(loc, "region.startLine"), 1);
        assert_true(num(loc, "region.byteOffset") >= 0);
        assert_true(num(loc, "region.byteLength") >= 0);
        str(res, "properties.field");
        if (strcmp(uri, "incident.cff") == 0)   /* every finding of the validator */
            expect_message_from_template(json_at(rules, idx), res);
        if (strcmp(id, "CFV061") == 0) {
            seen061 = 1;
            assert_string_equal(str(res, "properties.sensor"), "7.11");
            assert_true(num(loc, "region.byteOffset") > 64);
            assert_true(num(loc, "region.byteLength") > 0);
        }
    }
    assert_true(seen061);
    char want[4200];
    snprintf(want, sizeof want, "file://%s/", f->dir);
    assert_string_equal(str(j, "runs.0.originalUriBaseIds.%SRCROOT%.uri"), want);
    json_free(j);
}

static void sarif_uris_are_relative_and_percent_encoded(void **state)
{
    tf_dir *f = *state;
    char *abs = cli_path(f->dir, "empty.cff");
    jnode *j = REPORT(f, 2, "--format", "sarif", "./sub dir/a#b%.cff", abs, "/dev/null/x.cff");
    const char *p = "physicalLocation.artifactLocation.uri";
    char path[128];
    snprintf(path, sizeof path, "runs.0.results.0.locations.0.%s", p);
    assert_string_equal(str(j, path), "sub%20dir/a%23b%25.cff");
    snprintf(path, sizeof path, "runs.0.results.1.locations.0.%s", p);
    assert_string_equal(str(j, path), "empty.cff"); /* absolute, under the cwd */
    snprintf(path, sizeof path, "runs.0.invocations.0.toolExecutionNotifications.0.locations.0.%s", p);
    assert_string_equal(str(j, path), "file:///dev/null/x.cff");
    assert_string_equal(str(j, "runs.0.invocations.0.toolExecutionNotifications.0.level"), "error");
    assert_int_equal(json_path(j, "runs.0.invocations.0.executionSuccessful")->type, J_FALSE);
    json_free(j);
    free(abs);
}

/* A warning (future.cff: CFV008) fails JUnit exactly when it fails the exit
 * status: with --werror, on stdout and in --junit-output alike. */
static void junit_failure_follows_werror(void **state)
{
    tf_dir *f = *state;
    for (int werror = 0; werror < 2; werror++) {
        cli_run r;
        if (werror)
            RUN(&r, f, "--werror", "--format", "junit", "--junit-output", "w.xml", "future.cff");
        else
            RUN(&r, f, "--format", "junit", "--junit-output", "w.xml", "future.cff");
        assert_int_equal(r.status, werror);
        CLI_HAS(r.out, werror ? "failures=\"1\"" : "failures=\"0\"",
                werror ? "<failure message=\"0 errors, 1 warning\" type=\"cfv check\">"
                       : "<system-out>");
        char *p = cli_path(f->dir, "w.xml");
        size_t len;
        char *xml = cli_read_file(p, &len);
        assert_non_null(xml);
        assert_int_equal(len, r.out_len);
        assert_memory_equal(xml, r.out, len);   /* the same report */
        free(xml);
        free(p);
        cli_run_free(&r);
    }
}

int main(void)
{
    return TF_RUN(setup, tf_teardown_dir, json_has_contract_keys_and_counts,
                  json_names_the_sensor_of_sensor_rules, sensor_option_selects_profiles,
                  cap_limits_printing_not_counting, json_lists_unreadable_files,
                  json_stdin_is_named_stdin, sarif_carries_the_whole_rule_catalog,
                  sarif_results_point_at_rules_and_bytes,
                  sarif_uris_are_relative_and_percent_encoded, junit_failure_follows_werror);
}
