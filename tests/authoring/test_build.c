/* cfv build: source errors at FILE:LINE:COL, validation diagnostics with
 * the source line they came from, nothing written (and nothing left
 * behind) when validation fails, an existing file kept, the output never
 * the source, pools and raw references, --werror, `created_utc now`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/decode.h"
#include "gen_model.h"
#include "fixture.h"
#include "harness.h"
#include "json_read.h"

#define NOW "1721347200"

#define HEADER "type ProcessStart\ncontent_version 7\ncreated_utc 1719792000\n"

/* Builds text (as in.cfs) into out.cff in the fixture directory. */
static void build(cli_run *r, tf_dir *f, const char *text, const char *extra)
{
    free(cli_write_file(f->dir, "in.cfs", text, strlen(text)));
    cli_run_opts o = {.cwd = f->dir};
    if (extra)
        CLI_OPTS(r, &o, "build", "--now", NOW, extra, "in.cfs", "-o", "out.cff");
    else
        CLI_OPTS(r, &o, "build", "--now", NOW, "in.cfs", "-o", "out.cff");
}

/* Builds text, which must succeed; returns out.cff's bytes, decoded into *d. */
static uint8_t *build_ok(tf_dir *f, const char *text, size_t *len, cfv_decoded *d)
{
    cli_run r;
    build(&r, f, text, NULL);
    if (r.status != 0)
        fail_msg("build failed: %s", r.err);
    cli_run_free(&r);
    char *p = cli_path(f->dir, "out.cff");
    uint8_t *buf = (uint8_t *)cli_read_file(p, len);
    assert_non_null(buf);
    free(p);
    cfv_decoded_init(d);
    assert_int_equal(cfv_decode(d, buf, *len), CFV_DECODE_OK);
    return buf;
}

/* A source error: exit 1, one line "in.cfs:LINE:COL: error: MSG", no file. */
static void expect_error(tf_dir *f, const char *text, const char *where, const char *msg)
{
    cli_run r;
    build(&r, f, text, NULL);
    char want[300];
    snprintf(want, sizeof want, "in.cfs:%s: error: %s", where, msg);
    if (r.status != 1 || strstr(r.err, want) != r.err || cli_lines(r.err) != 1)
        fail_msg("for:\n%s\nwant %s\ngot exit %d: %s", text, want, r.status, r.err);
    assert_int_equal(cli_dir_entries(f->dir), 1);
    cli_run_free(&r);
}

/* A source that does not compile: where (LINE:COL) and what. */
typedef struct source_error {
    const char *text, *where, *msg;
} source_error;

static const source_error source_errors[] = {
    {"chanel 261\n", "1:1", "expected a statement"},
    {"channel 261\nchannel 262\n", "2:1", "channel is already given at line 1"},
    {"type Nope\n", "1:6", "template type 'Nope' is not in the definitions"},
    {"channel 999\ninstance 1 \"x\" {}\n", "2:1", "channel 999 carries no template type"},
    {"instance 1 \"x\" {}\n", "1:1", "say `channel` or `type` before"},
    {"type ProcessStart\ncreated_utc 1719792000\n", "3:1", "missing `content_version`"},
    {HEADER "instance 1 \"r\" {\n    imgae equals \"x\"\n}\n", "5:5",
     "ProcessStart has no field 'imgae'"},
    {HEADER "instance 1 \"r\" {\n  image equals \"a\"\n  image suffix \"b\"\n}\n", "6:3",
     "field 0 is already set at line 5"},
    {HEADER "instance 1 \"r\" {\n  image starts \"a\"\n}\n", "5:9", "expected an op"},
    {HEADER "instance 1 \"r\" {\n  pid eq \"7\"\n}\n", "5:10", "INT_EQ needs a number"},
    {HEADER "instance 1 \"r\" {\n  image equals 7\n}\n", "5:16",
     "EQUALS needs a quoted string or @OFFSET"},
    {HEADER "instance 1 \"r\" {\n  image equals \"abc\n}\n", "5:16", "unterminated string"},
    {HEADER "instance 1 \"r\" {\n  image equals \"a\\x0\"\n}\n", "5:18",
     "\\x needs two hex digits"},
    {HEADER "instance 1 \"r\" {\n  image equals \"a\\x00\"\n}\n", "5:18",
     "a string cannot hold a NUL byte"},
    {HEADER "instance 1 \"r\" {\n  image not not equals \"a\"\n}\n", "5:13",
     "'not' is given twice"},
    {HEADER "instance 1 \"r\" {\n  [12] equals \"a\"\n}\n", "5:3",
     "field index 12 is out of range: ProcessStart has 12 fields"},
    {HEADER "instance 4294967296 \"r\" {}\n", "4:10", "expected an instance id"},
    {HEADER "instance 1 \"r\" {\n  image equals \"a\"\n", "6:1",
     "expected '}' closing the instance"},
    {HEADER "pool { \"a\" }\ninstance 1 \"b\" {}\n", "5:12", "this string is not in the pool"},
    {"type ProcessStart\ncontent_version 7\n" "created_utc 2024-02-30T00:00:00Z\n", "3:13",
     "expected Unix seconds, YYYY-MM-DDTHH:MM:SSZ or now"},
    {"type ProcessStart\n\xc3\xa9", "2:1", "unexpected byte"},
};

static void test_source_errors(void **state)
{
    tf_dir *f = *state;
    for (size_t i = 0; i < sizeof source_errors / sizeof source_errors[0]; i++)
        expect_error(f, source_errors[i].text, source_errors[i].where, source_errors[i].msg);
}

static const char incident_src[] = "type NamedPipe\ncontent_version 32\ncreated_utc 1719792000\n"
                                   "instance 291101 \"c2\" {\n"
                                   "    pipe_name prefix nocase \"\\\\\\\\.\\\\pipe\\\\msagent_\"\n"
                                   "    remote_host regex nocase \"^10\\.1\\.\"\n"
                                   "}\n";

/* Reads name from the fixture directory (*len: its length); NULL if it is
 * not there. */
static char *read_text(tf_dir *f, const char *name, size_t *len)
{
    char *p = cli_path(f->dir, name);
    char *text = cli_read_file(p, len);
    free(p);
    return text;
}

static jnode *read_json(tf_dir *f, const char *name)
{
    size_t len;
    char *text = read_text(f, name, &len);
    if (!text)
        fail_msg("%s was not written", name);
    char err[128];
    jnode *j = json_parse(text, len, err, sizeof err);
    if (!j)
        fail_msg("%s: %s", name, err);
    free(text);
    return j;
}

/* The reports with lines (--format gcc|github, SARIF, JSON) place each
 * finding at the source file's line and column. */
static void test_reports_name_source_lines(void **state)
{
    tf_dir *f = *state;
    free(cli_write_file(f->dir, "in.cfs", incident_src, strlen(incident_src)));
    cli_run r;
    cli_run_opts o = {.cwd = f->dir};
    CLI_OPTS(&r, &o, "build", "--now", NOW, "--format", "gcc", "--sarif-output", "b.sarif",
             "--json-output", "b.json", "--junit-output", "b.xml", "in.cfs", "-o", "out.cff");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "in.cfs:1:1: error: template type NamedPipe defines 21 fields"));
    assert_non_null(strstr(r.err, "in.cfs:6:5: error: non-wildcard REGEX on field 20"));
    cli_run_free(&r);
    CLI_OPTS(&r, &o, "build", "--now", NOW, "--format", "github", "in.cfs", "-o", "out.cff");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "::error file=in.cfs,line=6,col=5,title=CFV061::non-wildcard"));
    /* No byte offset: it would be one of out.cff, beside a line of in.cfs. */
    assert_non_null(strstr(r.err, " [CFV061] (instances[0].criteria[20].op; sensor 7.11)\n"));
    assert_null(strstr(r.err, "(byte 0x"));
    cli_run_free(&r);

    jnode *j = read_json(f, "b.sarif");
    const jnode *results = json_path(j, "runs.0.results");
    assert_int_equal(results->len, 2);
    const jnode *loc = json_path(json_at(results, 1), "locations.0.physicalLocation");
    assert_string_equal(json_path(loc, "artifactLocation.uri")->str, "in.cfs");
    assert_int_equal((int)json_path(loc, "region.startLine")->num, 6);
    assert_int_equal((int)json_path(loc, "region.startColumn")->num, 5);
    assert_null(json_path(loc, "region.byteOffset"));   /* not the source's bytes */
    assert_string_equal(json_path(json_at(results, 1), "message.id")->str, "m0");
    json_free(j);
    j = read_json(f, "b.json");
    const jnode *d = json_path(j, "files.0.diagnostics.1");
    assert_string_equal(json_path(j, "files.0.path")->str, "in.cfs");
    assert_int_equal((int)json_get(d, "line")->num, 6);
    assert_int_equal((int)json_get(d, "column")->num, 5);
    json_free(j);
    char *p = cli_path(f->dir, "b.xml");
    size_t len;
    char *xml = cli_read_file(p, &len);
    assert_non_null(strstr(xml, "in.cfs:6:5: error: non-wildcard REGEX"));
    assert_non_null(strstr(xml, "<testsuite name=\"cfv build\""));
    free(xml);
    free(p);

    /* A source that does not compile: the reports say it was not built. */
    static const char bad[] = "chanel 261\n";
    free(cli_write_file(f->dir, "in.cfs", bad, strlen(bad)));
    CLI_OPTS(&r, &o, "build", "--sarif-output", "b.sarif", "in.cfs", "-o", "out.cff");
    assert_int_equal(r.status, 1);
    cli_run_free(&r);
    j = read_json(f, "b.sarif");
    assert_int_equal(json_path(j, "runs.0.invocations.0.executionSuccessful")->type, J_FALSE);
    assert_non_null(strstr(json_path(j, "runs.0.invocations.0.toolExecutionNotifications.0.message.text")->str,
                           "1:1: expected a statement"));
    json_free(j);
}

/* Channel File 291 in source: fails on 7.11, says where, writes nothing. */
static void test_validation_failure_writes_nothing(void **state)
{
    tf_dir *f = *state;
    static const char src[] = "type NamedPipe\ncontent_version 32\ncreated_utc 1719792000\n"
                              "instance 291101 \"c2\" {\n"
                              "    pipe_name prefix nocase \"\\\\\\\\.\\\\pipe\\\\msagent_\"\n"
                              "    remote_host regex nocase \"^10\\.1\\.\"\n"
                              "}\n";
    cli_run r;
    build(&r, f, src, NULL);
    assert_int_equal(r.status, 1);
    CLI_HAS(r.err, "out.cff+0x8: error: template type NamedPipe defines 21 fields",
                   "[CFV060] (header.channel_id; sensor 7.11)\n  in.cfs:1:1: note: from here\n");
    assert_non_null(strstr(r.err, "[CFV061] (instances[0].criteria[20].op; sensor 7.11)\n"
                                  "  in.cfs:6:5: note: from here\n"));
    assert_non_null(strstr(r.err, "cfv build: out.cff: 2 errors, 0 warnings; not written"));
    assert_int_equal(cli_dir_entries(f->dir), 1);   /* in.cfs only: no temporary left */
    cli_run_free(&r);
    /* An existing file is kept as it was. */
    free(cli_write_file(f->dir, "out.cff", "old", 3));
    build(&r, f, src, NULL);
    assert_int_equal(r.status, 1);
    char *p = cli_path(f->dir, "out.cff");
    size_t len;
    char *old = cli_read_file(p, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(old, "old", 3);
    free(old);
    assert_int_equal(cli_dir_entries(f->dir), 2);
    cli_run_free(&r);
    /* Fine for 7.16: written, replacing the old file, and it validates. */
    build(&r, f, src, "--sensor=7.16");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "0 errors, 0 warnings; written"));
    cli_run_free(&r);
    cli_run_opts o = {.cwd = f->dir};
    CLI_EXPECT_OPTS(&o, 0, NULL, NULL, "check", "--now", NOW, "--sensor", "7.16", "out.cff");
    assert_int_equal(cli_dir_entries(f->dir), 2);
    free(p);
}

/* What build writes is what the writer makes of the same model. */
static void test_output_bytes(void **state)
{
    tf_dir *f = *state;
    static const char src[] =
        "type ProcessStart  # channel 261\ncontent_version 7\ncreated_utc 2024-07-01T00:00:00Z\n"
        "instance 5 \"cmd\" {\n  image suffix nocase \"\\cmd.exe\"\n  pid not eq 0x10\n}\n"
        "instance 9 \"off\" disabled {\n  cmdline regex \"^a\\.b\"\n}\nstring \"spare\"\n";
    size_t len;
    cfv_decoded d;
    uint8_t *got = build_ok(f, src, &len, &d);
    cfv_decoded_free(&d);
    cfv_writer *w = cfv_writer_new(261, 7, 1719792000);
    assert_int_equal(cfv_writer_add_instance(w, 5, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "cmd"), 0);
    cfv_writer_set_str(w, 0, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, "\\cmd.exe");
    cfv_writer_set_int(w, 0, 7, CFF_OP_INT_EQ, CFF_CRITERION_FLAG_NEGATE, 16);
    assert_int_equal(cfv_writer_add_instance(w, 9, 1, 12, 0, "off"), 1);
    cfv_writer_set_str(w, 1, 1, CFF_OP_REGEX, 0, "^a\\.b");
    cfv_writer_add_string(w, "spare");
    size_t want_len;
    uint8_t *want = tf_encode(w, &want_len);
    assert_int_equal(len, want_len);
    assert_memory_equal(got, want, len);
    free(got);
    free(want);
}

static void test_pool_and_raw_refs(void **state)
{
    tf_dir *f = *state;
    static const char src[] =
        HEADER "pool { \"zeta\" \"rule\" \"dup\" \"dup\" }\n"
        "instance 1 \"rule\" {\n  image equals \"zeta\"\n  cmdline equals @14\n"
        "  signer equals \"dup\"\n}\n";
    size_t len;
    cfv_decoded d;
    uint8_t *buf = build_ok(f, src, &len, &d);
    assert_int_equal(d.nstrings, 4);
    assert_int_equal(d.instances[0].name, 5);
    assert_int_equal(cfv_decoded_criterion(&d, 0, 0)->operand, 0);
    assert_int_equal(cfv_decoded_criterion(&d, 0, 1)->operand, 14);
    assert_int_equal(cfv_decoded_criterion(&d, 0, 9)->operand, 10);   /* the first "dup" */
    assert_false(cfv_decoded_strings_canonical(&d));
    cfv_decoded_free(&d);
    free(buf);
}

/* Created one week after the tests' --now: CFV008, a warning, for every
 * sensor. */
static const char week_after_now[] = "type ProcessStart\ncontent_version 7\ncreated_utc 1721952000\n"
                                     "instance 1 \"r\" {}\n";

static void test_werror_and_now(void **state)
{
    tf_dir *f = *state;
    const char *src = week_after_now;
    cli_run r;
    build(&r, f, src, "--werror");
    assert_int_equal(r.status, 1);
    CLI_HAS(r.err, "[CFV008]", "in.cfs:3:1: note: from here");
    assert_int_equal(cli_dir_entries(f->dir), 1);
    cli_run_free(&r);
    build(&r, f, src, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "0 errors, 1 warning; written"));
    cli_run_free(&r);
    /* `created_utc now` takes --now. */
    size_t len;
    cfv_decoded d;
    uint8_t *buf = build_ok(
        f, "type ProcessStart\ncontent_version 7\ncreated_utc now\ninstance 1 \"r\" {}\n", &len,
        &d);
    assert_int_equal(d.header.created_utc, 1721347200);
    cfv_decoded_free(&d);
    free(buf);
}

/* A warning under --werror fails the build in every report exactly as in
 * the exit status (JUnit: a failure; JSON: verdicts unsafe), and passes in
 * every report without it; the findings are the same either way. */
static void test_werror_in_every_report(void **state)
{
    tf_dir *f = *state;
    const char *src = week_after_now;
    static const char *const formats[] = {"text", "json", "sarif", "github", "gcc", "junit"};
    free(cli_write_file(f->dir, "in.cfs", src, strlen(src)));
    cli_run_opts o = {.cwd = f->dir};
    for (int werror = 0; werror < 2; werror++) {
        for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
            cli_run r;
            if (werror)
                CLI_OPTS(&r, &o, "build", "--now", NOW, "--werror", "--format", formats[k],
                         "--junit-output", "b.xml", "--json-output", "b.json", "in.cfs", "-o", "out.cff");
            else
                CLI_OPTS(&r, &o, "build", "--now", NOW, "--format", formats[k], "--junit-output",
                         "b.xml", "--json-output", "b.json", "in.cfs", "-o", "out.cff");
            if (r.status != (werror ? 1 : 0))
                fail_msg("--format %s%s: exit %d\n%s", formats[k], werror ? " --werror" : "",
                         r.status, r.err);
            CLI_HAS(r.err, werror ? "0 errors, 1 warning; not written" : "0 errors, 1 warning; written");
            assert_int_equal(cli_dir_entries(f->dir), werror ? 3 : 4);   /* out.cff only when written */
            if (strcmp(formats[k], "junit") == 0)   /* the report on stderr says the same */
                CLI_HAS(r.err, werror ? "failures=\"1\"" : "failures=\"0\"");
            if (strcmp(formats[k], "github") == 0)
                CLI_HAS(r.err, "::warning file=in.cfs,line=3,col=1,title=CFV008::");
            if (strcmp(formats[k], "gcc") == 0)
                CLI_HAS(r.err, "in.cfs:3:1: warning: ");
            cli_run_free(&r);

            size_t xml_len;
            char *xml = read_text(f, "b.xml", &xml_len);
            assert_non_null(xml);
            CLI_HAS(xml, werror ? "<testsuite name=\"cfv build\" tests=\"1\" failures=\"1\""
                                : "<testsuite name=\"cfv build\" tests=\"1\" failures=\"0\"",
                    werror ? "<failure message=\"0 errors, 1 warning\" type=\"cfv build\">"
                           : "<system-out>",
                    "in.cfs:3:1: warning: ");
            free(xml);
            jnode *j = read_json(f, "b.json");
            const jnode *v = json_path(j, "files.0.verdicts");
            assert_non_null(v);
            assert_true(v->len > 0);
            for (size_t s = 0; s < v->len; s++) {
                const jnode *one = json_at(v, s);
                assert_string_equal(json_get(one, "verdict")->str, werror ? "unsafe" : "safe");
                assert_int_equal((int)json_get(one, "warnings")->num, 1);
                const jnode *rules = json_get(one, "rules");
                assert_int_equal(rules->len, werror ? 1 : 0);
                if (werror)
                    assert_string_equal(json_at(rules, 0)->str, "CFV008");
            }
            json_free(j);
            char *out = cli_path(f->dir, "out.cff");
            (void)remove(out);
            free(out);
        }
    }
}

static void test_refuses(void **state)
{
    tf_dir *f = *state;
    char *src = cli_write_file(f->dir, "in.cfs", HEADER, strlen(HEADER));
    cli_run_opts o = {.cwd = f->dir};
    CLI_EXPECT_OPTS(&o, 2, NULL, "the output names the source",
                    "build", "in.cfs", "-o", "./in.cfs");
    size_t len;
    char *again = cli_read_file(src, &len);
    assert_int_equal(len, strlen(HEADER));
    free(again);
    CLI_EXPECT_OPTS(&o, 2, NULL, "say -o FILE", "build", "in.cfs");
    CLI_EXPECT_OPTS(&o, 2, NULL, NULL, "build", "-o", "x.cff");
    free(src);
}

/* -o - writes the bytes to stdout (pipelines), the report to stderr. */
static void test_stdout(void **state)
{
    tf_dir *f = *state;
    static const char src[] = HEADER "instance 1 \"r\" {}\n";
    free(cli_write_file(f->dir, "in.cfs", src, strlen(src)));
    cli_run r;
    cli_run_opts o = {.cwd = f->dir};
    CLI_OPTS(&r, &o, "build", "--now", NOW, "in.cfs", "-o", "-");
    assert_int_equal(r.status, 0);
    assert_true(r.out_len > CFF_HEADER_SIZE);
    assert_memory_equal(r.out, "\xaa\xaa\xaa\xaa", 4);
    cli_run_free(&r);
}

int main(void)
{
    return TF_RUN_EACH(tf_setup_dir, tf_teardown_dir, test_source_errors, test_reports_name_source_lines,
                       test_validation_failure_writes_nothing, test_output_bytes,
                       test_pool_and_raw_refs, test_werror_and_now, test_werror_in_every_report, test_refuses,
                       test_stdout);
}
