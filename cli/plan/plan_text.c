/* The plan for a person: a line per ring (mark, hosts, status and the
 * first reason), then one summary line. */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "plan_render.h"

#define MAX_BLOCKERS 3          /* sensors named in the summary line */

static void put_name(cfv_buf *b, const char *s) { cfv_esc_text(b, s, strlen(s)); }

static void put_rule(cfv_buf *b, uint16_t rule) { cfv_buf_printf(b, "CFV%03u", rule % 1000u); }

static size_t count_width(uint64_t n)
{
    cfv_buf t = {0};
    cfv_plan_put_count(&t, n);
    size_t w = t.len;
    cfv_buf_free(&t);
    return w;
}

static void pad(cfv_buf *b, size_t n)
{
    while (n--)
        cfv_buf_putc(b, ' ');
}

static void reason(cfv_buf *b, const cfv_plan *p, size_t entry)
{
    const cfv_fleet *fl = p->fleet;
    const cfv_fleet_entry *e = &fl->entries[entry];
    cfv_buf_puts(b, "sensor ");
    put_name(b, fl->sensors[e->sensor]);
    cfv_buf_puts(b, " on ");
    cfv_plan_put_count(b, e->hosts);
    cfv_buf_puts(b, e->hosts == 1 ? " host" : " hosts");
    const cfv_plan_reason *r = cfv_plan_entry_reason(p, entry);
    if (!r) {
        cfv_buf_puts(b, " has no profile in the definitions (fail closed)");
        return;
    }
    if (r->file < 0)
        return;
    cfv_buf_puts(b, ": ");
    put_name(b, p->paths[r->file]);
    cfv_buf_puts(b, ": ");
    cfv_esc_text(b, r->message, strnlen(r->message, sizeof r->message));
    cfv_buf_puts(b, " [");
    put_rule(b, r->rule);
    cfv_buf_putc(b, ']');
}

static void changes(cfv_buf *b, const cfv_plan *p, size_t ring)
{
    long k = p->ring_prev ? p->ring_prev[ring] : -1;
    if (k < 0)
        return;
    const cfv_plan_changes *c = &p->changes[k];
    cfv_buf_puts(b, "; against ");
    put_name(b, p->prev_paths[k]);
    cfv_buf_printf(b, ": %" PRIu64 " added, %" PRIu64 " removed, %" PRIu64 " changed", c->added,
                   c->removed, c->changed);
    if (c->first_reads)
        cfv_buf_printf(b, ", %" PRIu64 " first %s of a field (CFV082)", c->first_reads,
                       c->first_reads == 1 ? "read" : "reads");
}

static void ring_line(cfv_buf *b, const cfv_plan *p, size_t r, long blocked, size_t name_w,
                      size_t hosts_w)
{
    const cfv_plan_ring *ring = &p->rings[r];
    const char *name = p->fleet->rings[r];
    cfv_buf_puts(b, ring->clear ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ");   /* ✓ ✗ */
    put_name(b, name);
    size_t nl = strlen(name);
    pad(b, (nl < name_w ? name_w - nl : 0) + 1 + hosts_w - count_width(ring->hosts));
    cfv_plan_put_count(b, ring->hosts);
    cfv_buf_puts(b, ring->hosts == 1 ? " host   " : " hosts  ");
    if (ring->clear) {
        cfv_buf_puts(b, "clear");
        if (blocked >= 0 && (long)r > blocked) {
            cfv_buf_puts(b, ", not reached: ");
            put_name(b, p->fleet->rings[blocked]);
            cfv_buf_puts(b, " before it is blocked");
        }
    } else {
        size_t unsafe = 0;
        for (size_t x = p->ring_start[r]; x < p->ring_start[r + 1]; x++)
            unsafe += p->entry_unsafe[p->by_ring[x]];
        cfv_buf_puts(b, "blocked: ");
        reason(b, p, (size_t)ring->first_unsafe);
        if (unsafe > 1)
            cfv_buf_printf(b, " (+%zu more %s)", unsafe - 1, unsafe == 2 ? "sensor" : "sensors");
    }
    changes(b, p, r);
    cfv_buf_putc(b, '\n');
}

/* "7.11 (CFV060, CFV061), 9.9 (no profile)" for the ring's unsafe sensors. */
static void blockers(cfv_buf *b, const cfv_plan *p, size_t r)
{
    size_t shown = 0, more = 0;
    for (size_t x = p->ring_start[r], end = p->ring_start[r + 1];
         (x = cfv_plan_next_unsafe(p, r, x)) < end; x++) {
        size_t i = p->by_ring[x];
        if (shown == MAX_BLOCKERS) {
            more++;
            continue;
        }
        cfv_buf_puts(b, shown++ ? ", " : "");
        put_name(b, p->fleet->sensors[p->fleet->entries[i].sensor]);
        uint16_t rules[2 * CFV_PLAN_RULES];
        size_t n = cfv_plan_entry_rules(p, i, rules, 2 * CFV_PLAN_RULES);
        if (!cfv_plan_entry_reason(p, i)) {
            cfv_buf_puts(b, " (no profile)");
            continue;
        }
        cfv_buf_puts(b, " (");
        for (size_t k = 0; k < n; k++) {
            cfv_buf_puts(b, k ? ", " : "");
            put_rule(b, rules[k]);
        }
        cfv_buf_putc(b, ')');
    }
    if (more)
        cfv_buf_printf(b, " and %zu more", more);
}

static void summary(cfv_buf *b, const cfv_plan_view *v)
{
    const cfv_plan *p = v->plan;
    const cfv_fleet *fl = p->fleet;
    long blocked = cfv_plan_first_blocked(p);
    if (blocked < 0) {
        cfv_buf_puts(b, "clear through ");
        put_name(b, fl->rings[fl->nrings - 1]);
        cfv_buf_puts(b, " (every ring)");
    } else {
        cfv_buf_puts(b, "deployable through ");
        if (p->deployable_through >= 0)
            put_name(b, fl->rings[p->deployable_through]);
        else
            cfv_buf_puts(b, "no ring");
        cfv_buf_puts(b, "; ");
        put_name(b, fl->rings[blocked]);
        cfv_buf_puts(b, " blocked by ");
        blockers(b, p, (size_t)blocked);
    }
    cfv_buf_puts(b, "; blast radius ");
    cfv_plan_put_count(b, p->blast_radius);
    cfv_buf_puts(b, p->blast_radius == 1 ? " host" : " hosts");
    if (v->through >= 0) {
        cfv_buf_puts(b, "; --through ");
        put_name(b, fl->rings[v->through]);
        cfv_buf_puts(b, cfv_plan_exit_status(p, v->through) == 0 ? ": clear" : ": blocked");
    }
    if (v->unreadable)
        cfv_buf_printf(b, "; %zu %s not read (unsafe everywhere)", v->unreadable,
                       v->unreadable == 1 ? "file" : "files");
    cfv_buf_putc(b, '\n');
}

void cfv_plan_render_text(cfv_buf *b, const cfv_plan_view *v)
{
    const cfv_plan *p = v->plan;
    const cfv_fleet *fl = p->fleet;
    size_t name_w = 0, hosts_w = 0;
    for (size_t r = 0; r < fl->nrings; r++) {
        size_t n = strlen(fl->rings[r]), w = count_width(p->rings[r].hosts);
        name_w = n > name_w ? (n < 24 ? n : 24) : name_w;
        hosts_w = w > hosts_w ? w : hosts_w;
    }
    cfv_buf_puts(b, "cfv plan: fleet ");
    put_name(b, fl->name);
    cfv_buf_printf(b, ", %zu %s, %zu %s, ", p->nfiles, p->nfiles == 1 ? "file" : "files",
                   fl->nrings, fl->nrings == 1 ? "ring" : "rings");
    cfv_plan_put_count(b, fl->total_hosts);
    cfv_buf_puts(b, fl->total_hosts == 1 ? " host\n" : " hosts\n");
    long blocked = cfv_plan_first_blocked(p);
    for (size_t r = 0; r < fl->nrings; r++)
        ring_line(b, p, r, blocked, name_w, hosts_w);
    summary(b, v);
}
