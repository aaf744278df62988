/* corpus/rules, CFV020..CFV035: the section table, the layout and STRINGS.
 * Layout breaks replace the base file's layout (laid_out); the rest patch
 * the encoded base file and re-fix its CRC. */
#include <string.h>

#include "corpus.h"

static const uint8_t unknown_bytes[8] = "UNKNOWN";
static const cfv_writer_layout unknown_kind = LAYOUT(
    3, STRINGS_ENTRY, INSTANCES_ENTRY,
    { .kind = 3, .content = CFV_WRITER_RAW, .raw = unknown_bytes, .raw_len = 8 });
static const cfv_writer_layout two_strings =
    LAYOUT(3, STRINGS_ENTRY, INSTANCES_ENTRY, STRINGS_ENTRY);
static const cfv_writer_layout only_strings = LAYOUT(2, STRINGS_ENTRY, STRINGS_ENTRY);
static const cfv_writer_layout only_instances = LAYOUT(2, INSTANCES_ENTRY, INSTANCES_ENTRY);
/* The base STRINGS section is 46 bytes: INSTANCES right after it is at 142. */
static const cfv_writer_layout unaligned = LAYOUT(2, STRINGS_ENTRY, INSTANCES_WITH(.unaligned = 1));
static const cfv_writer_layout junk_padding =
    LAYOUT(2, STRINGS_ENTRY, INSTANCES_WITH(.pad_fill = 0xEE));
static const cfv_writer_layout zero_gap = LAYOUT(2, STRINGS_ENTRY, INSTANCES_WITH(.gap = 8));
static const cfv_writer_layout junk_tail = { .nsections = 2,
                                             .sections = { STRINGS_ENTRY, INSTANCES_ENTRY },
                                             .tail = 8, .tail_fill = 0xCC };

static const corpus_patch past_eof = SECTION(1, SIZE, ADD, 8);
static const corpus_patch flags = SECTION(0, FLAGS, SET, 1);
static const corpus_patch strings_count = SECTION(0, COUNT, ADD, 1);

static size_t count_nul(const uint8_t *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == 0;
    return k;
}

/* STRINGS grows over the padding and the first two bytes of the instance
 * record (instance_id 1: 01 00), with its count kept true. */
static int overlap(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_wfile f;
    (void)arg;
    if (corpus_encode(corpus_base(ctx), &f) != CFV_WRITER_OK)
        return -1;
    const cfv_wfile_section *s = &f.sections[0];
    uint32_t size = f.sections[1].offset + 2 - s->offset;
    corpus_patch p[2] = { SECTION(0, SIZE, SET, size),
                          SECTION(0, COUNT, SET, count_nul(f.data + s->offset, size)) };
    if (f.data[s->offset + size - 1] != 0 || corpus_apply(&f, &p[0]) || corpus_apply(&f, &p[1])) {
        cfv_wfile_free(&f);
        return -1;
    }
    return corpus_take(&f, out);
}

/* A last string without its NUL: STRINGS ends one byte early (the NUL
 * becomes zero padding) and counts only the terminated strings. */
static int unterminated(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    cfv_wfile f;
    (void)arg;
    if (!w || cfv_writer_add_string(w, "unterminated") != 0) {
        cfv_writer_free(w);
        return -1;
    }
    if (corpus_encode(w, &f) != CFV_WRITER_OK)
        return -1;
    const corpus_patch p[2] = { SECTION(0, SIZE, ADD, (uint64_t)-1),
                                SECTION(0, COUNT, ADD, (uint64_t)-1) };
    uint64_t end = (uint64_t)f.sections[0].offset + f.sections[0].size - 1;
    if (end % CFF_ALIGN == 0 || corpus_apply(&f, &p[0]) || corpus_apply(&f, &p[1])) {
        cfv_wfile_free(&f);     /* the freed NUL must stay within alignment padding */
        return -1;
    }
    return corpus_take(&f, out);
}

static int long_operand(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    char text[CFF_MAX_STRING + 2];
    cfv_writer *w = corpus_base(ctx);
    (void)arg;
    memset(text, 'A', CFF_MAX_STRING + 1);
    text[CFF_MAX_STRING + 1] = 0;
    int f = w ? corpus_field(ctx, w, "cmdline") : -1;
    if (f < 0 || cfv_writer_set_str(w, 0, (size_t)f, CFF_OP_CONTAINS, 0, text) != 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

/* Instance 0's name sref: the size of STRINGS, one past its end. */
static int64_t strings_size(const cfv_wfile *f) { return f->sections[0].size; }

static int name_out_of_range(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return corpus_patch_base(ctx, (corpus_patch)INSTANCE(0, NAME, SET, 0), strings_size, out);
}

/* The CONTAINS "javascript:" operand (criterion 1) pointed 4 bytes in: "script:". */
static int64_t mid_javascript(const cfv_wfile *f)
{
    int64_t r = cfv_wfile_sref(f, "javascript:");
    return r < 0 ? -1 : r + 4;
}

static int operand_mid_string(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    const corpus_patch p = { AT_CRITERION, 0, 1, SET, CFF_CRITERION_OPERAND_OFF,
                             CFF_CRITERION_OPERAND_SIZE, 0, 0 };
    (void)arg;
    return corpus_patch_base(ctx, p, mid_javascript, out);
}

static const corpus_entry entries[] = {
    { "rules/CFV020-unknown-section-kind-3.cff", "a third section of kind 3", "CFV020", NULL,
      corpus_laid_out, &unknown_kind },
    { "rules/CFV021-two-strings-sections.cff", "a second STRINGS section after INSTANCES",
      "CFV021", NULL, corpus_laid_out, &two_strings },
    { "rules/CFV022-no-instances-section.cff",
      "two STRINGS sections and no INSTANCES (with 2..8 entries, a missing kind implies a "
      "duplicate one: CFV021)", "CFV021 CFV022", NULL, corpus_laid_out, &only_strings },
    { "rules/CFV022-no-strings-section.cff", "two INSTANCES sections and no STRINGS",
      "CFV021 CFV022", NULL, corpus_laid_out, &only_instances },
    { "rules/CFV023-section-past-end-of-file.cff",
      "the INSTANCES section's size runs 8 bytes past the end of the file", "CFV023", NULL,
      corpus_patched, &past_eof },
    { "rules/CFV024-instances-offset-not-aligned.cff",
      "INSTANCES starts right after the 46-byte STRINGS section, at 142", "CFV024", NULL,
      corpus_laid_out, &unaligned },
    { "rules/CFV025-strings-overlaps-instances.cff",
      "STRINGS grows 2 bytes into the INSTANCES section (its count kept true)", "CFV025", NULL,
      overlap, NULL },
    { "rules/CFV026-junk-in-padding.cff", "the padding between STRINGS and INSTANCES is EE EE",
      "CFV026", NULL, corpus_laid_out, &junk_padding },
    { "rules/CFV026-zero-gap-beyond-alignment.cff",
      "8 zero bytes before INSTANCES beyond the 8-alignment", "CFV026", NULL, corpus_laid_out,
      &zero_gap },
    { "rules/CFV026-junk-after-last-section.cff", "8 bytes CC after the last section", "CFV026",
      NULL, corpus_laid_out, &junk_tail },
    { "rules/CFV027-section-flags-set.cff", "STRINGS section flags 1", "CFV027", NULL,
      corpus_patched, &flags },
    { "rules/CFV030-strings-last-byte-not-nul.cff",
      "the last string \"unterminated\" lacks its NUL (count says the 4 terminated strings)",
      "CFV030", NULL, unterminated, NULL },
    { "rules/CFV031-strings-count-off-by-one.cff", "STRINGS count one more than its strings",
      "CFV031", NULL, corpus_patched, &strings_count },
    { "rules/CFV032-name-not-utf8.cff", "instance name ending in C0 AF (overlong '/')", "CFV032",
      NULL, corpus_renamed, "rundll32-\xC0\xAF" },
    { "rules/CFV033-operand-1025-bytes.cff", "a CONTAINS operand of 1025 bytes", "CFV033", NULL,
      long_operand, NULL },
    { "rules/CFV034-name-sref-out-of-range.cff",
      "instance name sref equal to the STRINGS size (one past its end)", "CFV034", NULL,
      name_out_of_range, NULL },
    { "rules/CFV035-operand-sref-mid-string.cff",
      "the CONTAINS operand points 4 bytes into \"javascript:\"", "CFV035", NULL,
      operand_mid_string, NULL },
};

const corpus_entry *corpus_rules_sections(size_t *n)
{
    *n = sizeof entries / sizeof entries[0];
    return entries;
}
