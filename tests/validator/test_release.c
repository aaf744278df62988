/* The grammar's entry Release (CFV080, CFV081): a file against the previous
 * release's channel and content version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/cfv.h"
#include "cff_layout.h"
#include "fixture.h"

typedef struct got {
    int n;
    uint16_t rule[4];
    char field[4][CFV_FIELD_MAX];
    char message[4][160];
} got;

static void take(void *user, const cfv_diag *d)
{
    got *g = user;
    assert_true(g->n < 4);
    g->rule[g->n] = d->rule;
    strcpy(g->field[g->n], d->field);
    strncpy(g->message[g->n++], d->message, 159);
}

static void put32(uint8_t *b, unsigned off, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[off + i] = (uint8_t)(v >> (8 * i));
}

static got run(const uint8_t *b, size_t len, uint32_t channel, uint32_t version, uint32_t cap)
{
    got g;
    memset(&g, 0, sizeof g);
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.emit = take;
    o.emit_user = &g;
    o.max_diagnostics = cap;
    cfv_result r = cfv_validate_release(b, len, channel, version, "prev \"1\".sys", &o);
    assert_int_equal(r.errors, (uint32_t)g.n);
    return g;
}

static void test_release_rules(void **state)
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
    int n = 0;
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.sink = count_event;
    o.sink_user = &n;
    assert_int_equal(cfv_validate_release(b, sizeof b, 261, 31, "p", &o).errors, 1);
    assert_int_equal(n, 1);
    memset(&o, 0, sizeof o);
    assert_int_equal(cfv_validate_release(b, sizeof b, 261, 31, "p", &o).errors, 1);
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_release_rules, test_release_sink_and_counts_only);
}
