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

/* The externs tlv.grammar declares: profile p accepts kind k when bit k of
 * accept[p] is set; the calls of fixed_length and cell_max are counted. */
typedef struct profiles {
    uint32_t accept[4];
    unsigned *calls;
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
    ++*p->calls;
    return kind == TLV_KIND_NUMBER ? 4 : 0;
}

/* A cell of a row is at most its limit. */
uint64_t tlv_x_cell_max(const void *env, uint64_t limit, uint64_t i)
{
    const profiles *p = env;
    (void)i;
    ++*p->calls;
    return limit;
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
    unsigned calls[3];   /* extern calls by run(): diagnostic, fast, tiered tier */
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

/* One of tlv.grammar's validators in one tier: 0 diagnostic, 1 fast, 2 both. */
typedef int entry_fn(cfv_gctx *g, int tier, const uint64_t *profile, uint64_t nprofile);

static int container(cfv_gctx *g, int tier, const uint64_t *profile, uint64_t nprofile)
{
    return tier == 0   ? tlv_validate_Container(g, g->len, profile, nprofile)
           : tier == 1 ? tlv_fast_validate_Container(g, g->len, profile, nprofile)
                       : tlv_tiered_validate_Container(g, g->len, profile, nprofile);
}

static int table(cfv_gctx *g, int tier, const uint64_t *profile, uint64_t nprofile)
{
    (void)profile;
    (void)nprofile;
    return tier == 0 ? tlv_validate_Table(g, g->len) : tier == 1 ? tlv_fast_validate_Table(g, g->len)
                                                                 : tlv_tiered_validate_Table(g, g->len);
}

static cfv_result run_entry(tcase *t, entry_fn *entry, const uint64_t *profile, uint64_t nprofile)
{
    const file *f = &t->f;
    seen *s = &t->s;
    profiles env = { { 1u << TLV_KIND_NAME | 1u << TLV_KIND_NUMBER | 1u << TLV_KIND_BLOB | 1u << TLV_KIND_PAIRS,
                       1u << TLV_KIND_NUMBER, 0, 0 },
                     &t->calls[0] };
    memset(t->calls, 0, sizeof t->calls);
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
    entry(&g, 0, profile, nprofile);
    /* The fast tier of the same grammar agrees: clean exactly when nothing
     * was reported; and both tiers in one count what the diagnostic one did. */
    cfv_gctx fast;
    memset(&fast, 0, sizeof fast);
    fast.buf = f->b;
    fast.len = f->n;
    fast.env = &env;
    env.calls = &t->calls[1];
    assert_int_equal(entry(&fast, 1, profile, nprofile), g.res.errors + g.res.warnings == 0);
    cfv_gctx both = fast;
    both.max_diag = 100;
    env.calls = &t->calls[2];
    assert_int_equal(entry(&both, 2, profile, nprofile), g.res.errors + g.res.warnings == 0);
    assert_int_equal(both.res.errors, g.res.errors);
    assert_int_equal(both.res.warnings, g.res.warnings);
    return g.res;
}

static cfv_result run(tcase *t, const uint64_t *profile, uint64_t nprofile)
{
    return run_entry(t, container, profile, nprofile);
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

static void run_expect(tcase *t, entry_fn *entry, const want *w, size_t n)
{
    run_entry(t, entry, NULL, 0);
    assert_int_equal(t->s.n, n);
    for (size_t k = 0; k < n; k++)
        expect(t, k, w[k].rule, w[k].text);
}
#define RUN_ENTRY_EXPECT(t, entry, ...)                                                          \
    run_expect((t), (entry), (const want[]){__VA_ARGS__},                                        \
               sizeof((const want[]){__VA_ARGS__}) / sizeof(want))
#define RUN_EXPECT(t, ...) RUN_ENTRY_EXPECT(t, container, __VA_ARGS__)
#define RUN_TABLE_EXPECT(t, ...) RUN_ENTRY_EXPECT(t, table, __VA_ARGS__)

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
    assert_int_equal(t->calls[0], 3);
    assert_int_equal(t->calls[1], 1);

    header(t, TLV_MAGIC, 1, 5);   /* the same kinds, clean: the fast tier reads them all */
    for (int i = 0; i < 3; i++)
        record(t, TLV_KIND_NUMBER, 4, 0);
    record(t, TLV_KIND_BLOB, 3, 0);
    record(t, TLV_KIND_NUMBER, 4, 0);
    assert_int_equal(run(t, NULL, 0).errors, 0);
    assert_int_equal(t->calls[0], 3);
    assert_int_equal(t->calls[1], 3);
}

/* A Table file: nrows, names (the first 4 bytes non-zero, the last 4
 * 1, 1, 1, 0), then rows added by table_row. */
static void table_header(tcase *t, uint64_t nrows)
{
    t->f.n = 0;
    put(&t->f, nrows, 1);
    for (int i = 0; i < 8; i++)
        put(&t->f, i == 7 ? 0 : 1, 1);
}

/* A row whose names view starts at file offset `from`: its cells, and as
 * many wides (v, then 2 bytes of padding). */
static void table_row(tcase *t, uint8_t limit, uint8_t from, const uint8_t *cells, const uint8_t *wides,
                      uint8_t n)
{
    put(&t->f, limit, 1);
    put(&t->f, from, 1);
    put(&t->f, n, 1);
    for (int i = 0; i < n; i++)
        put(&t->f, cells[i], 1);
    for (int i = 0; i < n; i++)
        put(&t->f, wides[i], 3);
}

static const uint8_t cells123[] = { 1, 2, 3 };
static const uint8_t wides444[] = { 4, 4, 4 };

/* The fast tier's memo of the last clean cell per index (Cell is 1 byte):
 * a repeated row is clean without a call of cell_max (the frame keyed by
 * the limit is kept), and the same cells are checked again once the limit
 * changes (the frame is refilled with the memo). */
static void test_TLV011_cells_after_limit_changes(void **state)
{
    tcase *t = *state;
    table_header(t, 2);
    table_row(t, 5, 1, cells123, wides444, 3);
    table_row(t, 5, 1, cells123, wides444, 3);
    assert_int_equal(run_entry(t, table, NULL, 0).errors, 0);
    assert_int_equal(t->calls[0], 6);   /* 3 indexes, cells and wides */
    assert_int_equal(t->calls[1], 6);

    table_header(t, 3);
    table_row(t, 5, 1, cells123, wides444, 3);
    table_row(t, 5, 1, cells123, wides444, 3);
    table_row(t, 2, 1, cells123, (const uint8_t[]){ 0, 0, 0 }, 3);
    RUN_TABLE_EXPECT(t, {11, "cell 2 is 3, over 2"});
    assert_string_equal(t->s.path[0], "rows[2].cells[2].v");
}

/* The same cells at the same indexes and limit, another names view: checked
 * again (the memo keeps the view its records were checked with). */
static void test_TLV012_cells_after_view_changes(void **state)
{
    tcase *t = *state;
    table_header(t, 2);
    table_row(t, 5, 1, cells123, wides444, 3);   /* names 1, 1, 1, 1 */
    table_row(t, 5, 5, cells123, wides444, 3);   /* names 1, 1, 1, 0 */
    RUN_TABLE_EXPECT(t, {12, "cell 2 names byte 3, which is zero"});
    assert_string_equal(t->s.path[0], "rows[1].cells[2].v");
}

/* Rows of nine cells: the fast tier skips a run of remembered cells four
 * at a time (cfv_rt_same_rows), and stops where one differs (cell 6, inside
 * the second four), where the limit changes (the frame refilled with the
 * memo) and where the names view does; each case's first event and count. */
static void test_TLV011_TLV012_long_rows(void **state)
{
    tcase *t = *state;
    static const uint8_t cells9[] = { 1, 2, 3, 1, 2, 3, 1, 2, 3 }, over6[] = { 1, 2, 3, 1, 2, 3, 9, 2, 3 };
    static const uint8_t wides9[9];
    static const struct {
        uint8_t limit, from;          /* the third row's; the first two: 5, 1 */
        const uint8_t *cells;         /* the third row's; the first two: cells9 */
        size_t n;
        uint32_t rule;
        const char *text, *path;
    } cases[] = {
        { 5, 1, cells9, 0, 0, NULL, NULL },
        { 5, 1, over6, 1, 11, "cell 6 is 9, over 5", "rows[2].cells[6].v" },
        { 2, 1, cells9, 3, 11, "cell 2 is 3, over 2", "rows[2].cells[2].v" },
        { 5, 5, cells9, 3, 12, "cell 2 names byte 3, which is zero", "rows[2].cells[2].v" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        table_header(t, 3);
        table_row(t, 5, 1, cells9, wides9, 9);
        table_row(t, 5, 1, cells9, wides9, 9);
        table_row(t, cases[c].limit, cases[c].from, cases[c].cells, wides9, 9);
        run_entry(t, table, NULL, 0);
        assert_int_equal(t->s.n, cases[c].n);
        if (cases[c].n == 0) {
            assert_int_equal(t->calls[0], 18);   /* 9 indexes, cells and wides: one frame */
            continue;
        }
        expect(t, 0, cases[c].rule, cases[c].text);
        assert_string_equal(t->s.path[0], cases[c].path);
    }
}

/* Wide is 3 bytes: batched, but no record of it is remembered; its cells
 * are checked against each row's limit all the same. */
static void test_TLV011_wide_cells(void **state)
{
    tcase *t = *state;
    table_header(t, 2);
    table_row(t, 5, 1, cells123, wides444, 3);
    table_row(t, 3, 1, cells123, wides444, 3);
    RUN_TABLE_EXPECT(t, {11, "wide cell 0 is 4, over 3"}, {11, "wide cell 1 is 4, over 3"},
                     {11, "wide cell 2 is 4, over 3"});
    assert_string_equal(t->s.path[2], "rows[1].wides[2].v");
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
    assert_int_equal(tlv_catalog.nrules, 13);   /* TLV000 (internal) and TLV001..TLV012 */
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
        cmocka_unit_test_setup_teardown(test_TLV011_cells_after_limit_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV012_cells_after_view_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV011_TLV012_long_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV011_wide_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV007_per_profile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV000_unproven_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_TLV010_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_sink_counts_only, setup, teardown),
        cmocka_unit_test(test_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
