/* dump -> build reproduces valid files byte for byte: every file of
 * corpus/valid and corpus/incident through the cfv binary, and seeded
 * random valid files (both section orders, NOCASE/NEGATE, escapes, shared,
 * unreferenced and non-ASCII strings, disabled instances) plus files whose
 * string pool the writer would not choose (pool blocks, @N references):
 * 300 + 60 in process through the very source emitter and parser cfv
 * uses, and 40 + 5 of them through the binary as well. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cfv/decode.h"
#include "gen_model.h"
#include "harness.h"
#include "fixture.h"
#include "src_emit.h"
#include "src_parse.h"

#define NOW "1721347200"
#define GENERATED 300          /* in process */
#define GENERATED_CLI 40       /* of those, also through cfv */
#define POOLS 60
#define POOLS_CLI 5

/* Dumps path as source, builds it, compares. NamedPipe files are valid for
 * 7.16 only (7.11 supplies 20 of 21 inputs), so 7.16 is the sensor. */
static void roundtrip(const char *dir, const char *path)
{
    cli_run r;
    CLI(&r, "dump", "--format", "source", path);
    if (r.status != 0 || r.err_len != 0)
        fail_msg("dump %s: exit %d: %s", path, r.status, r.err);
    char *src = cli_write_file(dir, "rt.cfs", r.out, r.out_len);
    cli_run_free(&r);
    char *out = cli_path(dir, "rt.cff");
    CLI(&r, "build", "--now", NOW, "--sensor", "7.16", src, "-o", out);
    if (r.status != 0)
        fail_msg("build of the dump of %s: exit %d: %s", path, r.status, r.err);
    cli_run_free(&r);
    size_t a_len, b_len;
    char *a = cli_read_file(path, &a_len);
    char *b = cli_read_file(out, &b_len);
    assert_non_null(a);
    assert_non_null(b);
    if (a_len != b_len || memcmp(a, b, a_len) != 0)
        fail_msg("%s: dump -> build gives %zu bytes, not the original %zu", path, b_len, a_len);
    remove(out);
    free(a);
    free(b);
    free(out);
    free(src);
}

/* decode -> source -> parse -> encode in process, as cfv dump and build do. */
static void roundtrip_in_process(const cfv_defs *defs, const uint8_t *buf, size_t len)
{
    cfv_decoded d;
    cfv_decoded_init(&d);
    assert_int_equal(cfv_decode(&d, buf, len), CFV_DECODE_OK);
    cfv_buf src = {0};
    assert_int_equal(cfv_src_emit(&src, &d, defs, "generated"), 0);
    assert_false(src.oom);
    cfv_src_model m;
    cfv_wfile f;
    cfv_src_error err;
    if (cfv_src_compile(src.data, src.len, defs, 0, &m, &f, &err) != 0)
        fail_msg("line %u:%u: %s\n%.*s", err.line, err.col, err.message, (int)src.len, src.data);
    if (f.len != len || memcmp(f.data, buf, len) != 0)
        fail_msg("the source gives %zu bytes, not the original %zu:\n%.*s", f.len, len,
                 (int)src.len, src.data);
    cfv_wfile_free(&f);
    cfv_src_model_free(&m);
    cfv_buf_free(&src);
    cfv_decoded_free(&d);
}

/* A generated file: must validate for mask; then the round trip in
 * process and, when via_cli, through cfv. Frees buf. */
static void roundtrip_buf(const char *tmp, const cfv_defs *defs, uint32_t mask, uint8_t *buf,
                          size_t len, int via_cli)
{
    assert_int_equal(gen_validate(defs, mask, buf, len, NULL), 0);
    roundtrip_in_process(defs, buf, len);
    if (via_cli) {
        char *p = cli_write_file(tmp, "gen.cff", buf, len);
        roundtrip(tmp, p);
        free(p);
    }
    free(buf);
}

static size_t corpus_dir(const char *tmp, const char *sub)
{
    char dirpath[512];
    snprintf(dirpath, sizeof dirpath, "%s/corpus/%s", CFV_SOURCE_DIR, sub);
    DIR *dir = opendir(dirpath);
    assert_non_null(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        size_t l = strlen(e->d_name);
        if (l < 5 || (strcmp(e->d_name + l - 4, ".cff") && strcmp(e->d_name + l - 4, ".sys")))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
        roundtrip(tmp, path);
        n++;
    }
    closedir(dir);
    return n;
}

static void test_corpus(void **state)
{
    const char *tmp = ((tf_dir *)*state)->dir;
    assert_true(corpus_dir(tmp, "valid") >= 9);
    assert_true(corpus_dir(tmp, "incident") >= 4);
}

static void test_generated(void **state)
{
    const char *tmp = ((tf_dir *)*state)->dir;
    cfv_defs *defs = tf_defs();
    gen_rng rng = {0xb0117};
    uint32_t all = (1u << defs->nsensors) - 1;
    int s716 = cfv_defs_sensor_by_name(defs, "7.16", 4);
    assert_true(s716 >= 0);
    for (int i = 0; i < GENERATED; i++) {
        uint32_t mask = gen_below(&rng, 2) ? all : 1u << s716;
        size_t len;
        uint8_t *buf = tf_encode(gen_valid_model(&rng, defs, mask), &len);
        roundtrip_buf(tmp, defs, mask, buf, len, i < GENERATED_CLI);
    }
    free(defs);
}

/* Valid files with pools the writer would not lay out: the source spells
 * the pool out and points at later copies with @N. */
static void test_noncanonical_pools(void **state)
{
    const char *tmp = ((tf_dir *)*state)->dir;
    cfv_defs *defs = tf_defs();
    gen_rng rng = {0x9001};
    static const char *const texts[] = {"b", "a", "\\cmd.exe", "a", "caf\xc3\xa9", "\"q\"", "b"};
    for (int i = 0; i < POOLS; i++) {
        /* A pool of random order with repeats; references to any copy. */
        char pool[256];
        size_t plen = 0, offs[16], n = 2 + gen_below(&rng, 10);
        for (size_t k = 0; k < n; k++) {
            const char *t = texts[gen_below(&rng, sizeof texts / sizeof texts[0])];
            offs[k] = plen;
            memcpy(pool + plen, t, strlen(t) + 1);
            plen += strlen(t) + 1;
        }
        cfv_writer *w = cfv_writer_new(261, 1 + (uint32_t)i, 1719792000);
        cfv_writer_layout *l = cfv_writer_layout_of(w);
        if (i % 2) {
            l->nsections = 0;
            cfv_writer_layout_add(l, CFF_SECTION_KIND_INSTANCES, CFV_WRITER_INSTANCES);
            cfv_writer_layout_add(l, CFF_SECTION_KIND_STRINGS, CFV_WRITER_STRINGS);
        }
        cfv_writer_section *s = &l->sections[i % 2];
        s->content = CFV_WRITER_RAW;
        s->raw = (const uint8_t *)pool;
        s->raw_len = plen;
        s->has_count = 1;
        s->count = (uint32_t)n;
        for (uint32_t k = 0; k < 3; k++) {
            assert_int_equal(cfv_writer_add_instance(w, 10 + k, 1, 12, 1, ""), (int)k);
            cfv_writer_set_name_ref(w, k, (uint32_t)offs[gen_below(&rng, (uint32_t)n)]);
            cfv_writer_set_int(w, k, gen_below(&rng, 3), CFF_OP_CONTAINS, 0,
                               (uint32_t)offs[gen_below(&rng, (uint32_t)n)]);
        }
        size_t len;
        uint8_t *buf = tf_encode(w, &len);
        roundtrip_buf(tmp, defs, 3, buf, len, i < POOLS_CLI);
    }
    free(defs);
}

int main(void)
{
    return TF_RUN_EACH(tf_setup_dir, tf_teardown_dir, test_corpus, test_generated,
                       test_noncanonical_pools);
}
