/* The writer: a small file byte for byte against FORMAT.md (offsets typed
 * by hand here, as an independent check of the generated layout), string
 * interning, layout options, patching and the error paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/crc32c.h"
#include "cfv/le.h"
#include "cfv/writer.h"
#include "fixture.h"

static void ok(int rc) { assert_int_equal(rc, CFV_WRITER_OK); }

/* One FileWrite instance, 9 fields: EQUALS "a" on path, INT_EQ 7 on size. */
static cfv_writer *small(void)
{
    cfv_writer *w = cfv_writer_new(285, 3, 1719792000u);
    assert_non_null(w);
    assert_int_equal(cfv_writer_add_instance(w, 5, 2, 9, CFF_INSTANCE_FLAG_ENABLED, "n"), 0);
    ok(cfv_writer_set_str(w, 0, 0, CFF_OP_EQUALS, CFF_CRITERION_FLAG_NOCASE, "a"));
    ok(cfv_writer_set_int(w, 0, 3, CFF_OP_INT_EQ, CFF_CRITERION_FLAG_NEGATE, 7));
    return w;
}

/* Most tests start from small(), made fresh for each and freed after it. */
static int setup_small(void **state)
{
    *state = small();
    return 0;
}

static int teardown_small(void **state)
{
    cfv_writer_free(*state);
    return 0;
}

static void test_small_file_byte_for_byte(void **state)
{
    uint8_t want[192] = { 0 };  /* 104 + a 16 + 8 * 9 byte record */
    /* header (FORMAT.md section 2) */
    cfv_put32(want + 0, 0xAAAAAAAAu);
    cfv_put16(want + 4, 1);
    cfv_put32(want + 8, 285);
    cfv_put32(want + 12, 3);
    cfv_put64(want + 16, 1719792000u);
    cfv_put32(want + 24, 192);
    cfv_put32(want + 32, 2);
    /* table: STRINGS at 96 ("n\0a\0", 4 bytes, 2 strings), INSTANCES at 104 */
    cfv_put16(want + 64, 1);
    cfv_put32(want + 68, 96);
    cfv_put32(want + 72, 4);
    cfv_put32(want + 76, 2);
    cfv_put16(want + 80, 2);
    cfv_put32(want + 84, 104);
    cfv_put32(want + 88, 16 + 8 * 9);
    cfv_put32(want + 92, 1);
    memcpy(want + 96, "n\0a\0", 4);
    /* the record: id 5, type 2, 9 fields, ENABLED, name at 0 */
    cfv_put32(want + 104, 5);
    cfv_put16(want + 108, 2);
    want[110] = 9;
    want[111] = 1;
    want[120] = 1;              /* criterion 0: EQUALS NOCASE, operand sref 2 */
    want[121] = 1;
    cfv_put32(want + 124, 2);
    want[120 + 3 * 8] = 6;      /* criterion 3: INT_EQ NEGATE 7 */
    want[121 + 3 * 8] = 2;
    cfv_put32(want + 124 + 3 * 8, 7);
    cfv_put32(want + 28, cfv_crc32c_skip4(want, sizeof want, 28));

    cfv_writer *w = *state;
    cfv_wfile f;
    ok(cfv_writer_encode(w, &f));
    assert_int_equal(f.len, sizeof want);
    assert_memory_equal(f.data, want, sizeof want);
    assert_int_equal(cfv_wfile_instance(&f, 0), 104);
    assert_int_equal(cfv_wfile_criterion(&f, 0, 3), 104 + 16 + 24);
    assert_int_equal(cfv_wfile_criterion(&f, 0, 9), -1);
    assert_int_equal(cfv_wfile_instance(&f, 1), -1);
    assert_int_equal(cfv_wfile_sref(&f, "a"), 2);
    assert_int_equal(cfv_wfile_string(&f, "a"), 98);
    assert_int_equal(cfv_wfile_sref(&f, "b"), -1);
    assert_int_equal(cfv_wfile_section_entry(1), 80);
    cfv_wfile_free(&f);
}

static void test_strings_interned_once_in_first_use_order(void **state)
{
    (void)state;
    cfv_writer *w = cfv_writer_new(285, 1, 1719792000u);
    assert_int_equal(cfv_writer_add_instance(w, 1, 2, 9, 1, "x"), 0);
    assert_int_equal(cfv_writer_add_instance(w, 2, 2, 9, 1, "y"), 1);
    ok(cfv_writer_set_str(w, 0, 0, CFF_OP_PREFIX, 0, "shared"));
    ok(cfv_writer_set_str(w, 1, 0, CFF_OP_PREFIX, 0, "shared"));
    ok(cfv_writer_set_str(w, 1, 1, CFF_OP_SUFFIX, 0, "x"));       /* same text as a name */
    ok(cfv_writer_set_str(w, 1, 2, CFF_OP_SUFFIX, 0, "replaced"));
    ok(cfv_writer_set_int(w, 1, 2, CFF_OP_ANY, 0, 0));              /* ...so not stored */
    ok(cfv_writer_add_string(w, "extra"));
    ok(cfv_writer_add_string(w, "shared"));
    cfv_wfile f;
    ok(cfv_writer_encode(w, &f));
    static const char pool[] = "x\0shared\0y\0extra";
    assert_int_equal(f.sections[0].size, sizeof pool);
    assert_int_equal(f.sections[0].count, 4);
    assert_memory_equal(f.data + f.sections[0].offset, pool, sizeof pool);
    assert_int_equal(cfv_le32(f.data + cfv_wfile_criterion(&f, 1, 0) + CFF_CRITERION_OPERAND_OFF),
                     2);
    assert_int_equal(cfv_le32(f.data + cfv_wfile_criterion(&f, 1, 1) + CFF_CRITERION_OPERAND_OFF),
                     0);
    cfv_wfile_free(&f);
    cfv_writer_free(w);
}

static void test_layout_options(void **state)
{
    static const uint8_t raw[3] = { 1, 2, 3 };
    cfv_writer *w = *state;
    cfv_writer_layout *l = cfv_writer_layout_of(w);
    l->sections[1].unaligned = 1;                   /* right after STRINGS: 100 */
    l->sections[1].has_count = 1;
    l->sections[1].count = 9;
    cfv_writer_section *s = cfv_writer_layout_add(l, 7, CFV_WRITER_RAW);
    assert_non_null(s);
    s->raw = raw;
    s->raw_len = sizeof raw;
    s->gap = 3;                                     /* 3 bytes beyond the alignment */
    s->pad_fill = 0xEE;
    s->extra = 2;
    s->extra_fill = 0x55;
    s->flags = 0x8000;
    l->tail = 1;
    l->tail_fill = 0xCC;
    cfv_wfile f;
    ok(cfv_writer_encode(w, &f));
    assert_int_equal(cfv_le32(f.data + CFF_HEADER_SECTION_COUNT_OFF), 3);
    assert_int_equal(f.sections[0].offset, 112);    /* after a 3-entry table */
    assert_int_equal(f.sections[1].offset, 116);
    assert_int_equal(cfv_le32(f.data + cfv_wfile_section_entry(1) + CFF_SECTION_COUNT_OFF), 9);
    uint32_t end1 = 116 + 16 + 8 * 9;               /* 204, aligned: 208, + gap 3 */
    assert_int_equal(f.sections[2].offset, 211);
    assert_int_equal(f.sections[2].size, 5);
    assert_int_equal(cfv_le16(f.data + cfv_wfile_section_entry(2) + CFF_SECTION_FLAGS_OFF), 0x8000);
    for (uint32_t i = end1; i < 211; i++)
        assert_int_equal(f.data[i], 0xEE);
    assert_memory_equal(f.data + 211, "\1\2\3\x55\x55", 5);
    assert_int_equal(f.len, 216 + 1);               /* aligned end, then the tail */
    assert_int_equal(f.data[216], 0xCC);
    assert_int_equal(cfv_le32(f.data + CFF_HEADER_FILE_SIZE_OFF), f.len);
    assert_int_equal(cfv_le32(f.data + CFF_HEADER_CRC32C_OFF),
                     cfv_crc32c_skip4(f.data, f.len, CFF_HEADER_CRC32C_OFF));
    cfv_wfile_free(&f);
}

static void test_records_of_another_length(void **state)
{
    cfv_writer *w = *state;
    ok(cfv_writer_set_criteria_count(w, 0, 2));     /* shorter: criterion 3 dropped */
    assert_int_equal(cfv_writer_criteria_count(w, 0), 2);
    assert_null(cfv_writer_criterion_at(w, 0, 2));
    ok(cfv_writer_set_criteria_count(w, 0, 4));     /* longer again: ANY */
    assert_int_equal(cfv_writer_criterion_at(w, 0, 3)->op, CFF_OP_ANY);
    cfv_writer_instance_at(w, 0)->field_count = 200;
    ok(cfv_writer_set_name_ref(w, 0, 0xDEAD));
    cfv_wfile f;
    ok(cfv_writer_encode(w, &f));
    assert_int_equal(f.sections[1].size, 16 + 8 * 4);
    assert_int_equal(f.data[cfv_wfile_instance(&f, 0) + CFF_INSTANCE_FIELD_COUNT_OFF], 200);
    assert_int_equal(cfv_le32(f.data + cfv_wfile_instance(&f, 0) + CFF_INSTANCE_NAME_OFF), 0xDEAD);
    assert_int_equal(f.sections[0].count, 1);       /* the name is no longer stored */
    cfv_wfile_free(&f);
}

static void test_patching_and_fixups(void **state)
{
    cfv_writer *w = *state;
    cfv_wfile f;
    ok(cfv_writer_encode(w, &f));
    uint32_t crc = cfv_le32(f.data + CFF_HEADER_CRC32C_OFF);
    ok(cfv_wfile_put(&f, CFF_HEADER_CHANNEL_ID_OFF, CFF_HEADER_CHANNEL_ID_SIZE, 291));
    assert_int_equal(cfv_le32(f.data + CFF_HEADER_CHANNEL_ID_OFF), 291);
    ok(cfv_writer_fix_crc(f.data, f.len));
    assert_int_not_equal(cfv_le32(f.data + CFF_HEADER_CRC32C_OFF), crc);
    assert_int_equal(cfv_wfile_put(&f, f.len - 1, 2, 0), CFV_WRITER_ERANGE);
    assert_int_equal(cfv_wfile_put(&f, f.len, 1, 0), CFV_WRITER_ERANGE);
    assert_int_equal(cfv_wfile_put(&f, 0, 3, 0), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_wfile_fill(&f, f.len - 2, 3, 0), CFV_WRITER_ERANGE);
    ok(cfv_wfile_fill(&f, f.len - 2, 2, 0x11));
    ok(cfv_wfile_resize(&f, f.len + 8, 0x22));
    assert_int_equal(f.data[f.len - 1], 0x22);
    ok(cfv_wfile_fix(&f));
    assert_int_equal(cfv_le32(f.data + CFF_HEADER_FILE_SIZE_OFF), f.len);
    assert_int_equal(cfv_le32(f.data + CFF_HEADER_CRC32C_OFF),
                     cfv_crc32c_skip4(f.data, f.len, CFF_HEADER_CRC32C_OFF));
    ok(cfv_wfile_resize(&f, 20, 0));
    assert_int_equal(cfv_wfile_fix(&f), CFV_WRITER_ERANGE);  /* no file_size field left */
    assert_int_equal(cfv_writer_fix_crc(f.data, CFF_HEADER_CRC32C_OFF + 3), CFV_WRITER_ERANGE);
    cfv_wfile_free(&f);
}

static void test_errors(void **state)
{
    cfv_writer *w = *state;
    cfv_wfile f;
    assert_int_equal(cfv_writer_set_name(w, 1, "x"), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_set_name(w, 0, NULL), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_set_str(w, 0, 9, CFF_OP_EQUALS, 0, "x"), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_set_str(w, 0, 0, CFF_OP_EQUALS, 0, NULL), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_set_int(w, 2, 0, CFF_OP_ANY, 0, 0), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_add_instance(w, 1, 1, 1, 1, NULL), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_add_string(w, NULL), CFV_WRITER_EINVAL);
    assert_null(cfv_writer_instance_at(w, 1));
    assert_int_equal(cfv_writer_encode(w, NULL), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_encode(NULL, &f), CFV_WRITER_EINVAL);
    assert_null(f.data);
    cfv_writer_layout *l = cfv_writer_layout_of(w);
    while (cfv_writer_layout_add(l, 9, CFV_WRITER_RAW))
        ;
    assert_int_equal(l->nsections, CFV_WRITER_MAX_SECTIONS);
    cfv_writer_layout_default(l);
    l->sections[1].gap = UINT32_MAX;                /* past the u32 offsets */
    assert_int_equal(cfv_writer_encode(w, &f), CFV_WRITER_ERANGE);
    assert_null(f.data);
    cfv_wfile_free(&f);                             /* harmless on a zeroed file */
    cfv_writer_free(NULL);
}

/* A reset model reused for many (the mutator's loop): each encodes, into
 * the caller's buffer, exactly what a fresh model and cfv_writer_encode
 * give; a buffer too small is refused. */
static void test_reset_and_encode_to(void **state)
{
    (void)state;
    cfv_writer *fresh = small();
    cfv_wfile want;
    ok(cfv_writer_encode(fresh, &want));
    cfv_writer *w = cfv_writer_new(1, 1, 1);
    assert_non_null(w);
    uint8_t buf[4096];
    size_t len;
    for (int round = 0; round < 3; round++) {
        /* a bigger model first, so the reset has texts and blocks to reuse */
        for (int i = 0; i < 40 * (round + 1); i++) {
            char name[32];
            snprintf(name, sizeof name, "instance-%d-%d", round, i);
            assert_int_equal(cfv_writer_add_instance(w, (uint32_t)i, 2, 9, 0, name), i);
            ok(cfv_writer_set_str(w, (size_t)i, 1, CFF_OP_CONTAINS, 0, name));
            ok(cfv_writer_set_criteria_count(w, (size_t)i, 12));
            ok(cfv_writer_set_criteria_count(w, (size_t)i, 3));
        }
        ok(cfv_writer_add_string(w, "left over"));
        cfv_writer_reset(w, 285, 3, 1719792000u);
        assert_int_equal(cfv_writer_instance_count(w), 0);
        assert_int_equal(cfv_writer_add_instance(w, 5, 2, 9, CFF_INSTANCE_FLAG_ENABLED, "n"), 0);
        ok(cfv_writer_set_str(w, 0, 0, CFF_OP_EQUALS, CFF_CRITERION_FLAG_NOCASE, "a"));
        ok(cfv_writer_set_int(w, 0, 3, CFF_OP_INT_EQ, CFF_CRITERION_FLAG_NEGATE, 7));
        memset(buf, 0xEE, sizeof buf);
        ok(cfv_writer_encode_to(w, buf, sizeof buf, &len));
        assert_int_equal(len, want.len);
        assert_memory_equal(buf, want.data, want.len);
        assert_int_equal(cfv_writer_encode_to(w, buf, want.len - 1, &len), CFV_WRITER_ERANGE);
        assert_int_equal(len, 0);
        cfv_writer_reset(w, 1, 1, 1);
    }
    assert_int_equal(cfv_writer_encode_to(NULL, buf, sizeof buf, &len), CFV_WRITER_EINVAL);
    assert_int_equal(cfv_writer_encode_to(w, NULL, sizeof buf, &len), CFV_WRITER_EINVAL);
    cfv_writer_reset(NULL, 0, 0, 0);
    cfv_wfile_free(&want);
    cfv_writer_free(fresh);
    cfv_writer_free(w);
}

int main(void)
{
    return TF_RUN_EACH(setup_small, teardown_small, test_small_file_byte_for_byte,
                  test_strings_interned_once_in_first_use_order, test_layout_options,
                  test_records_of_another_length, test_patching_and_fixups, test_errors,
                  test_reset_and_encode_to);
}
