/* The decoder: fields and offsets of a known file, every prefix (of a
 * sample and of the corpus files), random bytes and mutations (memory safety under ASan, bounded memory and output),
 * string references, and decode -> writer -> encode reproducing valid files
 * byte for byte, canonical string pools or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/decode.h"
#include "cfv/le.h"
#include "gen_model.h"

#define SEED 0x5eed0001u

/* A copy in a buffer of exactly n bytes, so ASan sees any overread. */
static uint8_t *exact(const uint8_t *p, size_t n)
{
    uint8_t *q = malloc(n ? n : 1);
    assert_non_null(q);
    if (n)
        memcpy(q, p, n);
    return q;
}

/* decode -> writer -> encode; returns the encoded bytes. The mutator's
 * path, one reused model (cfv_decode_into_writer, cfv_writer_encode_to),
 * must give the same bytes for every input. */
static uint8_t *reencode(cfv_decoded *d, size_t *len)
{
    cfv_writer *w;
    assert_int_equal(cfv_decode_to_writer(d, &w), CFV_WRITER_OK);
    uint8_t *bytes = tf_encode(w, len);
    static cfv_writer *reused;
    if (!reused)
        assert_non_null(reused = cfv_writer_new(0, 0, 0));
    uint8_t *again = malloc(*len);
    assert_non_null(again);
    size_t n;
    assert_int_equal(cfv_decode_into_writer(d, reused), CFV_WRITER_OK);
    assert_int_equal(cfv_writer_encode_to(reused, again, *len, &n), CFV_WRITER_OK);
    assert_int_equal(n, *len);
    assert_memory_equal(again, bytes, n);
    free(again);
    return bytes;
}

static void assert_roundtrip(const uint8_t *buf, size_t len)
{
    cfv_decoded d;
    cfv_decoded_init(&d);
    assert_int_equal(cfv_decode(&d, buf, len), CFV_DECODE_OK);
    size_t n;
    uint8_t *again = reencode(&d, &n);
    assert_int_equal(n, len);
    assert_memory_equal(again, buf, len);
    free(again);
    cfv_decoded_free(&d);
}

static uint8_t *sample(size_t *len)
{
    cfv_writer *w = cfv_writer_new(291, 7, 1721347200);
    int i = cfv_writer_add_instance(w, 10, 4, 21, CFF_INSTANCE_FLAG_ENABLED, "pipe rule");
    assert_int_equal(i, 0);
    cfv_writer_set_str(w, 0, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, "\\msagent_");
    cfv_writer_set_int(w, 0, 7, CFF_OP_INT_MASK, 0, 0x40000000);
    cfv_writer_set_str(w, 0, 20, CFF_OP_REGEX, 0, "^10\\.1\\.");
    assert_int_equal(cfv_writer_add_instance(w, 11, 4, 21, 0, "second"), 1);
    return tf_encode(w, len);
}

/* The sample file and a view to decode it into, fresh for each test. */
typedef struct sample_ctx {
    size_t len;
    uint8_t *buf;
    cfv_decoded d;
} sample_ctx;

static int sample_setup(void **state)
{
    sample_ctx *x = tf_state_new(state, sizeof *x);
    x->buf = sample(&x->len);
    cfv_decoded_init(&x->d);
    return 0;
}

static int sample_teardown(void **state)
{
    sample_ctx *x = *state;
    cfv_decoded_free(&x->d);
    free(x->buf);
    free(x);
    return 0;
}

static void test_fields_and_offsets(void **state)
{
    sample_ctx *x = *state;
    assert_int_equal(cfv_decode(&x->d, x->buf, x->len), CFV_DECODE_OK);
    assert_int_equal(x->d.header.magic, CFF_MAGIC);
    assert_int_equal(x->d.header.channel_id, 291);
    assert_int_equal(x->d.header.content_version, 7);
    assert_int_equal(x->d.header.created_utc, 1721347200);
    assert_int_equal(x->d.header.file_size, x->len);
    assert_int_equal(x->d.header.section_count, 2);
    assert_int_equal(x->d.nsections, 2);
    assert_false(x->d.table_cut);
    assert_int_equal(x->d.strings_section, 0);
    assert_int_equal(x->d.instances_section, 1);
    assert_int_equal(x->d.sections[1].entry_off, CFF_HEADER_SIZE + CFF_SECTION_SIZE);
    assert_int_equal(x->d.nstrings, 4);
    assert_int_equal(x->d.ninstances, 2);
    assert_int_equal(x->d.ncriteria, 42);
    const cfv_dec_instance *in = &x->d.instances[0];
    assert_int_equal(in->off, x->d.sections[1].offset);
    assert_int_equal(in->instance_id, 10);
    assert_int_equal(in->template_type, 4);
    assert_int_equal(in->field_count, 21);
    assert_true(in->complete);
    const uint8_t *t;
    size_t n;
    assert_int_equal(cfv_decoded_sref(&x->d, in->name, &t, &n), CFV_SREF_OK);
    assert_int_equal(n, 9);
    assert_memory_equal(t, "pipe rule", 9);
    const cfv_dec_criterion *k = cfv_decoded_criterion(&x->d, 0, 20);
    assert_int_equal(k->op, CFF_OP_REGEX);
    assert_int_equal(k->off, in->off + CFF_INSTANCE_FIXED_SIZE + 20 * CFF_CRITERION_FIXED_SIZE);
    assert_int_equal(cfv_le32(x->buf + k->off + CFF_CRITERION_OPERAND_OFF), k->operand);
    assert_int_equal(cfv_decoded_criterion(&x->d, 0, 7)->operand, 0x40000000);
    assert_int_equal(x->d.leftover_len, 0);
    assert_true(cfv_decoded_strings_canonical(&x->d));
    assert_roundtrip(x->buf, x->len);
}

static void test_sref_statuses(void **state)
{
    sample_ctx *x = *state;
    assert_int_equal(cfv_decode(&x->d, x->buf, x->len), CFV_DECODE_OK);
    const uint8_t *t;
    size_t n;
    assert_int_equal(cfv_decoded_sref(&x->d, 0, &t, &n), CFV_SREF_OK);
    assert_int_equal(cfv_decoded_sref(&x->d, 1, &t, &n), CFV_SREF_MIDDLE);
    assert_int_equal(n, 8);
    assert_int_equal(cfv_decoded_sref(&x->d, 9, &t, &n), CFV_SREF_MIDDLE); /* its NUL */
    assert_int_equal(n, 0);
    assert_int_equal(cfv_decoded_sref(&x->d, x->d.strtab_len, &t, &n), CFV_SREF_OUT_OF_RANGE);
    assert_null(t);
    assert_int_equal(cfv_decoded_sref(&x->d, 0xFFFFFFFFu, NULL, NULL), CFV_SREF_OUT_OF_RANGE);
    assert_int_equal(cfv_decoded_string_index(&x->d, 10), 1);
    assert_int_equal(cfv_decoded_string_index(&x->d, 11), -1);
    /* Cut the file inside STRINGS: its tail is unterminated. */
    uint64_t cut = x->d.sections[0].offset + 12;
    uint8_t *part = exact(x->buf, (size_t)cut);
    assert_int_equal(cfv_decode(&x->d, part, (size_t)cut), CFV_DECODE_OK);
    assert_int_equal(x->d.strtab_len, 12);
    assert_int_equal(cfv_decoded_sref(&x->d, 10, &t, &n), CFV_SREF_UNTERMINATED);
    assert_int_equal(n, 2);
    assert_false(cfv_decoded_strings_canonical(&x->d));
    free(part);
    /* No STRINGS bytes at all. */
    part = exact(x->buf, 64);
    assert_int_equal(cfv_decode(&x->d, part, 64), CFV_DECODE_OK);
    assert_int_equal(cfv_decoded_sref(&x->d, 0, &t, &n), CFV_SREF_NO_STRINGS);
    free(part);
}

/* Every view field stays inside the buffer. */
static void assert_view_in_bounds(const cfv_decoded *d)
{
    assert_true(d->header_len <= d->len);
    for (size_t i = 0; i < d->nsections; i++) {
        assert_true(d->sections[i].entry_off + CFF_SECTION_SIZE <= d->len);
        if (d->sections[i].avail)
            assert_true((uint64_t)d->sections[i].offset + d->sections[i].avail <= d->len);
    }
    for (size_t i = 0; i < d->nstrings; i++)
        assert_true((uint64_t)d->strings[i].off + d->strings[i].len <= d->strtab_len);
    for (size_t i = 0; i < d->ninstances; i++) {
        const cfv_dec_instance *in = &d->instances[i];
        assert_true(in->off + CFF_INSTANCE_FIXED_SIZE <= d->len);
        assert_true(in->first_criterion + in->ncriteria <= d->ncriteria);
    }
    for (size_t c = 0; c < d->ncriteria; c++)
        assert_true(d->criteria[c].off + CFF_CRITERION_FIXED_SIZE <= d->len);
    assert_true(d->leftover_off + d->leftover_len <= d->len || d->leftover_len == 0);
}

/* Decodes, converts and re-encodes; the output stays within its bound. */
static void exercise(cfv_decoded *d, const uint8_t *buf, size_t len)
{
    uint8_t *copy = exact(buf, len);
    assert_int_equal(cfv_decode(d, copy, len), CFV_DECODE_OK);
    assert_view_in_bounds(d);
    for (size_t i = 0; i < d->ninstances; i++) {
        cfv_decoded_sref(d, d->instances[i].name, NULL, NULL);
        for (uint32_t c = 0; c < d->instances[i].ncriteria; c++)
            cfv_decoded_sref(d, cfv_decoded_criterion(d, i, c)->operand, NULL, NULL);
    }
    size_t n;
    uint8_t *again = reencode(d, &n);
    assert_true(n <= (d->nsections + 1) * (len + 8) + CFF_HEADER_SIZE);
    free(again);
    free(copy);
}

static void test_every_prefix(void **state)
{
    sample_ctx *x = *state;
    for (size_t n = 0; n <= x->len; n++)
        exercise(&x->d, x->buf, n);
    /* The whole file decodes fully; a prefix decodes what it holds. */
    uint8_t *part = exact(x->buf, x->len - 3);
    assert_int_equal(cfv_decode(&x->d, part, x->len - 3), CFV_DECODE_OK);
    assert_int_equal(x->d.ninstances, 2);
    assert_false(x->d.instances[1].complete);
    assert_int_equal(x->d.instances[1].ncriteria, 20);
    assert_int_equal(x->d.leftover_len, 5);
    free(part);
}

/* Every prefix of every valid and incident corpus file: decodes within
 * bounds, and the whole file round-trips. */
static void test_corpus_prefixes(void **state)
{
    (void)state;
    static const char *const dirs[] = {"valid", "incident"};
    cfv_decoded d;
    cfv_decoded_init(&d);
    size_t files = 0;
    for (size_t k = 0; k < 2; k++) {
        char dirpath[512];
        snprintf(dirpath, sizeof dirpath, "%s/corpus/%s", CFV_SOURCE_DIR, dirs[k]);
        DIR *dir = opendir(dirpath);
        assert_non_null(dir);
        for (struct dirent *e; (e = readdir(dir));) {
            if (e->d_name[0] == '.')
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dirpath, e->d_name);
            FILE *f = fopen(path, "rb");
            assert_non_null(f);
            static uint8_t buf[1 << 20];
            size_t len = fread(buf, 1, sizeof buf, f);
            fclose(f);
            /* Big files: every prefix up to 4 KiB, then a stride. */
            for (size_t n = 0; n <= len; n += n < 4096 ? 1 : 997)
                exercise(&d, buf, n);
            assert_roundtrip(buf, len);
            files++;
        }
        closedir(dir);
    }
    assert_true(files >= 13);
    cfv_decoded_free(&d);
}

static void test_random_bytes(void **state)
{
    (void)state;
    gen_rng r = {SEED};
    cfv_decoded d;
    cfv_decoded_init(&d);
    uint8_t buf[2048];
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = gen_below(&r, sizeof buf);
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)gen_next(&r);
        if (n >= CFF_HEADER_SIZE && gen_below(&r, 2)) {
            /* A plausible header and table make the deeper parts reachable. */
            cfv_put32(buf + CFF_HEADER_SECTION_COUNT_OFF, gen_below(&r, 10));
            for (size_t s = 0; s < 4 && CFF_HEADER_SIZE + 16 * (s + 1) <= n; s++) {
                uint8_t *e = buf + CFF_HEADER_SIZE + CFF_SECTION_SIZE * s;
                cfv_put16(e + CFF_SECTION_KIND_OFF, (uint16_t)(1 + gen_below(&r, 2)));
                cfv_put32(e + CFF_SECTION_OFFSET_OFF, gen_below(&r, (uint32_t)n + 64));
                cfv_put32(e + CFF_SECTION_SIZE_OFF, gen_below(&r, 2) ? gen_below(&r, (uint32_t)n)
                                                                     : (uint32_t)gen_next(&r));
            }
        }
        exercise(&d, buf, n);
    }
    cfv_decoded_free(&d);
}

static void test_mutated_valid_files(void **state)
{
    (void)state;
    gen_rng r = {SEED + 1};
    cfv_defs *defs = tf_defs();
    cfv_decoded d;
    cfv_decoded_init(&d);
    for (int iter = 0; iter < 400; iter++) {
        size_t len;
        uint8_t *buf = tf_encode(gen_valid_model(&r, defs, 1), &len);
        for (int m = 1 + (int)gen_below(&r, 8); m > 0; m--)
            buf[gen_below(&r, (uint32_t)len)] = (uint8_t)gen_next(&r);
        exercise(&d, buf, len);
        free(buf);
    }
    cfv_decoded_free(&d);
    free(defs);
}

/* Counts claiming far more than the bytes hold allocate nothing for them. */
static void test_attacker_counts(void **state)
{
    sample_ctx *x = *state;
    cfv_put32(x->buf + CFF_HEADER_SECTION_COUNT_OFF, 0xFFFFFFFFu);
    cfv_put32(x->buf + CFF_HEADER_SIZE + CFF_SECTION_SIZE + CFF_SECTION_COUNT_OFF, 0xFFFFFFFFu);
    cfv_put32(x->buf + CFF_HEADER_SIZE + CFF_SECTION_SIZE + CFF_SECTION_SIZE_OFF, 0xFFFFFFF0u);
    assert_int_equal(cfv_decode(&x->d, x->buf, x->len), CFV_DECODE_OK);
    assert_true(x->d.table_cut);
    assert_true(x->d.nsections <= CFV_DECODE_MAX_SECTIONS);
    assert_true(x->d.criteria_cap * sizeof *x->d.criteria <= 4 * x->len + 1024);
    assert_true(x->d.instances_cap * sizeof *x->d.instances <= 4 * x->len + 1024);
    size_t n;
    uint8_t *again = reencode(&x->d, &n);
    assert_true(n <= (x->d.nsections + 1) * (x->len + 8) + CFF_HEADER_SIZE);
    free(again);
}

static void test_generated_roundtrip(void **state)
{
    (void)state;
    gen_rng r = {SEED + 2};
    cfv_defs *defs = tf_defs();
    for (int iter = 0; iter < 300; iter++) {
        uint32_t mask = gen_below(&r, 2) ? 3 : 2;
        size_t len;
        uint8_t *buf = tf_encode(gen_valid_model(&r, defs, mask), &len);
        assert_int_equal(gen_validate(defs, mask, buf, len, NULL), 0);
        assert_roundtrip(buf, len);
        free(buf);
    }
    free(defs);
}

/* A pool in another order than first use, with a duplicate and an
 * unreferenced string: kept as raw bytes, still byte for byte. */
static void test_noncanonical_pool(void **state)
{
    (void)state;
    static const char pool[] = "zeta\0rule\0dup\0dup\0unused\0";
    cfv_writer *w = cfv_writer_new(261, 3, 1700000000);
    cfv_writer_layout *l = cfv_writer_layout_of(w);
    l->sections[0].content = CFV_WRITER_RAW;
    l->sections[0].raw = (const uint8_t *)pool;
    l->sections[0].raw_len = sizeof pool - 1;
    l->sections[0].has_count = 1;
    l->sections[0].count = 5;
    assert_int_equal(cfv_writer_add_instance(w, 1, 1, 12, 1, ""), 0);
    cfv_writer_set_name_ref(w, 0, 5);
    cfv_writer_set_int(w, 0, 0, CFF_OP_EQUALS, 0, 0);     /* "zeta" */
    cfv_writer_set_int(w, 0, 1, CFF_OP_EQUALS, 0, 14);    /* the second "dup" */
    size_t len;
    uint8_t *buf = tf_encode(w, &len);
    cfv_defs *defs = tf_defs();
    assert_int_equal(gen_validate(defs, 3, buf, len, NULL), 0);
    cfv_decoded d;
    cfv_decoded_init(&d);
    /* The answer is kept per view: a canonical file decoded first into the
     * same cfv_decoded does not leave its answer behind. */
    size_t slen;
    uint8_t *canonical = sample(&slen);
    assert_int_equal(cfv_decode(&d, canonical, slen), CFV_DECODE_OK);
    assert_true(cfv_decoded_strings_canonical(&d));
    assert_true(cfv_decoded_strings_canonical(&d));
    assert_int_equal(cfv_decode(&d, buf, len), CFV_DECODE_OK);
    assert_false(cfv_decoded_strings_canonical(&d));
    assert_int_equal(cfv_decoded_pool_check(&d, NULL), 0);
    cfv_decoded_free(&d);
    free(canonical);
    assert_roundtrip(buf, len);
    free(buf);
    free(defs);
}

/* Broken layouts the writer can express come back exactly too. */
static void test_broken_layouts_roundtrip(void **state)
{
    (void)state;
    static const uint8_t junk[] = {1, 2, 3};
    for (int variant = 0; variant < 5; variant++) {
        cfv_writer *w = cfv_writer_new(261, 3, 1700000000);
        assert_int_equal(cfv_writer_add_instance(w, 1, 1, 12, 1, "r"), 0);
        cfv_writer_layout *l = cfv_writer_layout_of(w);
        if (variant == 0)
            l->sections[1].gap = 16;
        if (variant == 1)
            l->sections[1].unaligned = 1, l->sections[0].extra = 3;
        if (variant == 2)
            l->tail = 5, l->tail_fill = 0x7f;
        if (variant == 3) {
            cfv_writer_section *s = cfv_writer_layout_add(l, 9, CFV_WRITER_RAW);
            s->raw = junk, s->raw_len = sizeof junk, s->has_count = 1, s->count = 2;
        }
        if (variant == 4)
            l->sections[1].has_count = 1, l->sections[1].count = 4, l->sections[0].flags = 1;
        size_t len;
        uint8_t *buf = tf_encode(w, &len);
        assert_roundtrip(buf, len);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fields_and_offsets, sample_setup, sample_teardown),
        cmocka_unit_test_setup_teardown(test_sref_statuses, sample_setup, sample_teardown),
        cmocka_unit_test_setup_teardown(test_every_prefix, sample_setup, sample_teardown),
        cmocka_unit_test(test_corpus_prefixes),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_mutated_valid_files),
        cmocka_unit_test_setup_teardown(test_attacker_counts, sample_setup, sample_teardown),
        cmocka_unit_test(test_generated_roundtrip),
        cmocka_unit_test(test_noncanonical_pool),
        cmocka_unit_test(test_broken_layouts_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
