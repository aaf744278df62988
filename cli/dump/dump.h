/* `cfv dump` renderers: every field of a decoded file with its offset, and
 * the validator's diagnostics where they point. */
#ifndef CFV_CLI_DUMP_H
#define CFV_CLI_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "auth_env.h"
#include "buf.h"
#include "cfv/decode.h"

typedef struct cfv_dump_ctx {
    cfv_buf *b;
    cfv_decoded *d;
    const cfv_auth_env *env;
    const cfv_diag_list *diags;
    const char *label;          /* the file as named on the command line; NULL: unnamed (textconv) */
    uint64_t real_size;
    size_t *order;              /* diagnostics sorted by offset (stable) */
    uint8_t *shown;             /* per diagnostic: already printed */
} cfv_dump_ctx;

/* Sorts the diagnostics for annotation; -1 out of memory. */
int cfv_dump_ctx_init(cfv_dump_ctx *c);
void cfv_dump_ctx_free(cfv_dump_ctx *c);

void cfv_dump_text(cfv_dump_ctx *c);
void cfv_dump_json(cfv_dump_ctx *c);

/* Shared naming helpers. */
/* The definitions' type index of an instance's template_type, or -1. */
int cfv_dump_type(const cfv_dump_ctx *c, uint16_t template_type);
/* Field c of type index t, or NULL. */
const char *cfv_dump_field(const cfv_dump_ctx *c, int t, uint32_t i);
/* "7.11", or NULL when the diagnostic names no sensor. */
const char *cfv_dump_sensor(const cfv_dump_ctx *c, const cfv_diag *dg);
/* What an sref status means, for listings ("ok", "out of range", ...). */
const char *cfv_dump_sref_status(cfv_sref_status st);

#endif
