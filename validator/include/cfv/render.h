/* Host-side rendering of the core's structured events: the catalog's message
 * template with its typed arguments filled in (never truncated: operands in
 * full, escaped as C would), and the field path. */
#ifndef CFV_RENDER_H
#define CFV_RENDER_H

#include <stddef.h>

#include "cfv/cfv.h"

/* The message of e, malloc'd (NULL only when out of memory). defs names the
 * sensors and may be NULL (sensor arguments then show as numbers). */
char *cfv_render_message(const cfv_catalog *cat, const cfv_event *e, const cfv_defs *defs);

/* The field path of e ("instances[3].criteria[20].op", "file" at the top)
 * into out[cap]; deep paths are cut at cap - 1 bytes. */
void cfv_render_path(const cfv_event *e, char *out, size_t cap);

/* Renders e and hands it to emit as a cfv_diag (the CLI's and tests' view). */
void cfv_render_to_diag(const cfv_catalog *cat, const cfv_defs *defs, const cfv_event *e,
                        cfv_diag_fn emit, void *emit_user);

#endif
