/* The grammar's entry Release (CFV080..CFV082): a file against a summary of
 * the previous release (cfv/previous.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/le.h"
#include "cff_build.h"
#include "cff_layout.h"
#include "cfv/cfv.h"
#include "fixture.h"

typedef struct got {
    int n;
    uint16_t rule[4];
    char field[4][CFV_FIELD_MAX];
    char message[4][200];
} got;

static void take(void *user, const cfv_diag *d)
{
    got *g = user;
    assert_true(g->n < 4);
    g->rule[g->n] = d->rule;
    strcpy(g->field[g->n], d->field);
    strncpy(g->message[g->n++], d->message, sizeof g->message[0] - 1);
}

static void put32(uint8_t *b, unsigned off, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[off + i] = (uint8_t)(v >> (8 * i));
}

static got run_with(const cfv_defs *defs, const uint8_t *b, size_t len, const cfv_previous *p,
                    uint32_t cap)
{
    got g;
    memset(&g, 0, sizeof g);
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.defs = defs;
    o.emit = take;
    o.emit_user = &g;
    o.max_diagnostics = cap;
    o.previous = p;
    cfv_result r = cfv_validate_release(b, len, &o);
    assert_int_equal(r.errors + r.warnings, (uint32_t)g.n);
    return g;
}

static cfv_previous header_only(uint32_t channel, uint32_t version)
{
    static const char name[] = "prev \"1\".sys";
    cfv_previous p;
    memset(&p, 0, sizeof p);
    p.channel_id = channel;
    p.content_version = version;
    p.name = name;
    p.name_len = sizeof name - 1;
    return p;
}

static got run(const uint8_t *b, size_t len, uint32_t channel, uint32_t version, uint32_t cap)
{
    const cfv_previous p = header_only(channel, version);
    return run_with(NULL, b, len, &p, cap);
}

static void test_release_header_rules(void **state)
{
    (void)state;
    uint8_t b[CFF_HEADER_SIZE] = { 0 };
    put32(b, CFF_HEADER_CHANNEL_ID_OFF, 291);
    put32(b, CFF_HEADER_CONTENT_VERSION_OFF, 32);
    got g = run(b, sizeof b, 291, 31, 0);          /* same channel, newer: clean */
    assert_int_equal(g.n, 0);
    g = run(b, sizeof b, 261, 32, 0);               /* both rules */
    assert_int_equal(g.n, 2);
    assert_int_equal(g.rule[0], 80);
    assert_string_equal(g.field[0], "header.channel_id");
    assert_string_equal(g.message[0],
                        "channel 291 differs from channel 261 of the previous release prev \\\"1\\\".sys");
    assert_int_equal(g.rule[1], 81);
    assert_string_equal(g.message[1], "content_version 32 is not above 32 of the previous release "
                                      "prev \\\"1\\\".sys");
    g = run(b, sizeof b, 261, 32, 1);               /* the cap */
    assert_int_equal(g.n, 1);
    g = run(b, 15, 261, 32, 0);                     /* no whole header prefix: nothing to compare */
    assert_int_equal(g.n, 0);
    g = run(NULL, 0, 261, 32, 0);
    assert_int_equal(g.n, 0);
}

static void count_event(void *user, const cfv_event *e)
{
    assert_int_equal(e->rule, 80);
    ++*(int *)user;
}

/* A sink takes the events as they are; with neither sink nor emit the
 * result still counts them. */
static void test_release_sink_and_counts_only(void **state)
{
    (void)state;
    uint8_t b[CFF_HEADER_SIZE] = { 0 };
    put32(b, CFF_HEADER_CHANNEL_ID_OFF, 291);
    put32(b, CFF_HEADER_CONTENT_VERSION_OFF, 32);
    const cfv_previous p = header_only(261, 31);
    int n = 0;
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.sink = count_event;
    o.sink_user = &n;
    o.previous = &p;
    assert_int_equal(cfv_validate_release(b, sizeof b, &o).errors, 1);
    assert_int_equal(n, 1);
    memset(&o, 0, sizeof o);
    o.previous = &p;
    assert_int_equal(cfv_validate_release(b, sizeof b, &o).errors, 1);
}

/* CFV082 over cff_incident(): instance 1 of NamedPipe (id 4), EQUALS on
 * field 20 (remote_host), every other criterion ANY. */
typedef struct prev_fixture {
    cfv_previous p;
    cfv_prev_instance inst;
    uint8_t ops[21];
    cfv_prev_type type;
} prev_fixture;

/* The previous release: instance `id` of type `type` with ops (n of them),
 * and type `type` whose instances read field 20 when `reads20`. */
static void previous(prev_fixture *f, uint32_t id, uint16_t type, uint32_t nops, uint8_t op20,
                     int reads20)
{
    memset(f, 0, sizeof *f);
    f->p = header_only(291, 0);
    f->inst = (cfv_prev_instance){id, type, 0, nops};
    f->ops[20] = op20;
    f->type.template_type = type;
    f->type.instances = 1;
    if (reads20)
        f->type.reads[20 / 8] = 1u << (20 % 8);
    f->p.instances = &f->inst;
    f->p.ninstances = 1;
    f->p.ops = f->ops;
    f->p.nops = nops;
    f->p.types = &f->type;
    f->p.ntypes = 1;
}

static got run_incident(const cfv_defs *defs, const prev_fixture *f)
{
    uint8_t b[CFF_MAX_BYTES];
    const cff_spec s = cff_incident();
    size_t len = cff_build(b, &s);
    got g = run_with(defs, b, len, &f->p, 0);
    for (int i = 0; i < g.n; i++) {
        assert_int_equal(g.rule[i], 82);
        assert_string_equal(g.field[i], "instances[0].criteria[20].op");
    }
    return g;
}

static void test_cfv082_kept_instance(void **state)
{
    const cfv_defs *defs = *state;
    prev_fixture f;
    previous(&f, 1, 4, 21, CFF_OP_ANY, 0);          /* ANY -> EQUALS */
    got g = run_incident(defs, &f);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.message[0], "instance 1 field 20 (remote_host): ANY in the previous release, "
                                      "EQUALS now: a sensor that supplies fewer inputs would read past them");
    previous(&f, 1, 4, 21, CFF_OP_CONTAINS, 1);     /* read before: no widening */
    assert_int_equal(run_incident(defs, &f).n, 0);
    previous(&f, 1, 5, 21, CFF_OP_ANY, 0);          /* another type: not the same instance */
    assert_int_equal(run_incident(defs, &f).n, 0);
    previous(&f, 1, 4, 20, CFF_OP_ANY, 0);          /* no criterion 20 before */
    assert_int_equal(run_incident(defs, &f).n, 0);
}

static void test_cfv082_new_instance(void **state)
{
    const cfv_defs *defs = *state;
    prev_fixture f;
    previous(&f, 7, 4, 21, CFF_OP_ANY, 0);          /* no instance 1; NamedPipe never read field 20 */
    got g = run_incident(defs, &f);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.message[0], "instance 1 field 20 (remote_host): new, matched with EQUALS; "
                                      "every instance of the previous release left it ANY (first read "
                                      "of the field, as on 19 July 2024)");
    previous(&f, 7, 4, 21, CFF_OP_EQUALS, 1);       /* some instance read it */
    assert_int_equal(run_incident(defs, &f).n, 0);
    previous(&f, 7, 5, 21, CFF_OP_ANY, 0);          /* no NamedPipe instance at all: says nothing */
    assert_int_equal(run_incident(defs, &f).n, 0);
}

/* The table entry of the INSTANCES section in b. */
static uint8_t *instances_entry(uint8_t *b)
{
    for (unsigned i = 0; i < 2; i++) {
        uint8_t *e = b + CFF_HEADER_SIZE + CFF_SECTION_SIZE * i;
        if (e[CFF_SECTION_KIND_OFF] == CFF_SECTION_KIND_INSTANCES)
            return e;
    }
    fail_msg("no INSTANCES entry");
    return NULL;
}

/* Rules of one broken current file: CFV080 always (another channel, so
 * that the diagnostic tier runs), and how many CFV082. */
static int widenings(const cfv_defs *defs, const uint8_t *b, size_t len)
{
    prev_fixture f;
    previous(&f, 1, 4, 21, CFF_OP_ANY, 0);   /* the intact file: one CFV082 */
    f.p.channel_id = 7;
    got g = run_with(defs, b, len, &f.p, 0);
    assert_true(g.n >= 1);
    assert_int_equal(g.rule[0], 80);
    return g.n - 1;
}

/* Release reads the file as ChannelFile does and stops silently where the
 * file is too broken to locate a thing (ChannelFile reports why). */
static void test_cfv082_needs_located_instances(void **state)
{
    const cfv_defs *defs = *state;
    uint8_t b[CFF_MAX_BYTES + 8];
    const cff_spec s = cff_incident();
    const size_t len = cff_build(b, &s);
    assert_int_equal(widenings(defs, b, len), 1);
    uint8_t c[sizeof b];
    memcpy(c, b, len);
    put32(c, CFF_HEADER_SECTION_COUNT_OFF, 9);               /* CFV012 */
    assert_int_equal(widenings(defs, c, len), 0);
    put32(c, CFF_HEADER_SECTION_COUNT_OFF, 1);
    assert_int_equal(widenings(defs, c, len), 0);
    assert_int_equal(widenings(defs, b, CFF_HEADER_SIZE + CFF_SECTION_SIZE), 0);   /* table cut */
    assert_int_equal(widenings(defs, b, CFF_HEADER_SIZE), 0);
    memcpy(c, b, len);
    instances_entry(c)[CFF_SECTION_KIND_OFF] = 3;             /* no INSTANCES section: CFV022 */
    assert_int_equal(widenings(defs, c, len), 0);
    assert_int_equal(widenings(defs, b, len - 8), 0);         /* its last criterion cut: CFV040 */
    /* 8 bytes past the last record (CFV041): the record itself still counts. */
    memcpy(c, b, len);
    memset(c + len, 0, 8);
    uint8_t *e = instances_entry(c);
    put32(e, CFF_SECTION_SIZE_OFF, cfv_le32(e + CFF_SECTION_SIZE_OFF) + 8);
    assert_int_equal(widenings(defs, c, len + 8), 1);
}

/* The fast tier calls a file clean exactly when the diagnostic tier
 * reports nothing: the incident file and 3000 mutations of it (bytes
 * changed, truncated, fixed seed) against previous releases that keep,
 * widen or lack its instance. */
static void test_release_tiers_agree(void **state)
{
    const cfv_defs *defs = *state;
    uint8_t b[CFF_MAX_BYTES], c[CFF_MAX_BYTES];
    const cff_spec s = cff_incident();
    const size_t len = cff_build(b, &s);
    prev_fixture f[4];
    previous(&f[0], 1, 4, 21, CFF_OP_ANY, 0);       /* widened */
    previous(&f[1], 1, 4, 21, CFF_OP_EQUALS, 1);    /* unchanged */
    previous(&f[2], 7, 4, 21, CFF_OP_ANY, 0);       /* new, first read */
    previous(&f[3], 7, 4, 21, CFF_OP_ANY, 1);
    f[3].p.channel_id = 261;
    uint64_t rng = 0x9E3779B97F4A7C15u;
    size_t dirty = 0;
    for (int i = 0; i < 3000; i++) {
        memcpy(c, b, len);
        size_t n = len;
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        for (int k = 0; k < 1 + (int)(rng >> 60 & 3); k++) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            /* half the changes in the header and table, where the walk is decided */
            const size_t at = (size_t)(rng >> 33) % (rng >> 32 & 1 ? 128 : len);
            c[at] = (uint8_t)(rng >> 24);
        }
        if (rng >> 20 & 1)
            n = (size_t)(rng >> 8) % (len + 1);
        cfv_options o;
        memset(&o, 0, sizeof o);
        o.defs = defs;
        o.previous = &f[i & 3].p;
        const int clean = cfv_validate_release_clean(c, n, &o);
        const cfv_result r = cfv_validate_release_diagnose(c, n, &o);
        if (clean != (r.errors + r.warnings == 0))
            fail_msg("mutation %d: fast tier says %s, diagnostic tier %u errors %u warnings", i,
                     clean ? "clean" : "dirty", r.errors, r.warnings);
        const cfv_result t = cfv_validate_release_events(c, n, &o);
        assert_int_equal(t.errors, r.errors);
        assert_int_equal(t.warnings, r.warnings);
        dirty += !clean;
    }
    assert_true(dirty > 300 && dirty < 2700);   /* both verdicts well exercised */
}

/* The diagnostic cap stops the walk at the next element once a report
 * found it reached: inside an instance's criteria, between instances, and
 * before the section table. Two new NamedPipe instances (ids 1 and 2; the
 * previous release has one, id 7, reading nothing) match fields 18, 19, 20
 * and 20: four CFV082. */
static cfv_result two_instances(const cfv_defs *defs, const cfv_previous *p, uint32_t second_id, int ops,
                                uint32_t cap, got *g)
{
    cfv_writer *w = cfv_writer_new(291, 1, CFF_CREATED);
    assert_non_null(w);
    assert_int_equal(cfv_writer_add_instance(w, 1, 4, 21, CFF_INSTANCE_FLAG_ENABLED, "one"), 0);
    assert_int_equal(cfv_writer_add_instance(w, second_id, 4, 21, CFF_INSTANCE_FLAG_ENABLED, "two"), 1);
    if (ops == 2) {   /* the second instance alone: one criterion */
        assert_int_equal(cfv_writer_set_str(w, 1, 5, CFF_OP_EQUALS, 0, "c"), CFV_WRITER_OK);
    } else if (ops) {
        assert_int_equal(cfv_writer_set_str(w, 0, 18, CFF_OP_EQUALS, 0, "x"), CFV_WRITER_OK);
        assert_int_equal(cfv_writer_set_str(w, 0, 19, CFF_OP_EQUALS, 0, "a"), CFV_WRITER_OK);
        assert_int_equal(cfv_writer_set_str(w, 0, 20, CFF_OP_EQUALS, 0, "b"), CFV_WRITER_OK);
        assert_int_equal(cfv_writer_set_str(w, 1, 20, CFF_OP_EQUALS, 0, "c"), CFV_WRITER_OK);
    }
    size_t len;
    uint8_t *b = tf_encode(w, &len);
    memset(g, 0, sizeof *g);
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.defs = defs;
    o.emit = take;
    o.emit_user = g;
    o.max_diagnostics = cap;
    o.previous = p;
    const cfv_result r = cfv_validate_release(b, len, &o);
    free(b);
    assert_int_equal(r.errors + r.warnings, (uint32_t)g->n);
    return r;
}

static void test_release_cap_stops_the_walk(void **state)
{
    const cfv_defs *defs = *state;
    prev_fixture f;
    previous(&f, 7, 4, 21, CFF_OP_ANY, 0);
    got g;
    cfv_result r = two_instances(defs, &f.p, 2, 1, 0, &g);   /* no cap: all four */
    assert_int_equal(g.n, 4);
    assert_int_equal(r.truncated, 0);
    assert_string_equal(g.field[3], "instances[1].criteria[20].op");
    r = two_instances(defs, &f.p, 2, 1, 1, &g);              /* field 19 finds it: no field 20 */
    assert_int_equal(g.n, 1);
    assert_string_equal(g.field[0], "instances[0].criteria[18].op");
    assert_int_equal(r.truncated, 1);
    r = two_instances(defs, &f.p, 2, 1, 2, &g);              /* field 20 finds it: no instance 1 */
    assert_int_equal(g.n, 2);
    assert_string_equal(g.field[1], "instances[0].criteria[19].op");
    assert_int_equal(r.truncated, 1);
    f.p.channel_id = 261;                                    /* CFV080, then CFV081 finds it */
    f.p.content_version = 1;
    r = two_instances(defs, &f.p, 2, 1, 1, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rule[0], 80);
    assert_int_equal(r.truncated, 1);
}

/* Release checks no instance order (CFV042 is the file's own rule): two
 * instances of one id and type share the criteria's computed values, in
 * the fast tier (a clean pair) and in the diagnostic one (CFV080 sends it
 * there); all criteria ANY, so no CFV082 either way. */
static void test_release_same_instance_twice(void **state)
{
    const cfv_defs *defs = *state;
    prev_fixture f;
    previous(&f, 1, 4, 21, CFF_OP_ANY, 0);
    got g;
    cfv_result r = two_instances(defs, &f.p, 1, 0, 0, &g);
    assert_int_equal(g.n, 0);
    assert_int_equal(r.errors, 0);
    f.p.channel_id = 261;
    r = two_instances(defs, &f.p, 1, 0, 0, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rule[0], 80);
}

/* The fast tier remembers the last clean criterion per index of a frame
 * (cfv-gen's batched loop); the second instance of one id and type shares
 * the first one's frame, so its criteria are compared with the first's:
 * the one that differs (EQUALS on field 5, ANY in the previous release) is
 * checked, not taken for the remembered ANY, and found. */
static void test_release_same_instance_other_criterion(void **state)
{
    const cfv_defs *defs = *state;
    prev_fixture f;
    previous(&f, 1, 4, 21, CFF_OP_ANY, 0);
    got g;
    const cfv_result r = two_instances(defs, &f.p, 1, 2, 0, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(r.errors + r.warnings, 1);
    assert_int_equal(g.rule[0], 82);
    assert_string_equal(g.field[0], "instances[1].criteria[5].op");
}

/* The fast tier's record memo (cfv_rt_seen) in the Release entry's loop:
 * instances of one id and type share a frame, and their field-20 criterion
 * cycles through 50 strings (each seen again 50 instances later: the memo
 * on, its hits) or never repeats (its misses turn it off); then a criterion
 * on field 19 with a record seen clean on field 20 is still CFV082 there.
 * Both tiers agree throughout. */
static void test_release_record_memo(void **state)
{
    const cfv_defs *defs = *state;
    prev_fixture f;
    previous(&f, 1, 4, 21, CFF_OP_EQUALS, 1);
    for (int variant = 0; variant < 3; variant++) {
        const uint32_t n = variant == 1 ? 4600 : 600;
        cfv_writer *w = cfv_writer_new(291, 1, CFF_CREATED);
        assert_non_null(w);
        char text[16];
        for (uint32_t i = 0; i < n; i++) {
            assert_int_equal(cfv_writer_add_instance(w, 1, 4, 21, CFF_INSTANCE_FLAG_ENABLED, "one"), (int)i);
            snprintf(text, sizeof text, "v%u", variant == 1 ? i : i % 50);
            const size_t field = variant == 2 && i == n - 1 ? 19 : 20;
            assert_int_equal(cfv_writer_set_str(w, i, field, CFF_OP_EQUALS, 0, text), CFV_WRITER_OK);
        }
        size_t len;
        uint8_t *b = tf_encode(w, &len);
        cfv_options o;
        memset(&o, 0, sizeof o);
        o.defs = defs;
        o.previous = &f.p;
        const cfv_result r = cfv_validate_release_diagnose(b, len, &o);
        assert_int_equal(r.errors + r.warnings, variant == 2);
        assert_int_equal(cfv_validate_release_clean(b, len, &o), variant != 2);
        const cfv_result t = cfv_validate_release_events(b, len, &o);
        assert_int_equal(t.errors + t.warnings, variant == 2);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_release_header_rules),
        cmocka_unit_test(test_release_sink_and_counts_only),
        cmocka_unit_test_setup_teardown(test_cfv082_kept_instance, tf_setup_defs, tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_cfv082_new_instance, tf_setup_defs, tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_cfv082_needs_located_instances, tf_setup_defs,
                                        tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_release_tiers_agree, tf_setup_defs, tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_release_cap_stops_the_walk, tf_setup_defs, tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_release_same_instance_twice, tf_setup_defs, tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_release_record_memo, tf_setup_defs, tf_teardown_defs),
        cmocka_unit_test_setup_teardown(test_release_same_instance_other_criterion, tf_setup_defs,
                                        tf_teardown_defs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
