/* The fast tier's record memo (validator/core/rt_seen.c, cfv_rt.h): nothing
 * is looked up before CFV_RT_SEEN_WAIT records were checked in full, a
 * record is known only at the index and in the frame fill it was seen clean
 * in, either of its two slots holds it, and the memo turns itself off for
 * the run when its misses outweigh its hits (or the frame count wraps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cfv_rt.h"

/* A context whose memo is lent and turned on (CFV_RT_SEEN_WAIT records
 * counted), and a frame's tag. */
static uint64_t lend_and_start(cfv_gctx *g, cfv_rt_seen *t)
{
    memset(g, 0, sizeof *g);
    memset(t, 0xA5, sizeof *t);   /* what the entry's stack held: cleared before any look-up */
    g->len = CFV_RT_SEEN_MIN_LEN;
    cfv_rt_seen_lend(g, t);
    const uint64_t tag = cfv_rt_seen_frame(g);
    for (unsigned i = 0; i < CFV_RT_SEEN_WAIT; i++) {
        assert_int_equal(g->seen_credit, 0);
        assert_int_equal(cfv_rt_seen_check(g, tag, 0, 0xA5A5A5A5A5A5A5A5u), 0);
    }
    assert_int_equal(g->seen_credit, CFV_RT_SEEN_CREDIT);
    return tag;
}

static void nothing_before_the_wait_nor_without_a_table(void **state)
{
    (void)state;
    cfv_gctx g;
    memset(&g, 0, sizeof g);   /* no table lent: counting never turns it on */
    for (unsigned i = 0; i < 2 * CFV_RT_SEEN_WAIT; i++)
        assert_int_equal(cfv_rt_seen_check(&g, UINT64_C(1) << 32, 0, 1), 0);
    cfv_rt_seen_add(&g, UINT64_C(1) << 32, 0, 1);   /* not on: nothing written */
    assert_int_equal(g.seen_credit, 0);
}

static void a_record_is_known_at_its_index_in_its_fill(void **state)
{
    (void)state;
    cfv_gctx g;
    static cfv_rt_seen t;
    const uint64_t tag = lend_and_start(&g, &t);
    const uint64_t r = UINT64_C(0x0000123400000005);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 3, r), 0);   /* a miss: remembered */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 3, r), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 4, r), 0);   /* another index: the same slot, a second bit */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 4, r), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 3, r + 1), 0);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 32, r), 0);  /* past the tag's 32 index bits */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 32, r), 0);
    cfv_rt_seen_add(&g, tag, 40, r);                          /* not remembered */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 40, r), 0);
    const uint64_t refill = cfv_rt_seen_frame(&g);            /* a new fill forgets the old */
    assert_int_equal(cfv_rt_seen_check(&g, refill, 3, r), 0);
    assert_int_equal(cfv_rt_seen_check(&g, refill, 3, r), 1);
}

/* Records sharing a first slot: the second takes its other slot, a third
 * whose other slot is the second's evicts it there; each found in whichever
 * slot holds it, and a refill moves a record to a slot of the new fill. */
static void two_slots_a_record(void **state)
{
    (void)state;
    cfv_gctx g;
    static cfv_rt_seen t;
    const uint64_t tag = lend_and_start(&g, &t);
    const uint64_t first = cfv_rt_seen_at(1, CFV_RT_RE_MUL1);
    uint64_t r0 = 2, r1;
    while (cfv_rt_seen_at(r0, CFV_RT_RE_MUL1) != first || cfv_rt_seen_at(r0, CFV_RT_RE_MUL2) == first)
        r0++;
    const uint64_t second = cfv_rt_seen_at(r0, CFV_RT_RE_MUL2);
    for (r1 = r0 + 1; cfv_rt_seen_at(r1, CFV_RT_RE_MUL1) != first || cfv_rt_seen_at(r1, CFV_RT_RE_MUL2) != second;)
        r1++;
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 1), 0);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, r0), 0);   /* its first slot taken: the second */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 1), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, r0), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 1, r0), 0);   /* in its second slot, not at index 1 */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 1, r0), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, r1), 0);   /* both of its slots live: the second's evicted */
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, r1), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 1), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, r0), 0);   /* evicted, and back in the second slot */
    const uint64_t refill = cfv_rt_seen_frame(&g);
    assert_int_equal(cfv_rt_seen_check(&g, refill, 0, r0), 0);   /* in the older fill's second slot: now the first */
    assert_int_equal(cfv_rt_seen_check(&g, refill, 0, r0), 1);
    assert_int_equal(cfv_rt_seen_check(&g, refill, 0, 1), 0);
}

/* Misses cost a credit each, hits earn two (up to the start's); at none
 * left the memo is off: no look-up finds anything, none is counted. */
static void misses_turn_it_off(void **state)
{
    (void)state;
    cfv_gctx g;
    static cfv_rt_seen t;
    const uint64_t tag = lend_and_start(&g, &t);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 7), 0);
    assert_int_equal(g.seen_credit, CFV_RT_SEEN_CREDIT - 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 7), 1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 7), 1);
    assert_int_equal(g.seen_credit, CFV_RT_SEEN_CREDIT + 1);   /* the cap: no more */
    for (uint64_t r = 100; g.seen_credit > 0; r++)
        assert_int_equal(cfv_rt_seen_check(&g, tag, 0, r), 0);
    assert_int_equal(g.seen_credit, -1);
    assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 7), 0);
    assert_int_equal(g.seen_credit, -1);
}

/* An input under CFV_RT_SEEN_MIN_LEN bytes: off from the start, nothing
 * counted, the table never touched. */
static void a_small_input_never_uses_it(void **state)
{
    (void)state;
    cfv_gctx g;
    static cfv_rt_seen t;
    memset(&g, 0, sizeof g);
    g.len = CFV_RT_SEEN_MIN_LEN - 1;
    cfv_rt_seen_lend(&g, &t);
    const uint64_t tag = cfv_rt_seen_frame(&g);
    for (unsigned i = 0; i < 2 * CFV_RT_SEEN_WAIT; i++)
        assert_int_equal(cfv_rt_seen_check(&g, tag, 0, 5), 0);
    assert_int_equal(g.seen_credit, -1);
    assert_int_equal(g.seen_wait, 0);
}

/* The frame count wraps: the memo is off for the rest of the run. */
static void a_wrapped_generation_turns_it_off(void **state)
{
    (void)state;
    cfv_gctx g;
    static cfv_rt_seen t;
    (void)lend_and_start(&g, &t);
    g.seen_gen = UINT32_MAX;
    assert_int_equal(cfv_rt_seen_frame(&g), 0);
    assert_int_equal(g.seen_credit, -1);
}

static const struct CMUnitTest seen_tests[] = {
    cmocka_unit_test(nothing_before_the_wait_nor_without_a_table),
    cmocka_unit_test(a_record_is_known_at_its_index_in_its_fill),
    cmocka_unit_test(two_slots_a_record),
    cmocka_unit_test(misses_turn_it_off),
    cmocka_unit_test(a_small_input_never_uses_it),
    cmocka_unit_test(a_wrapped_generation_turns_it_off),
};

int main(void) { return cmocka_run_group_tests(seen_tests, NULL, NULL); }
