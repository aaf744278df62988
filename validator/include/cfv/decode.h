/* cfv decoder: a lenient, bounded view of arbitrary bytes as a CFF v1 file,
 * for `cfv dump`, the release gate and the fuzzer's grammar-aware mutator.
 *
 * Unlike the validator it judges nothing: it reads every field that is
 * present, with its file offset, and goes as far into a broken file as the
 * bytes allow. Guarantees:
 *   - never reads outside buf[0..len);
 *   - allocates only for items actually found in the bytes (strings,
 *     records, criteria), never from a count field;
 *   - one linear pass; a cfv_decoded reused across calls keeps its arrays,
 *     so a fuzzer's decode loop does not allocate once warmed up.
 *
 * Every offset and size comes from the grammar's cff_layout.h.
 *
 *     cfv_decoded d;
 *     cfv_decoded_init(&d);
 *     if (cfv_decode(&d, buf, len) == CFV_DECODE_OK) { ... d.instances[i] ... }
 *     cfv_decoded_free(&d);
 */
#ifndef CFV_DECODE_H
#define CFV_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/writer.h"

/* Table entries decoded at most: what cfv_writer can hold again. */
#define CFV_DECODE_MAX_SECTIONS CFV_WRITER_MAX_SECTIONS

typedef enum cfv_decode_status {
    CFV_DECODE_OK = 0,
    CFV_DECODE_ENOMEM = -1,     /* allocation failed; the view is empty */
    CFV_DECODE_EINVAL = -2      /* NULL argument */
} cfv_decode_status;

/* The header's fields. A field is decoded only when it lies wholly inside
 * the file (cfv_decoded_has_header_field); others read 0. */
typedef struct cfv_dec_header {
    uint32_t magic;
    uint16_t version_major, version_minor;
    uint32_t channel_id;
    uint32_t content_version;
    uint64_t created_utc;
    uint32_t file_size;
    uint32_t crc32c;
    uint32_t section_count;
    uint32_t reserved_nonzero;  /* bytes of `reserved` that are not zero */
} cfv_dec_header;

/* One section table entry. */
typedef struct cfv_dec_section {
    uint64_t entry_off;         /* file offset of the entry (add CFF_SECTION_*_OFF) */
    uint16_t kind, flags;
    uint32_t offset, size, count;
    uint32_t avail;             /* bytes of [offset, offset+size) inside the file */
} cfv_dec_section;

/* One string of the STRINGS section. */
typedef struct cfv_dec_string {
    uint32_t off;               /* offset in the section: the sref naming it */
    uint32_t len;               /* bytes before its NUL (or to the end of the bytes) */
    uint8_t terminated;         /* 0: the section's unterminated tail */
} cfv_dec_string;

/* One Template Instance record. */
typedef struct cfv_dec_instance {
    uint64_t off;               /* file offset (add CFF_INSTANCE_*_OFF) */
    uint32_t instance_id;
    uint16_t template_type;
    uint8_t field_count;
    uint8_t flags;
    uint32_t name;              /* sref */
    uint32_t reserved;
    size_t first_criterion;     /* index into cfv_decoded.criteria */
    uint32_t ncriteria;         /* criteria decoded: field_count, fewer when cut short */
    uint8_t complete;           /* 0: the section ends inside its criteria */
} cfv_dec_instance;

typedef struct cfv_dec_criterion {
    uint64_t off;               /* file offset (add CFF_CRITERION_*_OFF) */
    uint8_t op, flags;
    uint16_t reserved;
    uint32_t operand;
} cfv_dec_criterion;

typedef struct cfv_decoded {
    const uint8_t *data;        /* borrowed: the caller's buffer */
    size_t len;

    size_t header_len;          /* header bytes present: min(len, CFF_HEADER_SIZE) */
    cfv_dec_header header;

    /* Entries decoded: min(section_count, entries wholly in the file,
     * CFV_DECODE_MAX_SECTIONS). table_cut: section_count asked for more. */
    size_t nsections;
    int table_cut;
    cfv_dec_section sections[CFV_DECODE_MAX_SECTIONS];

    /* The first STRINGS / INSTANCES entry (the ones srefs and the validator
     * use), or -1. Their bytes are decoded as far as they lie in the file. */
    int strings_section;
    int instances_section;

    const uint8_t *strtab;      /* the STRINGS bytes present, or NULL */
    uint32_t strtab_len;
    cfv_dec_string *strings;    /* ascending off */
    size_t nstrings;

    cfv_dec_instance *instances;
    size_t ninstances;
    cfv_dec_criterion *criteria;
    size_t ncriteria;
    /* INSTANCES bytes after the last record decoded: fewer than a record
     * header, or a cut-short record's partial criterion. */
    uint64_t leftover_off;
    uint32_t leftover_len;

    /* Capacities and scratch space, kept across calls. */
    size_t strings_cap, instances_cap, criteria_cap;
    uint32_t *scratch;
    size_t scratch_cap;
    uint32_t *same;             /* cfv_decoded_first_same's answer */
    size_t same_cap;
    /* cfv_decoded_pool_check's answer for this view (the mutator asks it
     * twice per round): valid when pool_checked. */
    int pool_checked, pool_result;
    size_t pool_first_unused;
} cfv_decoded;

void cfv_decoded_init(cfv_decoded *d);
void cfv_decoded_free(cfv_decoded *d);

/* Decodes buf[0..len) into d (whose earlier view is replaced; buf must
 * outlive it). Any bytes decode: CFV_DECODE_OK unless out of memory. */
int cfv_decode(cfv_decoded *d, const uint8_t *buf, size_t len);

/* 1 if the header field at [off, off+size) (a CFF_HEADER_ offset and size) is present. */
int cfv_decoded_has_header_field(const cfv_decoded *d, size_t off, size_t size);

/* What a string reference points at. */
typedef enum cfv_sref_status {
    CFV_SREF_OK = 0,            /* the first byte of a NUL-terminated string */
    CFV_SREF_NO_STRINGS = 1,    /* no STRINGS section bytes to point into */
    CFV_SREF_OUT_OF_RANGE = 2,  /* ref >= the STRINGS bytes present */
    CFV_SREF_MIDDLE = 3,        /* inside a string, not at its first byte */
    CFV_SREF_UNTERMINATED = 4   /* start of the section's unterminated tail */
} cfv_sref_status;

/* Resolves ref. *text and *len (either pointer may be NULL) get the bytes from ref to
 * the next NUL or the end of the section whenever ref is in range, else
 * NULL/0. */
cfv_sref_status cfv_decoded_sref(const cfv_decoded *d, uint32_t ref, const uint8_t **text,
                                 size_t *len);
/* Index into d->strings of the string starting at ref, or -1. O(log n). */
long cfv_decoded_string_index(const cfv_decoded *d, uint32_t ref);

/* EQUALS..REGEX: the ops whose operand is a string reference. */
static inline int cfv_op_takes_sref(unsigned op)
{
    return op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX;
}

/* Criterion c of instance i (c < ncriteria). */
static inline const cfv_dec_criterion *cfv_decoded_criterion(const cfv_decoded *d, size_t i,
                                                             size_t c)
{
    return &d->criteria[d->instances[i].first_criterion + c];
}

/* A cfv_writer model of the decoded file: header fields, section table
 * order, kinds, flags and counts, alignment gaps, instances with every
 * field, criteria. Names and string operands become text when the file's
 * STRINGS bytes are exactly what the writer's string pool would produce
 * from them (then the model can be edited freely); otherwise the STRINGS
 * section is kept as raw bytes and every reference raw.
 *
 * A valid file encodes back byte for byte. A broken one comes back as
 * close as the model can say: file_size and crc32c are recomputed, reserved
 * header bytes zeroed, junk padding becomes one fill byte, sections past
 * the end of the file or overlapping others are laid out afresh. Each
 * section holds at most the input's bytes, so the encoding stays under
 * (sections + 1) x (input + 8) + header bytes.
 *
 * Uses d's scratch space. Returns CFV_WRITER_OK with *out (free with
 * cfv_writer_free), or a cfv_writer_status with *out NULL. */
int cfv_decode_to_writer(cfv_decoded *d, cfv_writer **out);
/* The same model in w, reset first (cfv_writer_reset: its memory is
 * reused). On error w holds part of the model: reset or free it. */
int cfv_decode_into_writer(cfv_decoded *d, cfv_writer *w);
/* Only the frame of that model: w reset to d's header and layout, with no
 * instances and no strings (to append others, e.g. the mutator's). */
int cfv_decode_frame_into_writer(cfv_decoded *d, cfv_writer *w);

/* Appends instance i of d to w as cfv_decode_to_writer models it: names and
 * string operands as text when `text` (cfv_decoded_strings_canonical) and the
 * reference is a whole string, raw references otherwise. */
int cfv_decode_append_instance(cfv_writer *w, const cfv_decoded *d, size_t i, int text);

/* 1 if cfv_decode_to_writer would give names and operands as text. */
int cfv_decoded_strings_canonical(cfv_decoded *d);

/* The same test: 1 if the STRINGS bytes are what cfv_writer's pool builds
 * from the references that resolve to whole strings, with *first_unused
 * (may be NULL) = the index of the first string no reference uses (from
 * there on, the writer's unreferenced "extra" strings); 0 if not; -1 out
 * of memory. */
int cfv_decoded_pool_check(cfv_decoded *d, size_t *first_unused);

/* For each string i, the index of the first string with the same text (i
 * itself if none comes before): *same points at nstrings entries in d's
 * space, valid until the next call on d. 0, or -1 out of memory. */
int cfv_decoded_first_same(cfv_decoded *d, const uint32_t **same);

#endif
