/* The renderers of a computed plan: text (a line per ring), JSON
 * (FLEET.md's keys) and Markdown (a ring x sensor table). SARIF is check's
 * report, streamed while the files are validated. */
#ifndef CFV_CLI_PLAN_RENDER_H
#define CFV_CLI_PLAN_RENDER_H

#include "buf.h"
#include "plan.h"

typedef struct cfv_plan_view {
    const cfv_plan *plan;
    long through;               /* --through ring, or -1 */
    size_t unreadable;          /* files that could not be read (unsafe everywhere) */
} cfv_plan_view;

void cfv_plan_render_text(cfv_buf *b, const cfv_plan_view *v);
void cfv_plan_render_json(cfv_buf *b, const cfv_plan_view *v);
void cfv_plan_render_markdown(cfv_buf *b, const cfv_plan_view *v);

/* Shared by the renderers. */
/* "5,100,000" */
void cfv_plan_put_count(cfv_buf *b, uint64_t n);
/* Every rule that makes file-set unsafe for an entry, over all files, in
 * first-seen order (at most cap); returns how many. */
size_t cfv_plan_entry_rules(const cfv_plan *p, size_t entry, uint16_t *rules, size_t cap);
/* Number of files unsafe for an entry. */
size_t cfv_plan_entry_files(const cfv_plan *p, size_t entry);
/* The first blocked ring, or -1. */
long cfv_plan_first_blocked(const cfv_plan *p);

#endif
