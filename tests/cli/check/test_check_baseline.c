/* The baseline: written atomically, read back, findings in it pass; the
 * fingerprint survives unrelated edits (instances inserted before, strings
 * added); a new finding of the same kind is reported; a fixed one leaves a
 * stale entry; safety rules never enter it, and a baseline that names one
 * is refused (exit 2). */
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

#include "cfv/writer.h"
#include "cff_layout.h"
#include "harness.h"

#define NOW "1800000000"

static char *dir;

/* ProcessStart; instance ids 10, 20, ... ; the instances listed in `flawed`
 * carry instance flag bit 7 (CFV046, integrity). `before` clean instances
 * come first (ids 1..before) and `strings` unreferenced strings are added. */
static void write_ps(const char *name, int before, const int *flawed, size_t nflawed, int strings,
                     int cf291)
{
    cfv_writer *w = cfv_writer_new(cf291 ? 291 : 261, 1, 1700000000u);
    assert_non_null(w);
    for (int i = 0; i < strings; i++) {
        char s[16];
        snprintf(s, sizeof s, "pad-%d", i);
        assert_int_equal(cfv_writer_add_string(w, s), 0);
    }
    for (int i = 0; i < before; i++)
        assert_true(cfv_writer_add_instance(w, (uint32_t)i + 1, cf291 ? 4 : 1, cf291 ? 21 : 12,
                                            CFF_INSTANCE_FLAG_ENABLED, "clean") >= 0);
    for (size_t k = 0; k < nflawed; k++)
        assert_true(cfv_writer_add_instance(w, (uint32_t)flawed[k], cf291 ? 4 : 1, cf291 ? 21 : 12,
                                            CFF_INSTANCE_FLAG_ENABLED | 0x80, "old rule") >= 0);
    cfv_wfile f;
    assert_int_equal(cfv_writer_encode(w, &f), 0);
    free(cli_write_file(dir, name, f.data, f.len));
    cfv_wfile_free(&f);
    cfv_writer_free(w);
}

static void check(cli_run *r, const char *const *extra)
{
    const char *argv[16] = {"check", "--now", NOW, "--sensor", "7.11"};
    size_t n = 5;
    for (; *extra; extra++)
        argv[n++] = *extra;
    argv[n] = NULL;
    cli_run_opts o = {.cwd = dir};
    cli_exec(r, &o, argv);
}

#define CHECK(r, ...) check((r), (const char *const[]){__VA_ARGS__, NULL})

static void round_trip_and_unrelated_edits(void **state)
{
    (void)state;
    int ids[] = {10, 20};
    write_ps("ps.cff", 0, ids, 2, 0, 0);
    cli_run r;
    CLI_EXPECT_WITH(CHECK, 1, ": 2 errors, 0 warnings\n", NULL, "ps.cff");

    CHECK(&r, "--write-baseline", "bl.json", "ps.cff");
    assert_int_equal(r.status, 0);      /* recorded: they pass */
    assert_non_null(strstr(r.out, ": 0 errors, 0 warnings, 2 baselined\n"));
    assert_non_null(strstr(r.err, "bl.json: 2 findings recorded"));
    cli_run_free(&r);
    char *blp = cli_path(dir, "bl.json");
    size_t tlen;
    char *text = cli_read_file(blp, &tlen);
    CLI_HAS(text, "\"rule\":\"CFV046\"", "\"field\":\"instances[].flags\"");
    assert_non_null(strstr(text, "\"count\":2"));     /* the same finding twice */
    free(text);
    free(blp);
    assert_int_equal(cli_dir_entries(dir), 2);     /* no temporary file left */

    CLI_EXPECT_WITH(CHECK, 0, "2 baselined", "", "--baseline", "bl.json", "ps.cff");

    /* Unrelated edits: three instances inserted before, strings added. */
    write_ps("ps.cff", 3, ids, 2, 5, 0);
    CHECK(&r, "--baseline", "bl.json", "ps.cff");
    if (r.status != 0)
        fail_msg("after unrelated edits: exit %d\n%s%s", r.status, r.out, r.err);
    cli_run_free(&r);

    /* One more flawed instance: only the new finding is reported. */
    int more[] = {10, 20, 30};
    write_ps("ps.cff", 3, more, 3, 5, 0);
    CHECK(&r, "--baseline", "bl.json", "ps.cff");
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, ": 1 error, 0 warnings, 2 baselined\n", "[CFV046]");
    cli_run_free(&r);

    /* One fixed: the entry is stale, the run passes. */
    int fewer[] = {20};
    write_ps("ps.cff", 0, fewer, 1, 0, 0);
    CLI_EXPECT_WITH(CHECK, 0, "ps.cff: stale baseline entry: CFV046 instances[].flags (1 of 2 findings gone)", "bl.json: 1 stale entry",
                    "--baseline", "bl.json", "ps.cff");
}

/* Paths count from the baseline's directory: the same entries match from
 * a subdirectory. */
static void paths_are_relative_to_the_baseline(void **state)
{
    (void)state;
    int ids[] = {10};
    write_ps("moved.cff", 0, ids, 1, 0, 0);
    char *sub = cli_path(dir, "sub");
    assert_int_equal(mkdir(sub, 0755), 0);
    char *from = cli_path(dir, "moved.cff"), *to = cli_path(dir, "sub/moved.cff");
    assert_int_equal(rename(from, to), 0);
    cli_run r;
    CLI_EXPECT_WITH(CHECK, 0, NULL, NULL, "--write-baseline", "sub.json", "sub/moved.cff");
    size_t n;
    char *p = cli_path(dir, "sub.json");
    char *text = cli_read_file(p, &n);
    assert_non_null(strstr(text, "\"path\":\"sub/moved.cff\""));
    free(text), free(p);
    const char *argv[] = {"check", "--now", NOW, "--baseline", "../sub.json", "moved.cff", NULL};
    cli_run_opts o = {.cwd = sub};
    cli_exec(&r, &o, argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 baselined"));
    cli_run_free(&r);
    free(sub), free(from), free(to);
}

/* A walked directory covers its files: a deleted file's entries go stale;
 * a file outside the arguments keeps its entries quietly. */
static void deleted_files_leave_stale_entries(void **state)
{
    (void)state;
    int ids[] = {10};
    char *walk = cli_path(dir, "walk");
    assert_int_equal(mkdir(walk, 0755), 0);
    write_ps("walk/a.cff", 0, ids, 1, 0, 0);
    write_ps("walk/b.cff", 0, ids, 1, 0, 0);
    cli_run r;
    CLI_EXPECT_WITH(CHECK, 0, NULL, NULL, "--write-baseline", "walk.json", "walk");
    char *b = cli_path(dir, "walk/b.cff");
    assert_int_equal(unlink(b), 0);
    CHECK(&r, "--baseline", "walk.json", "walk/a.cff");
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "stale"));
    cli_run_free(&r);
    CHECK(&r, "--baseline", "walk.json", "walk");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "walk/b.cff: stale baseline entry: CFV046"));
    assert_null(strstr(r.out, "walk/a.cff: stale"));
    cli_run_free(&r);
    free(b), free(walk);
}

static void safety_rules_never_enter_a_baseline(void **state)
{
    (void)state;
    int ids[] = {10};
    write_ps("np.cff", 0, ids, 1, 0, 1);    /* NamedPipe on 7.11: CFV060 (safety) + CFV046 */
    cli_run r;
    CHECK(&r, "--write-baseline", "np.json", "np.cff");
    assert_int_equal(r.status, 1);      /* CFV060 still fails */
    assert_non_null(strstr(r.out, "[CFV060]"));
    assert_non_null(strstr(r.out, ": 1 error, 0 warnings, 2 baselined\n"));   /* CFV046, CFV062 */
    cli_run_free(&r);
    char *p = cli_path(dir, "np.json");
    size_t tlen;
    char *text = cli_read_file(p, &tlen);
    assert_null(strstr(text, "CFV060"));
    free(text);

    /* A baseline that names a safety rule is refused. */
    const char *evil = "{\"findings\":[{\"path\":\"np.cff\",\"rule\":\"CFV060\","
                       "\"fingerprint\":\"0123456789abcdef\",\"count\":1}]}\n";
    free(cli_write_file(dir, "evil.json", evil, strlen(evil)));
    CHECK(&r, "--baseline", "evil.json", "np.cff");
    cli_expect_refused(&r, "cfv: evil.json: entry 1: CFV060 is a safety rule");
    cli_run_free(&r);
    free(p);
}

static void malformed_baselines_exit_2(void **state)
{
    (void)state;
    static const struct {
        const char *text, *says;
    } cases[] = {
        {"{\"findings\":[}", "bad.json:1:14: "},
        {"[]", "not a cfv baseline"},
        {"{\"findings\":[{\"path\":\"a\",\"rule\":\"CFV999\",\"fingerprint\":\"0123456789abcdef\"}]}",
         "entry 1: unknown rule"},
        {"{\"findings\":[{\"path\":\"a\",\"rule\":\"CFV046\",\"fingerprint\":\"xyz\"}]}",
         "entry 1: fingerprint is not 16 hex digits"},
        {"{\"findings\":[{\"path\":\"a\",\"rule\":\"CFV046\"}]}", "entry 1: "},
        {"{\"findings\":[{\"path\":\"a\",\"rule\":\"CFV046\",\"fingerprint\":\"0123456789abcdef\","
         "\"colour\":1}]}",
         "entry 1: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        free(cli_write_file(dir, "bad.json", cases[i].text, strlen(cases[i].text)));
        cli_run r;
        CHECK(&r, "--baseline", "bad.json", "ps.cff");
        if (r.status != 2 || !strstr(r.err, cases[i].says))
            fail_msg("case %zu: want exit 2 and '%s', got %d: %s", i, cases[i].says, r.status, r.err);
        cli_expect_one_err_line(&r, cases[i].says);
        cli_run_free(&r);
    }
    CLI_EXPECT_WITH(CHECK, 2, NULL, NULL, "--baseline", "missing.json", "ps.cff");
}

int main(void)
{
    dir = cli_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_and_unrelated_edits),
        cmocka_unit_test(paths_are_relative_to_the_baseline),
        cmocka_unit_test(deleted_files_leave_stale_entries),
        cmocka_unit_test(safety_rules_never_enter_a_baseline),
        cmocka_unit_test(malformed_baselines_exit_2),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    cli_rmrf(dir);
    free(dir);
    return rc;
}
