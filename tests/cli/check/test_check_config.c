/* .cfv.yaml: every mistake is exit 2 with FILE:LINE:COL; safety rules
 * cannot be weakened; severities, sensors, max-size and ignore act as
 * documented; the file is found upward from the checked file and the search
 * stops at the repository root; the command line wins; --print-config says
 * where each value came from. */
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

#include "cff_build.h"
#include "harness.h"
#include "fixture.h"

#define NOW "1800000000"

/* A scratch directory that is a repository: it holds .git. */
typedef tf_dir fixture;

static int setup(void **state)
{
    tf_setup_dir(state);
    fixture *f = *state;
    char *git = cli_path(f->dir, ".git");
    assert_int_equal(mkdir(git, 0755), 0);
    free(git);
    uint8_t buf[CFF_MAX_BYTES];
    cff_spec s = cff_valid();
    s.created_utc = 1800000000u + 10u * 86400u;   /* CFV008 */
    free(cli_write_file(f->dir, "future.cff", buf, cff_build(buf, &s)));
    s = cff_valid();
    s.any_flags = 2;                            /* CFV052 in each of 12 criteria */
    free(cli_write_file(f->dir, "negate.cff", buf, cff_build(buf, &s)));
    s = cff_incident();                         /* CFV060, CFV061 on 7.11 */
    free(cli_write_file(f->dir, "incident.cff", buf, cff_build(buf, &s)));
    char *legacy = cli_path(f->dir, "legacy");
    char *deep = cli_path(f->dir, "legacy/a/b");
    assert_int_equal(mkdir(legacy, 0755), 0);
    char *a = cli_path(f->dir, "legacy/a");
    assert_int_equal(mkdir(a, 0755), 0);
    assert_int_equal(mkdir(deep, 0755), 0);
    s = cff_valid();
    s.created_utc = 1800000000u + 10u * 86400u;
    free(cli_write_file(deep, "old.cff", buf, cff_build(buf, &s)));
    free(legacy), free(deep), free(a);
    return 0;
}

static void write_config(const fixture *f, const char *name, const char *text)
{
    free(cli_write_file(f->dir, name, text, strlen(text)));
}

#define CHECK(r, f, ...)                                                                         \
    do {                                                                                       \
        cli_run_opts o_ = {.cwd = (f)->dir};                                                   \
        CLI_OPTS((r), &o_, "check", "--now", NOW, __VA_ARGS__);                                \
    } while (0)

/* Each bad configuration: exit 2, one stderr line "cfv: bad.yaml:L:C: ...". */
static void mistakes_name_their_place(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *yaml, *where, *says;
    } cases[] = {
        {"rulez: {}\n", "1:1", "unknown key 'rulez'"},
        {"rules:\n  CFV008: loud\n", "2:11", "CFV008: severity 'loud' is not off, note, warning or error"},
        {"rules:\n  CFV999: off\n", "2:3", "unknown rule CFV999"},
        {"rules:\n  CFV8: off\n", "2:3", "'CFV8' is not a rule id"},
        {"rules:\n  CFV008: off\n  CFV008: note\n", "3:3", "CFV008 is configured twice"},
        {"rules: [CFV008]\n", "1:8", "rules must be a mapping"},
        {"sensors: [\"7.11\", \"9.9\"]\n", "1:10", "sensors: unknown sensor '9.9'"},
        {"sensors: []\n", "1:10", "sensors is empty"},
        {"max-size: 64XB\n", "1:11", "max-size '64XB' is not a size"},
        {"max-size: 0\n", "1:11", "max-size '0' is not a size"},
        {"ignore:\n  - paths: [\"a\"]\n    rules: [CFV070]\n", "2:5", "ignore entry without a reason"},
        {"ignore:\n  - paths: [\"a\"]\n    rules: [CFV070]\n    reason: \"  \"\n", "4:13",
         "reason is empty"},
        {"ignore:\n  - rules: [CFV070]\n    reason: x\n", "2:5", "ignore entry without paths"},
        {"ignore:\n  - paths: [a]\n    reason: x\n", "2:5", "ignore entry without rules"},
        {"ignore:\n  - paths: [a]\n    rules: [CFV070]\n    reason: x\n    why: y\n", "5:5",
         "unknown key 'why' in an ignore entry"},
        {"include: {a: b}\n", "1:10", "include must be a list of strings"},
        {"rules: {\n", "2:1", "did not find expected node content"},
        {"- just\n- a list\n", "1:1", "expected a mapping"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_config(f, "bad.yaml", cases[i].yaml);
        cli_run r;
        CHECK(&r, f, "--config", "bad.yaml", "future.cff");
        char want[256];
        snprintf(want, sizeof want, "cfv: bad.yaml:%s: %s", cases[i].where, cases[i].says);
        if (r.status != 2 || !strstr(r.err, want))
            fail_msg("case %zu: want exit 2 and '%s', got exit %d: %s", i, want, r.status, r.err);
        cli_expect_one_err_line(&r, want);
        assert_string_equal(r.out, "");     /* nothing checked, nothing reported */
        cli_run_free(&r);
    }
}

/* Turning off, lowering, suppressing a safety rule: refused, naming it. */
static void safety_rules_cannot_be_weakened(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *yaml, *says;
    } cases[] = {
        {"rules:\n  CFV061: off\n", "2:11: CFV061 is a safety rule"},
        {"rules:\n  CFV060: warning\n", "2:11: CFV060 is a safety rule"},
        {"rules:\n  CFV056: note\n", "2:11: CFV056 is a safety rule"},
        {"rules:\n  CFV055: off\n", "cannot be turned off"},
        {"rules:\n  CFV034: warning\n", "cannot be lowered"},
        {"ignore:\n  - paths: [\"**\"]\n    rules: [CFV070, CFV061]\n    reason: x\n",
         "3:21: CFV061 is a safety rule"},
        {"ignore:\n  - paths: [\"**\"]\n    rules: CFV045\n    reason: x\n", "cannot be suppressed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_config(f, "weak.yaml", cases[i].yaml);
        cli_run r;
        CHECK(&r, f, "--config", "weak.yaml", "incident.cff");
        if (r.status != 2 || !strstr(r.err, cases[i].says) ||
            !strstr(r.err, "read out of bounds, crash or hang"))
            fail_msg("case %zu: want exit 2 and '%s', got exit %d: %s", i, cases[i].says, r.status,
                     r.err);
        cli_expect_one_err_line(&r, cases[i].says);
        cli_run_free(&r);
    }
    /* Raising or restating a safety rule is fine. */
    write_config(f, "ok.yaml", "rules:\n  CFV061: error\n  CFV062: error\n");
    CLI_EXPECT_WITH(CHECK, 1, "[CFV061]", NULL,
                    f, "--config", "ok.yaml", "--sensor", "7.11", "incident.cff");
}

/* off: not counted; note: counted apart, never fails; error: fails. */
static void severities_change_counts_and_verdict(void **state)
{
    fixture *f = *state;
    cli_run r;
    CLI_EXPECT_WITH(CHECK, 0, "0 errors, 1 warning\n", NULL, f, "future.cff");

    write_config(f, "off.yaml", "rules: {CFV008: off}\n");
    CHECK(&r, f, "--config", "off.yaml", "--werror", "future.cff");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 errors, 0 warnings\n"));
    assert_null(strstr(r.out, "CFV008"));
    cli_run_free(&r);

    write_config(f, "note.yaml", "rules: {CFV008: note}\n");
    CHECK(&r, f, "--config", "note.yaml", "--werror", "future.cff");
    assert_int_equal(r.status, 0);
    CLI_HAS(r.out, "+0x10: note: created_utc", "0 errors, 0 warnings, 1 note\n");
    cli_run_free(&r);
    CHECK(&r, f, "--config", "note.yaml", "--format", "json", "future.cff");
    CLI_HAS(r.out, "\"severity\":\"note\"", "\"notes\":1");
    cli_run_free(&r);
    CHECK(&r, f, "--config", "note.yaml", "--format", "sarif", "future.cff");
    assert_non_null(strstr(r.out, "\"level\":\"note\""));
    cli_run_free(&r);

    write_config(f, "err.yaml", "rules: {CFV008: error}\n");
    CLI_EXPECT_WITH(CHECK, 1, "1 error, 0 warnings\n", NULL,
                    f, "--config", "err.yaml", "future.cff");
}

/* A rule broken in every criterion: the repeats cfv check does not print
 * are muted in the validator and counted as the first was (off: not at
 * all; suppressed; the severity configured; the per-sensor verdicts). */
static void repeats_are_counted_as_configured(void **state)
{
    fixture *f = *state;
    cli_run r;
    CHECK(&r, f, "--max-diagnostics", "2", "--format", "json", "negate.cff");
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, "{\"sensor\":\"7.11\",\"verdict\":\"unsafe\",\"errors\":12,\"warnings\":0,"
                   "\"rules\":[\"CFV052\"]}");
    cli_run_free(&r);
    CLI_EXPECT_WITH(CHECK, 1, "12 errors, 0 warnings\n", NULL, f, "--max-diagnostics", "2", "negate.cff");
    write_config(f, "neg-off.yaml", "rules: {CFV052: off}\n");
    CLI_EXPECT_WITH(CHECK, 0, "0 errors, 0 warnings\n", NULL, f, "--config", "neg-off.yaml", "negate.cff");
    write_config(f, "neg-warn.yaml", "rules: {CFV052: warning}\n");
    CLI_EXPECT_WITH(CHECK, 0, "0 errors, 12 warnings (11 not shown", NULL, f, "--config", "neg-warn.yaml",
                    "--max-diagnostics", "1", "negate.cff");
    write_config(f, "neg-ign.yaml",
                 "ignore:\n  - paths: [\"negate.cff\"]\n    rules: [CFV052]\n    reason: \"x\"\n");
    CLI_EXPECT_WITH(CHECK, 0, "0 errors, 0 warnings, 12 suppressed\n", NULL, f, "--config", "neg-ign.yaml",
                    "negate.cff");
}

/* sensors and max-size from the file; --sensor and --max-size win. */
static void sensors_and_max_size_with_overrides(void **state)
{
    fixture *f = *state;
    write_config(f, ".cfv.yaml", "sensors: [\"7.16\"]\nmax-size: 128\n");
    cli_run r;
    CHECK(&r, f, "incident.cff");       /* found in the working directory */
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "[CFV013]"));   /* over 128 bytes */
    cli_run_free(&r);
    CHECK(&r, f, "--max-size", "64M", "incident.cff");
    if (r.status != 0)      /* 7.16 supplies 21 inputs */
        fail_msg("exit %d: %s%s", r.status, r.out, r.err);
    cli_run_free(&r);
    CLI_EXPECT_WITH(CHECK, 1, "[CFV061]", NULL,
                    f, "--max-size", "64M", "--sensor", "7.11", "incident.cff");

    CHECK(&r, f, "--print-config", "incident.cff");
    assert_int_equal(r.status, 0);
    CLI_HAS(r.out, "sensors: [\"7.16\"]", ".cfv.yaml:1:10\n", "max-size: 128 ", ".cfv.yaml:2:11\n",
                   "CFV061: error", "safety: cannot be changed");
    cli_run_free(&r);
    CHECK(&r, f, "--print-config", "--sensor", "7.11", "--max-size", "2M", "incident.cff");
    CLI_HAS(r.out, "# command line (--sensor)\n", "max-size: 2MiB",
                   "# command line (--max-size)\n");
    cli_run_free(&r);
    char *p = cli_path(f->dir, ".cfv.yaml");
    unlink(p);
    free(p);
}

/* ignore: ** globs relative to the configuration's directory, the rule
 * listed only; counted as suppressed. */
static void ignore_by_path_glob(void **state)
{
    fixture *f = *state;
    write_config(f, ".cfv.yaml",
                 "ignore:\n  - paths: [\"legacy/**/*.cff\"]\n    rules: [CFV008]\n"
                 "    reason: \"legacy files keep their old dates\"\n");
    cli_run r;
    CHECK(&r, f, "--werror", "legacy/a/b/old.cff", "future.cff");
    assert_int_equal(r.status, 1);      /* future.cff is not covered */
    assert_null(strstr(r.out, "old.cff+0x"));
    CLI_HAS(r.out, "future.cff+0x10: warning", "0 errors, 1 warning, 1 suppressed\n");
    cli_run_free(&r);
    /* From a subdirectory the same file is found upward and paths still
     * count from the configuration's directory. */
    char *sub = cli_path(f->dir, "legacy/a");
    cli_run_opts o = {.cwd = sub};
    CLI_EXPECT_OPTS(&o, 0, "1 suppressed", NULL, "check", "--now", NOW, "--werror", "b/old.cff");
    free(sub);
    char *p = cli_path(f->dir, ".cfv.yaml");
    unlink(p);
    free(p);
}

/* The search stops at the directory holding .git: a .cfv.yaml above the
 * repository does not apply. */
static void search_stops_at_the_repository_root(void **state)
{
    fixture *f = *state;
    char *outer = cli_tmpdir();
    char *repo = cli_path(outer, "repo");
    char *git = cli_path(outer, "repo/.git");
    assert_int_equal(mkdir(repo, 0755), 0);
    assert_int_equal(mkdir(git, 0755), 0);
    free(cli_write_file(outer, ".cfv.yaml", "rules: {CFV008: error}\n", 23));
    uint8_t buf[CFF_MAX_BYTES];
    cff_spec s = cff_valid();
    s.created_utc = 1800000000u + 10u * 86400u;
    char *file = cli_write_file(repo, "future.cff", buf, cff_build(buf, &s));
    cli_run r;
    CLI(&r, "check", "--now", NOW, file);
    assert_int_equal(r.status, 0);      /* CFV008 stays a warning */
    cli_run_free(&r);
    rmdir(git);                          /* no repository: the search goes on up */
    CLI_EXPECT(1, NULL, NULL, "check", "--now", NOW, file);
    cli_rmrf(outer);
    free(outer), free(repo), free(git), free(file);
    (void)f;
}

static void missing_config_file_exits_2(void **state)
{
    fixture *f = *state;
    CLI_REFUSED_WITH(CHECK, "cfv: nope.yaml: no such file or directory",
                     f, "--config", "nope.yaml", "future.cff");
}

int main(void)
{
    return TF_RUN(setup, tf_teardown_dir, mistakes_name_their_place,
                  safety_rules_cannot_be_weakened, severities_change_counts_and_verdict, repeats_are_counted_as_configured,
                  sensors_and_max_size_with_overrides, ignore_by_path_glob,
                  search_stops_at_the_repository_root, missing_config_file_exits_2);
}
