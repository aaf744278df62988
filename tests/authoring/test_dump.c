/* cfv dump: the listing (every field at its offset, diagnostics under the
 * field they point at), strict JSON, textconv use (a path and nothing
 * else), and broken files of every kind: truncated, garbage, the rule
 * corpus. Offsets are checked against the decoder, not typed in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/decode.h"
#include "gen_model.h"
#include "harness.h"
#include "json_read.h"
#include "fixture.h"

#define CORPUS CFV_SOURCE_DIR "/corpus"
#define JULY19 CORPUS "/incident/july19-namedpipe-nonwildcard-field20.cff"
#define EVERY_OP CORPUS "/valid/process-start-every-op.cff"
#define NOW "1721347200"

/* The line of out that starts with prefix (after leading spaces), or NULL. */
static const char *line_with(const char *out, const char *prefix)
{
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        const char *q = p;
        while (*q == ' ')
            q++;
        if (strncmp(q, prefix, strlen(prefix)) == 0)
            return p;
    }
    return NULL;
}

static const char *next_line(const char *l)
{
    const char *nl = strchr(l, '\n');
    return nl ? nl + 1 : "";
}

/* A file read and decoded (the decoded view borrows buf). */
typedef struct decoded_file {
    uint8_t *buf;
    size_t len;
    cfv_decoded d;
} decoded_file;

static void decode_file(const char *path, decoded_file *f)
{
    f->buf = (uint8_t *)cli_read_file(path, &f->len);
    assert_non_null(f->buf);
    cfv_decoded_init(&f->d);
    assert_int_equal(cfv_decode(&f->d, f->buf, f->len), CFV_DECODE_OK);
}

static void decoded_file_free(decoded_file *f)
{
    cfv_decoded_free(&f->d);
    free(f->buf);
}

/* The incident file, decoded once for the tests (*state). */
static int setup_july(void **state)
{
    decoded_file *f = calloc(1, sizeof *f);
    assert_non_null(f);
    decode_file(JULY19, f);
    *state = f;
    return 0;
}

static int teardown_july(void **state)
{
    decoded_file_free(*state);
    free(*state);
    return 0;
}

static void test_listing_has_every_field(void **state)
{
    (void)state;
    cli_run r;
    CLI(&r, "dump", "--now", NOW, EVERY_OP);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    decoded_file df;
    decode_file(EVERY_OP, &df);
    char want[160];
    snprintf(want, sizeof want, "@%u        magic            0xaaaaaaaa",
             (unsigned)CFF_HEADER_MAGIC_OFF);
    assert_non_null(line_with(r.out, want));
    snprintf(want, sizeof want, "@%-8u channel_id       261  ProcessStart",
             (unsigned)CFF_HEADER_CHANNEL_ID_OFF);
    assert_non_null(line_with(r.out, want));
    snprintf(want, sizeof want, "@%-8u crc32c           0x%08" PRIx32,
             (unsigned)CFF_HEADER_CRC32C_OFF, df.d.header.crc32c);
    assert_non_null(line_with(r.out, want));
    assert_non_null(strstr(r.out, "0 errors, 0 warnings"));
    for (size_t i = 0; i < df.d.ninstances; i++) {
        snprintf(want, sizeof want, "@%-8" PRIu64 " instance_id      %" PRIu32,
                 df.d.instances[i].off, df.d.instances[i].instance_id);
        assert_non_null(line_with(r.out, want));
        for (uint32_t c = 0; c < df.d.instances[i].ncriteria; c++) {
            snprintf(want, sizeof want, "@%-8" PRIu64 "   [%" PRIu32 "] ",
                     cfv_decoded_criterion(&df.d, i, c)->off, c);
            assert_non_null(line_with(r.out, want));
        }
    }
    for (size_t s = 0; s < df.d.nstrings; s++) {
        snprintf(want, sizeof want, "@%-8" PRIu64 " +%-8" PRIu32 " \"",
                 (uint64_t)df.d.sections[df.d.strings_section].offset + df.d.strings[s].off,
                 df.d.strings[s].off);
        assert_non_null(line_with(r.out, want));
    }
    /* Names from the definitions, ops by name, operands as text. */
    CLI_HAS(r.out, "[0] image                SUFFIX NOCASE", "INT_EQ 8192 (0x2000)");
    decoded_file_free(&df);
    cli_run_free(&r);
}

/* The Channel File 291 criterion, with CFV061 right under it. */
static void test_annotated_incident(void **state)
{
    const decoded_file *july = *state;
    const cfv_dec_criterion *k = cfv_decoded_criterion(&july->d, 0, 20);
    cli_run r;
    CLI(&r, "dump", "--now", NOW, JULY19);
    assert_int_equal(r.status, 0);
    char want[160];
    snprintf(want, sizeof want, "@%-8" PRIu64 "   [20] remote_host         REGEX NOCASE", k->off);
    const char *l = line_with(r.out, want);
    assert_non_null(l);
    snprintf(want, sizeof want, "! error CFV061 @%" PRIu64 ": non-wildcard REGEX on field 20",
             k->off + CFF_CRITERION_OP_OFF);
    assert_non_null(line_with(next_line(l), want));
    assert_true(line_with(next_line(l), want) == next_line(l));
    assert_non_null(strstr(next_line(l), "(sensor 7.11)"));
    /* CFV060 sits under channel_id. */
    l = line_with(r.out, "@8        channel_id");
    assert_non_null(l);
    assert_non_null(line_with(next_line(l), "! error CFV060 @8:"));
    cli_run_free(&r);
    /* With only 7.16 selected, nothing to annotate. */
    CLI(&r, "dump", "--now", NOW, "--sensor", "7.16", JULY19);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "! error"));
    assert_non_null(strstr(r.out, "sensors: 7.16; 0 errors"));
    cli_run_free(&r);
}

static void test_json(void **state)
{
    const decoded_file *july = *state;
    cli_run r;
    CLI(&r, "dump", "--format", "json", "--now", NOW, JULY19);
    assert_int_equal(r.status, 0);
    jnode *j = cli_json_out(&r);
    assert_int_equal(json_path(j, "size")->num, (double)july->len);
    assert_int_equal(json_path(j, "header.magic.value")->num, (double)CFF_MAGIC);
    assert_int_equal(json_path(j, "header.channel_id.offset")->num, CFF_HEADER_CHANNEL_ID_OFF);
    assert_string_equal(json_path(j, "header.channel_type")->str, "NamedPipe");
    assert_string_equal(json_path(j, "section_table.entries.1.kind_name")->str, "INSTANCES");
    assert_string_equal(json_path(j, "instances.0.type_name")->str, "NamedPipe");
    assert_string_equal(json_path(j, "instances.0.criteria.20.field")->str, "remote_host");
    assert_string_equal(json_path(j, "instances.0.criteria.20.op_name")->str, "REGEX");
    assert_true(json_path(j, "instances.0.criteria.20.nocase")->type == J_TRUE);
    assert_string_equal(json_path(j, "instances.0.criteria.20.operand.text")->str,
                        "^[a-z0-9-]+\\.(duckdns|no-ip)\\.org$");
    assert_int_equal(json_path(j, "instances.0.criteria.20.offset")->num,
                     (double)cfv_decoded_criterion(&july->d, 0, 20)->off);
    assert_string_equal(json_path(j, "instances.0.name.text")->str, "c2-pipe-remote-dyndns");
    assert_int_equal(json_path(j, "strings")->len, july->d.nstrings);
    const jnode *diags = json_path(j, "diagnostics");
    assert_int_equal(diags->len, 3);
    int found = 0;
    for (size_t i = 0; i < diags->len; i++) {
        const jnode *x = json_at(diags, i);
        if (strcmp(json_get(x, "rule")->str, "CFV061") == 0 &&
            json_get(x, "offset")->num == (double)cfv_decoded_criterion(&july->d, 0, 20)->off)
            found = strcmp(json_get(x, "sensor")->str, "7.11") == 0;
    }
    assert_true(found);
    assert_int_equal(json_path(j, "errors")->num, 3);
    json_free(j);
    cli_run_free(&r);
}

/* Dumps path in every format; each must succeed and JSON must parse. */
static void dump_all_formats(const char *path)
{
    static const char *const formats[] = {"text", "json", "source"};
    for (size_t f = 0; f < 3; f++) {
        cli_run r;
        CLI(&r, "dump", "--now", NOW, "--format", formats[f], path);
        if (r.status != 0)
            fail_msg("cfv dump --format %s %s: exit %d: %s", formats[f], path, r.status, r.err);
        assert_true(r.out_len > 0);
        if (f == 1)
            json_free(cli_json_out(&r));
        cli_run_free(&r);
    }
}

static void test_rule_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir(CORPUS "/rules");
    assert_non_null(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".cff") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/rules/%s", CORPUS, e->d_name);
        dump_all_formats(path);
        n++;
    }
    closedir(dir);
    assert_true(n >= 40);
}

static void test_prefixes_and_garbage(void **state)
{
    (void)state;
    size_t len;
    char *buf = cli_read_file(JULY19, &len);
    char *dir = cli_tmpdir();
    /* Cuts at and around every structure boundary, and a stride elsewhere. */
    for (size_t n = 0; n < len; n += n < 100 ? 1 : 37) {
        char *p = cli_write_file(dir, "cut.cff", buf, n);
        cli_run r;
        CLI(&r, "dump", "--now", NOW, "--format", n % 2 ? "json" : "text", p);
        if (r.status != 0)
            fail_msg("prefix %zu: exit %d: %s", n, r.status, r.err);
        if (n % 2)
            json_free(cli_json_out(&r));
        cli_run_free(&r);
        free(p);
    }
    gen_rng rng = {0xd0d0};
    uint8_t junk[700];
    for (int i = 0; i < 20; i++) {
        for (size_t k = 0; k < sizeof junk; k++)
            junk[k] = (uint8_t)gen_next(&rng);
        memcpy(junk, buf, 64 + (size_t)gen_below(&rng, 40));   /* a header, a table entry or two */
        char *p = cli_write_file(dir, "junk.cff", junk, 64 + gen_below(&rng, sizeof junk - 64));
        dump_all_formats(p);
        free(p);
    }
    cli_rmrf(dir);
    free(dir);
    free(buf);
}

/* git runs `cfv dump PATH`: no options, exit 0 even for a broken file. */
static void test_textconv_form(void **state)
{
    (void)state;
    cli_run r;
    CLI_EXPECT(0, "! error CFV003 @0: bad magic", NULL,
               "dump", CORPUS "/rules/CFV003-bad-magic.cff");
    CLI(&r, "dump", CORPUS "/rules/CFV001-empty.cff");
    assert_int_equal(r.status, 0);
    CLI_HAS(r.out, "0 bytes", "CFV001");
    cli_run_free(&r);
}

static void test_usage_errors(void **state)
{
    (void)state;
    CLI_EXPECT(2, NULL, "no FILE given", "dump");
    CLI_EXPECT(2, NULL, "unknown format 'xml'", "dump", "--format", "xml", EVERY_OP);
    CLI_EXPECT(2, NULL, NULL, "dump", EVERY_OP, JULY19);
    CLI_EXPECT(2, NULL, "no such file", "dump", "/nonexistent/x.cff");
    CLI_EXPECT(2, NULL, "unknown sensor", "dump", "--sensor", "9.99", EVERY_OP);
    CLI_EXPECT(0, "textconv", NULL, "help", "dump");
}

int main(void)
{
    return TF_RUN(setup_july, teardown_july, test_listing_has_every_field,
                  test_annotated_incident, test_json, test_rule_corpus, test_prefixes_and_garbage,
                  test_textconv_form, test_usage_errors);
}
