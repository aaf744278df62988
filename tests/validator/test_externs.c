/* The externs grammar/cff.grammar declares, implemented by hand in
 * validator/core/cff_externs.c: each is total (any argument has a result,
 * nothing is read out of bounds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cff_validate.h"
#include "cfv/crc32c.h"
#include "vt.h"
#include "fixture.h"

#define NONE UINT64_C(0xFFFFFFFF)

static int setup(void **state)
{
    cfv_options *o = calloc(1, sizeof *o);
    assert_non_null(o);
    o->defs = tf_defs();
    assert_non_null(o->defs);
    *state = o;
    return 0;
}

static int teardown(void **state)
{
    cfv_options *o = *state;
    free((void *)o->defs);
    free(o);
    return 0;
}

static cfv_bytes bytes(const char *s)
{
    return cfv_rt_span((const uint8_t *)s, strlen(s));
}

static void test_definitions_out_of_range(void **state)
{
    const cfv_options *o = *state;
    assert_int_equal(cff_x_channel_type(o, UINT64_C(1) << 40), NONE);
    assert_int_equal(cff_x_type_by_id(o, UINT64_C(1) << 40), NONE);
    assert_int_equal(cff_x_type_fields(o, NONE), 0);
    assert_int_equal(cff_x_field_type(o, NONE, 0), 0);
    assert_int_equal(cff_x_type_name(o, NONE).n, 0);
    assert_int_equal(cff_x_field_name(o, 0, 9999).n, 0);
    assert_int_equal(cff_x_supported(o, 9999, 0), 0);
    assert_int_equal(cff_x_supported(o, 0, NONE), 0);
    assert_int_equal(cff_x_supplied(o, 9999, 0), 0);
    /* a sensor index within the table but past the definitions' sensors */
    assert_true(o->defs->nsensors < CFV_MAX_SENSORS);
    assert_int_equal(cff_x_supported(o, CFV_MAX_SENSORS - 1, 0), 0);
    assert_int_equal(cff_x_supplied(o, CFV_MAX_SENSORS - 1, 0), 0);
    /* and in range */
    const uint64_t t = cff_x_type_by_id(o, 1);
    assert_true(t != NONE);
    assert_true(cff_x_type_fields(o, t) > 0);
    assert_true(cff_x_type_name(o, t).n > 0);
    assert_true(cff_x_field_name(o, t, 0).n > 0);
}

/* A cfv_defs not filled by the parser: counts past the tables, a type whose
 * fields run past the pool. Every extern stays within the tables. */
static void test_hand_built_definitions_are_clamped(void **state)
{
    const cfv_options *o = *state;
    cfv_defs *d = malloc(sizeof *d);
    assert_non_null(d);
    *d = *o->defs;
    cfv_options h = *o;
    h.defs = d;
    const uint64_t in_table = d->ntypes; /* below CFV_MAX_TYPES, past the types */
    assert_true(in_table < CFV_MAX_TYPES);
    assert_int_equal(cff_x_type_fields(&h, in_table), 0);
    assert_int_equal(cff_x_field_type(&h, in_table, 0), 0);
    assert_int_equal(cff_x_field_name(&h, in_table, 0).n, 0);
    assert_int_equal(cff_x_field_name(&h, NONE, 0).n, 0);
    assert_int_equal(cff_x_type_name(&h, in_table).n, 0);
    assert_int_equal(cff_x_supported(&h, 0, in_table), 0);
    assert_int_equal(cff_x_supplied(&h, 0, in_table), 0);
    d->ntypes = 1000;
    assert_int_equal(cff_x_type_by_id(&h, UINT64_C(1) << 40), NONE); /* walks the table only */
    d->types[CFV_MAX_TYPES - 1].first_field = CFV_FIELD_POOL - 1;
    d->types[CFV_MAX_TYPES - 1].nfields = 3;
    assert_int_equal(cff_x_type_fields(&h, CFV_MAX_TYPES - 1), 0);
    assert_int_equal(cff_x_field_type(&h, CFV_MAX_TYPES - 1, 2), 0);
    assert_int_equal(cff_x_field_name(&h, CFV_MAX_TYPES - 1, 2).n, 0);
    free(d);
}

static void test_channel_file_name(void **state)
{
    const cfv_options *o = *state;
    const char *good = "C-00000291-00000001-00000031.sys";
    assert_int_equal(cff_x_channel_file_name(o, bytes(good), 0), 291);
    assert_int_equal(cff_x_channel_file_name(o, bytes(good), 1), 1);
    assert_int_equal(cff_x_channel_file_name(o, bytes(good), 2), 31);
    assert_int_equal(cff_x_channel_file_name(o, bytes("c-00000291-00000001-00000031.SYS"), 2), 31);
    assert_int_equal(cff_x_channel_file_name(o, bytes(good), 3), NONE);
    static const char *const bad[] = {
        "C-00000291-00000001-0000031.sys",   /* short */
        "C-0000029a-00000001-00000031.sys",  /* a letter for a digit */
        "C-0000029/-00000001-00000031.sys",  /* below '0' */
        "C-00000291_00000001-00000031.sys",  /* separator */
        "C-00000291-00000001-00000031.syx",  /* extension */
        "X-00000291-00000001-00000031.sys",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cff_x_channel_file_name(o, bytes(bad[i]), 0), NONE);
}

static void test_crc(void **state)
{
    const cfv_options *o = *state;
    uint8_t buf[64];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7);
    cfv_bytes b = cfv_rt_span(buf, sizeof buf);
    assert_int_equal(cff_x_crc32c_without(o, b, 28), cfv_crc32c_skip4(buf, sizeof buf, 28));
    /* a view that starts inside its buffer: the CRC of its own bytes */
    cfv_bytes tail = { buf, sizeof buf, 8, sizeof buf - 8 };
    assert_int_equal(cff_x_crc32c_without(o, tail, 20), cfv_crc32c_skip4(buf + 8, sizeof buf - 8, 20));
    /* the empty view: the CRC of no bytes */
    assert_int_equal(cff_x_crc32c_without(o, (cfv_bytes){ 0 }, 28), cfv_crc32c_skip4(buf, 0, 28));
}

static void test_catalog_lookups(void **state)
{
    (void)state;
    const cfv_rule_info *r = cfv_rule_find(61);
    assert_non_null(r);
    assert_string_equal(r->name, "CFV061");
    assert_null(cfv_rule_find(999));
    /* cfv_rule_find searches by halves: the catalog is in id order, and
     * every rule is found. */
    size_t n;
    const cfv_rule_info *all = cfv_rule_catalog(&n);
    for (size_t i = 0; i < n; i++) {
        assert_true(i == 0 || all[i - 1].id < all[i].id);
        assert_ptr_equal(cfv_rule_find(all[i].id), &all[i]);
        if (i + 1 == n || all[i + 1].id != all[i].id + 1)
            assert_null(cfv_rule_find(all[i].id + 1)); /* a gap is not found */
    }
    assert_ptr_equal(cfv_catalog_get(), &cff_catalog);
}

/* The previous release's look-ups: sorted keys found, absent ones and
 * every out-of-range or inconsistent summary value give NONE or 0. */
static void test_previous_release(void **state)
{
    cfv_options *o = *state;
    const cfv_prev_instance inst[] = {
        {3, 4, 0, 2}, {9, 5, 2, 3},       /* 9: its ops run past nops (4) */
        {12, 4, 7, 1},                    /* first_op past nops */
    };
    const uint8_t ops[] = {0, 1, 2, 0};
    cfv_prev_type types[2];
    memset(types, 0, sizeof types);
    types[0].template_type = 4;
    types[0].instances = 2;
    types[0].reads[0] = 0x02;             /* field 1 */
    types[1].template_type = 5;
    types[1].instances = 1;
    const cfv_previous p = {291, 31, "p", 1, inst, 3, ops, sizeof ops, types, 2};
    o->previous = &p;
    assert_int_equal(cff_x_previous_type(o, 3), 4);
    assert_int_equal(cff_x_previous_type(o, 9), 5);
    assert_int_equal(cff_x_previous_type(o, 4), NONE);
    assert_int_equal(cff_x_previous_type(o, 13), NONE);
    assert_int_equal(cff_x_previous_op(o, 3, 1), 1);
    assert_int_equal(cff_x_previous_op(o, 3, 2), NONE);      /* past its criteria */
    assert_int_equal(cff_x_previous_op(o, 9, 1), 0);
    assert_int_equal(cff_x_previous_op(o, 9, 2), NONE);      /* past the ops array */
    assert_int_equal(cff_x_previous_op(o, 12, 0), NONE);
    assert_int_equal(cff_x_previous_op(o, 7, 0), NONE);
    assert_int_equal(cff_x_previous_count(o, 4), 2);
    assert_int_equal(cff_x_previous_count(o, 6), 0);
    assert_int_equal(cff_x_previous_reads(o, 4, 1), 1);
    assert_int_equal(cff_x_previous_reads(o, 4, 0), 0);
    assert_int_equal(cff_x_previous_reads(o, 4, 256), 0);   /* no such field */
    assert_int_equal(cff_x_previous_reads(o, 3, 1), 0);
    o->previous = NULL;
}

int main(void)
{
    return TF_RUN(setup, teardown, test_definitions_out_of_range,
                  test_hand_built_definitions_are_clamped, test_channel_file_name, test_crc,
                  test_catalog_lookups, test_previous_release);
}
