/* One test per rule of FORMAT.md section 8: each builds a file with the
 * writer, starting from a valid one and breaking exactly one thing, and
 * checks that cfv_validate reports that rule (and, where FORMAT.md implies
 * nothing else, only that rule) with its severity, the byte offset of the
 * offending field, its field path and, for sensor rules, the sensor. Then:
 * the valid corpus is clean, the 19 July file, several rules at once, and
 * the diagnostics cap. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/writer.h"
#include "vt.h"
#include "fixture.h"

/* FORMAT.md section 7: the types and fields the tests use. */
enum {
    CH_PROCESS_START = 261, CH_NAMED_PIPE = 291,
    TYPE_PROCESS_START = 1, TYPE_FILE_WRITE = 2,
    PS_FIELDS = 12, PS_IMAGE = 0, PS_CMDLINE = 1, PS_INTEGRITY = 5, PS_PID = 7,
    FW_FIELDS = 9,
    NP_FIELDS = 21, NP_PIPE_NAME = 0, NP_REMOTE_HOST = 20
};
#define CREATED 1719792000u     /* 2024-07-01 */
#define ERR CFV_SEV_ERROR
#define WARN CFV_SEV_WARNING

typedef tf_checker fixture;

/* ------------------------------------------------------------- building */

static void ok(int rc) { assert_int_equal(rc, CFV_WRITER_OK); }

/* The base file: ProcessStart, one enabled instance "rundll32-javascript"
 * with SUFFIX NOCASE on image, CONTAINS NOCASE on cmdline and INT_EQ on
 * integrity. STRINGS is 46 bytes, so INSTANCES starts after 2 padding bytes. */
static cfv_writer *base(void)
{
    cfv_writer *w = cfv_writer_new(CH_PROCESS_START, 1, CREATED);
    assert_non_null(w);
    assert_int_equal(cfv_writer_add_instance(w, 1, TYPE_PROCESS_START, PS_FIELDS,
                                             CFF_INSTANCE_FLAG_ENABLED, "rundll32-javascript"), 0);
    ok(cfv_writer_set_str(w, 0, PS_IMAGE, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE,
                          "\\rundll32.exe"));
    ok(cfv_writer_set_str(w, 0, PS_CMDLINE, CFF_OP_CONTAINS, CFF_CRITERION_FLAG_NOCASE,
                          "javascript:"));
    ok(cfv_writer_set_int(w, 0, PS_INTEGRITY, CFF_OP_INT_EQ, 0, 0x2000));
    return w;
}

/* A NamedPipe file with one instance (CONTAINS on pipe_name), or none. */
static cfv_writer *named_pipe(int with_instance)
{
    cfv_writer *w = cfv_writer_new(CH_NAMED_PIPE, 1, CREATED);
    assert_non_null(w);
    if (!with_instance) {
        ok(cfv_writer_add_string(w, "no instances"));
        return w;
    }
    assert_int_equal(cfv_writer_add_instance(w, 7, 4, NP_FIELDS, CFF_INSTANCE_FLAG_ENABLED,
                                             "pipe"), 0);
    ok(cfv_writer_set_str(w, 0, NP_PIPE_NAME, CFF_OP_CONTAINS, 0, "msagent_"));
    return w;
}

/* Encodes w (and frees it). */
static void encode(cfv_writer *w, cfv_wfile *f)
{
    ok(cfv_writer_encode(w, f));
    cfv_writer_free(w);
}

/* Patches one field and re-fixes the CRC, so that only the field is wrong. */
static void put(cfv_wfile *f, uint64_t off, unsigned width, uint64_t v)
{
    ok(cfv_wfile_put(f, off, width, v));
    ok(cfv_writer_fix_crc(f->data, f->len));
}

static uint64_t entry(size_t i, unsigned field_off)
{
    return cfv_wfile_section_entry(i) + field_off;
}

static uint64_t inst(const cfv_wfile *f, size_t i, unsigned field_off)
{
    int64_t at = cfv_wfile_instance(f, i);
    assert_true(at >= 0);
    return (uint64_t)at + field_off;
}

static uint64_t crit(const cfv_wfile *f, size_t i, size_t c, unsigned field_off)
{
    int64_t at = cfv_wfile_criterion(f, i, c);
    assert_true(at >= 0);
    return (uint64_t)at + field_off;
}

/* Validates f with r, asserting exactly the diagnostics in want (vt_match). */
static void expect_only(vt_run *r, const cfv_wfile *f, const char *want)
{
    vt_validate(r, f->data, f->len);
    vt_assert_only(r, want);
}

static void done(vt_run *r, cfv_wfile *f)
{
    cfv_wfile_free(f);
    vt_free(r);
}

static vt_run runner(void **state)
{
    const fixture *fx = *state;
    vt_run r = { 0 };
    r.defs = fx->defs;
    r.regex = fx->regex;
    r.now = VT_NOW;
    return r;
}

/* Validates f with every sensor and VT_NOW; frees f. */
static vt_run check(void **state, cfv_wfile *f)
{
    vt_run r = runner(state);
    vt_validate(&r, f->data, f->len);
    cfv_wfile_free(f);
    return r;
}

/* FORMAT.md section 8: the rules marked (warning). */
static unsigned severity(unsigned rule)
{
    return rule == 8 || rule == 62 || rule == 70 ? WARN : ERR;
}

/* The base file with one field patched (CRC re-fixed) must give exactly
 * one diagnostic of rule, at that field. */
static void one_field(void **state, uint64_t off, unsigned width, uint64_t v, unsigned rule,
                      const char *field)
{
    cfv_wfile f;
    encode(base(), &f);
    put(&f, off, width, v);
    vt_run r = check(state, &f);
    char only[8];
    snprintf(only, sizeof only, "CFV%03u", rule);
    vt_assert_diag(&r, rule, severity(rule), off, field, NULL);
    vt_assert_only(&r, only);
    vt_free(&r);
}

/* The base file with one field set to a value at the edge of its range is clean. */
static void clean_field(void **state, uint64_t off, unsigned width, uint64_t v)
{
    cfv_wfile f;
    encode(base(), &f);
    put(&f, off, width, v);
    vt_run r = check(state, &f);
    vt_assert_only(&r, "");
    vt_free(&r);
}

/* The file of model w must give exactly `expect`, with a diagnostic of rule
 * at field_off of record i (c < 0) or of its criterion c, named `field`. */
static void in_model(void **state, cfv_writer *w, size_t i, int c, unsigned field_off,
                     unsigned rule, const char *field, const char *expect)
{
    cfv_wfile f;
    encode(w, &f);
    uint64_t off = c < 0 ? inst(&f, i, field_off) : crit(&f, i, (size_t)c, field_off);
    vt_run r = check(state, &f);
    vt_assert_diag(&r, rule, severity(rule), off, field, NULL);
    vt_assert_only(&r, expect);
    vt_free(&r);
}

/* Criterion c of the base writer's instance, changed, must give `expect`. */
static void one_criterion(void **state, cfv_writer *w, size_t c, unsigned field_off, unsigned rule,
                          const char *field, const char *expect)
{
    in_model(state, w, 0, (int)c, field_off, rule, field, expect);
}

/* The same, expecting CFV<rule> alone. */
static void criterion_gives(void **state, cfv_writer *w, size_t c, unsigned field_off,
                            unsigned rule, const char *field)
{
    char expect[8];
    snprintf(expect, sizeof expect, "CFV%03u", rule);
    one_criterion(state, w, c, field_off, rule, field, expect);
}

/* Criterion c of the base writer's instance set to a string or an integer
 * operand must give CFV<rule> alone, at field_off of that criterion. */
static void str_criterion(void **state, size_t c, uint8_t op, uint8_t flags, const char *operand,
                          unsigned field_off, unsigned rule, const char *field)
{
    cfv_writer *w = base();
    ok(cfv_writer_set_str(w, 0, c, op, flags, operand));
    criterion_gives(state, w, c, field_off, rule, field);
}

static void int_criterion(void **state, size_t c, uint8_t op, uint8_t flags, uint32_t value,
                          unsigned field_off, unsigned rule, const char *field)
{
    cfv_writer *w = base();
    ok(cfv_writer_set_int(w, 0, c, op, flags, value));
    criterion_gives(state, w, c, field_off, rule, field);
}

/* ------------------------------------------------------ file and header */

static void test_base_file_is_clean(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    assert_int_equal(f.sections[0].size % CFF_ALIGN, 6);   /* the tests below rely on it */
    vt_run r = check(state, &f);
    vt_assert_only(&r, "");
    vt_free(&r);
}

static void test_CFV001_empty_or_shorter_than_header(void **state)
{
    vt_run r = runner(state);
    vt_validate(&r, NULL, 0);
    vt_assert_only(&r, "CFV001");
    vt_assert_diag(&r, 1, ERR, 0, "file", NULL);
    cfv_wfile f;
    encode(base(), &f);
    vt_validate(&r, f.data, CFF_HEADER_SIZE - 1);
    vt_assert_only(&r, "CFV001");
    vt_assert_diag(&r, 1, ERR, 0, "file", NULL);
    done(&r, &f);
}

static void test_CFV002_all_zero(void **state)
{
    static const uint8_t z[4096];
    vt_run r = runner(state);
    vt_validate(&r, z, sizeof z);
    vt_assert_only(&r, "CFV002");
    vt_assert_diag(&r, 2, ERR, 0, "file", NULL);
    vt_validate(&r, z, 10);       /* shorter than the header, still one precise diagnostic */
    vt_assert_only(&r, "CFV002");
    vt_free(&r);
}

static void test_CFV003_bad_magic(void **state)
{
    one_field(state, CFF_HEADER_MAGIC_OFF, CFF_HEADER_MAGIC_SIZE, 0x00905A4D, 3,
              "header.magic");
}

/* A bad magic is fatal (issue #11): nothing after it is a CFF field, so no
 * follow-on diagnostics (here a stale CRC and a bad version go unreported). */
static void test_CFV003_stops_validation(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    ok(cfv_wfile_put(&f, CFF_HEADER_MAGIC_OFF, CFF_HEADER_MAGIC_SIZE, 0x00905A4D));
    ok(cfv_wfile_put(&f, CFF_HEADER_VERSION_MAJOR_OFF, CFF_HEADER_VERSION_MAJOR_SIZE, 7));
    ok(cfv_wfile_put(&f, CFF_HEADER_CRC32C_OFF, CFF_HEADER_CRC32C_SIZE, 1));
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV003");
    vt_free(&r);
}

static void test_CFV004_unsupported_version(void **state)
{
    one_field(state, CFF_HEADER_VERSION_MAJOR_OFF, CFF_HEADER_VERSION_MAJOR_SIZE, 2, 4,
              "header.version_major");
    one_field(state, CFF_HEADER_VERSION_MINOR_OFF, CFF_HEADER_VERSION_MINOR_SIZE, 1, 4,
              "header.version_minor");
}

static void test_CFV005_unknown_channel(void **state)
{
    one_field(state, CFF_HEADER_CHANNEL_ID_OFF, CFF_HEADER_CHANNEL_ID_SIZE, 999, 5,
              "header.channel_id");
}

static void test_CFV006_content_version_range(void **state)
{
    one_field(state, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE, 0, 6,
              "header.content_version");
    one_field(state, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE,
              CFF_MAX_CONTENT + 1, 6, "header.content_version");
    clean_field(state, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE,
                CFF_MAX_CONTENT);
}

static void test_CFV007_created_before_2020(void **state)
{
    one_field(state, CFF_HEADER_CREATED_UTC_OFF, CFF_HEADER_CREATED_UTC_SIZE, CFF_EPOCH_2020 - 1,
              7, "header.created_utc");
    clean_field(state, CFF_HEADER_CREATED_UTC_OFF, CFF_HEADER_CREATED_UTC_SIZE, CFF_EPOCH_2020);
}

static void test_CFV008_created_more_than_a_day_ahead(void **state)
{
    one_field(state, CFF_HEADER_CREATED_UTC_OFF, CFF_HEADER_CREATED_UTC_SIZE,
              VT_NOW + CFF_ONE_DAY + 1, 8, "header.created_utc");
    clean_field(state, CFF_HEADER_CREATED_UTC_OFF, CFF_HEADER_CREATED_UTC_SIZE,
                VT_NOW + CFF_ONE_DAY);      /* exactly one day ahead is fine */
    cfv_wfile f;
    encode(base(), &f);
    vt_run r = runner(state);
    put(&f, CFF_HEADER_CREATED_UTC_OFF, CFF_HEADER_CREATED_UTC_SIZE, 4102444800u);
    r.now = 0;                              /* no clock: CFV008 is not checked */
    expect_only(&r, &f, "");
    done(&r, &f);
}

static void test_CFV009_file_size_field(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    one_field(state, CFF_HEADER_FILE_SIZE_OFF, CFF_HEADER_FILE_SIZE_SIZE, f.len + 8, 9,
              "header.file_size");
    cfv_wfile_free(&f);
}

static void test_CFV010_crc_mismatch(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    ok(cfv_wfile_put(&f, CFF_HEADER_CRC32C_OFF + 3, 1, f.data[CFF_HEADER_CRC32C_OFF + 3] ^ 0x80));
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV010");
    vt_assert_diag(&r, 10, ERR, CFF_HEADER_CRC32C_OFF, "header.crc32c", NULL);
    vt_free(&r);
}

static void test_CFV011_reserved_header_bytes(void **state)
{
    one_field(state, CFF_HEADER_RESERVED_OFF, 1, 1, 11, "header.reserved");
    /* Any byte of the field; the offset is the field's. */
    cfv_wfile f;
    encode(base(), &f);
    put(&f, CFF_HEADER_RESERVED_OFF + CFF_HEADER_RESERVED_SIZE - 1, 1, 0x40);
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV011");
    vt_assert_diag(&r, 11, ERR, CFF_HEADER_RESERVED_OFF, "header.reserved", NULL);
    vt_free(&r);
}

static void test_CFV012_section_count(void **state)
{
    static const uint64_t bad[] = { 0, CFF_MIN_SECTIONS - 1, CFF_MAX_SECTIONS + 1, 0xFFFFFFFFu };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        one_field(state, CFF_HEADER_SECTION_COUNT_OFF, CFF_HEADER_SECTION_COUNT_SIZE, bad[i], 12,
                  "header.section_count");
}

static void test_CFV013_over_size_limit(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    vt_run r = runner(state);
    r.max_size = f.len - 1;
    expect_only(&r, &f, "CFV013");
    vt_assert_diag(&r, 13, ERR, 0, "file", NULL);
    r.max_size = f.len;                         /* at the limit: read */
    expect_only(&r, &f, "");
    r.max_size = 0;                             /* default 64 MiB; the bytes are not needed */
    r.real_size = CFV_DEFAULT_MAX_SIZE + 1ull;
    vt_validate(&r, NULL, 0);
    vt_assert_only(&r, "CFV013");
    done(&r, &f);
}

/* ------------------------------------------------------- section table */

static vt_run check_layout(void **state, const cfv_writer_layout *l, cfv_wfile *f)
{
    cfv_writer *w = base();
    *cfv_writer_layout_of(w) = *l;
    encode(w, f);
    vt_run r = runner(state);
    vt_validate(&r, f->data, f->len);
    return r;
}

static const cfv_writer_section strings_entry = { .kind = CFF_SECTION_KIND_STRINGS,
                                                  .content = CFV_WRITER_STRINGS };
static const cfv_writer_section instances_entry = { .kind = CFF_SECTION_KIND_INSTANCES,
                                                    .content = CFV_WRITER_INSTANCES };

/* The layout breaks exactly one rule, an error at (at, path). */
static void layout_rule(void **state, const cfv_writer_layout *l, unsigned rule, uint64_t at,
                        const char *path)
{
    cfv_wfile f;
    vt_run r = check_layout(state, l, &f);
    char only[8];
    snprintf(only, sizeof only, "CFV%03u", rule);
    vt_assert_only(&r, only);
    vt_assert_diag(&r, rule, ERR, at, path, NULL);
    done(&r, &f);
}

static void test_CFV020_unknown_section_kind(void **state)
{
    static const uint8_t raw[8] = "UNKNOWN";
    cfv_writer_layout l = { .nsections = 3, .sections = { strings_entry, instances_entry } };
    l.sections[2] = (cfv_writer_section){ .kind = 3, .content = CFV_WRITER_RAW, .raw = raw,
                                          .raw_len = sizeof raw };
    layout_rule(state, &l, 20, entry(2, CFF_SECTION_KIND_OFF), "sections[2].kind");
}

static void test_CFV021_section_kind_twice(void **state)
{
    cfv_writer_layout l = { .nsections = 3,
                            .sections = { strings_entry, instances_entry, strings_entry } };
    layout_rule(state, &l, 21, entry(2, CFF_SECTION_KIND_OFF), "sections[2].kind");
}

static void test_CFV022_section_missing(void **state)
{
    /* With 2..8 entries, a missing kind means another one is there twice. */
    cfv_writer_layout l = { .nsections = 2, .sections = { strings_entry, strings_entry } };
    cfv_wfile f;
    vt_run r = check_layout(state, &l, &f);
    vt_assert_only(&r, "CFV021 CFV022");
    const cfv_diag *d = vt_assert_diag(&r, 22, ERR, CFF_HEADER_SECTION_COUNT_OFF,
                                       "header.section_count", NULL);
    assert_non_null(strstr(d->message, "INSTANCES"));
    cfv_wfile_free(&f);
    l.sections[0] = l.sections[1] = instances_entry;
    vt_free(&r);
    r = check_layout(state, &l, &f);
    vt_assert_only(&r, "CFV021 CFV022");
    d = vt_assert_diag(&r, 22, ERR, CFF_HEADER_SECTION_COUNT_OFF, "header.section_count", NULL);
    assert_non_null(strstr(d->message, "STRINGS"));
    done(&r, &f);
}

/* Every section inside the header: no data after the table at all, so the
 * rest of the file is not judged as padding after the last section. */
static void test_CFV023_every_section_in_the_header(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    for (size_t i = 0; i < 2; i++) {
        put(&f, entry(i, CFF_SECTION_OFFSET_OFF), CFF_SECTION_OFFSET_SIZE, 8);
        put(&f, entry(i, CFF_SECTION_SIZE_OFF), CFF_SECTION_SIZE_SIZE, 0);
    }
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV023*2 CFV030 CFV031 CFV041");
    vt_free(&r);
}

static void test_CFV023_section_outside_file(void **state)
{
    /* The section table itself past the end of the file. */
    cfv_wfile f;
    encode(base(), &f);
    ok(cfv_wfile_resize(&f, CFF_HEADER_SIZE + CFF_SECTION_SIZE, 0));
    ok(cfv_wfile_fix(&f));
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV023");
    vt_assert_diag(&r, 23, ERR, CFF_HEADER_SECTION_COUNT_OFF, "header.section_count", NULL);

    /* A section starting inside the section table. */
    encode(base(), &f);
    put(&f, entry(0, CFF_SECTION_OFFSET_OFF), CFF_SECTION_OFFSET_SIZE, CFF_HEADER_SIZE);
    vt_free(&r);
    r = check(state, &f);
    vt_assert_diag(&r, 23, ERR, entry(0, CFF_SECTION_OFFSET_OFF), "sections[0].offset", NULL);

    /* INSTANCES 8 bytes longer than the file. FORMAT.md: its bytes are still
     * inside a section, so nothing but CFV023 applies. */
    encode(base(), &f);
    put(&f, entry(1, CFF_SECTION_SIZE_OFF), CFF_SECTION_SIZE_SIZE, f.sections[1].size + 8u);
    vt_free(&r);
    r = check(state, &f);
    vt_assert_diag(&r, 23, ERR, entry(1, CFF_SECTION_SIZE_OFF), "sections[1].size", NULL);
    vt_assert_only(&r, "CFV023");

    /* offset + size wraps around in u32 arithmetic: still outside. */
    encode(base(), &f);
    put(&f, entry(1, CFF_SECTION_SIZE_OFF), CFF_SECTION_SIZE_SIZE,
        0x100000000ull - f.sections[1].offset + f.sections[1].size);
    vt_free(&r);
    r = check(state, &f);
    vt_assert_diag(&r, 23, ERR, entry(1, CFF_SECTION_SIZE_OFF), "sections[1].size", NULL);
    vt_free(&r);
}

static void test_CFV024_section_offset_not_aligned(void **state)
{
    cfv_writer_layout l = { .nsections = 2, .sections = { strings_entry, instances_entry } };
    l.sections[1].unaligned = 1;    /* right after the 46-byte STRINGS: offset 142 */
    cfv_wfile f;
    vt_run r = check_layout(state, &l, &f);
    assert_int_not_equal(f.sections[1].offset % CFF_ALIGN, 0);
    vt_assert_only(&r, "CFV024");
    vt_assert_diag(&r, 24, ERR, entry(1, CFF_SECTION_OFFSET_OFF), "sections[1].offset", NULL);
    done(&r, &f);
}

static size_t count_nul(const uint8_t *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == 0;
    return k;
}

static void test_CFV025_sections_overlap_or_out_of_order(void **state)
{
    /* STRINGS grows 2 bytes into INSTANCES (instance_id 1: 01 00), count kept true. */
    cfv_wfile f;
    encode(base(), &f);
    uint32_t off = f.sections[0].offset, size = f.sections[1].offset + 2 - off;
    ok(cfv_wfile_put(&f, entry(0, CFF_SECTION_SIZE_OFF), CFF_SECTION_SIZE_SIZE, size));
    put(&f, entry(0, CFF_SECTION_COUNT_OFF), CFF_SECTION_COUNT_SIZE,
        count_nul(f.data + off, size));
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV025");
    vt_assert_diag(&r, 25, ERR, entry(1, CFF_SECTION_OFFSET_OFF), "sections[1].offset", NULL);

    /* The table lists INSTANCES first, but STRINGS comes first in the file. */
    encode(base(), &f);
    uint8_t e0[CFF_SECTION_FIXED_SIZE];
    memcpy(e0, f.data + entry(0, 0), sizeof e0);
    memmove(f.data + entry(0, 0), f.data + entry(1, 0), sizeof e0);
    memcpy(f.data + entry(1, 0), e0, sizeof e0);
    ok(cfv_writer_fix_crc(f.data, f.len));
    vt_free(&r);
    r = check(state, &f);
    vt_assert_diag(&r, 25, ERR, entry(1, CFF_SECTION_OFFSET_OFF), "sections[1].offset", NULL);
    /* FORMAT.md: the bytes before INSTANCES are the STRINGS section's, not
     * "outside every section", so CFV026 does not apply. */
    vt_assert_only(&r, "CFV025");
    vt_free(&r);
}

static void test_CFV026_bytes_outside_sections(void **state)
{
    cfv_writer_layout l = { .nsections = 2, .sections = { strings_entry, instances_entry } };
    cfv_wfile f;
    l.sections[1].pad_fill = 0xEE;           /* junk in the 2 padding bytes */
    vt_run r = check_layout(state, &l, &f);
    vt_assert_only(&r, "CFV026");
    vt_assert_diag(&r, 26, ERR, entry(1, CFF_SECTION_OFFSET_OFF), "sections[1].offset", NULL);
    cfv_wfile_free(&f);

    l.sections[1].pad_fill = 0;
    l.sections[1].gap = 8;                   /* zero bytes, but beyond the alignment */
    vt_free(&r);
    r = check_layout(state, &l, &f);
    vt_assert_only(&r, "CFV026");
    vt_assert_diag(&r, 26, ERR, entry(1, CFF_SECTION_OFFSET_OFF), "sections[1].offset", NULL);
    cfv_wfile_free(&f);

    /* STRINGS last: its 2 alignment bytes end the file; junk in them */
    cfv_writer_layout last = { .nsections = 2, .sections = { instances_entry, strings_entry } };
    vt_free(&r);
    r = check_layout(state, &last, &f);
    vt_assert_only(&r, "");
    f.data[f.len - 1] = 0xCC;
    ok(cfv_writer_fix_crc(f.data, f.len));
    expect_only(&r, &f, "CFV026");
    vt_assert_diag(&r, 26, ERR, f.len - 2, "file", NULL);
    cfv_wfile_free(&f);

    l.sections[1].gap = 0;
    l.tail = 8;                              /* after the last section */
    l.tail_fill = 0xCC;
    vt_free(&r);
    r = check_layout(state, &l, &f);
    vt_assert_only(&r, "CFV026");
    vt_assert_diag(&r, 26, ERR, f.len - 8, "file", NULL);
    done(&r, &f);
}

static void test_CFV027_section_flags(void **state)
{
    one_field(state, entry(0, CFF_SECTION_FLAGS_OFF), CFF_SECTION_FLAGS_SIZE, 1, 27,
              "sections[0].flags");
}

/* --------------------------------------------------------------- STRINGS */

static void test_CFV030_strings_empty_or_unterminated(void **state)
{
    /* The last string loses its NUL (which becomes padding); count says the
     * terminated strings. */
    cfv_writer *w = base();
    ok(cfv_writer_add_string(w, "unterminated"));
    cfv_wfile f;
    encode(w, &f);
    ok(cfv_wfile_put(&f, entry(0, CFF_SECTION_SIZE_OFF), CFF_SECTION_SIZE_SIZE,
                     f.sections[0].size - 1u));
    put(&f, entry(0, CFF_SECTION_COUNT_OFF), CFF_SECTION_COUNT_SIZE, f.sections[0].count - 1u);
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV030");
    vt_assert_diag(&r, 30, ERR, entry(0, CFF_SECTION_OFFSET_OFF), "sections[0].offset", NULL);

    /* An empty STRINGS section. */
    encode(base(), &f);
    ok(cfv_wfile_put(&f, entry(0, CFF_SECTION_SIZE_OFF), CFF_SECTION_SIZE_SIZE, 0));
    put(&f, entry(0, CFF_SECTION_COUNT_OFF), CFF_SECTION_COUNT_SIZE, 0);
    vt_free(&r);
    r = check(state, &f);
    const cfv_diag *d = vt_assert_diag(&r, 30, ERR, entry(0, CFF_SECTION_OFFSET_OFF),
                                       "sections[0].offset", NULL);
    assert_non_null(strstr(d->message, "empty"));
    vt_free(&r);
}

static void test_CFV031_strings_count(void **state)
{
    one_field(state, entry(0, CFF_SECTION_COUNT_OFF), CFF_SECTION_COUNT_SIZE, 4, 31,
              "sections[0].count");
}

static void test_CFV032_string_not_utf8(void **state)
{
    static const char *const bad[] = { "rundll32-\xC0\xAF", "\xED\xA0\x80 surrogate",
                                       "\xF4\x90\x80\x80 above U+10FFFF", "cut \xE2\x82" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cfv_writer *w = base();
        ok(cfv_writer_set_name(w, 0, bad[i]));
        cfv_wfile f;
        encode(w, &f);
        uint64_t at = (uint64_t)cfv_wfile_string(&f, bad[i]);
        vt_run r = check(state, &f);
        vt_assert_only(&r, "CFV032");
        vt_assert_diag(&r, 32, ERR, at, "strings[0].text", NULL);
        vt_free(&r);
    }
}

static void test_CFV033_string_too_long(void **state)
{
    char text[CFF_MAX_STRING + 2];
    for (size_t len = CFF_MAX_STRING; len <= CFF_MAX_STRING + 1; len++) {
        memset(text, 'A', len);
        text[len] = 0;
        cfv_writer *w = base();
        ok(cfv_writer_set_str(w, 0, PS_CMDLINE, CFF_OP_CONTAINS, 0, text));
        cfv_wfile f;
        encode(w, &f);
        uint64_t at = (uint64_t)cfv_wfile_string(&f, text);
        vt_run r = check(state, &f);
        if (len == CFF_MAX_STRING) {
            vt_assert_only(&r, "");
        } else {
            vt_assert_only(&r, "CFV033");
            vt_assert_diag(&r, 33, ERR, at, "strings[2].text", NULL);   /* name, image, this */
        }
        vt_free(&r);
    }
}

static void test_CFV034_sref_out_of_range(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    uint64_t at = inst(&f, 0, CFF_INSTANCE_NAME_OFF);
    put(&f, at, CFF_INSTANCE_NAME_SIZE, f.sections[0].size);
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV034");
    vt_assert_diag(&r, 34, ERR, at, "instances[0].name", NULL);
    vt_free(&r);

    int_criterion(state, PS_CMDLINE, CFF_OP_CONTAINS, 0, 0xFFFFFFFFu,
                  CFF_CRITERION_OPERAND_OFF, 34, "instances[0].criteria[1].operand");
    /* a REGEX operand out of range is not compiled: CFV034 alone */
    int_criterion(state, PS_CMDLINE, CFF_OP_REGEX, 0, 0xFFFFFFFFu,
                  CFF_CRITERION_OPERAND_OFF, 34, "instances[0].criteria[1].operand");
}

static void test_CFV035_sref_mid_string(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    uint64_t at = crit(&f, 0, PS_CMDLINE, CFF_CRITERION_OPERAND_OFF);
    put(&f, at, CFF_CRITERION_OPERAND_SIZE, (uint64_t)cfv_wfile_sref(&f, "javascript:") + 4);
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV035");
    vt_assert_diag(&r, 35, ERR, at, "instances[0].criteria[1].operand", NULL);

    encode(base(), &f);
    at = inst(&f, 0, CFF_INSTANCE_NAME_OFF);
    put(&f, at, CFF_INSTANCE_NAME_SIZE, (uint64_t)cfv_wfile_sref(&f, "rundll32-javascript") + 1);
    vt_free(&r);
    r = check(state, &f);
    vt_assert_only(&r, "CFV035");
    vt_assert_diag(&r, 35, ERR, at, "instances[0].name", NULL);
    vt_free(&r);
}

/* ------------------------------------------------------------- INSTANCES */

static void test_CFV040_record_past_section_end(void **state)
{
    cfv_writer *w = base();
    assert_int_equal(cfv_writer_add_instance(w, 2, TYPE_PROCESS_START, PS_FIELDS,
                                             CFF_INSTANCE_FLAG_ENABLED, "cut-short"), 1);
    ok(cfv_writer_set_criteria_count(w, 1, PS_FIELDS - 1));
    cfv_writer_section *s = &cfv_writer_layout_of(w)->sections[1];
    s->has_count = 1;           /* the whole records only: CFV041 stays quiet */
    s->count = 1;
    in_model(state, w, 1, -1, 0, 40, "instances[1]", "CFV040");
}

static void test_CFV041_instances_count_or_leftover(void **state)
{
    one_field(state, entry(1, CFF_SECTION_COUNT_OFF), CFF_SECTION_COUNT_SIZE, 2, 41,
              "sections[1].count");

    cfv_writer_layout l = { .nsections = 2, .sections = { strings_entry, instances_entry } };
    l.sections[1].extra = 8;
    cfv_wfile f;
    vt_run r = check_layout(state, &l, &f);
    vt_assert_only(&r, "CFV041");
    vt_assert_diag(&r, 41, ERR, f.sections[1].offset + f.sections[1].size - 8u, "instances[1]",
                   NULL);
    done(&r, &f);
}

static void test_CFV042_instance_id(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    one_field(state, inst(&f, 0, CFF_INSTANCE_INSTANCE_ID_OFF), CFF_INSTANCE_INSTANCE_ID_SIZE, 0,
              42, "instances[0].instance_id");
    cfv_wfile_free(&f);
    static const uint32_t seconds[] = { 2, 1 };      /* equal to the first, then lower */
    for (size_t i = 0; i < sizeof seconds / sizeof seconds[0]; i++) {
        cfv_writer *w = base();
        cfv_writer_instance_at(w, 0)->instance_id = 2;
        assert_int_equal(cfv_writer_add_instance(w, seconds[i], TYPE_PROCESS_START, PS_FIELDS,
                                                 CFF_INSTANCE_FLAG_ENABLED, "second"), 1);
        in_model(state, w, 1, -1, CFF_INSTANCE_INSTANCE_ID_OFF, 42, "instances[1].instance_id",
                 "CFV042");
    }
}

/* More criteria than the type defines (CFV045): the extra one has no field
 * type to fit and no name, and still gets the sensor rules. */
static void test_CFV045_criteria_past_the_type(void **state)
{
    cfv_writer *w = base();
    assert_int_equal(cfv_writer_add_instance(w, 2, TYPE_PROCESS_START, PS_FIELDS + 1,
                                             CFF_INSTANCE_FLAG_ENABLED, "one too many"), 1);
    ok(cfv_writer_set_int(w, 1, PS_FIELDS, CFF_OP_INT_EQ, 0, 7));
    cfv_wfile f;
    encode(w, &f);
    const uint64_t at = inst(&f, 1, CFF_INSTANCE_FIELD_COUNT_OFF);
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV045 CFV061@7.11 CFV061@7.16");
    vt_assert_diag(&r, 45, ERR, at, "instances[1].field_count", NULL);
    vt_free(&r);
}

static void test_CFV043_unknown_template_type(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    one_field(state, inst(&f, 0, CFF_INSTANCE_TEMPLATE_TYPE_OFF), CFF_INSTANCE_TEMPLATE_TYPE_SIZE,
              99, 43, "instances[0].template_type");
    cfv_wfile_free(&f);
}

static void test_CFV044_type_not_carried_by_channel(void **state)
{
    cfv_writer *w = base();
    assert_int_equal(cfv_writer_add_instance(w, 2, TYPE_FILE_WRITE, FW_FIELDS,
                                             CFF_INSTANCE_FLAG_ENABLED, "filewrite"), 1);
    ok(cfv_writer_set_str(w, 1, 0, CFF_OP_SUFFIX, 0, ".lnk"));
    in_model(state, w, 1, -1, CFF_INSTANCE_TEMPLATE_TYPE_OFF, 44, "instances[1].template_type",
             "CFV044");
}

static void test_CFV045_field_count(void **state)
{
    cfv_writer *w = base();
    ok(cfv_writer_set_criteria_count(w, 0, PS_FIELDS - 1));
    cfv_writer_instance_at(w, 0)->field_count = PS_FIELDS - 1;
    in_model(state, w, 0, -1, CFF_INSTANCE_FIELD_COUNT_OFF, 45, "instances[0].field_count",
             "CFV045");
}

static void test_CFV046_instance_flags_or_reserved(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    one_field(state, inst(&f, 0, CFF_INSTANCE_FLAGS_OFF), CFF_INSTANCE_FLAGS_SIZE, 0x81, 46,
              "instances[0].flags");
    one_field(state, inst(&f, 0, CFF_INSTANCE_RESERVED_OFF), CFF_INSTANCE_RESERVED_SIZE, 0x1000,
              46, "instances[0].reserved");
    cfv_wfile_free(&f);
}

static void test_CFV047_instance_name_empty(void **state)
{
    cfv_writer *w = base();
    ok(cfv_writer_set_name(w, 0, ""));
    in_model(state, w, 0, -1, CFF_INSTANCE_NAME_OFF, 47, "instances[0].name", "CFV047");
}

/* -------------------------------------------------------------- criteria */

static void test_CFV050_unknown_op(void **state)
{
    int_criterion(state, PS_PID, CFF_OP_MAX + 1, 0, 4, CFF_CRITERION_OP_OFF, 50,
                  "instances[0].criteria[7].op");
}

static void test_CFV051_op_does_not_fit_field(void **state)
{
    /* an integer op on a str field, a string op on a u32 field */
    int_criterion(state, PS_IMAGE, CFF_OP_INT_EQ, 0, 1, CFF_CRITERION_OP_OFF, 51,
                  "instances[0].criteria[0].op");
    str_criterion(state, PS_PID, CFF_OP_EQUALS, 0, "4", CFF_CRITERION_OP_OFF, 51,
                  "instances[0].criteria[7].op");
}

static void test_CFV052_any_with_operand_or_flags(void **state)
{
    int_criterion(state, PS_PID, CFF_OP_ANY, 0, 4,
                  CFF_CRITERION_OPERAND_OFF, 52, "instances[0].criteria[7].operand");
    static const uint8_t flags[] = { CFF_CRITERION_FLAG_NEGATE, CFF_CRITERION_FLAG_NOCASE, 0x80 };
    for (size_t i = 0; i < sizeof flags; i++) {
        int_criterion(state, PS_PID, CFF_OP_ANY, flags[i], 0,
                      CFF_CRITERION_FLAGS_OFF, 52, "instances[0].criteria[7].flags");
    }
}

static void test_CFV053_criterion_flags_or_reserved(void **state)
{
    str_criterion(state, PS_IMAGE, CFF_OP_SUFFIX, 0x04, "\\rundll32.exe",
                  CFF_CRITERION_FLAGS_OFF, 53, "instances[0].criteria[0].flags");
    int_criterion(state, PS_INTEGRITY, CFF_OP_INT_EQ, CFF_CRITERION_FLAG_NOCASE, 0x2000,
                  CFF_CRITERION_FLAGS_OFF, 53, "instances[0].criteria[5].flags");
    int_criterion(state, PS_PID, CFF_OP_INT_MASK, CFF_CRITERION_FLAG_NOCASE, 3,
                  CFF_CRITERION_FLAGS_OFF, 53, "instances[0].criteria[7].flags");
    for (size_t c = PS_IMAGE; c <= PS_CMDLINE + 1; c++) {    /* string ops, then ANY */
        cfv_writer *w = base();
        cfv_writer_criterion_at(w, 0, c)->reserved = 1;
        char field[48];
        snprintf(field, sizeof field, "instances[0].criteria[%zu].reserved", c);
        one_criterion(state, w, c, CFF_CRITERION_RESERVED_OFF, 53, field, "CFV053");
    }
}

static void test_CFV054_empty_string_operand(void **state)
{
    str_criterion(state, PS_CMDLINE, CFF_OP_CONTAINS, 0, "",
                  CFF_CRITERION_OPERAND_OFF, 54, "instances[0].criteria[1].operand");
    /* an empty REGEX is not compiled either */
    str_criterion(state, PS_CMDLINE, CFF_OP_REGEX, 0, "",
                  CFF_CRITERION_OPERAND_OFF, 54, "instances[0].criteria[1].operand");
}

static cfv_writer *with_regex(const char *pattern, uint8_t flags)
{
    cfv_writer *w = base();
    ok(cfv_writer_set_str(w, 0, PS_CMDLINE, CFF_OP_REGEX, flags, pattern));
    return w;
}

/* A cfv_defs built by hand rather than by cfv_defs_parse: counts over the
 * array bounds, fields outside the pool, names without a NUL. The validator
 * must stay inside the struct (heap copy of exact size: ASan sees any read
 * past it) and report the file against what it can read. */
static void test_hand_built_defs_stay_in_bounds(void **state)
{
    const fixture *fx = *state;
    cfv_defs *d = malloc(sizeof *d);
    assert_non_null(d);
    *d = *fx->defs;
    d->ntypes = UINT32_MAX;
    d->nsensors = UINT32_MAX;
    d->nfields = UINT32_MAX;
    for (size_t t = 0; t < CFV_MAX_TYPES; t++) {
        d->types[t].first_field = UINT16_MAX;
        memset(d->types[t].name, 'x', CFV_NAME_MAX);
    }
    for (size_t s = 0; s < CFV_MAX_SENSORS; s++)
        memset(d->sensors[s].name, 'y', CFV_NAME_MAX);
    cfv_wfile f;
    encode(base(), &f);
    vt_run r = runner(state);
    r.defs = d;
    vt_validate(&r, f.data, f.len);
    cfv_wfile_free(&f);
    /* the type's fields are outside the pool, so it has none: field_count mismatches */
    int cfv045 = 0;
    for (size_t i = 0; i < r.ndiags; i++)
        cfv045 |= r.diags[i].rule == 45;
    assert_true(cfv045);
    vt_free(&r);
    free(d);
}

static void test_CFV055_regex_does_not_compile(void **state)
{
    static const char *const bad[] = { "javascript:([a-z]+", "a{2,1}", "[z-a]", "\\",
                                       "(?<n>a)(?<n>b)" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        one_criterion(state, with_regex(bad[i], 0), PS_CMDLINE, CFF_CRITERION_OPERAND_OFF, 55,
                      "instances[0].criteria[1].operand", "CFV055");
    /* Without a regex checker the core cannot tell, so it fails closed:
     * every REGEX operand, good or bad, is an error. */
    static const char *const any[] = { "abc", "javascript:([a-z]+" };
    for (size_t i = 0; i < sizeof any / sizeof any[0]; i++) {
        cfv_wfile f;
        encode(with_regex(any[i], 0), &f);
        vt_run r = runner(state);
        r.regex = NULL;
        vt_validate(&r, f.data, f.len);
        const cfv_diag *d = vt_assert_diag(&r, 55, ERR, crit(&f, 0, PS_CMDLINE, CFF_CRITERION_OPERAND_OFF),
                                           "instances[0].criteria[1].operand", NULL);
        assert_non_null(strstr(d->message, "was not checked"));
        vt_assert_only(&r, "CFV055");
        cfv_wfile_free(&f);
        vt_free(&r);
    }
}

/* Messages quote operands in full, escaped as C would (issue #16: the
 * pattern used to be cut at 48 bytes and a backslash shown as \x5c). */
static void test_CFV056_message_quotes_the_whole_pattern(void **state)
{
    const char *pattern = "^(\\w+\\s?)*$ and then some more text, well past forty-eight bytes";
    cfv_wfile f;
    encode(with_regex(pattern, 0), &f);
    const uint64_t at = crit(&f, 0, PS_CMDLINE, CFF_CRITERION_OPERAND_OFF);
    vt_run r = check(state, &f);
    const cfv_diag *d = vt_assert_diag(&r, 56, ERR, at, "instances[0].criteria[1].operand", NULL);
    assert_non_null(strstr(d->message, "\"^(\\\\w+\\\\s?)*$ and then some more text, well past "
                                       "forty-eight bytes\""));
    vt_free(&r);
}

static void test_CFV056_regex_unsafe(void **state)
{
    static const char *const nested[] = { "^(\\w+\\s?)*$", "(a+)+", "(x*y*)*", "(?:ab+|c)*",
                                          "(a{2,})+b" };
    for (size_t i = 0; i < sizeof nested / sizeof nested[0]; i++)
        one_criterion(state, with_regex(nested[i], CFF_CRITERION_FLAG_NOCASE), PS_CMDLINE,
                      CFF_CRITERION_OPERAND_OFF, 56, "instances[0].criteria[1].operand", "CFV056");
    char long_re[CFF_MAX_REGEX + 2];
    for (size_t len = CFF_MAX_REGEX; len <= CFF_MAX_REGEX + 1; len++) {
        memset(long_re, 'a', len);
        long_re[len] = 0;
        if (len > CFF_MAX_REGEX) {
            one_criterion(state, with_regex(long_re, 0), PS_CMDLINE, CFF_CRITERION_OPERAND_OFF, 56,
                          "instances[0].criteria[1].operand", "CFV056");
            continue;
        }
        cfv_wfile f;
        encode(with_regex(long_re, 0), &f);
        vt_run r = check(state, &f);
        vt_assert_only(&r, "");     /* exactly 256 bytes is allowed */
        vt_free(&r);
    }
}

/* --------------------------------------------------------------- sensors */

static void test_CFV060_type_fields_exceed_sensor_inputs(void **state)
{
    cfv_wfile f;
    encode(named_pipe(0), &f);
    vt_run r = runner(state);
    expect_only(&r, &f, "CFV060@7.11");
    const cfv_diag *d = vt_assert_diag(&r, 60, ERR, CFF_HEADER_CHANNEL_ID_OFF, "header.channel_id",
                                       "7.11");
    assert_non_null(strstr(d->message, "7.11"));
    r.sensors = vt_sensor(r.defs, "7.16");
    expect_only(&r, &f, "");
    done(&r, &f);
}

static void test_CFV061_nonwildcard_past_sensor_inputs(void **state)
{
    cfv_writer *w = named_pipe(1);
    ok(cfv_writer_set_str(w, 0, NP_REMOTE_HOST, CFF_OP_EQUALS, CFF_CRITERION_FLAG_NOCASE,
                          "c2.example.net"));
    cfv_wfile f;
    encode(w, &f);
    uint64_t at = crit(&f, 0, NP_REMOTE_HOST, CFF_CRITERION_OP_OFF);
    vt_run r = runner(state);
    expect_only(&r, &f, "CFV060@7.11 CFV061@7.11");
    const cfv_diag *d = vt_assert_diag(&r, 61, ERR, at, "instances[0].criteria[20].op", "7.11");
    assert_non_null(strstr(d->message, "7.11"));
    r.sensors = vt_sensor(r.defs, "7.16");
    expect_only(&r, &f, "");
    done(&r, &f);
}

static void test_CFV062_wildcard_past_sensor_inputs(void **state)
{
    cfv_wfile f;
    encode(named_pipe(1), &f);
    uint64_t at = crit(&f, 0, NP_REMOTE_HOST, CFF_CRITERION_OP_OFF);
    vt_run r = runner(state);
    expect_only(&r, &f, "CFV060@7.11 CFV062@7.11");
    vt_assert_diag(&r, 62, WARN, at, "instances[0].criteria[20].op", "7.11");
    done(&r, &f);
}

/* The shipped definitions plus a sensor without ProcessStart and NamedPipe. */
static cfv_defs *defs_with_sensor_6_0(void)
{
    static const char extra[] = "\nsensor 6.0 FileWrite=9 NetworkConnect=10\n";
    size_t len;
    uint8_t *text = tf_read(CFV_SOURCE_DIR "/grammar/cff.defs", &len);
    assert_non_null(text);
    char *all = malloc(len + sizeof extra);
    assert_non_null(all);
    memcpy(all, text, len);
    memcpy(all + len, extra, sizeof extra);
    free(text);
    cfv_defs *d = calloc(1, sizeof *d);
    cfv_defs_error err;
    assert_non_null(d);
    assert_int_equal(cfv_defs_parse(d, all, len + sizeof extra - 1, &err), 0);
    free(all);
    return d;
}

static void test_CFV063_sensor_does_not_support_type(void **state)
{
    cfv_defs *d = defs_with_sensor_6_0();
    cfv_wfile f;
    encode(base(), &f);
    vt_run r = runner(state);
    r.defs = d;
    expect_only(&r, &f, "CFV063@6.0");
    vt_assert_diag(&r, 63, ERR, CFF_HEADER_CHANNEL_ID_OFF, "header.channel_id", "6.0");
    cfv_wfile_free(&f);

    /* No input array at all: no CFV061/CFV062 for that sensor either. */
    cfv_writer *w = named_pipe(1);
    ok(cfv_writer_set_str(w, 0, NP_REMOTE_HOST, CFF_OP_EQUALS, 0, "c2.example.net"));
    encode(w, &f);
    expect_only(&r, &f, "CFV060@7.11 CFV061@7.11 CFV063@6.0");
    done(&r, &f);
    free(d);
}

static void test_CFV070_file_name_disagrees(void **state)
{
    cfv_wfile f;
    encode(base(), &f);     /* channel 261, content version 1 */
    vt_run r = runner(state);
    r.name = "C-00000261-00000000-00000002.sys";
    expect_only(&r, &f, "CFV070");
    vt_assert_diag(&r, 70, WARN, CFF_HEADER_CONTENT_VERSION_OFF, "header.content_version", NULL);
    r.name = "c-00000285-00000000-00000001.SYS";   /* Windows: case does not matter */
    expect_only(&r, &f, "CFV070");
    vt_assert_diag(&r, 70, WARN, CFF_HEADER_CHANNEL_ID_OFF, "header.channel_id", NULL);
    static const char *const fine[] = { "C-00000261-00000000-00000001.sys", "C-261-0-2.sys",
                                        "C-00000285-00000000-00000002.bin", "base.cff" };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        r.name = fine[i];
        vt_validate(&r, f.data, f.len);
        vt_assert_only(&r, "");
    }
    done(&r, &f);
}

/* ------------------------------------------------------- whole-file tests */

/* "...-valid-for-7.16.cff" is valid for that sensor only; others for all. */
static void test_valid_corpus_is_clean(void **state)
{
    const char *dir = CFV_SOURCE_DIR "/corpus/valid";
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".cff"))
            continue;
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        uint8_t *buf = tf_read(path, &len);
        assert_non_null(buf);
        vt_run r = runner(state);
        const char *only = strstr(e->d_name, "-valid-for-");
        if (only) {
            char sensor[16];
            snprintf(sensor, sizeof sensor, "%.*s", (int)(strlen(only) - 15), only + 11);
            r.sensors = vt_sensor(r.defs, sensor);
        }
        vt_validate(&r, buf, len);
        if (r.ndiags) {
            vt_print(&r);
            fail_msg("%s is not clean", e->d_name);
        }
        vt_free(&r);
        free(buf);
        files++;
    }
    closedir(d);
    assert_true(files >= 4);    /* one per template type at least */
}

static void test_july19_incident_file(void **state)
{
    size_t len;
    uint8_t *buf = tf_read(
        CFV_SOURCE_DIR "/corpus/incident/july19-namedpipe-nonwildcard-field20.cff", &len);
    assert_non_null(buf);
    vt_run r = runner(state);
    r.sensors = vt_sensor(r.defs, "7.11");
    vt_validate(&r, buf, len);
    size_t n60 = 0, n61 = 0;
    for (size_t i = 0; i < r.ndiags; i++) {
        assert_string_equal(r.defs->sensors[r.diags[i].sensor].name, "7.11");
        assert_int_equal(r.diags[i].severity, ERR);
        n60 += r.diags[i].rule == 60;
        n61 += r.diags[i].rule == 61;
        if (r.diags[i].rule == 61)
            assert_non_null(strstr(r.diags[i].field, ".criteria[20].op"));
    }
    assert_int_equal(n60, 1);
    assert_true(n61 >= 1);
    assert_int_equal(n60 + n61, r.ndiags);
    r.sensors = vt_sensor(r.defs, "7.16");
    vt_validate(&r, buf, len);
    vt_assert_only(&r, "");
    free(buf);
    vt_free(&r);
}

static void test_several_rules_all_reported(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    uint64_t op = crit(&f, 0, PS_PID, CFF_CRITERION_OP_OFF);
    uint64_t flags = inst(&f, 0, CFF_INSTANCE_FLAGS_OFF);
    ok(cfv_wfile_put(&f, CFF_HEADER_VERSION_MINOR_OFF, CFF_HEADER_VERSION_MINOR_SIZE, 9));
    ok(cfv_wfile_put(&f, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE, 0));
    ok(cfv_wfile_put(&f, entry(0, CFF_SECTION_FLAGS_OFF), CFF_SECTION_FLAGS_SIZE, 2));
    ok(cfv_wfile_put(&f, flags, CFF_INSTANCE_FLAGS_SIZE, 0x10));
    ok(cfv_wfile_put(&f, op, CFF_CRITERION_OP_SIZE, 0x33));     /* CRC left stale too */
    vt_run r = check(state, &f);
    vt_assert_only(&r, "CFV004 CFV006 CFV010 CFV027 CFV046 CFV050");
    vt_assert_diag(&r, 50, ERR, op, "instances[0].criteria[7].op", NULL);
    for (size_t i = 1; i < r.ndiags; i++)   /* reported in file order */
        assert_true(r.diags[i - 1].offset <= r.diags[i].offset);
    vt_free(&r);
}

/* The cap reached in the header, the section table or the last string:
 * the next array (sections, strings, instances) stops at its first element. */
static void test_max_diagnostics_cap_before_each_array(void **state)
{
    char text[CFF_MAX_STRING + 8];
    memset(text, 'A', sizeof text - 1);
    text[sizeof text - 1] = 0;
    text[3] = (char)0xC0;            /* bad UTF-8 and too long: two reports */
    for (int where = 0; where < 3; where++) {
        cfv_writer *w = base();
        if (where == 2)
            ok(cfv_writer_set_str(w, 0, PS_CMDLINE, CFF_OP_CONTAINS, 0, text));
        cfv_wfile f;
        encode(w, &f);
        if (where == 0) {
            put(&f, CFF_HEADER_VERSION_MINOR_OFF, CFF_HEADER_VERSION_MINOR_SIZE, 9);
            put(&f, CFF_HEADER_CONTENT_VERSION_OFF, CFF_HEADER_CONTENT_VERSION_SIZE, 0);
        } else if (where == 1) {
            put(&f, entry(0, CFF_SECTION_FLAGS_OFF), CFF_SECTION_FLAGS_SIZE, 1);
            put(&f, entry(1, CFF_SECTION_FLAGS_OFF), CFF_SECTION_FLAGS_SIZE, 1);
        }
        vt_run r = runner(state);
        r.max_diagnostics = 1;
        vt_validate(&r, f.data, f.len);
        assert_int_equal(r.ndiags, 1);
        assert_true(r.res.truncated);
        assert_int_equal(r.diags[0].rule, where == 0 ? 4 : where == 1 ? 27 : 32);
        cfv_wfile_free(&f);
        vt_free(&r);
    }
}

/* A hand-built cfv_defs whose counts exceed its tables (cfv_defs_parse never
 * makes one): the externs clamp every count, so nothing is read past the
 * struct (ASan watches its end), and the valid file stays valid. */
static void test_hand_built_defs_with_counts_past_the_tables(void **state)
{
    const fixture *fx = *state;
    cfv_defs *d = malloc(sizeof *d);
    assert_non_null(d);
    memcpy(d, fx->defs, sizeof *d);
    d->ntypes = 1000;
    d->nsensors = 1000;
    for (size_t t = fx->defs->ntypes; t < CFV_MAX_TYPES; t++)
        d->types[t].id = d->types[t].channel = 0xFFFFFFFFu;   /* matches nothing real */
    cfv_wfile f;
    encode(base(), &f);
    vt_run r = runner(state);
    r.defs = d;
    r.sensors = (1u << fx->defs->nsensors) - 1u;   /* the real ones */
    expect_only(&r, &f, "");
    d->types[0].first_field = CFV_FIELD_POOL - 1;   /* fields beyond the pool: no type to fit */
    vt_validate(&r, f.data, f.len);
    const int ps = cfv_defs_type_by_id(d, TYPE_PROCESS_START);
    assert_true(ps >= 0);
    memset(d->types[ps].name, 'X', CFV_NAME_MAX);    /* no NUL: the name stops at the table */
    put(&f, inst(&f, 0, CFF_INSTANCE_FIELD_COUNT_OFF), CFF_INSTANCE_FIELD_COUNT_SIZE, 2);
    vt_validate(&r, f.data, f.len);
    const cfv_diag *dg = vt_assert_diag(&r, 45, ERR, inst(&f, 0, CFF_INSTANCE_FIELD_COUNT_OFF),
                                        "instances[0].field_count", NULL);
    const char *x = strstr(dg->message, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    assert_non_null(x);
    assert_int_equal(strspn(x, "X"), CFV_NAME_MAX);
    vt_free(&r);
    cfv_wfile_free(&f);
    free(d);
}

/* real_size is the buffer's length unless the file is over max_size: a
 * caller's smaller or larger claim does not change what is read. */
static void test_real_size_is_the_buffer(void **state)
{
    cfv_wfile f;
    encode(base(), &f);
    vt_run r = runner(state);
    r.real_size = 1;                  /* less than the buffer */
    expect_only(&r, &f, "");
    r.real_size = f.len + 100;        /* more, but under max_size */
    expect_only(&r, &f, "");
    done(&r, &f);
}

static void test_max_diagnostics_cap(void **state)
{
    /* Every ANY criterion of a ProcessStart instance set to op 0x40: 9 x CFV050. */
    cfv_writer *w = base();
    for (size_t c = 0; c < PS_FIELDS; c++)
        if (cfv_writer_criterion_at(w, 0, c)->op == CFF_OP_ANY)
            ok(cfv_writer_set_int(w, 0, c, 0x40, 0, 0));
    cfv_wfile f;
    encode(w, &f);
    vt_run r = runner(state);
    expect_only(&r, &f, "CFV050*9");
    assert_false(r.res.truncated);
    r.max_diagnostics = 5;
    vt_validate(&r, f.data, f.len);
    assert_int_equal(r.ndiags, 5);
    assert_int_equal(r.res.errors, 5);
    assert_true(r.res.truncated);
    r.max_diagnostics = 9;              /* exactly enough: not truncated */
    vt_validate(&r, f.data, f.len);
    assert_int_equal(r.ndiags, 9);
    assert_false(r.res.truncated);
    cfv_wfile_free(&f);

    /* The default cap, 100: 300 instances with an unknown op each. */
    w = base();
    for (uint32_t i = 1; i < 300; i++) {
        assert_int_equal(cfv_writer_add_instance(w, i + 1, TYPE_PROCESS_START, PS_FIELDS,
                                                 CFF_INSTANCE_FLAG_ENABLED, "many"), (int)i);
        ok(cfv_writer_set_int(w, i, PS_PID, 0x40, 0, 0));
    }
    encode(w, &f);
    r.max_diagnostics = 0;
    vt_validate(&r, f.data, f.len);
    assert_int_equal(r.ndiags, CFV_DEFAULT_MAX_DIAGNOSTICS);
    assert_true(r.res.truncated);
    done(&r, &f);
}

int main(void)
{
    return TF_RUN(tf_setup_checker, tf_teardown_checker, test_base_file_is_clean,
                  test_CFV001_empty_or_shorter_than_header, test_CFV002_all_zero,
                  test_CFV003_bad_magic, test_CFV003_stops_validation,
                  test_CFV004_unsupported_version, test_CFV005_unknown_channel,
                  test_CFV006_content_version_range, test_CFV007_created_before_2020,
                  test_CFV008_created_more_than_a_day_ahead, test_CFV009_file_size_field,
                  test_CFV010_crc_mismatch, test_CFV011_reserved_header_bytes,
                  test_CFV012_section_count, test_CFV013_over_size_limit,
                  test_CFV020_unknown_section_kind, test_CFV021_section_kind_twice,
                  test_CFV022_section_missing, test_CFV023_section_outside_file,
                  test_CFV023_every_section_in_the_header, test_CFV024_section_offset_not_aligned,
                  test_CFV025_sections_overlap_or_out_of_order, test_CFV026_bytes_outside_sections,
                  test_CFV027_section_flags, test_CFV030_strings_empty_or_unterminated,
                  test_CFV031_strings_count, test_CFV032_string_not_utf8,
                  test_CFV033_string_too_long, test_CFV034_sref_out_of_range,
                  test_CFV035_sref_mid_string, test_CFV040_record_past_section_end,
                  test_CFV041_instances_count_or_leftover, test_CFV042_instance_id,
                  test_CFV043_unknown_template_type, test_CFV045_criteria_past_the_type,
                  test_CFV044_type_not_carried_by_channel, test_CFV045_field_count,
                  test_CFV046_instance_flags_or_reserved, test_CFV047_instance_name_empty,
                  test_CFV050_unknown_op, test_CFV051_op_does_not_fit_field,
                  test_CFV052_any_with_operand_or_flags, test_CFV053_criterion_flags_or_reserved,
                  test_CFV054_empty_string_operand, test_hand_built_defs_stay_in_bounds,
                  test_CFV055_regex_does_not_compile, test_CFV056_regex_unsafe,
                  test_CFV056_message_quotes_the_whole_pattern,
                  test_CFV060_type_fields_exceed_sensor_inputs,
                  test_CFV061_nonwildcard_past_sensor_inputs,
                  test_CFV062_wildcard_past_sensor_inputs, test_CFV063_sensor_does_not_support_type,
                  test_CFV070_file_name_disagrees, test_valid_corpus_is_clean,
                  test_july19_incident_file, test_several_rules_all_reported,
                  test_max_diagnostics_cap, test_real_size_is_the_buffer,
                  test_hand_built_defs_with_counts_past_the_tables,
                  test_max_diagnostics_cap_before_each_array);
}
