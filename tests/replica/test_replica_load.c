/* The loader. Trusting: the magic, then offsets and counts as given, and a
 * MALFORMED stop only where the file itself ends. Guarded: cfv_validate for
 * one sensor first. Plus a mutation sweep: the trusting loader and the
 * hardened interpreter stay memory-safe on any bytes (ASan checks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cfv/le.h"
#include "replica_fixture.h"
#include "fixture.h"

#define PS_FIELDS 12

/* ProcessStart: instance 1 "first" (EQUALS "a" on field 0), instance 2
 * "second" (all ANY, disabled). */
static void ps_file(cfv_wfile *f)
{
    cfv_writer *w = rt_one(RT_CH_PROCESS_START, RT_PROCESS_START, PS_FIELDS, "first");
    assert_int_equal(cfv_writer_add_instance(w, 2, RT_PROCESS_START, PS_FIELDS, 0, "second"), 1);
    assert_int_equal(cfv_writer_set_str(w, 0, 0, CFF_OP_EQUALS, 0, "a"), 0);
    assert_int_equal(cfv_writer_encode(w, f), CFV_WRITER_OK);
    cfv_writer_free(w);
}

static cfv_replica_status load(const cfv_wfile *f, cfv_replica_load_options *opt,
                               cfv_replica **r, cfv_replica_error *err)
{
    return cfv_replica_load(r, f->data, f->len, opt, err);
}

static cfv_replica_status trusting(const uint8_t *buf, size_t len, cfv_replica_error *err)
{
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
    cfv_replica *r;
    cfv_replica_status st = cfv_replica_load(&r, buf, len, &opt, err);
    if (st == CFV_REPLICA_OK)
        cfv_replica_free(r);
    else
        assert_null(r);
    return st;
}

static void loads_what_the_writer_wrote(void **s)
{
    (void)s;
    cfv_wfile f;
    ps_file(&f);
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
    cfv_replica *r;
    cfv_replica_error err;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_OK);
    assert_int_equal(cfv_replica_channel(r), RT_CH_PROCESS_START);
    assert_int_equal(cfv_replica_count(r), 2);
    const cfv_replica_instance *a = cfv_replica_instance_at(r, 0), *b = cfv_replica_instance_at(r, 1);
    assert_null(cfv_replica_instance_at(r, 2));
    assert_int_equal(a->id, 1);
    assert_int_equal(a->type, RT_PROCESS_START);
    assert_int_equal(a->field_count, PS_FIELDS);
    assert_int_equal(a->flags, CFF_INSTANCE_FLAG_ENABLED);
    assert_string_equal(a->name, "first");
    assert_int_equal(a->offset, (uint64_t)cfv_wfile_instance(&f, 0));
    assert_int_equal(a->criteria[0].op, CFF_OP_EQUALS);
    assert_string_equal(a->criteria[0].str, "a");
    assert_int_equal(a->criteria[0].len, 1);
    assert_null(a->criteria[0].code); /* no NOCASE: plain bytes */
    assert_int_equal(a->criteria[1].op, CFF_OP_ANY);
    assert_null(a->criteria[1].str);
    assert_string_equal(b->name, "second");
    assert_int_equal(b->flags, 0);
    cfv_replica_free(r);
    cfv_wfile_free(&f);
}

static void expect_malformed(const uint8_t *buf, size_t len, uint64_t offset, const char *needle)
{
    cfv_replica_error err;
    assert_int_equal(trusting(buf, len, &err), CFV_REPLICA_MALFORMED);
    assert_int_equal(err.status, CFV_REPLICA_MALFORMED);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
    assert_int_equal(err.offset, offset);
}

static void trusting_checks_the_magic_and_little_else(void **s)
{
    (void)s;
    cfv_wfile f;
    ps_file(&f);
    /* Broken CRC, file_size, version, channel, reserved bytes, content
     * version: none of them stops the 2024 loader. */
    cfv_wfile_put(&f, CFF_HEADER_CRC32C_OFF, CFF_HEADER_CRC32C_SIZE, 0);
    cfv_wfile_put(&f, CFF_HEADER_FILE_SIZE_OFF, CFF_HEADER_FILE_SIZE_SIZE, 1);
    cfv_wfile_put(&f, CFF_HEADER_VERSION_MAJOR_OFF, CFF_HEADER_VERSION_MAJOR_SIZE, 9);
    cfv_wfile_put(&f, CFF_HEADER_CHANNEL_ID_OFF, CFF_HEADER_CHANNEL_ID_SIZE, 4242);
    cfv_wfile_put(&f, CFF_HEADER_RESERVED_OFF, 1, 0xFF);
    cfv_wfile_put(&f, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE, 0);
    cfv_replica_error err;
    assert_int_equal(trusting(f.data, f.len, &err), CFV_REPLICA_OK);
    /* The magic does. */
    cfv_wfile_put(&f, CFF_HEADER_MAGIC_OFF, CFF_HEADER_MAGIC_SIZE, 0xAAAAAAAB);
    expect_malformed(f.data, f.len, CFF_HEADER_MAGIC_OFF, "bad magic");
    expect_malformed(f.data, 0, CFF_HEADER_MAGIC_OFF, "bad magic");
    expect_malformed(NULL, 0, CFF_HEADER_MAGIC_OFF, "bad magic");   /* no bytes, none read */
    /* No options, or a length without bytes: refused before anything is read. */
    cfv_replica *r;
    cfv_replica_error err2;
    assert_int_equal(cfv_replica_load(&r, f.data, f.len, NULL, &err2), CFV_REPLICA_BAD_ARGS);
    assert_null(r);
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
    assert_int_equal(cfv_replica_load(&r, NULL, 8, &opt, &err2), CFV_REPLICA_BAD_ARGS);
    assert_null(r);
    assert_int_equal(err2.status, CFV_REPLICA_BAD_ARGS);
    cfv_wfile_free(&f);
}

static void trusting_stops_only_at_the_end_of_the_file(void **s)
{
    (void)s;
    cfv_wfile f;
    ps_file(&f);
    expect_malformed(f.data, CFF_HEADER_FIXED_SIZE - 1, CFF_HEADER_FIXED_SIZE - 1, "header");
    /* A section count past the table: entries are read until the end of the file. */
    cfv_wfile g;
    ps_file(&g);
    cfv_wfile_put(&g, CFF_HEADER_SECTION_COUNT_OFF, CFF_HEADER_SECTION_COUNT_SIZE, 0xFFFFFFFF);
    cfv_replica_error err;
    assert_int_equal(trusting(g.data, g.len, &err), CFV_REPLICA_OK); /* both found first */
    cfv_wfile_put(&g, CFF_HEADER_SECTION_COUNT_OFF, CFF_HEADER_SECTION_COUNT_SIZE, 1);
    expect_malformed(g.data, g.len, CFF_HEADER_SECTION_COUNT_OFF, "no INSTANCES section");
    cfv_wfile_free(&g);
    /* Two INSTANCES sections (STRINGS relabelled): the first is followed, the
     * second is no STRINGS section either. */
    ps_file(&g);
    uint64_t kind = cfv_wfile_section_entry(g.strings_section) + CFF_SECTION_KIND_OFF;
    cfv_wfile_put(&g, kind, CFF_SECTION_KIND_SIZE, CFF_SECTION_KIND_INSTANCES);
    expect_malformed(g.data, g.len, CFF_HEADER_SECTION_COUNT_OFF, "no STRINGS section");
    cfv_wfile_free(&g);
    /* An instance count larger than the records: the walk leaves the file. */
    ps_file(&g);
    uint64_t count = cfv_wfile_section_entry(g.instances_section) + CFF_SECTION_COUNT_OFF;
    cfv_wfile_put(&g, count, CFF_SECTION_COUNT_SIZE, 3);
    expect_malformed(g.data, g.len, g.len, "instance record 2 of 3");
    /* Fewer: only those are loaded. */
    cfv_wfile_put(&g, count, CFF_SECTION_COUNT_SIZE, 1);
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
    cfv_replica *r;
    assert_int_equal(load(&g, &opt, &r, &err), CFV_REPLICA_OK);
    assert_int_equal(cfv_replica_count(r), 1);
    cfv_replica_free(r);
    cfv_wfile_free(&g);
    /* A section offset past the end. */
    ps_file(&g);
    uint64_t off = cfv_wfile_section_entry(g.instances_section) + CFF_SECTION_OFFSET_OFF;
    cfv_wfile_put(&g, off, CFF_SECTION_OFFSET_SIZE, 0xFFFFFFF0u);
    expect_malformed(g.data, g.len, 0xFFFFFFF0u, "runs past the end of the file");
    cfv_wfile_free(&g);
    cfv_wfile_free(&f);
}

static void trusting_follows_srefs_and_field_count_as_given(void **s)
{
    (void)s;
    cfv_wfile f;
    ps_file(&f);
    /* A name sref into the middle of "first" is followed: "irst". */
    int64_t name = cfv_wfile_instance(&f, 0) + CFF_INSTANCE_NAME_OFF;
    cfv_wfile_put(&f, (uint64_t)name, CFF_INSTANCE_NAME_SIZE, (uint64_t)cfv_wfile_sref(&f, "first") + 1);
    /* An operand sref past the STRINGS section but inside the file is followed too. */
    int64_t operand = cfv_wfile_criterion(&f, 0, 0) + CFF_CRITERION_OPERAND_OFF;
    uint32_t strings_off = f.sections[f.strings_section].offset;
    uint32_t past = (uint32_t)(f.len - 1 - strings_off);  /* the file's last byte */
    cfv_wfile_put(&f, (uint64_t)operand, CFF_CRITERION_OPERAND_SIZE, past);
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
    cfv_replica *r;
    cfv_replica_error err;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_OK);
    assert_string_equal(cfv_replica_instance_at(r, 0)->name, "irst");
    assert_int_equal(cfv_replica_instance_at(r, 0)->criteria[0].len, f.data[f.len - 1] ? 1 : 0);
    cfv_replica_free(r);
    /* One byte further is outside the file: the loader cannot follow. */
    cfv_wfile_put(&f, (uint64_t)operand, CFF_CRITERION_OPERAND_SIZE, past + 1);
    expect_malformed(f.data, f.len, (uint64_t)operand, "points outside the file");
    cfv_wfile_put(&f, (uint64_t)operand, CFF_CRITERION_OPERAND_SIZE, 0xFFFFFFFFu);
    expect_malformed(f.data, f.len, (uint64_t)operand, "points outside the file");
    cfv_wfile_free(&f);

    /* field_count 13 on a 12-field type, with 13 criteria written: all 13 loaded. */
    cfv_writer *w = rt_one(RT_CH_PROCESS_START, RT_PROCESS_START, PS_FIELDS + 1, "thirteen");
    assert_int_equal(cfv_writer_set_int(w, 0, PS_FIELDS, CFF_OP_INT_EQ, 0, 7), 0);
    r = rt_load_writer(w);
    assert_int_equal(cfv_replica_instance_at(r, 0)->field_count, PS_FIELDS + 1);
    assert_int_equal(cfv_replica_instance_at(r, 0)->criteria[PS_FIELDS].op, CFF_OP_INT_EQ);
    assert_int_equal(cfv_replica_instance_at(r, 0)->criteria[PS_FIELDS].operand, 7);
    cfv_replica_free(r);
}

typedef struct seen {
    unsigned rules[128];
    unsigned total;
} seen;

static void count_rule(void *user, const cfv_diag *d)
{
    seen *s = user;
    if (d->rule < 128)
        s->rules[d->rule]++;
    s->total++;
}

static void guarded_loads_only_what_the_validator_accepts(void **s)
{
    (void)s;
    cfv_defs *defs = tf_defs();
    cfv_wfile f;
    ps_file(&f);
    seen got = {{0}, 0};
    cfv_replica_load_options opt = {.mode = CFV_LOAD_GUARDED, .defs = defs,
                                    .sensor = rt_sensor(defs, "7.11"), .emit = count_rule,
                                    .emit_user = &got};
    cfv_replica *r;
    cfv_replica_error err;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_OK);
    assert_int_equal(got.total, 0);
    assert_int_equal(cfv_replica_count(r), 2);
    cfv_replica_free(r);
    /* A broken CRC: loaded trusting (above), rejected guarded. */
    cfv_wfile_put(&f, CFF_HEADER_CRC32C_OFF, CFF_HEADER_CRC32C_SIZE, 0);
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_REJECTED);
    assert_null(r);
    assert_int_equal(err.errors, 1);
    assert_int_equal(got.rules[10], 1);
    assert_non_null(strstr(err.message, "sensor 7.11"));
    /* Arguments a guarded load needs. */
    opt.sensor = 99;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_BAD_ARGS);
    opt.sensor = -1;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_BAD_ARGS);
    opt.defs = NULL;
    opt.sensor = 0;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_BAD_ARGS);
    cfv_wfile_free(&f);
    free(defs);
}

/* Deterministic xorshift: the sweep is the same on every run. */
static uint32_t next(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* A cache the caller lends (the fuzz targets share one with their
 * validation): REGEX codes come from it (the very code the lender compiled
 * before the load), two loads share it, and freeing a replica leaves it to
 * its owner (ASan reports a use after free otherwise). */
static void a_borrowed_cache_serves_and_outlives_the_replica(void **s)
{
    (void)s;
    cfv_writer *w = rt_one(RT_CH_PROCESS_START, RT_PROCESS_START, PS_FIELDS, "re");
    assert_int_equal(cfv_writer_set_str(w, 0, 0, CFF_OP_REGEX, 0, "^a+$"), 0);
    cfv_wfile f;
    assert_int_equal(cfv_writer_encode(w, &f), CFV_WRITER_OK);
    cfv_writer_free(w);
    cfv_regex_cache *cache = cfv_regex_cache_new();
    assert_non_null(cache);
    cfv_re_verdict verdict;
    const pcre2_code *code0 = cfv_regex_cache_code(cache, (const uint8_t *)"^a+$", 4, 0, &verdict);
    assert_non_null(code0);
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING, .cache = cache};
    cfv_replica_input in[PS_FIELDS];
    for (size_t i = 0; i < PS_FIELDS; i++)
        in[i] = rt_str("aaa");
    for (int round = 0; round < 2; round++) {
        cfv_replica *r;
        cfv_replica_error err;
        assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_OK);
        const cfv_replica_instance *inst = cfv_replica_instance_at(r, 0);
        assert_non_null(inst);
        assert_int_equal(inst->criteria[0].op, CFF_OP_REGEX);
        assert_ptr_equal(inst->criteria[0].code, code0);
        rt_verdicts v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_FAITHFUL);
        assert_int_equal(rt_verdict_of(&v, 1), CFV_VERDICT_MATCH);
        cfv_replica_free(r);
    }
    /* Still the lender's: the code it held before the loads. */
    assert_ptr_equal(cfv_regex_cache_code(cache, (const uint8_t *)"^a+$", 4, 0, &verdict), code0);
    cfv_regex_cache_free(cache);
    cfv_wfile_free(&f);
}

/* A lent cache holds its lender's per-file REGEX bound: a guarded load
 * refuses it (the same file and sensor load without it), and leaves it to
 * its owner. */
static void guarded_refuses_a_lent_cache(void **s)
{
    (void)s;
    cfv_defs *defs = tf_defs();
    cfv_wfile f;
    ps_file(&f);
    cfv_regex_cache *cache = cfv_regex_cache_new();
    assert_non_null(cache);
    cfv_regex_cache_begin_file(cache, 0);
    cfv_replica_load_options opt = {.mode = CFV_LOAD_GUARDED, .defs = defs,
                                    .sensor = rt_sensor(defs, "7.11"), .cache = cache};
    cfv_replica *r;
    cfv_replica_error err;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_BAD_ARGS);
    assert_null(r);
    assert_non_null(strstr(err.message, "trusting loads only"));
    opt.cache = NULL;
    assert_int_equal(load(&f, &opt, &r, &err), CFV_REPLICA_OK);
    cfv_replica_free(r);
    cfv_re_verdict verdict;
    assert_non_null(cfv_regex_cache_code(cache, (const uint8_t *)"^a+$", 4, 0, &verdict));
    cfv_regex_cache_free(cache);
    cfv_wfile_free(&f);
    free(defs);
}

/* Mutated files: trusting loads either fail cleanly or give instances the
 * hardened interpreter evaluates without reading past m (ASan would say). */
static void mutation_sweep_is_memory_safe(void **s)
{
    (void)s;
    cfv_wfile f;
    ps_file(&f);
    uint8_t *buf = malloc(f.len);
    assert_non_null(buf);
    uint32_t x = 0x291u;
    cfv_replica_input in[PS_FIELDS];
    for (size_t i = 0; i < PS_FIELDS; i++)
        in[i] = rt_str("a");
    unsigned loaded = 0;
    for (int round = 0; round < 4000; round++) {
        memcpy(buf, f.data, f.len);
        int flips = 1 + (int)(next(&x) % 4);
        for (int k = 0; k < flips; k++)
            buf[next(&x) % f.len] = (uint8_t)next(&x);
        size_t len = next(&x) % 8 == 0 ? next(&x) % (f.len + 1) : f.len;
        cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
        cfv_replica *r;
        cfv_replica_error err;
        if (cfv_replica_load(&r, buf, len, &opt, &err) != CFV_REPLICA_OK)
            continue;
        loaded++;
        for (size_t i = 0; i < cfv_replica_count(r); i++) {
            const cfv_replica_instance *inst = cfv_replica_instance_at(r, i);
            rt_eval(r, inst->type, in, PS_FIELDS, CFV_REPLICA_HARDENED);
        }
        cfv_replica_free(r);
    }
    assert_true(loaded > 100);
    free(buf);
    cfv_wfile_free(&f);
}

int main(void)
{
    return TF_RUN(NULL, NULL, loads_what_the_writer_wrote,
                  trusting_checks_the_magic_and_little_else,
                  trusting_stops_only_at_the_end_of_the_file,
                  trusting_follows_srefs_and_field_count_as_given,
                  guarded_loads_only_what_the_validator_accepts,
                  a_borrowed_cache_serves_and_outlives_the_replica, guarded_refuses_a_lent_cache,
                  mutation_sweep_is_memory_safe);
}
