/* The cfv source format (docs/source-format.md) compiled into a cfv_writer
 * model, with where every instance and criterion came from so validation
 * diagnostics can point back at the source. */
#ifndef CFV_AUTHORING_SRC_PARSE_H
#define CFV_AUTHORING_SRC_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/writer.h"

typedef struct cfv_src_loc {
    uint32_t line, col;         /* 1-based; line 0: nowhere in the source */
} cfv_src_loc;

typedef struct cfv_src_inst {
    cfv_src_loc at;             /* the `instance` keyword */
    size_t first_crit;          /* into cfv_src_model.crits */
    uint32_t ncrit;             /* the type's field count */
} cfv_src_inst;

typedef struct cfv_src_model {
    cfv_writer *w;
    uint8_t *pool;              /* a `pool` block's STRINGS bytes (w's layout borrows them) */
    size_t pool_len, pool_cap;
    cfv_src_inst *insts;
    size_t ninst, inst_cap;
    cfv_src_loc *crits;         /* per criterion; line 0 for an implied `any` */
    size_t ncrits, crit_cap;
    cfv_src_loc channel_at, content_version_at, created_at;
} cfv_src_model;

typedef struct cfv_src_error {
    uint32_t line, col;
    char message[256];
} cfv_src_error;

/* Parses text[0..len) against defs; `created_utc now` reads `now`.
 * Returns 0 with *m filled, or -1 with the first error in *err (m is then
 * empty). Never writes anything. */
int cfv_src_parse(const char *text, size_t len, const cfv_defs *defs, uint64_t now,
                  cfv_src_model *m, cfv_src_error *err);
void cfv_src_model_free(cfv_src_model *m);

/* Parses and encodes: 0 with *m and *f (free both), or -1 with *err
 * (an encoding failure is reported at line 1). */
int cfv_src_compile(const char *text, size_t len, const cfv_defs *defs, uint64_t now,
                    cfv_src_model *m, cfv_wfile *f, cfv_src_error *err);

/* Where the byte at file offset `off` of f (the encoded model) came from:
 * the header statement, instance or criterion; line 0 if nowhere. */
cfv_src_loc cfv_src_locate(const cfv_src_model *m, const cfv_wfile *f, uint64_t off);

#endif
