/* The TLV test grammar's generated validator: the same generator, another
 * format. Events are checked as structured facts (rule, template, location,
 * profile, typed arguments) and rendered with tlv.grammar's own catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/render.h"
#include "tlv_layout.h"
#include "tlv_validate.h"

/* The extern tlv.grammar declares: profile p accepts kind k when bit k of
 * accept[p] is set. */
typedef struct profiles {
    uint32_t accept[4];
    unsigned *fixed_length_calls;   /* counted by tlv_x_fixed_length */
} profiles;

uint64_t tlv_x_kind_allowed(const void *env, uint64_t profile, uint64_t kind)
{
    const profiles *p = env;
    return profile < 4 && kind < 32 && (p->accept[profile] >> kind & 1u);
}

/* NUMBER values are 4 bytes; the other kinds any length. */
uint64_t tlv_x_fixed_length(const void *env, uint64_t kind)
{
    const profiles *p = env;
    ++*p->fixed_length_calls;
    return kind == TLV_KIND_NUMBER ? 4 : 0;
}

#define MAX_EVENTS 16

typedef struct seen {
    size_t n;
    cfv_event e[MAX_EVENTS];     /* path and args: valid in the callback only */
    char *text[MAX_EVENTS];
    char path[MAX_EVENTS][CFV_FIELD_MAX];
    uint8_t kinds[MAX_EVENTS][4];   /* the first arguments' kinds */
} seen;

static void sink(void *user, const cfv_event *e)
{
    seen *s = user;
    assert_true(s->n < MAX_EVENTS);
    s->e[s->n] = *e;
    cfv_render_path(e, s->path[s->n], sizeof s->path[s->n]);
    for (uint32_t i = 0; i < e->nargs && i < 4; i++)
        s->kinds[s->n][i] = e->args[i].kind;
    s->text[s->n++] = cfv_render_message(&tlv_catalog, e, NULL);
}

static void seen_free(seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->text[i]);
    s->n = 0;
}

typedef struct file {
    uint8_t b[256];
    size_t n;
} file;

static void put(file *f, uint64_t v, int width)
{
    for (int i = 0; i < width; i++)
        f->b[f->n++] = (uint8_t)(v >> (8 * i));
}

/* A test's file and what validating it reported: fresh for each test, the
 * texts freed after it (and by each new run). */
typedef struct tcase {
    file f;
    seen s;
    unsigned fixed_length_calls[3];   /* by run(): diagnostic, fast, tiered */
} tcase;

static int setup(void **state)
{
    *state = calloc(1, sizeof(tcase));
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    seen_free(&((tcase *)*state)->s);
    free(*state);
    return 0;
}

static void header(tcase *t, uint64_t magic, uint64_t version, uint64_t count)
{
    t->f.n = 0;
    put(&t->f, magic, 4);
    put(&t->f, version, 2);
    put(&t->f, count, 2);
}

static void record(tcase *t, uint64_t kind, uint64_t length, uint8_t fill)
{
    put(&t->f, kind, 1);
    put(&t->f, length, 2);
    for (uint64_t i = 0; i < length; i++)
        put(&t->f, fill, 1);
}

static cfv_result run(tcase *t, const uint64_t *profile, uint64_t nprofile)
{
    const file *f = &t->f;
    seen *s = &t->s;
    profiles env = { { 1u << TLV_KIND_NAME | 1u << TLV_KIND_NUMBER | 1u << TLV_KIND_BLOB | 1u << TLV_KIND_PAIRS,
                       1u << TLV_KIND_NUMBER, 0, 0 },
                     &t->fixed_length_calls[0] };
    memset(t->fixed_length_calls, 0, sizeof t->fixed_length_calls);
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    seen_free(s);
    memset(s, 0, sizeof *s);
    g.buf = f->b;
    g.len = f->n;
    g.env = &env;
    g.sink = sink;
    g.sink_user = s;
    g.max_diag = 100;
    tlv_validate_Container(&g, f->n, profile, nprofile);
    /* The fast tier of the same grammar agrees: clean exactly when nothing
     * was reported; and both tiers in one count what the diagnostic one did. */
    cfv_gctx fast;
    memset(&fast, 0, sizeof fast);
    fast.buf = f->b;
    fast.len = f->n;
    fast.env = &env;
    env.fixed_length_calls = &t->fixed_length_calls[1];
    assert_int_equal(tlv_fast_validate_Container(&fast, f->n, profile, nprofile),
                     g.res.errors + g.res.warnings == 0);
    cfv_gctx both = fast;
    both.max_diag = 100;
    env.fixed_length_calls = &t->fixed_length_calls[2];
    assert_int_equal(tlv_tiered_validate_Container(&both, f->n, profile, nprofile),
                     g.res.errors + g.res.warnings == 0);
    assert_int_equal(both.res.errors, g.res.errors);
    assert_int_equal(both.res.warnings, g.res.warnings);
    return g.res;
}

/* Event k is rule TLV<rule>, its text (unless NULL) this. */
static void expect(const tcase *t, size_t k, uint32_t rule, const char *text)
{
    const seen *s = &t->s;
    assert_true(k < s->n);
    assert_int_equal(s->e[k].rule, rule);
    if (text)
        assert_string_equal(s->text[k], text);
}

/* run() with no profile: exactly these events, in this order. */
typedef struct want {
    uint32_t rule;
    const char *text;           /* NULL: not checked */
} want;

static void run_expect(tcase *t, const want *w, size_t n)
{
    run(t, NULL, 0);
    assert_int_equal(t->s.n, n);
    for (size_t k = 0; k < n; k++)
        expect(t, k, w[k].rule, w[k].text);
}
#define RUN_EXPECT(t, ...)                                                                       \
    run_expect((t), (const want[]){__VA_ARGS__},                                                 \
               sizeof((const want[]){__VA_ARGS__}) / sizeof(want))

static void test_clean(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 3);
    record(t, TLV_KIND_NAME, 5, 'a');
    record(t, TLV_KIND_NUMBER, 4, 0);
    record(t, TLV_KIND_BLOB, 0, 0);
    const uint64_t all[] = { 0 };
    cfv_result r = run(t, all, 1);
    assert_int_equal(r.errors + r.warnings, 0);
}

static void test_TLV001_short(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 0);
    t->f.n = 7;
    RUN_EXPECT(t, {1, "file is 7 bytes, shorter than the 8-byte header"});
}

static void test_TLV002_bad_magic_stops(void **state)
{
    tcase *t = *state;
    header(t, 0x12345678, 9, 0);   /* the bad version goes unreported */
    RUN_EXPECT(t, {2, NULL});
    assert_int_equal(t->s.e[0].offset, 0);   /* the magic */
    assert_int_equal(t->s.e[0].nargs, 1);
    assert_int_equal(t->s.kinds[0][0], CFV_ARG_HEX);
    assert_string_equal(t->s.text[0], "bad magic 0x12345678");
}

static void test_TLV003_version_and_TLV009_count(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 2, 17);
    /* version, count over 16, count differs */
    RUN_EXPECT(t, {3, NULL}, {9, "count 17 is over 16"},
               {8, "count says 17, the file holds 0 records"});
    assert_int_equal(t->s.e[0].length, 2);
}

static void test_TLV004_past_the_end(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 1);
    record(t, TLV_KIND_BLOB, 10, 'x');
    t->f.n -= 4;
    /* and the count no longer matches */
    RUN_EXPECT(t, {4, "record of 10 bytes runs past the end (9 bytes left)"}, {8, NULL});
    assert_string_equal(t->s.path[0], "records[0].length");

    header(t, TLV_MAGIC, 1, 0);
    put(&t->f, TLV_KIND_NAME, 1);           /* 1 byte left: no record header */
    RUN_EXPECT(t, {4, "1 bytes left over, a record header is 3"});
}

static void test_TLV005_TLV006_kind_and_length(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 2);
    record(t, 9, 0, 0);
    record(t, TLV_KIND_NUMBER, 2, 0);
    RUN_EXPECT(t, {5, "unknown record kind 9"}, {6, "NUMBER record of 2 bytes, not 4"});
}

/* fixed_length(kind) is a value slot: remembered while kind repeats (the
 * second and third NUMBER), computed again when it changes (BLOB, then
 * NUMBER again); each record still gets its own verdict. */
static void test_TLV006_value_slot_follows_kind(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 5);
    record(t, TLV_KIND_NUMBER, 4, 0);
    record(t, TLV_KIND_NUMBER, 3, 0);
    record(t, TLV_KIND_NUMBER, 4, 0);
    record(t, TLV_KIND_BLOB, 3, 0);
    record(t, TLV_KIND_NUMBER, 2, 0);
    RUN_EXPECT(t, {6, "NUMBER record of 3 bytes, not 4"}, {6, "NUMBER record of 2 bytes, not 4"});
    assert_string_equal(t->s.path[0], "records[1].length");
    assert_string_equal(t->s.path[1], "records[4].length");
    /* NUMBER, BLOB, NUMBER again: 3 calls, not one per record (5); the
     * fast tier stops at records[1], after 1 */
    assert_int_equal(t->fixed_length_calls[0], 3);
    assert_int_equal(t->fixed_length_calls[1], 1);

    header(t, TLV_MAGIC, 1, 5);   /* the same kinds, clean: the fast tier reads them all */
    for (int i = 0; i < 3; i++)
        record(t, TLV_KIND_NUMBER, 4, 0);
    record(t, TLV_KIND_BLOB, 3, 0);
    record(t, TLV_KIND_NUMBER, 4, 0);
    assert_int_equal(run(t, NULL, 0).errors, 0);
    assert_int_equal(t->fixed_length_calls[0], 3);
    assert_int_equal(t->fixed_length_calls[1], 3);
}

static void test_TLV007_per_profile(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 1);
    record(t, TLV_KIND_NAME, 1, 'n');
    const uint64_t profile[] = { 0, 1, 2 };   /* 0 accepts NAME, 1 and 2 do not */
    cfv_result r = run(t, profile, 3);
    assert_int_equal(r.warnings, 2);
    assert_int_equal(t->s.n, 2);
    expect(t, 0, 7, NULL);
    assert_int_equal(t->s.e[0].severity, CFV_SEV_WARNING);
    assert_int_equal(t->s.e[0].sensor, 1);
    assert_int_equal(t->s.e[1].sensor, 2);
    assert_string_equal(t->s.path[0], "records[0].kind");
    assert_int_equal(t->s.kinds[0][0], CFV_ARG_SENSOR);
    assert_int_equal(t->s.kinds[0][1], CFV_ARG_ENUM);
    assert_string_equal(t->s.text[0], "reader profile 1 does not accept NAME records");
}

/* A read the grammar did not prove (tlv.grammar's Pair): the internal rule,
 * TLV000, whose text is the catalog's title; the record stops there. */
static void test_TLV000_unproven_read(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 1);
    record(t, TLV_KIND_PAIRS, 3, 'p');
    /* the stopped record is not counted */
    RUN_EXPECT(t, {0, NULL}, {8, NULL});
    assert_int_equal(t->s.e[0].offset, 8 + 3 + 2);
    assert_string_equal(t->s.text[0], "internal: the grammar reads a field without a length guard");
    assert_string_equal(t->s.path[0], "records[0].pairs[1].a");
}

/* Pair's two checks over two u8 fields: one table entry in the fast tier,
 * one report per check in the diagnostic tier (run() compares the tiers). */
static void test_TLV010_pairs(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 1, 1);
    put(&t->f, TLV_KIND_PAIRS, 1);
    put(&t->f, 8, 2);
    put(&t->f, 0x0201, 2);   /* (1, 2): in order */
    put(&t->f, 0x0203, 2);   /* (3, 2) */
    put(&t->f, 0x0000, 2);   /* (0, 0) */
    put(&t->f, 0x0707, 2);   /* (7, 7): in order */
    RUN_EXPECT(t, {10, "pair (3, 2) out of order"}, {10, "pair (0, 0)"});
    assert_string_equal(t->s.path[0], "records[0].pairs[1].b");
    header(t, TLV_MAGIC, 1, 1);
    put(&t->f, TLV_KIND_PAIRS, 1);
    put(&t->f, 4, 2);
    put(&t->f, 0xff00, 2);   /* (0, 255) */
    put(&t->f, 0xffff, 2);   /* (255, 255) */
    const cfv_result r = run(t, NULL, 0);
    assert_int_equal(r.errors + r.warnings, 0);
}

static void test_no_sink_counts_only(void **state)
{
    tcase *t = *state;
    header(t, TLV_MAGIC, 7, 0);
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = t->f.b;
    g.len = t->f.n;
    g.max_diag = 100;
    tlv_validate_Container(&g, t->f.n, NULL, 0);
    assert_int_equal(g.res.errors, 1);
}

static void test_catalog(void **state)
{
    (void)state;
    assert_string_equal(tlv_catalog.prefix, "TLV");
    assert_int_equal(tlv_catalog.nrules, 11);   /* TLV000 (internal) and TLV001..TLV010 */
    assert_string_equal(tlv_catalog.rules[7].name, "TLV007");
    assert_int_equal(tlv_catalog.rules[7].severity, CFV_SEV_WARNING);
    assert_string_equal(tlv_catalog.enums[0].name, "Kind");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV001_short, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV002_bad_magic_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV003_version_and_TLV009_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV004_past_the_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV005_TLV006_kind_and_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV006_value_slot_follows_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV007_per_profile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV000_unproven_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV010_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_sink_counts_only, setup, teardown),
        cmocka_unit_test(test_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
