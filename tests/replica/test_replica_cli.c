/* cfv run, end to end: usage, input and I/O errors (exit 2), events lines
 * that do not fit the sensor, both output formats, the July 19 file refused
 * (hardened, exit 1), rejected (--guarded, exit 1) and crashing the process
 * (--faithful: SIGSEGV, or ASan's report in a sanitized build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json_read.h"
#include "fixture.h"
#include "replica_fixture.h"

#define CORPUS CFV_SOURCE_DIR "/corpus/"
#define MARCH CORPUS "incident/march-namedpipe-wildcard-field20.cff"
#define JULY CORPUS "incident/july19-namedpipe-nonwildcard-field20.cff"
#define EV711 CORPUS "events/namedpipe-7.11.jsonl"
#define EV716 CORPUS "events/namedpipe-7.16.jsonl"

static void expect_in(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("missing \"%s\" in:\n%s", needle, hay);
}

/* One corpus line with its last input dropped or doubled: 20 <-> 21 inputs. */
static char *events_with(const char *first_line_source, int extra)
{
    size_t len;
    char *text = cli_read_file(first_line_source, &len);
    assert_non_null(text);
    *strchr(text, '\n') = '\0';
    char *end = strrchr(text, ']');
    char *out = malloc(strlen(text) + 64);
    if (extra)
        sprintf(out, "%.*s,\"one too many\"]}", (int)(end - text), text);
    else
        sprintf(out, "%.*s]}", (int)(strrchr(text, ',') - text), text);
    free(text);
    return out;
}

static void help_and_usage_errors(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "run", "--help");
    assert_int_equal(r.status, 0);
    expect_in(r.out, "Usage: cfv run --sensor NAME");
    assert_string_equal(r.err, "");
    cli_run_free(&r);
    CLI(&r, "help", "run");
    assert_int_equal(r.status, 0);
    expect_in(r.out, "--faithful");
    cli_run_free(&r);
    CLI(&r, "--help");
    expect_in(r.out, "  run ");
    cli_run_free(&r);

    static const struct {
        const char *argv[8];
        const char *why;
    } bad[] = {
        {{"run", NULL}, "--sensor is required"},
        {{"run", JULY, EV711, NULL}, "--sensor is required"},
        {{"run", "--sensor", "7.11", JULY, NULL}, "give a channel file and an events file"},
        {{"run", "--sensor", "9.99", JULY, EV711, NULL}, "unknown sensor '9.99' (known: 7.11, 7.16)"},
        {{"run", "--sensor", "7.11", "--faithful", "--hardened", JULY}, "exclude each other"},
        {{"run", "--sensor", "7.11", "--format", "sarif", JULY}, "unknown format 'sarif'"},
        {{"run", "--sensor", "7.11", "--bogus", JULY, EV711}, "unknown option '--bogus'"},
        {{"run", "--sensor", "7.11", JULY, EV711, EV716}, "unexpected argument"},
        {{"run", "--sensor", "7.11", "-", "-", NULL}, "only one of the two files can be stdin"},
        {{"run", "--sensor", NULL}, "--sensor needs a value"},
        {{"run", "--sensor=", JULY, EV711, NULL}, "--sensor: empty value"},
        {{"run", "--faithful=yes", "--sensor", "7.11", JULY, EV711}, "--faithful takes no value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_exec(&r, NULL, bad[i].argv);
        if (r.status != 2 || !strstr(r.err, bad[i].why) || r.out_len)
            fail_msg("case %zu: exit %d, stdout \"%s\", stderr \"%s\"", i, r.status, r.out, r.err);
        cli_run_free(&r);
    }
}

static void io_errors_exit_2(void **state)
{
    tf_dir *f = *state;
    CLI_REFUSED("/nonexistent/x.cff: ", "run", "--sensor", "7.11", "/nonexistent/x.cff", EV711);
    CLI_REFUSED("/nonexistent/e.jsonl: ", "run", "--sensor", "7.11", JULY, "/nonexistent/e.jsonl");
    CLI_REFUSED("is a directory", "run", "--sensor", "7.11", JULY, f->dir);
    /* A write error on stdout. */
    cli_run_opts full = {.stdout_path = "/dev/full"};
    CLI_EXPECT_OPTS(&full, 2, NULL, NULL, "run", "--sensor", "7.11", MARCH, EV711);
}

static void bad_events_name_the_line_and_exit_2(void **state)
{
    tf_dir *f = *state;
    size_t len;
    char *good = cli_read_file(EV711, &len);
    char *more = events_with(EV711, 1);
    char *text = malloc(len + strlen(more) + 2);
    /* lines 1-2 fine, line 3 has 21 inputs */
    char *second = strchr(strchr(good, '\n') + 1, '\n') + 1;
    sprintf(text, "%.*s%s\n", (int)(second - good), good, more);
    free(cli_write_file(f->dir, "events.jsonl", text, strlen(text)));
    cli_run r;
    CLI_OPTS(&r, &f->in_dir, "run", "--sensor", "7.11", JULY, "events.jsonl");
    cli_expect_refused(&r, "cfv: events.jsonl:3: NamedPipe needs 20 inputs for sensor 7.11, got 21");
    cli_run_free(&r);
    /* The same events are right for 7.16... except lines 1-2 now have 20. */
    CLI_REFUSED_OPTS(&f->in_dir, "cfv: events.jsonl:1: NamedPipe needs 21 inputs for sensor 7.16, got 20", "run", "--sensor", "7.16", JULY, "events.jsonl");

    static const struct {
        const char *text;
        const char *why;
    } bad[] = {
        {"{\"type\":\"NamedPipe\",\"inputs\":[1,]}\n", "events.jsonl:1:33: unexpected token near ']'"},
        {"\n", "events.jsonl:1: empty line"},
        {"{\"type\":\"Nope\",\"inputs\":[]}\r\n", "events.jsonl:1: unknown template type \"Nope\""},
        {"{\"type\":\"FileWrite\",\"inputs\":[\"\\ud800\"]}", "events.jsonl:1:38: invalid Unicode '\\uD800'"},
        {"{\"type\":\"FileWrite\" , \"inputs\":[]} trailing", "events.jsonl:1:43: end of file expected"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        free(cli_write_file(f->dir, "events.jsonl", bad[i].text, strlen(bad[i].text)));
        CLI_OPTS(&r, &f->in_dir, "run", "--sensor", "7.11", MARCH, "events.jsonl");
        if (r.status != 2 || !strstr(r.err, bad[i].why) || cli_lines(r.err) != 1)
            fail_msg("case %zu: exit %d, stderr \"%s\"", i, r.status, r.err);
        cli_run_free(&r);
    }
    free(good);
    free(more);
    free(text);
}

static void hardened_refuses_the_july_file_on_7_11(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "run", "--sensor", "7.11", JULY, EV711);
    assert_int_equal(r.status, 1);
    assert_int_equal(cli_lines(r.out), 6);
    expect_in(r.out, EV711 ":1: NamedPipe: no match; refused 291101 \"c2-pipe-remote-dyndns\", "
                     "291102 \"c2-pipe-remote-any-host\"\n");
    expect_in(r.out, "cfv: 5 events run as sensor 7.11 (hardened): 0 matches, 10 refusals\n");
    /* The clear error, once per instance. */
    assert_int_equal(cli_lines(r.err), 2);
    expect_in(r.err, "cfv: refused instance 291101 \"c2-pipe-remote-dyndns\": its criterion on "
                     "field 20 (remote_host) would read past the 20 NamedPipe inputs sensor 7.11 "
                     "supplies\n");
    cli_run_free(&r);
    /* On 7.16, with 21 inputs, it matches. */
    CLI(&r, "run", "--sensor", "7.16", "--hardened", JULY, EV716);
    assert_int_equal(r.status, 0);
    expect_in(r.out, EV716 ":1: NamedPipe: matched 291101 \"c2-pipe-remote-dyndns\"\n");
    expect_in(r.out, EV716 ":2: NamedPipe: matched 291102 \"c2-pipe-remote-any-host\"\n");
    expect_in(r.out, EV716 ":3: NamedPipe: no match\n");
    assert_string_equal(r.err, "");
    cli_run_free(&r);
}

/* The JSON contract: {"events":[{"line":1,"matched":[...],"refused":[...]}]}. */
static void json_is_the_contract(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "run", "--format", "json", "--sensor=7.11", JULY, EV711);
    assert_int_equal(r.status, 1);
    jnode *j = cli_json_out(&r);
    assert_int_equal(j->type, J_OBJ);
    assert_int_equal(j->len, 1);
    const jnode *ev = json_get(j, "events");
    assert_non_null(ev);
    assert_int_equal(ev->len, 5);
    for (size_t i = 0; i < ev->len; i++) {
        const jnode *e = json_at(ev, i);
        assert_int_equal(e->len, 3);
        assert_int_equal((int)json_get(e, "line")->num, (int)i + 1);
        assert_int_equal(json_get(e, "matched")->len, 0);
        const jnode *ref = json_get(e, "refused");
        assert_int_equal(ref->len, 2);
        assert_int_equal((long)json_at(ref, 0)->num, 291101);
        assert_int_equal((long)json_at(ref, 1)->num, 291102);
    }
    json_free(j);
    cli_run_free(&r);

    CLI(&r, "run", "--format", "json", "--sensor", "7.11", MARCH, EV711);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"events\":[{\"line\":1,\"matched\":[291001],\"refused\":[]},"
                               "{\"line\":2,\"matched\":[291002],\"refused\":[]},"
                               "{\"line\":3,\"matched\":[],\"refused\":[]},"
                               "{\"line\":4,\"matched\":[],\"refused\":[]},"
                               "{\"line\":5,\"matched\":[],\"refused\":[]}]}\n");
    cli_run_free(&r);
}

static void faithful_july_on_7_11_dies(void **state)
{
    (void)state;
    cli_run r;
    /* cli_exec_prog: cli_exec fails any sanitizer report, and this one is wanted. */
    static const char *const argv[] = {"run", "--faithful", "--sensor", "7.11", JULY, EV711, NULL};
    cli_exec_prog(&r, NULL, CFV_EXE, argv);
    if (rt_asan()) {
        /* the harness sets ASAN_OPTIONS=exitcode=99 */
        assert_int_equal(r.status, 99);
        expect_in(r.err, "ERROR: AddressSanitizer: heap-buffer-overflow");
        expect_in(r.err, "READ of size 8");
        expect_in(r.err, "0 bytes to the right of 320-byte region"); /* 20 slots x 16 bytes */
    } else {
        assert_int_equal(r.status, 128 + SIGSEGV);
    }
    cli_run_free(&r);
    /* The March file only has wildcards on field 20: it runs. */
    CLI(&r, "run", "--faithful", "--sensor", "7.11", MARCH, EV711);
    assert_int_equal(r.status, 0);
    expect_in(r.out, "cfv: 5 events run as sensor 7.11 (faithful): 2 matches, 0 refusals\n");
    cli_run_free(&r);
    CLI_EXPECT(0, NULL, NULL, "run", "--faithful", "--sensor", "7.16", JULY, EV716);
}

static void guarded_rejects_what_the_validator_rejects(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "run", "--guarded", "--faithful", "--sensor", "7.11", JULY, EV711);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    expect_in(r.err, "[CFV060]");
    expect_in(r.err, "error: non-wildcard REGEX on field 20 (remote_host): sensor 7.11 supplies 20 "
                     "inputs and would read past its input array [CFV061]");
    expect_in(r.err, "not loaded: rejected by the validator for sensor 7.11: 3 errors\n");
    cli_run_free(&r);
    CLI(&r, "run", "--guarded", "--sensor", "7.16", "--format", "json", JULY, EV716);
    assert_int_equal(r.status, 0);
    expect_in(r.out, "{\"line\":1,\"matched\":[291101],\"refused\":[]}");
    cli_run_free(&r);
}

static void not_a_channel_file_exits_1(void **state)
{
    tf_dir *f = *state;
    free(cli_write_file(f->dir, "x.cff", "not a channel file", 18));
    cli_run r;
    CLI_OPTS(&r, &f->in_dir, "run", "--sensor", "7.11", "x.cff", EV711);
    assert_int_equal(r.status, 1);
    cli_expect_one_err_line(&r, "cfv: x.cff: not loaded: bad magic: not a channel file (at offset 0)");
    cli_run_free(&r);
}

static void other_types_and_stdin(void **state)
{
    (void)state;
    size_t len;
    char *events = cli_read_file(CORPUS "events/processstart.jsonl", &len);
    cli_run_opts in = {.stdin_data = events, .stdin_len = len};
    cli_run r;
    CLI_OPTS(&r, &in, "run", "--sensor", "7.11", CORPUS "valid/process-start-every-op.cff", "-");
    assert_int_equal(r.status, 0);
    expect_in(r.out, "<stdin>:1: ProcessStart: matched 1 \"encoded-powershell\"\n");
    expect_in(r.out, "<stdin>:2: ProcessStart: matched 2 \"lsass-dump-tool\"\n");
    expect_in(r.out, "<stdin>:3: ProcessStart: matched 3 \"known-bad-hash\"\n");
    expect_in(r.out, "<stdin>:4: ProcessStart: no match\n");
    cli_run_free(&r);
    /* Events of a type the file does not carry match nothing. */
    CLI_OPTS(&r, &in, "run", "--sensor", "7.11", JULY, "-");
    assert_int_equal(r.status, 0);
    expect_in(r.out, "cfv: 4 events run as sensor 7.11 (hardened): 0 matches, 0 refusals\n");
    cli_run_free(&r);
    free(events);
    static const char *const kinds[][2] = {
        {"valid/file-write-every-op.cff", "events/filewrite.jsonl"},
        {"valid/network-connect-every-op.cff", "events/networkconnect.jsonl"},
    };
    for (size_t i = 0; i < 2; i++) {
        char cff[4096], ev[4096];
        snprintf(cff, sizeof cff, "%s%s", CORPUS, kinds[i][0]);
        snprintf(ev, sizeof ev, "%s%s", CORPUS, kinds[i][1]);
        CLI(&r, "run", "--sensor", "7.16", "--format", "json", cff, ev);
        assert_int_equal(r.status, 0);
        for (int line = 1; line <= 4; line++) { /* events 1-3 match instances 1-3, 4 none */
            char want[64];
            if (line < 4)
                snprintf(want, sizeof want, "{\"line\":%d,\"matched\":[%d],", line, line);
            else
                snprintf(want, sizeof want, "{\"line\":%d,\"matched\":[],", line);
            expect_in(r.out, want);
        }
        cli_run_free(&r);
    }
}

int main(void)
{
    return TF_RUN(tf_setup_dir, tf_teardown_dir, help_and_usage_errors, io_errors_exit_2,
                  bad_events_name_the_line_and_exit_2, hardened_refuses_the_july_file_on_7_11,
                  json_is_the_contract, faithful_july_on_7_11_dies,
                  guarded_rejects_what_the_validator_rejects, not_a_channel_file_exits_1,
                  other_types_and_stdin);
}
