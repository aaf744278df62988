/* corpus/rules, CFV001..CFV013: the whole file and its header. Each file is
 * the base file (corpus_base) with one thing broken and the CRC re-fixed, so
 * that only the rule in its name fires. */
#include "corpus.h"

/* The base file cut to *(const size_t *)arg bytes. */
static int truncated(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_wfile f;
    if (corpus_encode(corpus_base(ctx), &f) != CFV_WRITER_OK)
        return -1;
    if (cfv_wfile_resize(&f, *(const size_t *)arg, 0) != CFV_WRITER_OK) {
        cfv_wfile_free(&f);
        return -1;
    }
    return corpus_take(&f, out);
}

static int base(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return corpus_finish(corpus_base(ctx), out);
}

static const size_t short_header = CFF_HEADER_SIZE - 1, no_bytes = 0, header_size = CFF_HEADER_SIZE;

#define HEADER(field, how, v) \
    { AT_FILE, 0, 0, how, CFF_HEADER_##field##_OFF, CFF_HEADER_##field##_SIZE, 0, v }

static const corpus_patch magic = HEADER(MAGIC, SET, 0x00905A4Du); /* "MZ\x90\0": a PE file */
static const corpus_patch major2 = HEADER(VERSION_MAJOR, SET, 2);
static const corpus_patch minor1 = HEADER(VERSION_MINOR, SET, 1);
static const corpus_patch channel = HEADER(CHANNEL_ID, SET, 999);
static const corpus_patch content0 = HEADER(CONTENT_VERSION, SET, 0);
static const corpus_patch content_big = HEADER(CONTENT_VERSION, SET, CFF_MAX_CONTENT + 1);
static const corpus_patch created_2019 = HEADER(CREATED_UTC, SET, CFF_EPOCH_2020 - 1);
static const corpus_patch created_2100 = HEADER(CREATED_UTC, SET, CORPUS_YEAR_2100);
static const corpus_patch size_plus8 = HEADER(FILE_SIZE, ADD, 8);
static const corpus_patch crc_flip = { AT_FILE, 0, 0, XOR, CFF_HEADER_CRC32C_OFF,
                                       CFF_HEADER_CRC32C_SIZE, 1, 1 };
static const corpus_patch reserved = { AT_FILE, 0, 0, SET,
                                       CFF_HEADER_RESERVED_OFF + CFF_HEADER_RESERVED_SIZE - 1, 1,
                                       0, 1 };
static const corpus_patch sections9 = HEADER(SECTION_COUNT, SET, CFF_MAX_SECTIONS + 1);
static const corpus_patch sections1 = HEADER(SECTION_COUNT, SET, CFF_MIN_SECTIONS - 1);

static const corpus_entry entries[] = {
    { "rules/CFV001-empty.cff", "an empty file", "CFV001", NULL, corpus_zeros, &no_bytes },
    { "rules/CFV001-truncated-to-63-bytes.cff", "the base file cut one byte short of the header",
      "CFV001", NULL, truncated, &short_header },
    { "rules/CFV002-all-zero-64-bytes.cff", "a header's worth of zero bytes", "CFV002", NULL,
      corpus_zeros, &header_size },
    { "rules/CFV003-bad-magic.cff", "magic 4D 5A 90 00 (a PE file) instead of AA AA AA AA",
      "CFV003", NULL, corpus_patched, &magic },
    { "rules/CFV004-version-2.0.cff", "version_major 2", "CFV004", NULL, corpus_patched, &major2 },
    { "rules/CFV004-version-1.1.cff", "version_minor 1", "CFV004", NULL, corpus_patched, &minor1 },
    { "rules/CFV005-unknown-channel-999.cff", "channel_id 999, not in the definitions", "CFV005",
      NULL, corpus_patched, &channel },
    { "rules/CFV006-content-version-0.cff", "content_version 0", "CFV006", NULL, corpus_patched,
      &content0 },
    { "rules/CFV006-content-version-100000000.cff", "content_version 99999999 + 1", "CFV006",
      NULL, corpus_patched, &content_big },
    { "rules/CFV007-created-2019-12-31.cff", "created_utc one second before 2020-01-01",
      "CFV007", NULL, corpus_patched, &created_2019 },
    { "rules/CFV008-created-in-2100.cff",
      "created_utc 2100-01-01, far in the future (a warning; depends on --now)", "CFV008", NULL,
      corpus_patched, &created_2100 },
    { "rules/CFV009-file-size-field-8-too-big.cff", "file_size says 8 bytes more than the file has",
      "CFV009", NULL, corpus_patched, &size_plus8 },
    { "rules/CFV010-crc-mismatch.cff", "crc32c with its lowest bit flipped", "CFV010", NULL,
      corpus_patched, &crc_flip },
    { "rules/CFV011-reserved-header-byte-set.cff", "the last reserved header byte is 1", "CFV011",
      NULL, corpus_patched, &reserved },
    { "rules/CFV012-section-count-9.cff", "section_count 9 (the table is then not read)",
      "CFV012", NULL, corpus_patched, &sections9 },
    { "rules/CFV012-section-count-1.cff", "section_count 1", "CFV012", NULL, corpus_patched,
      &sections1 },
    { "rules/CFV013-over-max-size-64.cff",
      "a small valid file checked with --max-size 64 (see its .args): standing in for a file "
      "over the default 64 MiB limit", "CFV013", "--max-size 64", base, NULL },
};

const corpus_entry *corpus_rules_file(size_t *n)
{
    *n = sizeof entries / sizeof entries[0];
    return entries;
}
