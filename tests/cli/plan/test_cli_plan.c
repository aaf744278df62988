/* cfv plan through the built binary: the 19 July demo (text, JSON,
 * Markdown, SARIF), --through, the incident pair, --against per ring, a
 * sensor without a profile, every malformed fleet file (exit 2, one line
 * FILE:LINE:COL), usage errors, and check's verdict matrix agreeing with
 * the plan's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"
#include "json_read.h"

#define FLEET "corpus/fleet/acme-prod.json"
#define JULY "corpus/incident/july19-namedpipe-nonwildcard-field20.cff"
#define MARCH "corpus/incident/march-namedpipe-wildcard-field20.cff"
#define NOW "1800000000"

/* cfv plan, run from the source tree so that corpus paths are relative. */
#define PLAN(r, ...)                                                                          \
    do {                                                                                      \
        cli_run_opts o_ = {.cwd = CFV_SOURCE_DIR};                                            \
        CLI_OPTS((r), &o_, "plan", "--now", NOW, __VA_ARGS__);                                \
    } while (0)

static const char *str(const jnode *j, const char *path)
{
    const jnode *n = json_path(j, path);
    if (!n || n->type != J_STR)
        fail_msg("%s: not a string", path);
    return n->str;
}

static double num(const jnode *j, const char *path)
{
    const jnode *n = json_path(j, path);
    if (!n || n->type != J_NUM)
        fail_msg("%s: not a number", path);
    return n->num;
}

static size_t len_of(const jnode *j, const char *path)
{
    const jnode *n = json_path(j, path);
    if (!n || (n->type != J_ARR && n->type != J_OBJ))
        fail_msg("%s: not an array", path);
    return n->len;
}

/* Line k (0-based) of s into a static buffer. */
static const char *line(const char *s, size_t k)
{
    static char buf[4096];
    for (; k > 0 && s; k--)
        s = (s = strchr(s, '\n')) ? s + 1 : NULL;
    assert_non_null(s);
    size_t n = strcspn(s, "\n");
    assert_true(n < sizeof buf);
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static void demo_text(void **state)
{
    (void)state;
    cli_run r;
    PLAN(&r, "--fleet", FLEET, JULY);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.err_len, 0);
    assert_int_equal(cli_lines(r.out), 5);
    assert_string_equal(line(r.out, 0), "cfv plan: fleet acme-prod, 1 file, 3 rings, 8,512,000 hosts");
    assert_string_equal(line(r.out, 1), "\xE2\x9C\x93 canary     12,000 hosts  clear");
    assert_string_equal(line(r.out, 2), "\xE2\x9C\x93 early     900,000 hosts  clear");
    assert_string_equal(line(r.out, 3),
                        "\xE2\x9C\x97 general 7,600,000 hosts  blocked: sensor 7.11 on 5,100,000 "
                        "hosts: " JULY ": template type NamedPipe defines 21 fields but sensor "
                        "7.11 supplies 20 inputs [CFV060]");
    assert_string_equal(line(r.out, 4), "deployable through early; general blocked by 7.11 "
                                        "(CFV060, CFV061); blast radius 5,100,000 hosts");
    cli_run_free(&r);
}

static void through(void **state)
{
    (void)state;
    cli_run r;
    CLI_EXPECT_WITH(PLAN, 0, "; --through early: clear\n", NULL,
                    "--fleet", FLEET, "--through", "early", JULY);
    CLI_EXPECT_WITH(PLAN, 0, NULL, NULL, "--fleet", FLEET, "--through=canary", JULY);
    CLI_EXPECT_WITH(PLAN, 1, "; --through general: blocked\n", NULL,
                    "--fleet", FLEET, "--through", "general", JULY);
    PLAN(&r, "--fleet", FLEET, "--through", "late", JULY);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    assert_non_null(strstr(r.err, "--through: no ring 'late' in " FLEET));
    cli_run_free(&r);
    /* A valid file is clear everywhere: exit 0 without --through. */
    CLI_EXPECT_WITH(PLAN, 0, "clear through general (every ring); blast radius 0 hosts", NULL,
                    "--fleet", FLEET, "corpus/valid/network-connect-every-op.cff");
}

static void demo_json_has_the_contract_keys(void **state)
{
    (void)state;
    cli_run r;
    PLAN(&r, "--fleet", FLEET, "--format", "json", JULY);
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    assert_string_equal(str(j, "fleet"), "acme-prod");
    assert_string_equal(str(j, "deployable_through"), "early");
    assert_int_equal((long)num(j, "blast_radius_hosts"), 5100000);
    assert_int_equal(len_of(j, "rings"), 3);
    static const char *const rings[] = {"canary", "early", "general"};
    static const char *const status[] = {"clear", "clear", "blocked"};
    static const long hosts[] = {12000, 900000, 7600000}, unsafe[] = {0, 0, 5100000};
    for (size_t i = 0; i < 3; i++) {
        const jnode *ring = json_at(json_get(j, "rings"), i);
        assert_string_equal(str(ring, "ring"), rings[i]);
        assert_string_equal(str(ring, "status"), status[i]);
        assert_int_equal((long)num(ring, "hosts"), hosts[i]);
        assert_int_equal((long)num(ring, "unsafe_hosts"), unsafe[i]);
        assert_int_equal(len_of(ring, "unsafe"), i == 2);
    }
    assert_string_equal(str(j, "rings.2.unsafe.0.sensor"), "7.11");
    assert_int_equal((long)num(j, "rings.2.unsafe.0.hosts"), 5100000);
    assert_int_equal(len_of(j, "rings.2.unsafe.0.files"), 1);
    assert_string_equal(str(j, "rings.2.unsafe.0.files.0.path"), JULY);
    assert_int_equal(len_of(j, "rings.2.unsafe.0.files.0.rules"), 2);
    assert_string_equal(str(j, "rings.2.unsafe.0.files.0.rules.0"), "CFV060");
    assert_string_equal(str(j, "rings.2.unsafe.0.files.0.rules.1"), "CFV061");
    assert_int_equal((long)num(j, "exit"), 1);
    json_free(j);
    cli_run_free(&r);
}

/* March and July together: both unsafe for 7.11 (March only by CFV060, its
 * CFV062s are warnings), and by CFV062 too with --werror. */
static void incident_pair(void **state)
{
    (void)state;
    cli_run r;
    PLAN(&r, "--fleet", FLEET, "--format", "json", MARCH, JULY);
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    assert_int_equal(len_of(j, "rings.2.unsafe.0.files"), 2);
    assert_string_equal(str(j, "rings.2.unsafe.0.files.0.path"), MARCH);
    assert_int_equal(len_of(j, "rings.2.unsafe.0.files.0.rules"), 1);
    assert_string_equal(str(j, "rings.2.unsafe.0.files.0.rules.0"), "CFV060");
    assert_int_equal((long)num(j, "blast_radius_hosts"), 5100000);
    json_free(j);
    cli_run_free(&r);
    PLAN(&r, "--fleet", FLEET, "--format", "json", "--werror", MARCH, JULY);
    j = cli_json_out(&r);
    assert_int_equal(len_of(j, "rings.2.unsafe.0.files.0.rules"), 2);
    assert_string_equal(str(j, "rings.2.unsafe.0.files.0.rules.1"), "CFV062");
    assert_string_equal(str(j, "deployable_through"), "early");
    json_free(j);
    cli_run_free(&r);
}

/* The release gate per ring: against March every ring sees 2 added, 2
 * removed and 2 first reads (CFV082, a warning: --werror blocks canary on it). */
static void against_previous_release(void **state)
{
    (void)state;
    cli_run r;
    PLAN(&r, "--fleet", FLEET, "--format", "json", "--against", MARCH, JULY);
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    assert_string_equal(str(j, "deployable_through"), "early");
    for (size_t i = 0; i < 3; i++) {
        const jnode *ring = json_at(json_get(j, "rings"), i);
        assert_string_equal(str(ring, "previous"), MARCH);
        assert_int_equal((long)num(ring, "changes.added"), 2);
        assert_int_equal((long)num(ring, "changes.removed"), 2);
        assert_int_equal((long)num(ring, "changes.first_reads"), 2);
    }
    json_free(j);
    cli_run_free(&r);
    PLAN(&r, "--fleet", FLEET, "--format", "json", "--werror", "--against", MARCH, JULY);
    j = cli_json_out(&r);
    assert_int_equal(json_get(j, "deployable_through")->type, J_NULL);
    assert_string_equal(str(j, "rings.0.unsafe.0.files.0.rules.0"), "CFV082");
    assert_int_equal((long)num(j, "blast_radius_hosts"), 8512000);
    json_free(j);
    cli_run_free(&r);
    /* canary runs July already: the same content_version again is CFV081 there
     * only; early and general have no previous release named. */
    PLAN(&r, "--fleet", FLEET, "--against", "canary=" JULY, JULY);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(line(r.out, 1), "blocked: sensor 7.16 on 12,000 hosts"));
    assert_non_null(strstr(line(r.out, 1), "[CFV081]"));
    assert_non_null(strstr(line(r.out, 1), "against " JULY ": 0 added, 0 removed, 0 changed"));
    assert_non_null(strstr(line(r.out, 2), "clear, not reached: canary before it is blocked"));
    assert_non_null(strstr(line(r.out, 4), "deployable through no ring; canary blocked by 7.16 (CFV081)"));
    cli_run_free(&r);
    CLI_REFUSED_WITH(PLAN, "--against: ring 'canary' given twice",
                     "--fleet", FLEET, "--against", "canary=" JULY, "--against", "canary=" MARCH, JULY);
    CLI_REFUSED_WITH(PLAN, "corpus/none.cff",
                     "--fleet", FLEET, "--against", "corpus/none.cff", JULY);
}

/* A sensor without a profile cannot be proven safe: its ring is blocked
 * (not an I/O error: exit 1, nothing on stderr). */
static void sensor_without_profile(void **state)
{
    tf_dir *f = *state;
    static const char fleet[] =
        "{\"fleet\":\"lab\",\"rings\":[\"canary\",\"early\"],\"sensors\":["
        "{\"sensor\":\"7.16\",\"ring\":\"canary\",\"hosts\":5},"
        "{\"sensor\":\"8.0\",\"ring\":\"early\",\"hosts\":7}]}";
    char *path = cli_write_file(f->dir, "lab.json", fleet, strlen(fleet));
    cli_run r;
    PLAN(&r, "--fleet", path, "corpus/valid/network-connect-every-op.cff");
    assert_int_equal(r.status, 1);
    assert_int_equal(r.err_len, 0);
    assert_non_null(strstr(line(r.out, 2), "blocked: sensor 8.0 on 7 hosts has no profile in the "
                                           "definitions (fail closed)"));
    assert_non_null(strstr(line(r.out, 3), "deployable through canary; early blocked by 8.0 "
                                           "(no profile); blast radius 7 hosts"));
    cli_run_free(&r);
    PLAN(&r, "--fleet", path, "--format", "json", "corpus/valid/network-connect-every-op.cff");
    jnode *j = cli_json_out(&r);
    assert_string_equal(str(j, "rings.1.unsafe.0.sensor"), "8.0");
    assert_int_equal(json_path(j, "rings.1.unsafe.0.profile")->type, J_FALSE);
    assert_int_equal(len_of(j, "rings.1.unsafe.0.files"), 0);
    json_free(j);
    cli_run_free(&r);
    free(path);
}

typedef struct bad_fleet {
    const char *text;
    const char *where;          /* "LINE:COL" */
    const char *what;
} bad_fleet;

/* Every malformed case of FLEET.md (and the strict reader's own): exit 2,
 * nothing on stdout, one line "cfv: PATH:LINE:COL: message". */
static void malformed_fleets(void **state)
{
    tf_dir *f = *state;
#define E(s) "{\"fleet\":\"x\",\"rings\":[\"a\",\"b\"],\"sensors\":[" s "]}"
    static const bad_fleet cases[] = {
        {"{\"fleet\": \"x\",\n \"rings\": [", "2:11", "invalid JSON"},
        {"", "1:1", "invalid JSON"},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\"}"), "1:43", "missing key \"hosts\""},
        {"{\"fleet\":\"x\",\"sensors\":[]}", "1:1", "missing key \"rings\""},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":1},\n{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":1}"),
         "2:1", "sensor \"7.16\" in ring \"a\" is listed twice"},
        {E("{\"sensor\":\"7.16\",\"ring\":\"z\",\"hosts\":1}"), "1:67", "unknown ring \"z\""},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":-5}"), "1:79", "-5 is negative"},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":2.5}"), "1:79", "non-negative integer"},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":\"5\"}"), "1:79", "got a string"},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":18446744073709551616}"), "1:98", "too big"},
        {E("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":9223372036854775807},{\"sensor\":\"7.16\",\"ring\":\"b\",\"hosts\":9}"),
         "1:136", "add up past"},
        {"{\"fleet\":\"x\",\"rings\":[],\"sensors\":[]}", "1:22", "rings: empty"},
        {"{\"fleet\":\"x\",\"rings\":[\"a\",\"a\"],\"sensors\":[]}", "1:27", "listed twice"},
        {"{\"fleet\":\"x\",\"rings\":\"a\",\"sensors\":[]}", "1:22", "expected an array"},
        {"{\"fleet\":[],\"rings\":[\"a\"],\"sensors\":[]}", "1:10", "fleet: expected a string"},
        {"{\"fleet\":\"x\",\"rings\":[\"a\"],\"sensors\":[1]}", "1:39", "expected an object"},
        {"{\"fleet\":\"x\",\"rings\":[\"a\"],\"sensors\":[],\"extra\":0}", "1:41", "unknown key \"extra\""},
        {"[]", "1:1", "expected an object"},
    };
#undef E
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "bad%zu.json", i);
        char *path = cli_write_file(f->dir, name, cases[i].text, strlen(cases[i].text));
        cli_run r;
        PLAN(&r, "--fleet", path, JULY);
        char want[4200];
        snprintf(want, sizeof want, "cfv: %s:%s: ", path, cases[i].where);
        if (r.status != 2 || r.out_len != 0 || strncmp(r.err, want, strlen(want)) != 0)
            fail_msg("case %zu: exit %d, stderr %s(want %s...)", i, r.status, r.err, want);
        cli_expect_one_err_line(&r, cases[i].what);
        cli_run_free(&r);
        free(path);
    }
    CLI_REFUSED_WITH(PLAN, "corpus/fleet/none.json: no such file or directory",
                     "--fleet", "corpus/fleet/none.json", JULY);
    CLI_REFUSED_WITH(PLAN, "is a directory", "--fleet", "corpus", JULY);
}

static void usage_errors(void **state)
{
    (void)state;
    cli_run r;
    CLI_EXPECT_WITH(PLAN, 2, NULL, "cfv: --fleet FLEET.json is required\n", JULY);
    CLI_EXPECT_WITH(PLAN, 2, NULL, "cfv: no input files\n", "--fleet", FLEET);
    CLI_EXPECT_WITH(PLAN, 2, NULL, "unknown format 'yaml'",
                    "--fleet", FLEET, "--format", "yaml", JULY);
    CLI_EXPECT_WITH(PLAN, 2, NULL, "unknown option '--bogus'", "--fleet", FLEET, "--bogus", JULY);
    CLI_EXPECT_WITH(PLAN, 2, NULL, "--fleet needs a value", JULY, "--fleet");
    PLAN(&r, "--fleet", FLEET, JULY, "corpus/incident/none.cff");
    assert_int_equal(r.status, 2);                  /* a file not read is an I/O error */
    assert_non_null(strstr(r.err, "corpus/incident/none.cff: no such file or directory"));
    assert_non_null(strstr(r.out, "1 file not read (unsafe everywhere)"));
    cli_run_free(&r);
    cli_run_opts in = {.cwd = CFV_SOURCE_DIR, .stdin_path = CFV_SOURCE_DIR "/" FLEET};
    CLI_EXPECT_OPTS(&in, 2, NULL, "cfv: standard input ('-') can be read only once\n",
                    "plan", "--fleet", "-", "-");
    CLI_OPTS(&r, &in, "plan", "--fleet", "-", "--through", "early", JULY);
    assert_int_equal(r.status, 0);                  /* the fleet from stdin */
    cli_run_free(&r);
    CLI_EXPECT_WITH(PLAN, 2, NULL, "--output names an input file; refusing to overwrite it",
                    "--fleet", FLEET, "--output", JULY, JULY);
    CLI_EXPECT_WITH(PLAN, 2, NULL, NULL, "--fleet", FLEET, "--output", FLEET, JULY);
    CLI_EXPECT(0, "Usage: cfv plan --fleet FLEET.json", NULL, "plan", "--help");
    CLI_EXPECT(0, NULL, NULL, "help", "plan");
}

static void markdown_table(void **state)
{
    (void)state;
    cli_run r;
    PLAN(&r, "--fleet", FLEET, "--format", "markdown", JULY);
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, "### \xE2\x9D\x8C cfv plan for acme-prod: deployable through **early**; **general** blocked\n",
                   "\n| ring | status | hosts | unsafe hosts | 7.16 | 7.11 |\n");
    assert_non_null(strstr(r.out, "\n| general | \xE2\x9D\x8C blocked | 7,600,000 | 5,100,000 | "
                                  "\xE2\x9C\x85 2,500,000 | \xE2\x9D\x8C 5,100,000 |\n"));
    assert_non_null(strstr(r.out, "- **general** blocked by sensor 7.11 (5,100,000 hosts): 1 "
                                  "unsafe file (CFV060, CFV061)"));
    cli_run_free(&r);
}

/* SARIF: the diagnostics of the validation, as cfv check gives them. */
static void sarif_carries_the_diagnostics(void **state)
{
    (void)state;
    cli_run r, c;
    PLAN(&r, "--fleet", FLEET, "--format", "sarif", JULY);
    assert_int_equal(r.status, 1);
    cli_run_opts o = {.cwd = CFV_SOURCE_DIR};
    CLI_OPTS(&c, &o, "check", "--now", NOW, "--format", "sarif", JULY);
    assert_string_equal(r.out, c.out);              /* the fleet uses both sensors */
    jnode *j = cli_json_out(&r);
    assert_int_equal(len_of(j, "runs.0.results"), 3);
    assert_string_equal(str(j, "runs.0.results.0.ruleId"), "CFV060");
    json_free(j);
    cli_run_free(&r);
    cli_run_free(&c);
    /* With --against: the gate's rules in the catalog, its results after the file's. */
    PLAN(&r, "--fleet", FLEET, "--format", "sarif", "--against", MARCH, JULY);
    CLI_OPTS(&c, &o, "check", "--now", NOW, "--format", "sarif", "--against", MARCH, JULY);
    j = cli_json_out(&r);
    size_t nrules = len_of(j, "runs.0.tool.driver.rules");
    char path[64];
    snprintf(path, sizeof path, "runs.0.tool.driver.rules.%zu.id", nrules - 3);
    assert_string_equal(str(j, path), "CFV080");
    assert_int_equal(len_of(j, "runs.0.results"), 5);
    assert_string_equal(str(j, "runs.0.results.4.ruleId"), "CFV082");
    assert_string_equal(r.out, c.out);
    json_free(j);
    cli_run_free(&r);
    cli_run_free(&c);
}

/* check's matrix and plan's sensors say the same of each file. */
static void check_matrix_agrees_with_plan(void **state)
{
    (void)state;
    cli_run r;
    cli_run_opts o = {.cwd = CFV_SOURCE_DIR};
    CLI_OPTS(&r, &o, "check", "--now", NOW, "--format", "json", MARCH, JULY,
             "corpus/valid/named-pipe-every-op-valid-for-7.16.cff");
    jnode *j = cli_json_out(&r);
    static const char *const unsafe_711[] = {"unsafe", "unsafe", "unsafe"};
    for (size_t f = 0; f < 3; f++) {
        const jnode *file = json_at(json_get(j, "files"), f);
        assert_int_equal(len_of(file, "verdicts"), 2);
        assert_string_equal(str(file, "verdicts.0.sensor"), "7.11");
        assert_string_equal(str(file, "verdicts.0.verdict"), unsafe_711[f]);
        assert_string_equal(str(file, "verdicts.1.sensor"), "7.16");
        assert_string_equal(str(file, "verdicts.1.verdict"), "safe");
    }
    assert_string_equal(str(j, "files.1.verdicts.0.rules.1"), "CFV061");
    json_free(j);
    cli_run_free(&r);
    CLI_OPTS(&r, &o, "check", "--now", NOW, "--format", "json", "--sensor", "7.16", JULY);
    j = cli_json_out(&r);
    assert_int_equal(len_of(j, "files.0.verdicts"), 1);     /* the selected sensors only */
    json_free(j);
    cli_run_free(&r);
    PLAN(&r, "--fleet", FLEET, "--format", "json", MARCH, JULY,
         "corpus/valid/named-pipe-every-op-valid-for-7.16.cff");
    j = cli_json_out(&r);
    assert_int_equal(len_of(j, "rings.2.unsafe.0.files"), 3);
    assert_int_equal(len_of(j, "rings.2.unsafe"), 1);       /* 7.16 safe in general */
    json_free(j);
    cli_run_free(&r);
}

/* The configuration as cfv check takes it: --config, else the .cfv.yaml
 * beside the file; severities change verdicts, safety rules stay. */
static void configuration(void **state)
{
    tf_dir *f = *state;
    static const char raise[] = "rules:\n  CFV008: error\n";
    static const char off[] = "rules:\n  CFV008: off\n";
    static const char weaken[] = "rules:\n  CFV060: off\n";
    char *c_raise = cli_write_file(f->dir, "raise.yaml", raise, strlen(raise));
    char *c_off = cli_write_file(f->dir, "off.yaml", off, strlen(off));
    char *c_weaken = cli_write_file(f->dir, "weaken.yaml", weaken, strlen(weaken));
    static const char *const valid = "corpus/valid/network-connect-every-op.cff";
    cli_run r;
    cli_run_opts o = {.cwd = CFV_SOURCE_DIR};
    /* Created 2024-07-01, "now" in 2023: a CFV008 warning, fatal only as configured. */
    CLI_EXPECT_OPTS(&o, 0, NULL, NULL, "plan", "--now", "1700000000", "--fleet", FLEET, valid);
    CLI_OPTS(&r, &o, "plan", "--now", "1700000000", "--fleet", FLEET, "--config", c_raise,
             "--format", "json", valid);
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    assert_int_equal(json_get(j, "deployable_through")->type, J_NULL);
    assert_string_equal(str(j, "rings.0.unsafe.0.files.0.rules.0"), "CFV008");
    json_free(j);
    cli_run_free(&r);
    CLI_EXPECT_OPTS(&o, 0, NULL, NULL,
                    "plan", "--now", "1700000000", "--fleet", FLEET, "--config", c_off,
             "--werror", valid);
    CLI_OPTS(&r, &o, "plan", "--fleet", FLEET, "--config", c_weaken, valid);
    cli_expect_refused(&r, "weaken.yaml:2:11: CFV060 is a safety rule");
    cli_run_free(&r);
    /* Found beside the file, as cfv check finds it. */
    size_t n;
    char *bytes = cli_read_file(CFV_SOURCE_DIR "/corpus/valid/network-connect-every-op.cff", &n);
    char *copy = cli_write_file(f->dir, "n.cff", bytes, n);
    char *found = cli_write_file(f->dir, ".cfv.yaml", raise, strlen(raise));
    CLI_EXPECT_OPTS(&o, 1, "canary blocked by 7.16 (CFV008)", NULL,
                    "plan", "--now", "1700000000", "--fleet", FLEET, copy);
    unlink(found);
    free(found);
    free(copy);
    free(bytes);
    free(c_raise);
    free(c_off);
    free(c_weaken);
}

static void output_file(void **state)
{
    tf_dir *f = *state;
    char *out = cli_path(f->dir, "plan.md");
    cli_run r, s;
    PLAN(&r, "--fleet", FLEET, "--format", "markdown", "--output", out, JULY);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.out_len, 0);
    PLAN(&s, "--fleet", FLEET, "--format", "markdown", JULY);
    size_t n;
    char *written = cli_read_file(out, &n);
    assert_non_null(written);
    assert_string_equal(written, s.out);
    free(written);
    free(out);
    cli_run_free(&r);
    cli_run_free(&s);
}

int main(void)
{
    return TF_RUN(tf_setup_dir, tf_teardown_dir, demo_text, through,
                  demo_json_has_the_contract_keys, incident_pair, against_previous_release,
                  sensor_without_profile, malformed_fleets, usage_errors, markdown_table,
                  sarif_carries_the_diagnostics, check_matrix_agrees_with_plan, configuration,
                  output_file);
}
