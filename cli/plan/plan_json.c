/* The plan as JSON: FLEET.md's keys, plus
 *   top level: "tool", "version", "hosts", "files", "unreadable", "through"
 *              (the --through ring or null) and "exit" (the exit status);
 *   per ring:  "unsafe" always (empty when clear), "previous" and "changes"
 *              with --against;
 *   per unsafe sensor: "profile" (false: no profile, blocked fail-closed)
 *              and "reason" (its first diagnostic). */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "plan_render.h"

static void str(cfv_buf *b, const char *s) { cfv_esc_json(b, s, strlen(s)); }

static void rules_array(cfv_buf *b, const uint16_t *rules, size_t n)
{
    cfv_buf_putc(b, '[');
    for (size_t k = 0; k < n; k++)
        cfv_buf_printf(b, "%s\"CFV%03u\"", k ? "," : "", rules[k] % 1000u);
    cfv_buf_putc(b, ']');
}

static void unsafe_entry(cfv_buf *b, const cfv_plan *p, size_t i)
{
    const cfv_fleet_entry *e = &p->fleet->entries[i];
    cfv_buf_puts(b, "{\"sensor\":");
    str(b, p->fleet->sensors[e->sensor]);
    cfv_buf_printf(b, ",\"hosts\":%" PRIu64 ",\"files\":[", e->hosts);
    uint16_t rules[2 * CFV_PLAN_RULES];
    size_t n, nf = 0;
    for (size_t f = 0; (f = cfv_plan_next_unsafe_file(p, i, f, rules, &n)) < p->nfiles; f++) {
        cfv_buf_puts(b, nf++ ? ",{\"path\":" : "{\"path\":");
        str(b, p->paths[f]);
        cfv_buf_puts(b, ",\"rules\":");
        rules_array(b, rules, n);
        cfv_buf_putc(b, '}');
    }
    const cfv_plan_reason *r = cfv_plan_entry_reason(p, i);
    cfv_buf_printf(b, "],\"profile\":%s,\"reason\":", r ? "true" : "false");
    if (r && r->file >= 0) {
        cfv_buf_printf(b, "{\"path\":");
        str(b, p->paths[r->file]);
        cfv_buf_printf(b, ",\"rule\":\"CFV%03u\",\"message\":", r->rule % 1000u);
        cfv_esc_json(b, r->message, strnlen(r->message, sizeof r->message));
        cfv_buf_putc(b, '}');
    } else if (!r) {
        cfv_buf_puts(b, "{\"path\":null,\"rule\":null,\"message\":\"no sensor profile in the "
                        "definitions: cannot be proven safe (fail closed)\"}");
    } else {
        cfv_buf_puts(b, "null");
    }
    cfv_buf_putc(b, '}');
}

static void ring_object(cfv_buf *b, const cfv_plan *p, size_t r)
{
    const cfv_plan_ring *ring = &p->rings[r];
    cfv_buf_puts(b, "\n  {\"ring\":");
    str(b, p->fleet->rings[r]);
    cfv_buf_printf(b, ",\"status\":\"%s\",\"hosts\":%" PRIu64 ",\"unsafe_hosts\":%" PRIu64
                      ",\"unsafe\":[",
                   ring->clear ? "clear" : "blocked", ring->hosts, ring->unsafe_hosts);
    size_t n = 0;
    for (size_t x = p->ring_start[r], end = p->ring_start[r + 1];
         (x = cfv_plan_next_unsafe(p, r, x)) < end; x++) {
        cfv_buf_puts(b, n++ ? ",\n     " : "\n     ");
        unsafe_entry(b, p, p->by_ring[x]);
    }
    cfv_buf_putc(b, ']');
    long k = p->ring_prev ? p->ring_prev[r] : -1;
    if (k >= 0) {
        const cfv_plan_changes *c = &p->changes[k];
        cfv_buf_puts(b, ",\"previous\":");
        str(b, p->prev_paths[k]);
        cfv_buf_printf(b, ",\"changes\":{\"added\":%" PRIu64 ",\"removed\":%" PRIu64
                          ",\"changed\":%" PRIu64 ",\"unchanged\":%" PRIu64
                          ",\"first_reads\":%" PRIu64 "}",
                       c->added, c->removed, c->changed, c->unchanged, c->first_reads);
    }
    cfv_buf_putc(b, '}');
}

void cfv_plan_render_json(cfv_buf *b, const cfv_plan_view *v)
{
    const cfv_plan *p = v->plan;
    const cfv_fleet *fl = p->fleet;
    cfv_buf_puts(b, "{\"tool\":\"cfv\",\"version\":");
    str(b, CFV_VERSION);
    cfv_buf_puts(b, ",\"fleet\":");
    str(b, fl->name);
    cfv_buf_puts(b, ",\"deployable_through\":");
    if (p->deployable_through >= 0)
        str(b, fl->rings[p->deployable_through]);
    else
        cfv_buf_puts(b, "null");
    cfv_buf_printf(b, ",\"blast_radius_hosts\":%" PRIu64 ",\"hosts\":%" PRIu64
                      ",\"files\":%zu,\"unreadable\":%zu,\"through\":",
                   p->blast_radius, fl->total_hosts, p->nfiles, v->unreadable);
    if (v->through >= 0)
        str(b, fl->rings[v->through]);
    else
        cfv_buf_puts(b, "null");
    cfv_buf_printf(b, ",\"exit\":%d,\"rings\":[",
                   v->unreadable ? 2 : cfv_plan_exit_status(p, v->through));
    for (size_t r = 0; r < fl->nrings; r++) {
        if (r)
            cfv_buf_putc(b, ',');
        ring_object(b, p, r);
    }
    cfv_buf_puts(b, "\n]}\n");
}
