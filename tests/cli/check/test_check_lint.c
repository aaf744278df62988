/* Linter basics of cfv check: directory walks (globs, symlinks kept inside
 * the tree, unreadable entries reported while the rest is checked), -q,
 * colour (--color, NO_COLOR), identical diagnostics grouped in text but
 * counted one by one, byte positions written PATH+0xOFF. */
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
#include "cff_build.h"
#include "cff_layout.h"
#include "harness.h"
#include "fixture.h"

#define NOW "1800000000"

static char *dir;

static void put(const char *rel, const cff_spec *s)
{
    uint8_t buf[CFF_MAX_BYTES];
    char *slash = strrchr(rel, '/');
    if (slash) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s/%.*s", dir, (int)(slash - rel), rel);
        char cmd[300];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
        assert_int_equal(system(cmd), 0);
    }
    free(cli_write_file(dir, rel, buf, cff_build(buf, s)));
}

/* NamedPipe with n instances, all ANY: n identical CFV062 warnings for 7.11. */
static void put_many_warnings(const char *rel, size_t n, int then_cf291)
{
    cfv_writer *w = cfv_writer_new(291, 1, 1700000000u);
    for (size_t i = 0; i < n; i++)
        assert_true(cfv_writer_add_instance(w, (uint32_t)i + 1, 4, 21, CFF_INSTANCE_FLAG_ENABLED,
                                            "pipe") >= 0);
    if (then_cf291) {
        int k = cfv_writer_add_instance(w, (uint32_t)n + 1, 4, 21, CFF_INSTANCE_FLAG_ENABLED, "cf291");
        cfv_writer_set_str(w, (size_t)k, 20, CFF_OP_EQUALS, 0, "dyndns");
    }
    cfv_wfile f;
    assert_int_equal(cfv_writer_encode(w, &f), 0);
    free(cli_write_file(dir, rel, f.data, f.len));
    cfv_wfile_free(&f);
    cfv_writer_free(w);
}

static int setup(void **state)
{
    (void)state;
    dir = cli_tmpdir();
    cff_spec valid = cff_valid(), bad = cff_incident();
    put("tree/a.cff", &valid);
    put("tree/sub/b.sys", &bad);
    put("tree/sub/deeper/c.cff", &valid);
    put("tree/notes.txt", &valid);          /* not *.sys or *.cff: skipped */
    put("outside/evil.cff", &bad);
    char p[512], q[512];
    snprintf(p, sizeof p, "%s/outside/evil.cff", dir);
    snprintf(q, sizeof q, "%s/tree/link-out.cff", dir);
    assert_int_equal(symlink(p, q), 0);     /* leaves the tree: not followed */
    snprintf(p, sizeof p, "%s/outside", dir);
    snprintf(q, sizeof q, "%s/tree/dirlink", dir);
    assert_int_equal(symlink(p, q), 0);     /* a directory link: never followed */
    snprintf(p, sizeof p, "%s/tree/a.cff", dir);
    snprintf(q, sizeof q, "%s/tree/link-in.cff", dir);
    assert_int_equal(symlink(p, q), 0);     /* stays inside: checked */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cli_rmrf(dir);
    free(dir);
    return 0;
}

static void run_in(cli_run *r, const cli_run_opts *extra, const char *const *argv)
{
    cli_run_opts o = extra ? *extra : (cli_run_opts){0};
    o.cwd = dir;
    cli_exec(r, &o, argv);
}

#define RUN(r, ...) run_in((r), NULL, (const char *const[]){"check", "--now", NOW, __VA_ARGS__, NULL})

static void directories_are_walked(void **state)
{
    (void)state;
    cli_run r;
    RUN(&r, "--sensor", "7.11", "--format", "json", "tree");
    assert_int_equal(r.status, 1);
    static const char *const files[] = {"\"tree/a.cff\"", "\"tree/link-in.cff\"", "\"tree/sub/b.sys\"",
                                        "\"tree/sub/deeper/c.cff\""};
    const char *at = r.out;
    for (size_t i = 0; i < 4; i++) {     /* in name order */
        const char *p = strstr(at, files[i]);
        if (!p)
            fail_msg("no %s after the previous file in:\n%s", files[i], r.out);
        at = p;
    }
    assert_null(strstr(r.out, "notes.txt"));
    assert_null(strstr(r.out, "evil"));
    assert_null(strstr(r.out, "link-out"));
    assert_non_null(strstr(r.out, "\"files\":4"));
    cli_run_free(&r);

    /* A configuration's include changes what is walked. */
    free(cli_write_file(dir, "tree/.cfv.yaml", "include: [\"*.txt\"]\n", 19));
    RUN(&r, "tree");
    assert_non_null(strstr(r.out, "cfv: 1 file checked"));
    cli_run_free(&r);
    char *p = cli_path(dir, "tree/.cfv.yaml");
    unlink(p);
    free(p);
}

static void unreadable_entries_exit_2_and_the_rest_is_checked(void **state)
{
    (void)state;
    char *locked = cli_path(dir, "tree/sub/deeper");
    assert_int_equal(chmod(locked, 0), 0);
    cli_run r;
    cli_run_opts o = {.drop_dac = 1};
    run_in(&r, &o, (const char *const[]){"check", "--now", NOW, "--sensor", "7.11", "tree", NULL});
    chmod(locked, 0755);
    if (!cli_unreadable_for_tests(locked) && r.status == 1)
        skip();     /* the sandbox cannot take read access away */
    assert_int_equal(r.status, 2);
    cli_expect_one_err_line(&r, "tree/sub/deeper: permission denied");
    assert_non_null(strstr(r.out, "tree/sub/b.sys+0x"));       /* still checked */
    assert_non_null(strstr(r.out, "cfv: 3 files checked, 1 unreadable"));
    cli_run_free(&r);
    free(locked);
}

static void identical_diagnostics_are_grouped_never_in_counts(void **state)
{
    (void)state;
    put_many_warnings("many.cff", 120, 1);
    cli_run r;
    RUN(&r, "--sensor", "7.11", "many.cff");
    assert_int_equal(r.status, 1);
    /* The CFV061 after 120 warnings is printed first, whatever the cap. */
    assert_ptr_equal(strstr(r.out, "many.cff+0x"), r.out);
    CLI_HAS(r.out, "[CFV060]", "[CFV061]", "[CFV062]");
    if (!strstr(r.out, "  \xe2\x80\xa6 and 119 more like this\n"))  /* 120 ANY on field 20 */
        fail_msg("not grouped:\n%s", r.out);
    assert_non_null(strstr(r.out, ": 2 errors, 120 warnings\n"));
    assert_int_equal(cli_lines(r.out), 5);
    cli_run_free(&r);

    RUN(&r, "--sensor", "7.11", "--format", "json", "many.cff");
    assert_non_null(strstr(r.out, "\"errors\":2,\"warnings\":120"));
    cli_run_free(&r);
}

static void quiet_shows_errors_and_the_summary(void **state)
{
    (void)state;
    put_many_warnings("warned.cff", 3, 0);
    cli_run r;
    RUN(&r, "-q", "--sensor", "7.11", "warned.cff");
    assert_int_equal(r.status, 1);      /* CFV060 */
    assert_null(strstr(r.out, "warning:"));
    CLI_HAS(r.out, "error:", ": 1 error, 3 warnings\n");
    cli_run_free(&r);
    RUN(&r, "--quiet", "--sensor", "7.16", "warned.cff");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "cfv: 1 file checked: 0 errors, 0 warnings\n");
    cli_run_free(&r);
}

static void colour(void **state)
{
    (void)state;
    cli_run r;
    RUN(&r, "--color=always", "--sensor", "7.11", "tree/sub/b.sys");
    CLI_HAS(r.out, "\033[1;31merror:\033[0m ", "\033[1mtree/sub/b.sys+0x8:\033[0m ");
    cli_run_free(&r);
    /* auto: not a terminal here, so none; never: none. */
    RUN(&r, "--sensor", "7.11", "tree/sub/b.sys");
    assert_null(strstr(r.out, "\033["));
    cli_run_free(&r);
    RUN(&r, "--color=never", "--sensor", "7.11", "tree/sub/b.sys");
    assert_null(strstr(r.out, "\033["));
    cli_run_free(&r);
    /* NO_COLOR is honoured by auto, on a terminal or not (always still wins). */
    setenv("NO_COLOR", "1", 1);
    RUN(&r, "--color=auto", "--sensor", "7.11", "tree/sub/b.sys");
    assert_null(strstr(r.out, "\033["));
    cli_run_free(&r);
    unsetenv("NO_COLOR");
    CLI_EXPECT_WITH(RUN, 2, NULL, "cfv: --color: unknown value 'sometimes'",
                    "--color=sometimes", "tree/a.cff");
    /* JSON never carries colour. */
    RUN(&r, "--color=always", "--format", "json", "--sensor", "7.11", "tree/sub/b.sys");
    assert_null(strstr(r.out, "\033["));
    cli_run_free(&r);
}

/* "--color" alone is always (GNU ls, grep); a value only after '=', so the
 * next argument stays an operand, even one spelled like a value. */
static void colour_without_a_value(void **state)
{
    (void)state;
    cli_run r;
    RUN(&r, "--color", "--sensor", "7.11", "tree/sub/b.sys");
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, "\033[1;31merror:\033[0m ", "\033[1mtree/sub/b.sys+0x8:\033[0m ");
    cli_run_free(&r);
    /* "never" is a file here: none by that name, so exit 2, the rest checked
     * (in colour), and the message says how to write the value. */
    RUN(&r, "--color", "never", "--sensor", "7.11", "tree/sub/b.sys");
    assert_int_equal(r.status, 2);
    assert_string_equal(r.err, "cfv: never: no such file or directory (read as a file: --color "
                               "takes its value after '=', --color=never)\n");
    CLI_HAS(r.out, "\033[1mtree/sub/b.sys+0x8:\033[0m ", "1 unreadable");
    cli_run_free(&r);
    /* Only right after a bare --color: elsewhere a missing "auto" is just missing. */
    CLI_EXPECT_WITH(RUN, 2, NULL, "cfv: auto: no such file or directory\n", "--color=never",
                    "auto", "tree/a.cff");
    CLI_EXPECT_WITH(RUN, 2, NULL, "cfv: tree/none.cff: no such file or directory\n", "--color",
                    "tree/none.cff");
    /* A file named never: --color=never takes the value, --color never the file. */
    cff_spec bad = cff_incident();
    put("never", &bad);
    RUN(&r, "--color=never", "--sensor", "7.11", "never");
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, "never+0x8: error: ", "cfv: 1 file checked: ");
    assert_null(strstr(r.out, "\033["));
    cli_run_free(&r);
    RUN(&r, "--color", "never", "--sensor", "7.11");
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, "\033[1mnever+0x8:\033[0m ", "cfv: 1 file checked: ");
    cli_run_free(&r);
    char p[512];
    snprintf(p, sizeof p, "%s/never", dir);
    assert_int_equal(unlink(p), 0);
    /* A bare --color gives no value to refuse; an empty one still is refused. */
    CLI_EXPECT_WITH(RUN, 2, NULL, "cfv: --color: empty value", "--color=", "tree/a.cff");
}

/* The byte position cannot pass for a line number; JSON keeps the number. */
static void positions_are_byte_offsets(void **state)
{
    (void)state;
    cli_run r;
    RUN(&r, "--sensor", "7.11", "tree/sub/b.sys");
    assert_non_null(strstr(r.out, "tree/sub/b.sys+0x8: error: "));
    cli_run_free(&r);
    RUN(&r, "--sensor", "7.11", "--format", "json", "tree/sub/b.sys");
    assert_non_null(strstr(r.out, "\"offset\":8,"));
    cli_run_free(&r);
}

int main(void)
{
    return TF_RUN(setup, teardown, directories_are_walked,
                  unreadable_entries_exit_2_and_the_rest_is_checked,
                  identical_diagnostics_are_grouped_never_in_counts,
                  quiet_shows_errors_and_the_summary, colour, colour_without_a_value,
                  positions_are_byte_offsets);
}
