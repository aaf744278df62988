/* The plan (cli/plan/plan.c) over fleets and verdict rows: FLEET.md's
 * example, a blocked first ring, a blocked middle ring, a sensor without a
 * profile, an empty ring, the release gate per ring, --werror, --through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "plan.h"
#include "fixture.h"

typedef struct world {
    cfv_defs *defs;
    cfv_fleet fleet;
    cfv_plan plan;
    int s711, s716;             /* sensor indices in the shipped definitions */
} world;

static const char *const files[] = {"a.cff", "b.cff"};

static void open_world(world *w, const char *fleet_json, size_t nprev, const long *ring_prev,
                       int werror)
{
    memset(w, 0, sizeof *w);
    w->defs = tf_defs();
    assert_non_null(w->defs);
    w->s711 = cfv_defs_sensor_by_name(w->defs, "7.11", 4);
    w->s716 = cfv_defs_sensor_by_name(w->defs, "7.16", 4);
    cfv_err e;
    if (cfv_fleet_parse(&w->fleet, fleet_json, strlen(fleet_json), "f.json", &e) != 0)
        fail_msg("%s", e.msg);
    static const char *const prevs[] = {"v31.cff", "v32.cff"};
    assert_int_equal(cfv_plan_init(&w->plan, &w->fleet, w->defs, werror, files, 2, prevs, nprev,
                                   ring_prev),
                     0);
}

static void close_world(world *w)
{
    cfv_plan_free(&w->plan);
    cfv_fleet_free(&w->fleet);
    free(w->defs);
}

static cfv_diag diag(unsigned rule, int sensor, int warning)
{
    cfv_diag d;
    memset(&d, 0, sizeof d);
    d.rule = (uint16_t)rule;
    d.sensor = (int16_t)sensor;
    d.severity = warning ? CFV_SEV_WARNING : CFV_SEV_ERROR;
    static const char *const text[] = { "rule text" };
    d.message = text[0];   /* the plan copies what it keeps */
    return d;
}

/* File f: the given diagnostics, folded as cfv_verdict_validate would. */
static void record(world *w, size_t f, const cfv_diag *d, size_t n)
{
    cfv_verdict_row row;
    cfv_verdict_row_reset(&row, w->plan.mask);
    for (size_t i = 0; i < n; i++)
        cfv_verdict_row_add(&row, &d[i]);
    cfv_plan_record(&w->plan, f, &row);
}

static const char acme[] =
    "{\"fleet\":\"acme-prod\",\"rings\":[\"canary\",\"early\",\"general\"],\"sensors\":["
    "{\"sensor\":\"7.16\",\"ring\":\"canary\",\"hosts\":12000},"
    "{\"sensor\":\"7.16\",\"ring\":\"early\",\"hosts\":900000},"
    "{\"sensor\":\"7.11\",\"ring\":\"general\",\"hosts\":5100000},"
    "{\"sensor\":\"7.16\",\"ring\":\"general\",\"hosts\":2500000}]}";

/* FLEET.md's example: the 19 July file is unsafe for 7.11 only. */
static void contract_example(void **state)
{
    (void)state;
    world w;
    open_world(&w, acme, 0, NULL, 0);
    assert_int_equal(w.plan.mask, (1u << w.s711) | (1u << w.s716));
    cfv_diag july19[] = {diag(60, w.s711, 0), diag(61, w.s711, 0), diag(61, w.s711, 0)};
    record(&w, 0, july19, 3);
    record(&w, 1, NULL, 0);
    cfv_plan_compute(&w.plan);
    assert_int_equal(w.plan.deployable_through, 1);             /* early */
    assert_int_equal(w.plan.blast_radius, 5100000);
    assert_true(w.plan.rings[0].clear);
    assert_int_equal(w.plan.rings[0].hosts, 12000);
    assert_int_equal(w.plan.rings[1].hosts, 900000);
    assert_false(w.plan.rings[2].clear);
    assert_int_equal(w.plan.rings[2].hosts, 7600000);
    assert_int_equal(w.plan.rings[2].unsafe_hosts, 5100000);
    assert_int_equal(w.plan.rings[2].first_unsafe, 2);
    assert_int_equal(w.plan.entry_unsafe[2], 1);
    assert_int_equal(w.plan.entry_unsafe[3], 0);
    uint16_t rules[2 * CFV_PLAN_RULES];
    size_t n;
    assert_true(cfv_plan_file_unsafe(&w.plan, 2, 0, rules, &n));
    assert_int_equal(n, 2);
    assert_int_equal(rules[0], 60);
    assert_int_equal(rules[1], 61);
    assert_false(cfv_plan_file_unsafe(&w.plan, 2, 1, rules, &n));
    assert_false(cfv_plan_file_unsafe(&w.plan, 3, 0, rules, &n));
    const cfv_plan_reason *why = cfv_plan_entry_reason(&w.plan, 2);
    assert_int_equal(why->file, 0);
    assert_int_equal(why->rule, 60);
    assert_int_equal(cfv_plan_exit_status(&w.plan, -1), 1);
    assert_int_equal(cfv_plan_exit_status(&w.plan, 1), 0);      /* --through early */
    assert_int_equal(cfv_plan_exit_status(&w.plan, 2), 1);      /* --through general */
    close_world(&w);
}

/* Every ring clear: deployable through the last, exit 0, nothing at risk. */
static void all_clear(void **state)
{
    (void)state;
    world w;
    open_world(&w, acme, 0, NULL, 0);
    cfv_diag warn[] = {diag(62, w.s711, 1), diag(8, -1, 1)};    /* warnings do not block */
    record(&w, 0, warn, 2);
    record(&w, 1, NULL, 0);
    cfv_plan_compute(&w.plan);
    assert_int_equal(w.plan.deployable_through, 2);
    assert_int_equal(w.plan.blast_radius, 0);
    assert_int_equal(cfv_plan_exit_status(&w.plan, -1), 0);
    close_world(&w);
}

/* --werror: the same warnings block every ring holding the sensor. */
static void werror_blocks_on_warnings(void **state)
{
    (void)state;
    world w;
    open_world(&w, acme, 0, NULL, 1);
    cfv_diag warn[] = {diag(62, w.s711, 1)};
    record(&w, 0, warn, 1);
    record(&w, 1, NULL, 0);
    cfv_plan_compute(&w.plan);
    assert_int_equal(w.plan.deployable_through, 1);
    assert_int_equal(w.plan.blast_radius, 5100000);
    uint16_t rules[2 * CFV_PLAN_RULES];
    size_t n;
    assert_true(cfv_plan_file_unsafe(&w.plan, 2, 0, rules, &n));
    assert_int_equal(n, 1);
    assert_int_equal(rules[0], 62);
    close_world(&w);
}

/* A sensor-independent error blocks the first ring: deployable through none,
 * and every host is in the blast radius. */
static void first_ring_blocked(void **state)
{
    (void)state;
    world w;
    open_world(&w, acme, 0, NULL, 0);
    cfv_diag crc[] = {diag(10, -1, 0)};
    record(&w, 0, NULL, 0);
    record(&w, 1, crc, 1);
    cfv_plan_compute(&w.plan);
    assert_int_equal(w.plan.deployable_through, -1);
    assert_int_equal(w.plan.blast_radius, w.fleet.total_hosts);
    for (size_t r = 0; r < 3; r++)
        assert_false(w.plan.rings[r].clear);
    assert_int_equal(cfv_plan_exit_status(&w.plan, 0), 1);
    close_world(&w);
}

/* Rollout stops before a blocked middle ring even though a later one is
 * clear; an empty ring is clear; a sensor with no profile blocks its ring
 * (fail closed) and its hosts count as unsafe. */
static void middle_ring_unknown_sensor_and_empty_ring(void **state)
{
    (void)state;
    static const char fleet[] =
        "{\"fleet\":\"f\",\"rings\":[\"canary\",\"lab\",\"early\",\"general\"],\"sensors\":["
        "{\"sensor\":\"7.16\",\"ring\":\"canary\",\"hosts\":10},"
        "{\"sensor\":\"9.9\",\"ring\":\"early\",\"hosts\":30},"
        "{\"sensor\":\"7.16\",\"ring\":\"early\",\"hosts\":20},"
        "{\"sensor\":\"7.16\",\"ring\":\"general\",\"hosts\":40}]}";
    world w;
    open_world(&w, fleet, 0, NULL, 0);
    assert_int_equal(w.plan.mask, 1u << w.s716);               /* 9.9 is not validated for */
    assert_int_equal(w.plan.profile[1], -1);
    record(&w, 0, NULL, 0);
    record(&w, 1, NULL, 0);
    cfv_plan_compute(&w.plan);
    assert_true(w.plan.rings[0].clear);
    assert_true(w.plan.rings[1].clear);                         /* no entries */
    assert_int_equal(w.plan.rings[1].hosts, 0);
    assert_false(w.plan.rings[2].clear);
    assert_int_equal(w.plan.rings[2].unsafe_hosts, 30);
    assert_int_equal(w.plan.rings[2].hosts, 50);
    assert_true(w.plan.rings[3].clear);
    assert_int_equal(w.plan.deployable_through, 1);             /* lab */
    assert_int_equal(w.plan.blast_radius, 30);
    assert_null(cfv_plan_entry_reason(&w.plan, 1));
    uint16_t rules[2 * CFV_PLAN_RULES];
    size_t n;
    assert_false(cfv_plan_file_unsafe(&w.plan, 1, 0, rules, &n)); /* no file to blame */
    assert_int_equal(cfv_plan_exit_status(&w.plan, 1), 0);
    assert_int_equal(cfv_plan_exit_status(&w.plan, 2), 1);
    close_world(&w);
}

/* --against per ring: canary runs v32 (this release is no step up: CFV081),
 * the others v31 (fine): only canary is blocked by the gate, for all its
 * sensors; the changes are summed per previous release. */
static void release_gate_per_ring(void **state)
{
    (void)state;
    static const long ring_prev[] = {1, 0, 0};
    world w;
    open_world(&w, acme, 2, ring_prev, 0);
    record(&w, 0, NULL, 0);
    record(&w, 1, NULL, 0);
    for (size_t f = 0; f < 2; f++) {
        cfv_verdict_row row;
        cfv_plan_changes ch = {2, 1, 0, 3, 0};
        cfv_verdict_row_reset(&row, 1);
        cfv_plan_record_gate(&w.plan, f, 0, &row, &ch);
        cfv_verdict_row_reset(&row, 1);
        cfv_diag d = diag(81, -1, 0);
        if (f == 1)
            cfv_verdict_row_add(&row, &d);
        cfv_plan_record_gate(&w.plan, f, 1, &row, &ch);
    }
    cfv_plan_compute(&w.plan);
    assert_false(w.plan.rings[0].clear);
    assert_true(w.plan.rings[1].clear);
    assert_true(w.plan.rings[2].clear);
    assert_int_equal(w.plan.deployable_through, -1);
    assert_int_equal(w.plan.blast_radius, 12000);
    assert_int_equal(w.plan.changes[0].added, 4);
    assert_int_equal(w.plan.changes[0].unchanged, 6);
    const cfv_plan_reason *why = cfv_plan_entry_reason(&w.plan, 0);
    assert_int_equal(why->rule, 81);
    assert_int_equal(why->file, 1);
    uint16_t rules[2 * CFV_PLAN_RULES];
    size_t n;
    assert_false(cfv_plan_file_unsafe(&w.plan, 0, 0, rules, &n));
    assert_true(cfv_plan_file_unsafe(&w.plan, 0, 1, rules, &n));
    assert_int_equal(rules[0], 81);
    close_world(&w);
}

int main(void)
{
    return TF_RUN(NULL, NULL, contract_example, all_clear, werror_blocks_on_warnings,
                  first_ring_blocked, middle_ring_unknown_sensor_and_empty_ring,
                  release_gate_per_ring);
}
