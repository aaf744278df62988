/* cfv writer: builds CFF v1 files (FORMAT.md) from a model, for tests, the
 * corpus and the fuzzer's mutator. Hosted C (malloc), no global state; every
 * function returns an error instead of exiting.
 *
 * Every offset, size and enum value comes from the layout the grammar
 * generates (cff_layout.h, included below for callers' CFF_* macros).
 *
 * Typical use:
 *
 *     cfv_writer *w = cfv_writer_new(261, 1, 1719792000);
 *     int i = cfv_writer_add_instance(w, 1, 1, 12, CFF_INSTANCE_FLAG_ENABLED, "rule");
 *     cfv_writer_set_str(w, i, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, "\\cmd.exe");
 *     cfv_wfile f;
 *     if (cfv_writer_encode(w, &f) == CFV_WRITER_OK) { ... f.data, f.len ... }
 *
 * Deliberately wrong files: either shape the model and the layout (wrong
 * field_count, fewer criteria than field_count, raw srefs, unknown or
 * duplicate sections, misalignment, junk padding, count overrides), or
 * encode a valid file and patch it (cfv_wfile_put at offsets from
 * cfv_wfile_instance / cfv_wfile_criterion / cfv_wfile_section_entry plus
 * the CFF_*_OFF macros), then re-fix file_size and/or the CRC if the test
 * wants only the patched rule to break.
 *
 * The string pool: instance names and string operands given as text are
 * interned into STRINGS in first-use order (instances in order; in each, the
 * name, then the operands in field order), then the extra strings; every
 * distinct text is stored once. */
#ifndef CFV_WRITER_H
#define CFV_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "cff_layout.h"

/* More table entries than a valid file may have (8), for CFV012 files. */
#define CFV_WRITER_MAX_SECTIONS 16

typedef enum cfv_writer_status {
    CFV_WRITER_OK = 0,
    CFV_WRITER_ENOMEM = -1,     /* allocation failed */
    CFV_WRITER_EINVAL = -2,     /* bad argument: index out of range, NULL, bad width */
    CFV_WRITER_ERANGE = -3      /* the file would not fit the format's u32 offsets, or a
                                   patch falls outside the buffer */
} cfv_writer_status;

typedef struct cfv_writer cfv_writer;   /* the model; owns its strings */

/* Header fields the model sets; file_size, crc32c, section_count and the
 * reserved bytes are computed by the encoder (patch them afterwards). */
typedef struct cfv_writer_header {
    uint32_t magic;             /* CFF_MAGIC */
    uint16_t version_major;     /* CFF_VERSION_MAJOR */
    uint16_t version_minor;     /* CFF_VERSION_MINOR */
    uint32_t channel_id;
    uint32_t content_version;
    uint64_t created_utc;
} cfv_writer_header;

/* The scalar fields of one instance record, written as they are. The name
 * is set with cfv_writer_set_name (text, interned) or cfv_writer_set_name_ref
 * (name_ref written raw). */
typedef struct cfv_writer_instance {
    uint32_t instance_id;
    uint16_t template_type;
    uint8_t field_count;        /* written as is: need not match the criteria held */
    uint8_t flags;              /* CFF_INSTANCE_FLAG_* */
    uint32_t name_ref;          /* written only when the name has no text */
    uint32_t reserved;
} cfv_writer_instance;

/* The scalar fields of one criterion. operand is written only when the
 * operand has no text (ANY, integer ops, raw srefs). */
typedef struct cfv_writer_criterion {
    uint8_t op;                 /* CFF_OP_* */
    uint8_t flags;              /* CFF_CRITERION_FLAG_* */
    uint16_t reserved;
    uint32_t operand;
} cfv_writer_criterion;

/* What fills a section. */
typedef enum cfv_writer_content {
    CFV_WRITER_STRINGS = 1,     /* the model's string pool */
    CFV_WRITER_INSTANCES = 2,   /* the model's instance records */
    CFV_WRITER_RAW = 3          /* caller bytes (unknown kinds, duplicate sections) */
} cfv_writer_content;

/* One section table entry and how its section is laid out. Zero-initialized
 * apart from kind and content, it is a valid, 8-aligned section. */
typedef struct cfv_writer_section {
    uint16_t kind;              /* written to the table: CFF_SECTION_KIND_* or anything */
    uint16_t flags;             /* written to the table (valid: 0) */
    uint8_t content;            /* cfv_writer_content */
    uint8_t unaligned;          /* 1: start where the previous section (or the table)
                                   ends, skipping the 8-alignment */
    uint8_t pad_fill;           /* byte filling the padding before this section
                                   (valid: 0) */
    uint8_t extra_fill;         /* byte of the `extra` bytes */
    uint32_t gap;               /* padding bytes added before the section beyond the
                                   8-alignment (valid: 0; not a multiple of 8 misaligns) */
    uint32_t extra;             /* bytes appended inside the section, counted in its size */
    uint8_t has_count;          /* 1: write `count` instead of the real count */
    uint32_t count;
    const uint8_t *raw;         /* CFV_WRITER_RAW: borrowed until cfv_writer_encode */
    size_t raw_len;
} cfv_writer_section;

/* The section table in table order; sections are placed in this order. */
typedef struct cfv_writer_layout {
    size_t nsections;           /* entries written; the header's section_count */
    cfv_writer_section sections[CFV_WRITER_MAX_SECTIONS];
    uint32_t tail;              /* bytes appended after the final 8-alignment */
    uint8_t tail_fill;          /* their value (0 is still junk: past the alignment) */
} cfv_writer_layout;

/* ------------------------------------------------------------------ model */

/* A model with a valid header (magic, version 1.0, the given fields), the
 * default layout (STRINGS then INSTANCES) and no instance. NULL: no memory. */
cfv_writer *cfv_writer_new(uint32_t channel_id, uint32_t content_version, uint64_t created_utc);
void cfv_writer_free(cfv_writer *w);
/* Makes w what cfv_writer_new gives, keeping its memory: a program that
 * builds many models (the fuzzer's mutator, one per mutation) allocates
 * nothing once warmed up. Views and texts taken from w before are invalid. */
void cfv_writer_reset(cfv_writer *w, uint32_t channel_id, uint32_t content_version,
                      uint64_t created_utc);

/* Mutable views; valid until cfv_writer_free. */
cfv_writer_header *cfv_writer_header_of(cfv_writer *w);
cfv_writer_layout *cfv_writer_layout_of(cfv_writer *w);

/* Sets l to STRINGS then INSTANCES, aligned, no tail. */
void cfv_writer_layout_default(cfv_writer_layout *l);
/* Appends a zeroed entry of this kind and content; NULL if the table is full. */
cfv_writer_section *cfv_writer_layout_add(cfv_writer_layout *l, uint16_t kind, uint8_t content);

/* Appends an instance holding field_count criteria, all ANY. name: text to
 * intern (may be "", not NULL). Returns its index, or a cfv_writer_status. */
int cfv_writer_add_instance(cfv_writer *w, uint32_t instance_id, uint16_t template_type,
                            uint8_t field_count, uint8_t flags, const char *name);
size_t cfv_writer_instance_count(const cfv_writer *w);
/* NULL if i is out of range. The pointer is valid until the next add_instance. */
cfv_writer_instance *cfv_writer_instance_at(cfv_writer *w, size_t i);
int cfv_writer_set_name(cfv_writer *w, size_t i, const char *text);
int cfv_writer_set_name_ref(cfv_writer *w, size_t i, uint32_t ref);

/* Criteria held by instance i: field_count at first. Changing it writes a
 * record of another length (CFV040/CFV045 files); new criteria are ANY. */
size_t cfv_writer_criteria_count(const cfv_writer *w, size_t i);
int cfv_writer_set_criteria_count(cfv_writer *w, size_t i, size_t n);
/* NULL if out of range. Valid until the criteria count of i changes. */
cfv_writer_criterion *cfv_writer_criterion_at(cfv_writer *w, size_t i, size_t c);

/* Criterion c of instance i with a string operand given as text (interned). */
int cfv_writer_set_str(cfv_writer *w, size_t i, size_t c, uint8_t op, uint8_t flags,
                       const char *text);
/* Criterion c of instance i with a raw operand: ANY (0), an integer op's
 * value, or a string op's sref written as is. */
int cfv_writer_set_int(cfv_writer *w, size_t i, size_t c, uint8_t op, uint8_t flags,
                       uint32_t operand);

/* A string stored in STRINGS after the referenced ones, referenced by nothing. */
int cfv_writer_add_string(cfv_writer *w, const char *text);

/* ----------------------------------------------------------------- encoding */

/* Where one table entry's section landed. */
typedef struct cfv_wfile_section {
    uint16_t kind;
    uint8_t content;            /* cfv_writer_content */
    uint32_t offset, size, count;
} cfv_wfile_section;

/* An encoded file and where its parts are; owns data and instance_off. */
typedef struct cfv_wfile {
    uint8_t *data;
    size_t len;
    size_t nsections;
    cfv_wfile_section sections[CFV_WRITER_MAX_SECTIONS];
    size_t strings_section;     /* first entry holding the string pool, or SIZE_MAX */
    size_t instances_section;   /* first entry holding the instance records, or SIZE_MAX */
    size_t ninstances;
    size_t *instance_off;       /* file offset of each record (in instances_section) */
    size_t *instance_ncrit;     /* criteria each record holds */
} cfv_wfile;

/* Encodes the model: header, section table, sections, zero padding,
 * file_size and CRC-32C. On error *out is zeroed and owns nothing. */
int cfv_writer_encode(const cfv_writer *w, cfv_wfile *out);
/* The same bytes into buf (cap bytes), *len their count: nothing is
 * allocated once w has encoded a model of that size (its string pool is
 * kept in w). CFV_WRITER_ERANGE, *len 0, when the file exceeds cap. */
int cfv_writer_encode_to(cfv_writer *w, uint8_t *buf, size_t cap, size_t *len);
void cfv_wfile_free(cfv_wfile *f);

/* File offsets for patches and assertions; -1 when there is no such thing. */
uint64_t cfv_wfile_section_entry(size_t i);     /* table entry i (add CFF_SECTION_*_OFF) */
int64_t cfv_wfile_instance(const cfv_wfile *f, size_t i);          /* add CFF_INSTANCE_*_OFF */
int64_t cfv_wfile_criterion(const cfv_wfile *f, size_t i, size_t c); /* add CFF_CRITERION_*_OFF */
int64_t cfv_wfile_sref(const cfv_wfile *f, const char *text);      /* offset in STRINGS */
int64_t cfv_wfile_string(const cfv_wfile *f, const char *text);    /* offset in the file */

/* ----------------------------------------------------------------- patching */

/* Stores v little-endian in width (1, 2, 4 or 8; e.g. a CFF_*_SIZE) bytes at off. */
int cfv_wfile_put(cfv_wfile *f, uint64_t off, unsigned width, uint64_t v);
/* Sets n bytes at off to byte. */
int cfv_wfile_fill(cfv_wfile *f, uint64_t off, size_t n, uint8_t byte);
/* Truncates or extends (with fill) the file to len bytes; no fix-up. */
int cfv_wfile_resize(cfv_wfile *f, size_t len, uint8_t fill);

/* Re-fixes after patching: file_size := len; crc32c := the file's CRC-32C.
 * Fix the size first, as the CRC covers it. ERANGE if len is shorter than
 * the field or (size) above u32. */
int cfv_writer_fix_size(uint8_t *buf, size_t len);
int cfv_writer_fix_crc(uint8_t *buf, size_t len);
/* Both, in that order, on an encoded file. */
int cfv_wfile_fix(cfv_wfile *f);

#endif
