/* cfv-corpus internals: the catalog of corpus files and the builders that
 * make them with the writer (validator/include/cfv/writer.h). */
#ifndef CFV_CORPUS_H
#define CFV_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/writer.h"

/* Fixed times: the corpus must be byte-for-byte reproducible. */
#define CORPUS_CREATED 1719792000u     /* 2024-07-01T00:00:00Z */
#define CORPUS_NOW 1721347200u         /* 2024-07-19T00:00:00Z, for CFV008 */
#define CORPUS_YEAR_2100 4102444800u   /* 2100-01-01T00:00:00Z */

typedef struct corpus_ctx {
    const cfv_defs *defs;
    const char *defs_text;      /* grammar/cff.defs, for derived .defs sidecars */
    size_t defs_len;
} corpus_ctx;

/* Bytes a builder produced (a CFF file or a text sidecar); owns data. */
typedef struct corpus_bytes {
    uint8_t *data;
    size_t len;
} corpus_bytes;

/* Builds one file from the entry's arg; 0 on success. */
typedef int (*corpus_build_fn)(const corpus_ctx *ctx, const void *arg, corpus_bytes *out);

typedef struct corpus_entry {
    const char *path;           /* under OUTDIR, e.g. "rules/CFV003-bad-magic.cff" */
    const char *shows;          /* one line for corpus/README.md */
    /* What cfv reports: RULE[@SENSOR] per diagnostic, space-separated, with
     * every sensor, --now CORPUS_NOW, the .args and the base name; "" for a
     * clean file; NULL for a sidecar that is not a CFF file. */
    const char *expect;
    const char *args;           /* content of PATH.args (cfv check options), or NULL */
    corpus_build_fn build;
    const void *arg;            /* passed to build */
} corpus_entry;

/* The catalog, by directory (each part in the file that builds it). */
const corpus_entry *corpus_valid(size_t *n);
const corpus_entry *corpus_incident(size_t *n);
const corpus_entry *corpus_rules_file(size_t *n);      /* CFV001..CFV013 */
const corpus_entry *corpus_rules_sections(size_t *n);  /* CFV020..CFV035 */
const corpus_entry *corpus_rules_records(size_t *n);   /* CFV040..CFV056 */
const corpus_entry *corpus_rules_sensors(size_t *n);   /* CFV060..CFV070 */
const corpus_entry *corpus_zero(size_t *n);

/* ---- building blocks (build.c) */

/* One criterion by field name; text for string ops, value otherwise. */
typedef struct corpus_crit {
    const char *field;
    uint8_t op, flags;
    const char *text;
    uint32_t value;
} corpus_crit;

#define CORPUS_STR(f, op, fl, t) { (f), CFF_OP_##op, (fl), (t), 0 }
#define CORPUS_INT(f, op, fl, v) { (f), CFF_OP_##op, (fl), NULL, (v) }
#define NOCASE CFF_CRITERION_FLAG_NOCASE
#define NEGATE CFF_CRITERION_FLAG_NEGATE
#define ENABLED CFF_INSTANCE_FLAG_ENABLED

typedef struct corpus_inst {
    uint32_t id;
    const char *name;
    uint8_t flags;
    const corpus_crit *crit;    /* ncrit entries; unnamed fields stay ANY */
    size_t ncrit;
} corpus_inst;

#define CORPUS_CRITS(a) (a), (sizeof(a) / sizeof((a)[0]))

/* A writer for template type `type` (by name) on its own channel, content
 * version 1, created CORPUS_CREATED, no instances; NULL on error. */
cfv_writer *corpus_writer(const corpus_ctx *ctx, const char *type);
/* Appends an instance of the writer's channel type with field_count from
 * the definitions; returns its index or -1. */
int corpus_add(const corpus_ctx *ctx, cfv_writer *w, const corpus_inst *in);
/* corpus_writer holding the n instances in[]; NULL on error. */
cfv_writer *corpus_writer_with(const corpus_ctx *ctx, const char *type, const corpus_inst *in,
                               size_t n);
/* Index of a field of the writer's type, or -1. */
int corpus_field(const corpus_ctx *ctx, const cfv_writer *w, const char *field);

/* The base file the rule files break one thing of: ProcessStart, one
 * enabled instance with a SUFFIX, a CONTAINS and an INT_EQ criterion. */
cfv_writer *corpus_base(const corpus_ctx *ctx);

/* One patch of an encoded file at a field of one of its parts. */
typedef enum corpus_at { AT_FILE, AT_SECTION, AT_INSTANCE, AT_CRITERION } corpus_at;
typedef enum corpus_how { SET, ADD, XOR } corpus_how;

typedef struct corpus_patch {
    uint8_t at;                 /* corpus_at: offsets from the file, table entry `index`,
                                   record `index`, or criterion `sub` of record `index` */
    uint8_t index, sub;
    uint8_t how;                /* corpus_how */
    uint32_t off;               /* a CFF_*_OFF within the part */
    uint8_t width;              /* a CFF_*_SIZE */
    uint8_t keep_crc;           /* 1: leave the CRC stale (CFV010) */
    uint64_t value;
} corpus_patch;

/* Applies p to f, then re-fixes the CRC unless p->keep_crc. */
int corpus_apply(cfv_wfile *f, const corpus_patch *p);
/* The base file with p applied; p.value is value_of(encoded base) unless
 * value_of is NULL (a negative value is an error). */
int corpus_patch_base(const corpus_ctx *ctx, corpus_patch p, int64_t (*value_of)(const cfv_wfile *),
                      corpus_bytes *out);
/* A build fn: the base file with the corpus_patch `arg` applied. */
int corpus_patched(const corpus_ctx *ctx, const void *arg, corpus_bytes *out);

/* Build fns: the base file with the cfv_writer_layout `arg`; with
 * instance 0 renamed to the C string `arg`. */
int corpus_laid_out(const corpus_ctx *ctx, const void *arg, corpus_bytes *out);
int corpus_renamed(const corpus_ctx *ctx, const void *arg, corpus_bytes *out);
/* Build fn: *(const size_t *)arg zero bytes. */
int corpus_zeros(const corpus_ctx *ctx, const void *arg, corpus_bytes *out);

#define STRINGS_ENTRY { .kind = CFF_SECTION_KIND_STRINGS, .content = CFV_WRITER_STRINGS }
#define INSTANCES_ENTRY { .kind = CFF_SECTION_KIND_INSTANCES, .content = CFV_WRITER_INSTANCES }
/* An INSTANCES entry with some cfv_writer_section fields set. */
#define INSTANCES_WITH(...) \
    { .kind = CFF_SECTION_KIND_INSTANCES, .content = CFV_WRITER_INSTANCES, __VA_ARGS__ }
#define LAYOUT(n, ...) { .nsections = (n), .sections = { __VA_ARGS__ } }
#define SECTION(i, field, how, v) \
    { AT_SECTION, i, 0, how, CFF_SECTION_##field##_OFF, CFF_SECTION_##field##_SIZE, 0, v }
#define INSTANCE(i, field, how, v) \
    { AT_INSTANCE, i, 0, how, CFF_INSTANCE_##field##_OFF, CFF_INSTANCE_##field##_SIZE, 0, v }

/* Encodes w into out (frees w); 0 on success. */
int corpus_encode(cfv_writer *w, cfv_wfile *f);
/* Moves f's bytes into out. */
int corpus_take(cfv_wfile *f, corpus_bytes *out);
/* Encodes w and moves the bytes into out; for builders with no patch. */
int corpus_finish(cfv_writer *w, corpus_bytes *out);

/* ---- output (output.c, readme.c) */

/* Writes n bytes to dir/rel, creating rel's directories; 0 or -1 (errno). */
int corpus_write(const char *dir, const char *rel, const void *p, size_t n);
/* corpus/README.md and corpus/expected.txt for the whole catalog. */
int corpus_write_readme(const char *dir, const corpus_entry *const *parts, const size_t *counts,
                        size_t nparts);
int corpus_write_expected(const char *dir, const corpus_entry *const *parts,
                          const size_t *counts, size_t nparts);

#endif
