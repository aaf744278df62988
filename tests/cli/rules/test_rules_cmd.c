/* cfv rules: the catalog (every rule, its class and default severity, from
 * the grammar), one rule explained (checks, why, failing and fixed example,
 * fix) in text and JSON, unknown rules refused; every rule of the grammar
 * and of the release gate has its long text; the safety class holds the
 * rules that guard the sensor's memory; SARIF's help is the same text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "harness.h"
#include "json_read.h"
#include "fixture.h"

static void list_has_every_rule_with_class(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "rules", "--format", "json");
    assert_int_equal(r.status, 0);
    jnode *j = cli_json_out(&r);
    const jnode *rules = json_get(j, "rules");
    size_t n;
    const cfv_rule_info *cat = cfv_rule_catalog(&n);
    assert_int_equal(rules->len, n - 1);     /* less CFV000; CFV080..082 are the grammar's, listed once */
    for (size_t i = 1; i < n; i++) {
        const jnode *x = json_at(rules, i - 1);
        assert_string_equal(json_get(x, "id")->str, cat[i].name);
        assert_string_equal(json_get(x, "summary")->str, cat[i].title);
        static const char *const classes[] = {"safety", "integrity", "hygiene"};
        assert_string_equal(json_get(x, "class")->str, classes[cat[i].rule_class]);
        assert_string_equal(json_get(x, "severity")->str,
                            cat[i].severity == CFV_SEV_WARNING ? "warning" : "error");
        /* warnings are hygiene, errors never are */
        assert_int_equal(cat[i].severity == CFV_SEV_WARNING, cat[i].rule_class == CFV_CLASS_HYGIENE);
    }
    json_free(j);
    cli_run_free(&r);

    CLI(&r, "rules");
    assert_int_equal(r.status, 0);
    assert_int_equal(cli_lines(r.out), 1 + (n - 1));
    CLI_HAS(r.out, "\nCFV061  safety     error    non-wildcard criterion",
                   "\nCFV008  hygiene    warning  created_utc", "\nCFV082  hygiene    warning");
    cli_run_free(&r);
}

/* The rules whose violation lets a trusting sensor read out of bounds,
 * crash or hang (grammar/README.md, "Rule classes"). */
static void safety_class(void **state)
{
    (void)state;
    static const unsigned safety[] = {1,  9,  12, 13, 22, 23, 30, 31, 32, 33, 34, 40,
                                      41, 43, 44, 45, 50, 51, 55, 56, 60, 61, 63};
    size_t n;
    const cfv_rule_info *cat = cfv_rule_catalog(&n);
    for (size_t i = 1; i < n; i++) {
        int want = 0;
        for (size_t k = 0; k < sizeof safety / sizeof safety[0]; k++)
            want |= cat[i].id == safety[k];
        if (want != (cat[i].rule_class == CFV_CLASS_SAFETY))
            fail_msg("%s: class %d", cat[i].name, cat[i].rule_class);
    }
}

static void every_rule_is_explained(void **state)
{
    (void)state;
    size_t n;
    const cfv_rule_info *cat = cfv_rule_catalog(&n);
    char id[8];
    for (size_t i = 1; i < n + 3; i++) {
        unsigned rule = i < n ? cat[i].id : 80 + (unsigned)(i - n);
        snprintf(id, sizeof id, "CFV%03u", rule);
        cli_run r;
        CLI(&r, "rules", "--format", "json", id);
        assert_int_equal(r.status, 0);
        jnode *j = cli_json_out(&r);
        static const char *const keys[] = {"checks", "why", "bad", "good", "fix"};
        for (int k = 0; k < 5; k++) {
            const jnode *v = json_get(j, keys[k]);
            if (!v || v->type != J_STR || v->len < 10)
                fail_msg("%s: no '%s'", id, keys[k]);
        }
        assert_string_not_equal(json_get(j, "bad")->str, json_get(j, "good")->str);
        json_free(j);
        cli_run_free(&r);
    }
}

/* The first line of an example that is neither blank nor a comment. */
static const char *first_statement(const char *text)
{
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        if (*p != '#' && *p != '\n' && *p)
            return p;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return NULL;    /* comments only */
}

/* Builds one example with cfv build; 1 if its diagnostics name the rule. */
static int example_breaks(const char *dir, const char *text, const char *rule, int *rc)
{
    char src[8192];
    snprintf(src, sizeof src, "%s%s%s%s", strstr(text, "content_version") ? "" : "content_version 7\n",
             strstr(text, "created_utc") ? "" : "created_utc 2024-07-01T00:00:00Z\n",
             strstr(text, "type ") || strstr(text, "channel ") ? "" : "type ProcessStart\n", text);
    free(cli_write_file(dir, "ex.cfs", src, strlen(src)));
    const char *sensor = strstr(text, "# cfv check --sensor ");
    char name[32] = "";
    if (sensor)
        sscanf(sensor + 21, "%31s", name);
    cli_run r;
    cli_run_opts o = {.cwd = dir};
    if (name[0])
        CLI_OPTS(&r, &o, "build", "--now", "1800000000", "--sensor", name, "ex.cfs", "-o", "ex.cff");
    else
        CLI_OPTS(&r, &o, "build", "--now", "1800000000", "ex.cfs", "-o", "ex.cff");
    char tag[16];
    snprintf(tag, sizeof tag, "[%s]", rule);
    int broken = strstr(r.err, tag) != NULL;
    *rc = r.status;
    cli_run_free(&r);
    return broken;
}

/* Every example written in the source format does what it says: the
 * failing one breaks its rule, the fixed one does not. The release gate's
 * rules need two files and are left out. */
static void examples_build_as_documented(void **state)
{
    (void)state;
    char *dir = cli_tmpdir();
    size_t n, built = 0;
    const cfv_rule_info *cat = cfv_rule_catalog(&n);
    static const char *const words[] = {"type", "channel", "content_version", "created_utc",
                                        "instance", "pool", "sections"};
    for (size_t i = 1; i < n; i++) {
        if (cat[i].id >= 80 && cat[i].id <= 82)
            continue;   /* the release gate's: two files (tests/authoring/test_gate) */
        cli_run r;
        CLI(&r, "rules", "--format", "json", cat[i].name);
        jnode *j = cli_json_out(&r);
        for (int good = 0; good < 2; good++) {
            const char *text = json_get(j, good ? "good" : "bad")->str;
            const char *first = first_statement(text);
            int source = 0;
            for (size_t w = 0; first && w < sizeof words / sizeof words[0]; w++)
                source |= strncmp(first, words[w], strlen(words[w])) == 0;
            if (!source || strstr(text, "..."))
                continue;   /* a hex excerpt, or shortened */
            int rc, broken = example_breaks(dir, text, cat[i].name, &rc);
            if (broken == good || (good && rc == 2))
                fail_msg("%s: the %s example %s the rule (cfv build exit %d):\n%s", cat[i].name,
                         good ? "fixed" : "failing", broken ? "breaks" : "does not break", rc, text);
            built++;
        }
        json_free(j);
        cli_run_free(&r);
    }
    printf("%zu examples built\n", built);
    assert_true(built >= 30);
    cli_rmrf(dir);
    free(dir);
}

static void one_rule_in_text(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "rules", "cfv061");
    assert_int_equal(r.status, 0);
    static const char *const parts[] = {
        "CFV061  non-wildcard criterion",  "class: safety (a sensor could read out of bounds",
        "default severity: error",         "\nWhat it checks\n",
        "\nWhy\n",                         "19 July 2024",
        "\nFailing example (source format", "    remote_host regex nocase",
        "\nFixed\n",                       "\nHow to fix\n",
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!strstr(r.out, parts[i]))
            fail_msg("no '%s' in:\n%s", parts[i], r.out);
    cli_run_free(&r);
}

static void unknown_rules_and_options_exit_2(void **state)
{
    (void)state;
    static const char *const bad[][3] = {
        {"CFV999", NULL, "unknown rule 'CFV999'"},
        {"CFV000", NULL, "unknown rule 'CFV000'"},
        {"61", NULL, "unknown rule '61'"},
        {"--format", "xml", "--format: unknown format 'xml'"},
        {"--colour", NULL, "unknown option '--colour'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_run r;
        if (bad[i][1])
            CLI(&r, "rules", bad[i][0], bad[i][1]);
        else
            CLI(&r, "rules", bad[i][0]);
        assert_int_equal(r.status, 2);
        assert_non_null(strstr(r.err, bad[i][2]));
        assert_string_equal(r.out, "");
        cli_run_free(&r);
    }
}

static void sarif_help_is_the_catalog_text(void **state)
{
    (void)state;
    char *dir = cli_tmpdir();
    free(cli_write_file(dir, "empty.cff", "", 0));
    cli_run_opts o = {.cwd = dir};
    cli_run r, x;
    CLI_OPTS(&r, &o, "check", "--format", "sarif", "empty.cff");
    CLI(&x, "rules", "--format", "json", "CFV056");
    jnode *s = cli_json_out(&r), *j = cli_json_out(&x);
    const jnode *rules = json_path(s, "runs.0.tool.driver.rules");
    const jnode *rule = NULL;
    for (size_t i = 0; i < rules->len; i++)
        if (!strcmp(json_get(json_at(rules, i), "id")->str, "CFV056"))
            rule = json_at(rules, i);
    assert_non_null(rule);
    assert_non_null(strstr(json_path(rule, "help.text")->str, json_get(j, "fix")->str));
    assert_non_null(strstr(json_path(rule, "help.markdown")->str, json_get(j, "bad")->str));
    assert_non_null(strstr(json_path(rule, "fullDescription.text")->str, json_get(j, "why")->str));
    assert_string_equal(json_path(rule, "properties.class")->str, "safety");
    json_free(s), json_free(j);
    cli_run_free(&r), cli_run_free(&x);
    cli_rmrf(dir);
    free(dir);
}

int main(void)
{
    return TF_RUN(NULL, NULL, list_has_every_rule_with_class, safety_class, every_rule_is_explained,
                  examples_build_as_documented, one_rule_in_text, unknown_rules_and_options_exit_2,
                  sarif_help_is_the_catalog_text);
}
