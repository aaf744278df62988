/* The release gate, cfv check --against: CFV080 (channel), CFV081
 * (content_version), CFV082 (wildcard -> non-wildcard, per kept instance
 * and as the first read of a field by a new instance: the March -> July
 * 2024 change), the added/removed/changed summary in text and JSON, SARIF
 * rule metadata, and the previous file's errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_model.h"
#include "harness.h"
#include "json_read.h"
#include "fixture.h"

#define INCIDENT CFV_SOURCE_DIR "/corpus/incident/"
#define MARCH INCIDENT "march-namedpipe-wildcard-field20.cff"
#define JULY INCIDENT "july19-namedpipe-nonwildcard-field20.cff"
#define NOW "1721347200"

/* Occurrences of needle in hay. */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_march_to_july(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "check", "--now", NOW, "--sensor", "7.16", "--against", MARCH, JULY);
    assert_int_equal(r.status, 0);     /* CFV082 is a warning */
    assert_int_equal(count(r.out, "[CFV082]"), 2);
    assert_non_null(strstr(r.out, "warning: instance 291101 field 20 (remote_host): new, matched with REGEX; "
                                  "every instance of the previous release left it ANY"));
    assert_non_null(strstr(r.out, "content_version 31 -> 32; 2 added, 2 removed, 0 changed, "
                                  "0 unchanged\n"));
    CLI_HAS(r.out, "  - 291001 \"c2-pipe-msagent\"\n", "  + 291101 \"c2-pipe-remote-dyndns\"\n");
    assert_non_null(strstr(r.out, "      [20] remote_host: not equals nocase \"localhost\"   ! first "
                                  "read of a field every previous instance left ANY\n"));
    assert_null(strstr(r.out, "[0] pipe_name: prefix nocase \"\\\\\\.\\pipe\\msagent_\"   !"));
    assert_non_null(strstr(r.out, "cfv: 1 file checked: 0 errors, 2 warnings"));
    cli_run_free(&r);
    CLI_EXPECT(1, NULL, NULL,
               "check", "--now", NOW, "--sensor", "7.16", "--werror", "--against", MARCH, JULY);
    /* Back from July to March: the version goes down, and March's
     * instances read fields July's never did (1, 7 and 17). */
    CLI(&r, "check", "--now", NOW, "--sensor", "7.16", "--against", JULY, MARCH);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "+0xc: error: content_version 31 is not above 32 of the previous "
                                  "release"));
    assert_non_null(strstr(r.out, "[CFV081] (header.content_version)"));
    assert_int_equal(count(r.out, "[CFV082]"), 3);
    assert_non_null(strstr(r.out, "field 7 (access_mask): new, matched with INT_MASK"));
    cli_run_free(&r);
}

static void test_same_file_and_other_channel(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "check", "--now", NOW, "--sensor", "7.16", "--against", JULY, JULY);
    assert_int_equal(r.status, 1);
    CLI_HAS(r.out, "[CFV081]", "0 added, 0 removed, 0 changed, 2 unchanged");
    cli_run_free(&r);
    CLI(&r, "check", "--now", NOW, "--against", MARCH,
        CFV_SOURCE_DIR "/corpus/valid/process-start-every-op.cff");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "+0x8: error: channel 261 differs from channel 291 of the "
                                  "previous release"));
    assert_non_null(strstr(r.out, "[CFV080] (header.channel_id)"));
    cli_run_free(&r);
}

/* Two releases of a ProcessStart file that differ as the test says. */
typedef struct releases {
    char *dir, *prev, *cur;
} releases;

static cfv_writer *base(uint32_t version)
{
    cfv_writer *w = cfv_writer_new(261, version, 1719792000);
    assert_int_equal(cfv_writer_add_instance(w, 10, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "ten"), 0);
    cfv_writer_set_str(w, 0, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, "\\cmd.exe");
    assert_int_equal(cfv_writer_add_instance(w, 20, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "twenty"), 1);
    cfv_writer_set_str(w, 1, 1, CFF_OP_CONTAINS, 0, "-enc");
    assert_int_equal(cfv_writer_add_instance(w, 30, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "thirty"), 2);
    return w;
}

static void write_pair(releases *rel, cfv_writer *prev, cfv_writer *cur)
{
    size_t n;
    uint8_t *b;
    rel->dir = cli_tmpdir();
    b = tf_encode(prev, &n);
    rel->prev = cli_write_file(rel->dir, "prev.cff", b, n);
    free(b);
    b = tf_encode(cur, &n);
    rel->cur = cli_write_file(rel->dir, "cur.cff", b, n);
    free(b);
}

static void free_pair(releases *rel)
{
    cli_rmrf(rel->dir);
    free(rel->dir);
    free(rel->prev);
    free(rel->cur);
}

static void test_changed_instances(void **state)
{
    (void)state;
    cfv_writer *cur = base(2);
    /* 10: pid ANY -> eq 4 (widening; pid was never read before either). */
    cfv_writer_set_int(cur, 0, 7, CFF_OP_INT_EQ, 0, 4);
    /* 20: CONTAINS "-enc" -> REGEX (not widening), renamed, disabled. */
    cfv_writer_set_str(cur, 1, 1, CFF_OP_REGEX, 0, "-e(nc)?");
    cfv_writer_set_name(cur, 1, "twenty, renamed");
    cfv_writer_instance_at(cur, 1)->flags = 0;
    /* 40 added: cmdline (read before by 20) and signer (never read). */
    assert_int_equal(cfv_writer_add_instance(cur, 40, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "forty"), 3);
    cfv_writer_set_str(cur, 3, 1, CFF_OP_EQUALS, 0, "x");
    cfv_writer_set_str(cur, 3, 9, CFF_OP_EQUALS, 0, "Evil Corp");
    releases rel;
    write_pair(&rel, base(1), cur);
    cli_run r;
    CLI(&r, "check", "--now", NOW, "--against", rel.prev, rel.cur);
    assert_int_equal(r.status, 0);
    assert_int_equal(count(r.out, "[CFV082]"), 2);
    assert_non_null(strstr(r.out, "warning: instance 10 field 7 (pid): ANY in the previous release, "
                                  "INT_EQ now"));
    CLI_HAS(r.out, "warning: instance 40 field 9 (signer): new, matched with EQUALS",
                   "; 1 added, 0 removed, 2 changed, 1 unchanged\n");
    assert_non_null(strstr(r.out, "  ~ 10 \"ten\"\n      [7] pid: any -> eq 4   ! wildcard -> "
                                  "non-wildcard\n"));
    assert_non_null(strstr(r.out, "  ~ 20 \"twenty, renamed\"\n      name: \"twenty\" -> \"twenty, "
                                  "renamed\"\n      flags: 1 -> 0\n      [1] cmdline: contains "
                                  "\"-enc\" -> regex \"-e(nc)?\"\n"));
    assert_non_null(strstr(r.out, "  + 40 \"forty\"\n      [1] cmdline: equals \"x\"\n      [9] "
                                  "signer: equals \"Evil Corp\"   ! first read"));
    assert_null(strstr(r.out, "30 \"thirty\""));
    cli_run_free(&r);

    CLI(&r, "check", "--now", NOW, "--format", "json", "--against", rel.prev, rel.cur);
    assert_int_equal(r.status, 0);
    jnode *j = cli_json_out(&r);
    assert_int_equal(json_path(j, "release.0.counts.changed")->num, 2);
    assert_int_equal(json_path(j, "release.0.counts.unchanged")->num, 1);
    assert_int_equal(json_path(j, "release.0.content_version.previous")->num, 1);
    assert_int_equal(json_path(j, "release.0.changed.0.instance_id")->num, 10);
    assert_string_equal(json_path(j, "release.0.changed.0.changes.0.field")->str, "pid");
    assert_string_equal(json_path(j, "release.0.changed.0.changes.0.before")->str, "any");
    assert_string_equal(json_path(j, "release.0.changed.0.changes.0.after")->str, "eq 4");
    assert_true(json_path(j, "release.0.changed.0.changes.0.wildcard_to_nonwildcard")->type == J_TRUE);
    assert_string_equal(json_path(j, "release.0.changed.1.changes.0.what")->str, "name");
    assert_true(json_path(j, "release.0.changed.1.changes.2.wildcard_to_nonwildcard")->type == J_FALSE);
    assert_int_equal(json_path(j, "release.0.added.0.instance_id")->num, 40);
    assert_true(json_path(j, "release.0.added.0.criteria.0.wildcard_to_nonwildcard")->type == J_FALSE);
    assert_true(json_path(j, "release.0.added.0.criteria.1.wildcard_to_nonwildcard")->type == J_TRUE);
    assert_int_equal(json_path(j, "release.0.removed")->len, 0);
    assert_int_equal(json_path(j, "summary.warnings")->num, 2);
    json_free(j);
    cli_run_free(&r);

    CLI(&r, "check", "--now", NOW, "--format", "sarif", "--against", rel.prev, rel.cur);
    j = cli_json_out(&r);
    const jnode *rules = json_path(j, "runs.0.tool.driver.rules");
    const jnode *last = json_at(rules, rules->len - 1);
    assert_string_equal(json_get(last, "id")->str, "CFV082");
    const jnode *res = json_path(j, "runs.0.results.0");
    assert_string_equal(json_get(res, "ruleId")->str, "CFV082");
    assert_int_equal(json_get(res, "ruleIndex")->num, rules->len - 1);
    json_free(j);
    cli_run_free(&r);
    free_pair(&rel);
}

static void test_previous_file_errors(void **state)
{
    (void)state;
    cli_run r;
    CLI_EXPECT(2, NULL, "no such file", "check", "--against", "/nonexistent/prev.cff", JULY);
    CLI_EXPECT(2, NULL, "--against: not a channel file",
               "check", "--against", CFV_SOURCE_DIR "/corpus/rules/CFV001-truncated-to-63-bytes.cff",
        JULY);
    CLI(&r, "check", "--help");
    assert_non_null(strstr(r.out, "--against PREVIOUS"));
    cli_run_free(&r);
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_march_to_july, test_same_file_and_other_channel,
                  test_changed_instances, test_previous_file_errors);
}
