/* One run's rendering state (cfv_validate's sink, validate_host.c): the
 * diagnostic handed to emit lives here between events, and with it the
 * field path of the last one, so that a path sharing its leading steps
 * with the last (every element of an array: instances[3].criteria[...])
 * renders only the steps after them. Internal to validator/render. */
#ifndef CFV_RENDER_CTX_H
#define CFV_RENDER_CTX_H

#include "cfv/render.h"

#define CFV_RENDER_DEPTH 16 /* steps of a path rendered; deeper ones are cut at the top */

/* A rendered step: the node, what of it the text shows, the text's end
 * after its name and after its index. */
typedef struct cfv_render_step {
    const cfv_path *node;
    const char *name;
    int64_t index;
    size_t named, end;
} cfv_render_step;

/* A piece of a template: text p[0..len), or (p NULL) argument k. */
typedef struct cfv_render_seg {
    const char *p;
    size_t len;
    unsigned long k;
} cfv_render_seg;

#define CFV_RENDER_SEGS 8 /* segments kept of a template: the catalog's have at most 7 */

/* The last template rendered, parsed: its first segments, where it goes on. */
typedef struct cfv_render_tpl {
    const char *text;
    cfv_render_seg segs[CFV_RENDER_SEGS];
    int nsegs;
    const char *rest;
} cfv_render_tpl;

/* The last field name rendered and its length. */
typedef struct cfv_render_field {
    const char *name;
    size_t len;
} cfv_render_field;

typedef struct cfv_render_ctx {
    cfv_diag d;
    cfv_render_tpl tpl;
    cfv_render_step steps[CFV_RENDER_DEPTH];
    int nsteps;
    cfv_render_field field;
} cfv_render_ctx;

void cfv_render_ctx_init(cfv_render_ctx *c);

/* cfv_render_to_diag through c. A step is reused when its node, name
 * pointer and index are those of the last event's step at that depth, the
 * template when its text pointer is the last one's, a field's length when
 * its pointer is: the core's path and field names and the catalog's
 * templates are string literals, never rewritten. */
void cfv_render_ctx_emit(cfv_render_ctx *c, const cfv_catalog *cat, const cfv_defs *defs,
                         const cfv_event *e, cfv_diag_fn emit, void *emit_user);

#endif
