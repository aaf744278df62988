/* The two tiers agree (docs/performance.md, "The contract"): the fast tier
 * (cfv_validate_clean) says clean exactly when the diagnostic tier
 * (cfv_validate_diagnose) reports nothing for the same bytes and options,
 * and cfv_validate_events, which runs both, counts what the diagnostic tier
 * counts. Over the corpus, writer-built files, and mutations of both (bytes
 * changed with the size and CRC fixed up, so that a mutation reaches past
 * CFV009/CFV010 into the sections and criteria; truncations), under option
 * sets that exercise every tier branch: all sensors, each sensor alone, no
 * sensor and no regex checker, a size limit, a file name and a clock. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cfv/cfv.h"
#include "cfv/writer.h"
#include "fixture.h"
#include "vt.h"

typedef struct tally {
    unsigned clean, dirty;
} tally;

/* A caller that counts every report (want, fixture.h) but builds none:
 * each muted at once (CFV_WANT_MUTE), so that the core counts the repeats
 * and the diagnostic tier's memo of runs counts whole arrays; or, with
 * answer 0, each one offered. Both must count alike. */
static void count_event(void *user, const cfv_event *e)
{
    (void)e;
    (*(uint64_t *)user)++;
}

/* The counts with every report offered equal the counts with each muted:
 * the muted ones handed to muted() and the ones offered add up. */
static void muting_counts_alike(const char *what, const uint8_t *buf, size_t len, const cfv_options *base,
                                int set)
{
    cfv_options o = *base;
    tf_muting all = { 0, 0, 0, 0, 0, 0, 0 }, mute = { CFV_WANT_MUTE, 0, 0, 0, 0, 0, 0 };
    uint64_t built = 0;
    o.sink = count_event;
    o.sink_user = &built;
    o.want = tf_muting_want;
    o.muted = tf_muting_count;
    o.emit_user = &all;
    const cfv_result a = cfv_validate_events(buf, len, &o);
    o.emit_user = &mute;
    const cfv_result m = cfv_validate_events(buf, len, &o);
    if (a.errors != m.errors || a.warnings != m.warnings || a.truncated || m.truncated ||
        all.asked != (uint64_t)a.errors + a.warnings || mute.asked + mute.muted != all.asked || built)
        fail_msg("%s (option set %d): offered %u/%u (%llu asked), muted %u/%u (%llu asked + %llu muted)", what,
                 set, a.errors, a.warnings, (unsigned long long)all.asked, m.errors, m.warnings,
                 (unsigned long long)mute.asked, (unsigned long long)mute.muted);
}

/* A sink folding each event (rule, severity, message, sensor, offset,
 * length, path, field) into one running hash: two runs that emit the same
 * events in the same order end with the same hash. */
static uint64_t fold(uint64_t h, uint64_t v) { return (h ^ v) * UINT64_C(0x100000001b3); }

static uint64_t fold_text(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = fold(h, (unsigned char)*s);
    return fold(h, 0);
}

static void hash_event(void *user, const cfv_event *e)
{
    uint64_t h = *(uint64_t *)user;
    h = fold(fold(fold(h, e->rule), e->severity), e->message);
    h = fold(fold(fold(h, (uint64_t)e->sensor), e->offset), e->length);
    for (const cfv_path *p = e->path; p; p = p->up)
        h = fold(fold_text(h, p->name), (uint64_t)p->index);
    *(uint64_t *)user = fold_text(h, e->field);
}

/* The workspace every run of this test shares (cfv_workspace): each input
 * is also validated in it, after all the inputs before it, and must get
 * the fresh state's verdict, counts and events. */
static cfv_workspace *ws;

/* With the shared workspace: the same as fresh (clean, d, hd and e, he). */
static void workspace_agrees(const char *what, const uint8_t *buf, size_t len, const cfv_options *opt,
                             int set, int clean, cfv_result d, uint64_t hd, cfv_result e, uint64_t he)
{
    cfv_options o = *opt;
    uint64_t hwd = UINT64_C(0xcbf29ce484222325), hwe = hwd;
    o.workspace = ws;
    o.sink = hash_event;
    o.sink_user = &hwd;
    const cfv_result wd = cfv_validate_diagnose(buf, len, &o);
    const int wclean = cfv_validate_clean(buf, len, &o);
    o.sink_user = &hwe;
    const cfv_result we = cfv_validate_events(buf, len, &o);
    if (wclean != clean || hwd != hd || hwe != he || wd.errors != d.errors || wd.warnings != d.warnings ||
        wd.truncated != d.truncated || we.errors != e.errors || we.warnings != e.warnings ||
        we.truncated != e.truncated)
        fail_msg("%s (option set %d): in the workspace, clean %d (fresh %d), diagnose %u/%u/%u (fresh "
                 "%u/%u/%u), events %u/%u/%u (fresh %u/%u/%u)%s", what, set, wclean, clean, wd.errors,
                 wd.warnings, wd.truncated, d.errors, d.warnings, d.truncated, we.errors, we.warnings,
                 we.truncated, e.errors, e.warnings, e.truncated,
                 hwd != hd || hwe != he ? ", other events" : "");
}

/* Both tiers on one input under one option set; a disagreement fails the
 * test naming the input and the options. cfv_validate_events must also
 * emit exactly the diagnostic tier's events: the diagnostic tier may take
 * what the fast tier kept in the frames they share (a clean string table),
 * which the diagnostic tier alone computes itself. */
static void agree_once(const char *what, const uint8_t *buf, size_t len, const cfv_options *opt, int set,
                       tally *t)
{
    cfv_options o_ = *opt;
    const cfv_options *o = &o_;
    uint64_t hd = UINT64_C(0xcbf29ce484222325), he = hd;
    o_.sink = hash_event;
    const int clean = cfv_validate_clean(buf, len, o);
    o_.sink_user = &hd;
    const cfv_result d = cfv_validate_diagnose(buf, len, o);
    o_.sink_user = &he;
    const cfv_result e = cfv_validate_events(buf, len, o);
    if (hd != he)
        fail_msg("%s (option set %d): cfv_validate_events emits other events than the diagnostic tier",
                 what, set);
    if (clean != (d.errors + d.warnings == 0))
        fail_msg("%s (%zu bytes, option set %d): the fast tier says %s, the diagnostic tier reports "
                 "%u errors and %u warnings", what, len, set, clean ? "clean" : "not clean", d.errors,
                 d.warnings);
    if (e.errors != d.errors || e.warnings != d.warnings || e.truncated != d.truncated)
        fail_msg("%s (option set %d): cfv_validate_events counts %u/%u/%u, the diagnostic tier %u/%u/%u",
                 what, set, e.errors, e.warnings, e.truncated, d.errors, d.warnings, d.truncated);
    workspace_agrees(what, buf, len, o, set, clean, d, hd, e, he);
    if (!clean)
        muting_counts_alike(what, buf, len, o, set);
    if (clean)
        t->clean++;
    else
        t->dirty++;
}

/* The option sets: 0 every sensor, the regex checker (its cfv_regex_fn
 * alone), a clock and the file's name; 1.. each sensor alone, the checker
 * with its in-place entry; then no sensor and no checker; then a size limit
 * under the file's size. */
static void agree(const tf_checker *c, const char *what, const char *name, const uint8_t *buf, size_t len,
                  tally *t)
{
    cfv_options o = { 0 };
    o.defs = c->defs;
    o.sensors = ~0u;
    o.regex = cfv_regex_check;
    o.regex_user = c->regex;
    o.now_utc = VT_NOW;
    o.file_name = name;
    o.file_name_len = name ? strlen(name) : 0;
    o.real_size = len;
    agree_once(what, buf, len, &o, 0, t);
    o.regex_nul = cfv_regex_check_nul;
    for (uint32_t s = 0; s < c->defs->nsensors; s++) {
        o.sensors = 1u << s;
        agree_once(what, buf, len, &o, (int)s + 1, t);
    }
    o.sensors = 0;
    o.regex = NULL;
    o.now_utc = 0;
    o.file_name = NULL;
    o.file_name_len = 0;
    agree_once(what, buf, len, &o, 90, t);
    o.max_size = len > 1 ? len - 1 : 1;
    agree_once(what, buf, len, &o, 91, t);
}

/* The size and CRC fields made right again (only when there is a header). */
static void fix(uint8_t *buf, size_t len)
{
    if (len >= 64) {
        cfv_writer_fix_size(buf, len);
        cfv_writer_fix_crc(buf, len);
    }
}

/* A deterministic byte stream (no seed from the clock: a failure repeats). */
static uint32_t next(uint32_t *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 8;
}

/* Mutations of buf: every byte of the header and section table and a
 * sample of the rest, each set to a few values that matter to some rule,
 * with the size and CRC fixed; and truncations, fixed as well. */
static void agree_mutations(const tf_checker *c, const char *what, const uint8_t *buf, size_t len, size_t count,
                            tally *t)
{
    static const uint8_t values[] = { 0x00, 0x01, 0x02, 0x05, 0x07, 0x08, 0x80, 0xFF };
    uint8_t *m = malloc(len ? len : 1);
    assert_non_null(m);
    uint32_t seed = (uint32_t)len;
    char label[600];
    for (size_t k = 0; k < count && len; k++) {
        const size_t at = k < count / 2 ? k % len : next(&seed) % len;
        memcpy(m, buf, len);
        m[at] = values[k % sizeof values];
        fix(m, len);
        snprintf(label, sizeof label, "%s, byte %zu set to %u", what, at, m[at]);
        agree(c, label, NULL, m, len, t);
    }
    for (size_t cut = 0; cut < len; cut += len / 16 + 1) {
        memcpy(m, buf, cut);
        fix(m, cut);
        snprintf(label, sizeof label, "%s, cut to %zu bytes", what, cut);
        agree(c, label, NULL, cut ? m : NULL, cut, t);
    }
    free(m);
}

static void walk(const tf_checker *c, const char *dir, tally *t, unsigned *files)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(c, path, t, files);
            continue;
        }
        const size_t n = strlen(e->d_name);
        if (n < 4 || (strcmp(e->d_name + n - 4, ".cff") && strcmp(e->d_name + n - 4, ".sys")))
            continue;
        size_t len;
        uint8_t *buf = tf_read(path, &len);
        assert_non_null(buf);
        uint8_t *exact = malloc(len ? len : 1);   /* exact size: ASan sees any over-read */
        assert_non_null(exact);
        memcpy(exact, buf, len);
        agree(c, path, e->d_name, exact, len, t);
        if (strstr(path, "/valid/") || strstr(path, "/incident/"))
            agree_mutations(c, path, exact, len, 160, t);
        free(exact);
        free(buf);
        (*files)++;
    }
    closedir(d);
}

static void test_corpus_and_mutations(void **state)
{
    const tf_checker *c = *state;
    tally t = { 0, 0 };
    unsigned files = 0;
    walk(c, CFV_SOURCE_DIR "/corpus", &t, &files);
    assert_true(files > 20);
    /* both answers occur, so agreement is not one tier saying the same thing */
    assert_true(t.clean > 100);
    assert_true(t.dirty > 100);
}

/* The writer's file, the writer freed. */
static cfv_wfile encoded(cfv_writer *w)
{
    cfv_wfile f;
    assert_int_equal(cfv_writer_encode(w, &f), 0);
    cfv_writer_free(w);
    return f;
}

/* Only CFV051 built. */
static int only_51(void *user, unsigned rule, unsigned severity, int sensor)
{
    (void)user, (void)severity, (void)sensor;
    return rule == 51;
}

/* A writer-built file of the type: one instance per op (0..8) and flags
 * (0..4) combination when only_op is ALL_OPS, else that one alone; the criterion
 * on a field that depends on both. */
#define ALL_OPS 0xFF
static cfv_wfile build(uint32_t channel, uint16_t type, uint8_t fields, uint8_t only_op, uint8_t only_flags)
{
    cfv_writer *w = cfv_writer_new(channel, 7, TF_JULY_CREATED);
    assert_non_null(w);
    uint32_t id = 0;
    for (uint8_t op = 0; op <= 8; op++)
        for (uint8_t flags = 0; flags < 5; flags++) {
            if (only_op != ALL_OPS && (op != only_op || flags != only_flags))
                continue;
            int ix = cfv_writer_add_instance(w, ++id, type, fields, CFF_INSTANCE_FLAG_ENABLED, "rule");
            assert_true(ix >= 0);
            const size_t field = (size_t)(op * 3u + flags) % fields;
            if (op >= 1 && op <= 5)
                cfv_writer_set_str(w, (size_t)ix, field, op, flags, op == 5 ? "^a(b|c)+$" : "text");
            else
                cfv_writer_set_int(w, (size_t)ix, field, op, flags, op ? 0x10u : 0u);
        }
    return encoded(w);
}

/* Writer-built files: every op with every flag combination, on string and
 * integer fields, of ProcessStart and of the 21-field NamedPipe type that
 * sensor 7.11 reads past; each alone, then all in one file, mutated. */
static void test_generated(void **state)
{
    const tf_checker *c = *state;
    tally t = { 0, 0 };
    static const struct { uint32_t channel; uint16_t type; uint8_t fields; } types[] = {
        { 261, 1, 12 },   /* ProcessStart */
        { 291, 4, 21 },   /* NamedPipe */
    };
    char what[96];
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
        for (uint8_t op = 0; op <= 8; op++)
            for (uint8_t flags = 0; flags < 5; flags++) {
                cfv_wfile f = build(types[k].channel, types[k].type, types[k].fields, op, flags);
                snprintf(what, sizeof what, "writer-built, type %u, op %u, flags %u", types[k].type, op, flags);
                agree(c, what, NULL, f.data, f.len, &t);
                cfv_wfile_free(&f);
            }
        cfv_wfile f = build(types[k].channel, types[k].type, types[k].fields, ALL_OPS, 0);
        snprintf(what, sizeof what, "writer-built, type %u, every op", types[k].type);
        agree(c, what, NULL, f.data, f.len, &t);
        agree_mutations(c, what, f.data, f.len, 120, &t);
        cfv_wfile_free(&f);
    }
    /* More distinct REGEX operands than a workspace's run logs (64): the
     * next run clears the whole memo, not the slots logged. */
    cfv_writer *wr = cfv_writer_new(261, 7, TF_JULY_CREATED);
    assert_non_null(wr);
    for (uint32_t id = 1; id <= 80; id++) {
        char re[16];
        snprintf(re, sizeof re, "^x%u$", id);
        const int ix = cfv_writer_add_instance(wr, id, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "rule");
        assert_true(ix >= 0);
        cfv_writer_set_str(wr, (size_t)ix, 0, CFF_OP_REGEX, 0, re);
    }
    cfv_wfile fr;
    assert_int_equal(cfv_writer_encode(wr, &fr), 0);
    cfv_writer_free(wr);
    agree(c, "writer-built, 80 distinct patterns", NULL, fr.data, fr.len, &t);
    agree(c, "writer-built, 80 distinct patterns, again", NULL, fr.data, fr.len, &t);
    cfv_wfile_free(&fr);
    /* The diagnostic tier's memo of runs is the frame's: A's criteria,
     * clean under ProcessStart, then B of another type (a frame refill)
     * whose run is not kept (a report want() is asked about), then C of
     * B's type with A's bytes, which breaks CFV051 there: C is walked,
     * never taken for A's run. */
    cfv_writer *w = cfv_writer_new(261, 7, TF_JULY_CREATED);
    assert_non_null(w);
    for (uint32_t id = 1; id <= 3; id++) {
        const int ix = cfv_writer_add_instance(w, id, id == 1 ? 1 : 2, 12, CFF_INSTANCE_FLAG_ENABLED, "rule");
        assert_true(ix >= 0);
        if (id == 2)
            cfv_writer_set_str(w, (size_t)ix, 0, 1, 4, "text");
        else
            cfv_writer_set_int(w, (size_t)ix, 5, 6, 0, 0x10u);
    }
    cfv_wfile f = encoded(w);
    agree(c, "writer-built, a run of one type then of another", NULL, f.data, f.len, &t);
    cfv_options o = { 0 };
    o.defs = c->defs;
    o.sensors = ~0u;
    tf_events ev = { 0 };
    o.want = only_51;
    o.sink = tf_events_count;
    o.sink_user = &ev;
    (void)cfv_validate_events(f.data, f.len, &o);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.last.offset, (uint64_t)cfv_wfile_criterion(&f, 2, 5));
    cfv_wfile_free(&f);
    assert_true(t.clean > 10);
    assert_true(t.dirty > 100);
}

/* The fast tier's record memo (cfv_rt_seen): ProcessStart instances whose
 * string fields 0..4 cycle through 97 strings (no index repeats its last
 * record, each record repeats at its index a hundred instances later), and
 * an integer criterion per instance that never repeats; with `off`, four
 * of those a instance and no strings, so that the memo's misses turn it off
 * for the run. plant: the instance whose field 5 (an integer) gets a string
 * criterion whose bytes are a record seen clean at fields 0..4 (CFV051),
 * or none (-1). */
static cfv_wfile cycling(int off, long plant)
{
    cfv_writer *w = cfv_writer_new(261, 7, TF_JULY_CREATED);
    assert_non_null(w);
    char text[16];
    for (uint32_t i = 0; i < 1200; i++) {
        const int ix = cfv_writer_add_instance(w, i + 1, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "rule");
        assert_true(ix >= 0);
        for (size_t c = 0; c < 5 && !off; c++) {
            snprintf(text, sizeof text, "p%u", (unsigned)((5 * i + c) % 97));
            cfv_writer_set_str(w, (size_t)ix, c, CFF_OP_SUFFIX, 0, text);
        }
        for (size_t c = 5; c < (off ? 9u : 6u); c++)
            cfv_writer_set_int(w, (size_t)ix, c, CFF_OP_INT_EQ, 0, i * 16 + (uint32_t)c);
        if (plant == (long)i)
            cfv_writer_set_str(w, (size_t)ix, off ? 9 : 5, off ? CFF_OP_INT_EQ : CFF_OP_SUFFIX, 0, "p3");
    }
    return encoded(w);
}

/* A record the memo saw clean at other indexes is checked in full at a new
 * one (the memo is on: the file's records repeat), and a broken record
 * after the memo turned off is found: both tiers agree, and the one
 * broken criterion is the only report. */
static void test_record_memo(void **state)
{
    const tf_checker *c = *state;
    tally t = { 0, 0 };
    cfv_options o = { 0 };
    o.defs = c->defs;
    o.sensors = ~0u;
    o.regex = cfv_regex_check;
    o.regex_user = c->regex;
    for (int off = 0; off < 2; off++)
        for (long plant = -1; plant < 1200; plant += 1100) {
            char what[96];
            snprintf(what, sizeof what, "records cycling (memo %s), broken at %ld", off ? "off" : "on", plant);
            cfv_wfile f = cycling(off, plant);
            agree(c, what, NULL, f.data, f.len, &t);
            const cfv_result d = cfv_validate_diagnose(f.data, f.len, &o);
            assert_int_equal(d.errors + d.warnings, plant < 0 ? 0 : 1);
            assert_int_equal(cfv_validate_clean(f.data, f.len, &o), plant < 0);
            cfv_wfile_free(&f);
        }
    assert_true(t.clean >= 2);
    assert_true(t.dirty >= 2);
}

/* A clean file whose every criterion is one of the accepted op and flag
 * combinations: the fast tier runs to the end and says clean. */
static void test_clean_file_is_clean(void **state)
{
    const tf_checker *c = *state;
    cfv_writer *w = cfv_writer_new(261, 7, TF_JULY_CREATED);
    assert_non_null(w);
    int ix = cfv_writer_add_instance(w, 1, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "rule");
    assert_true(ix >= 0);
    cfv_writer_set_str(w, (size_t)ix, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, "\\powershell.exe");
    cfv_writer_set_str(w, (size_t)ix, 2, CFF_OP_REGEX, 0, "^[A-Z]:\\\\Temp[0-9]+");
    cfv_writer_set_int(w, (size_t)ix, 5, CFF_OP_INT_EQ, 0, 0x2000);
    cfv_writer_set_int(w, (size_t)ix, 11, CFF_OP_INT_MASK, CFF_CRITERION_FLAG_NEGATE, 0x10);
    cfv_wfile f = encoded(w);
    cfv_options o = { 0 };
    o.defs = c->defs;
    o.sensors = ~0u;
    o.regex = cfv_regex_check;
    o.regex_user = c->regex;
    assert_int_equal(cfv_validate_clean(f.data, f.len, &o), 1);
    const cfv_result d = cfv_validate_diagnose(f.data, f.len, &o);
    assert_int_equal(d.errors + d.warnings, 0);
    /* the same REGEX twice in one run: the second verdict is the first's */
    assert_int_equal(cfv_validate_clean(f.data, f.len, &o), 1);
    cfv_wfile_free(&f);
}

/* The diagnostic tier's walk of an array stops before its clean tail (the
 * records the fast tier remembered clean at their index): instance 1 is
 * clean, so every criterion of it is remembered; 2 to 4 break CFV050 in
 * their first criterion, the other eleven equal instance 1's. Under a cap
 * the walk still aborts where the element after the cap would have (the
 * first of a skipped tail), so both tiers together count, truncate and
 * emit exactly what the diagnostic tier alone does, for every cap. */
static void test_cap_before_a_clean_tail(void **state)
{
    const tf_checker *c = *state;
    cfv_writer *w = cfv_writer_new(261, 7, TF_JULY_CREATED);
    assert_non_null(w);
    for (uint32_t id = 1; id <= 4; id++) {
        const int ix = cfv_writer_add_instance(w, id, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "rule");
        assert_true(ix >= 0);
        if (id == 1)
            cfv_writer_set_str(w, (size_t)ix, 0, CFF_OP_SUFFIX, 0, "x");
        else
            cfv_writer_set_int(w, (size_t)ix, 0, 9, 0, 0);
    }
    cfv_wfile f = encoded(w);
    tally t = { 0, 0 };
    agree(c, "writer-built, dirty heads before clean tails", NULL, f.data, f.len, &t);
    assert_int_equal(t.clean, 0);
    for (uint32_t cap = 1; cap <= 4; cap++) {
        cfv_options o = { 0 };
        o.defs = c->defs;
        o.sensors = ~0u;
        o.max_diagnostics = cap;
        uint64_t hd = UINT64_C(0xcbf29ce484222325), he = hd;
        o.sink = hash_event;
        o.sink_user = &hd;
        const cfv_result d = cfv_validate_diagnose(f.data, f.len, &o);
        o.sink_user = &he;
        const cfv_result e = cfv_validate_events(f.data, f.len, &o);
        assert_int_equal(e.errors, d.errors);
        assert_int_equal(e.truncated, d.truncated);
        assert_true(hd == he);
        assert_int_equal(d.errors, cap < 3 ? cap : 3);
        assert_int_equal(d.truncated, cap < 3);
    }
    cfv_wfile_free(&f);
}

static const struct CMUnitTest tier_tests[] = {
    cmocka_unit_test(test_clean_file_is_clean),
    cmocka_unit_test(test_cap_before_a_clean_tail),
    cmocka_unit_test(test_generated),
    cmocka_unit_test(test_record_memo),
    cmocka_unit_test(test_corpus_and_mutations),
};

int main(void)
{
    /* misaligned, or too small: no workspace */
    static max_align_t small[4];
    unsigned char *big = malloc(cfv_workspace_size() + 1);
    if (!big || cfv_workspace_init(small, sizeof small) ||
        cfv_workspace_init(big + 1, cfv_workspace_size()) || cfv_workspace_init(NULL, cfv_workspace_size()))
        return 1;
    free(big);
    void *mem = malloc(cfv_workspace_size());
    if (!mem || (ws = cfv_workspace_init(mem, cfv_workspace_size())) == NULL || (void *)ws != mem)
        return 1;
    const int rc = cmocka_run_group_tests(tier_tests, tf_setup_checker, tf_teardown_checker);
    free(mem);
    return rc;
}
