/* The generated seeds hold what fuzz/seeds/seeds_build.c and
 * docs/fuzzing.md claim: between a type's CFV_SEEDS_PER_TYPE seeds, every
 * op its live fields take (the five string ops on a string field, both
 * integer ops on a u32 one), NOCASE, NEGATE, a disabled instance and an
 * unreferenced string; each seed fit to seed with and within max_len. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "cfv/decode.h"
#include "fuzz_common.h"
#include "seeds.h"

typedef struct seen {
    unsigned ops;               /* bit op for each op met */
    int nocase, negate, disabled, unreferenced;
} seen;

static void decode_seed(const cfv_defs *d, int t, int k, seen *s)
{
    cfv_wfile f;
    assert_int_equal(cfv_seed_build(d, t, k, &f), CFV_WRITER_OK);
    assert_true(f.len <= CFV_SEEDS_MAX_BYTES);
    char why[200] = "";
    if (cfv_seed_check(d, f.data, f.len, why, sizeof why) != 0)
        fail_msg("seed %d of %s: %s", k, d->types[t].name, why);
    cfv_decoded v;
    cfv_decoded_init(&v);
    assert_int_equal(cfv_decode(&v, f.data, f.len), CFV_DECODE_OK);
    for (size_t i = 0; i < v.ninstances; i++) {
        assert_int_equal(v.instances[i].template_type, d->types[t].id);
        if (!(v.instances[i].flags & CFF_INSTANCE_FLAG_ENABLED))
            s->disabled = 1;
        for (size_t c = 0; c < v.instances[i].ncriteria; c++) {
            const cfv_dec_criterion *cr = cfv_decoded_criterion(&v, i, c);
            s->ops |= 1u << cr->op;
            s->nocase |= (cr->flags & CFF_CRITERION_FLAG_NOCASE) != 0;
            s->negate |= (cr->flags & CFF_CRITERION_FLAG_NEGATE) != 0;
        }
    }
    size_t first_unused = v.nstrings;
    assert_int_equal(cfv_decoded_pool_check(&v, &first_unused), 1);
    if (first_unused < v.nstrings)
        s->unreferenced = 1;
    cfv_decoded_free(&v);
    cfv_wfile_free(&f);
}

static void every_type_gets_every_op_and_flag(void **state)
{
    (void)state;
    const cfv_defs *d = cfv_fz_defs();
    const unsigned str_ops = (1u << CFF_OP_EQUALS) | (1u << CFF_OP_PREFIX) | (1u << CFF_OP_SUFFIX) |
                             (1u << CFF_OP_CONTAINS) | (1u << CFF_OP_REGEX);
    const unsigned int_ops = (1u << CFF_OP_INT_EQ) | (1u << CFF_OP_INT_MASK);
    assert_true(d->ntypes > 0);
    for (int t = 0; t < (int)d->ntypes; t++) {
        seen s = {0, 0, 0, 0, 0};
        for (int k = 0; k < CFV_SEEDS_PER_TYPE; k++)
            decode_seed(d, t, k, &s);
        /* the ops the type's live fields take */
        unsigned want = 0;
        uint32_t live = cfv_seed_fewest_inputs(d, t);
        for (uint32_t f = 0; f < live; f++)
            want |= cfv_defs_field_type(d, t, f) == CFV_FT_U32 ? int_ops : str_ops;
        const char *name = d->types[t].name;
        if ((s.ops & want) != want)
            fail_msg("%s: ops 0x%x, want 0x%x between its seeds", name, s.ops, want);
        if ((want & str_ops) && !s.nocase)
            fail_msg("%s: no NOCASE criterion", name);
        if (live && !s.negate)
            fail_msg("%s: no NEGATE criterion", name);
        if (!s.disabled)
            fail_msg("%s: no disabled instance", name);
        if (!s.unreferenced)
            fail_msg("%s: no unreferenced string", name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_type_gets_every_op_and_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
