/* The plan for a pull-request comment or a GitHub job summary: a heading
 * with the verdict, a ring x sensor table, then the reason of each blocked
 * ring. Fleets with more sensors than fit across get one row per
 * (ring, sensor) instead. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "plan_render.h"

#define MAX_COLUMNS 12
#define OK "\xE2\x9C\x85"       /* ✅ */
#define NO "\xE2\x9D\x8C"       /* ❌ */

/* Text in a table cell: control bytes as \xNN, Markdown's specials escaped. */
static void md(cfv_buf *b, const char *s, size_t n)
{
    cfv_buf t = {0};
    cfv_esc_text(&t, s, n);
    for (size_t i = 0; i < t.len; i++) {
        if (strchr("\\`*_[]<>|#~&!", t.data[i]))
            cfv_buf_putc(b, '\\');
        cfv_buf_putc(b, t.data[i]);
    }
    if (t.oom)
        b->oom = 1;
    cfv_buf_free(&t);
}

static void mds(cfv_buf *b, const char *s) { md(b, s, strlen(s)); }

static void rules_text(cfv_buf *b, const uint16_t *rules, size_t n)
{
    for (size_t k = 0; k < n; k++)
        cfv_buf_printf(b, "%sCFV%03u", k ? ", " : "", rules[k] % 1000u);
}

/* "❌ 5,100,000" or "✅ 2,500,000" for one entry. */
static void entry_cell(cfv_buf *b, const cfv_plan *p, size_t i)
{
    cfv_buf_puts(b, p->entry_unsafe[i] ? NO " " : OK " ");
    cfv_plan_put_count(b, p->fleet->entries[i].hosts);
    if (p->entry_unsafe[i] && !cfv_plan_entry_reason(p, i))
        cfv_buf_puts(b, " (no profile)");
}

static void heading(cfv_buf *b, const cfv_plan_view *v)
{
    const cfv_plan *p = v->plan;
    const cfv_fleet *fl = p->fleet;
    long blocked = cfv_plan_first_blocked(p);
    cfv_buf_puts(b, blocked < 0 ? "### " OK " cfv plan for " : "### " NO " cfv plan for ");
    mds(b, fl->name);
    if (blocked < 0) {
        cfv_buf_puts(b, ": clear through every ring");
    } else {
        cfv_buf_puts(b, ": deployable through ");
        if (p->deployable_through >= 0) {
            cfv_buf_puts(b, "**");
            mds(b, fl->rings[p->deployable_through]);
            cfv_buf_puts(b, "**");
        } else {
            cfv_buf_puts(b, "no ring");
        }
        cfv_buf_puts(b, "; **");
        mds(b, fl->rings[blocked]);
        cfv_buf_puts(b, "** blocked");
    }
    cfv_buf_puts(b, "\n\nBlast radius: **");
    cfv_plan_put_count(b, p->blast_radius);
    cfv_buf_puts(b, "** of ");
    cfv_plan_put_count(b, fl->total_hosts);
    cfv_buf_printf(b, " hosts; %zu %s checked", p->nfiles, p->nfiles == 1 ? "file" : "files");
    if (v->unreadable)
        cfv_buf_printf(b, ", %zu not read (unsafe everywhere)", v->unreadable);
    if (v->through >= 0) {
        cfv_buf_puts(b, "; through ");
        mds(b, fl->rings[v->through]);
        cfv_buf_puts(b, cfv_plan_exit_status(p, v->through) == 0 ? ": clear" : ": blocked");
    }
    cfv_buf_puts(b, ".\n\n");
}

static void ring_cells(cfv_buf *b, const cfv_plan *p, size_t r)
{
    const cfv_plan_ring *ring = &p->rings[r];
    cfv_buf_puts(b, "| ");
    mds(b, p->fleet->rings[r]);
    cfv_buf_puts(b, ring->clear ? " | " OK " clear | " : " | " NO " blocked | ");
    cfv_plan_put_count(b, ring->hosts);
    cfv_buf_puts(b, " | ");
    cfv_plan_put_count(b, ring->unsafe_hosts);
    cfv_buf_puts(b, " |");
}

/* Rings as rows, sensors as columns. */
static void wide_table(cfv_buf *b, const cfv_plan *p)
{
    const cfv_fleet *fl = p->fleet;
    cfv_buf_puts(b, "| ring | status | hosts | unsafe hosts |");
    for (size_t j = 0; j < fl->nsensors; j++) {
        cfv_buf_puts(b, " ");
        mds(b, fl->sensors[j]);
        cfv_buf_puts(b, " |");
    }
    cfv_buf_puts(b, "\n|:--|:--|--:|--:|");
    for (size_t j = 0; j < fl->nsensors; j++)
        cfv_buf_puts(b, "--:|");
    cfv_buf_putc(b, '\n');
    long at[MAX_COLUMNS];
    for (size_t r = 0; r < fl->nrings; r++) {
        for (size_t j = 0; j < fl->nsensors; j++)
            at[j] = -1;
        for (size_t x = p->ring_start[r]; x < p->ring_start[r + 1]; x++)
            at[fl->entries[p->by_ring[x]].sensor] = (long)p->by_ring[x];
        ring_cells(b, p, r);
        for (size_t j = 0; j < fl->nsensors; j++) {
            cfv_buf_putc(b, ' ');
            if (at[j] >= 0)
                entry_cell(b, p, (size_t)at[j]);
            else
                cfv_buf_puts(b, "\xC2\xB7");    /* · */
            cfv_buf_puts(b, " |");
        }
        cfv_buf_putc(b, '\n');
    }
}

/* One row per (ring, sensor): for fleets with many sensor versions. */
static void long_table(cfv_buf *b, const cfv_plan *p)
{
    const cfv_fleet *fl = p->fleet;
    cfv_buf_puts(b, "| ring | status | hosts | unsafe hosts | sensor | sensor hosts |\n"
                    "|:--|:--|--:|--:|:--|--:|\n");
    for (size_t r = 0; r < fl->nrings; r++) {
        for (size_t x = p->ring_start[r]; x < p->ring_start[r + 1]; x++) {
            size_t i = p->by_ring[x];
            ring_cells(b, p, r);
            cfv_buf_putc(b, ' ');
            mds(b, fl->sensors[fl->entries[i].sensor]);
            cfv_buf_puts(b, " | ");
            entry_cell(b, p, i);
            cfv_buf_puts(b, " |\n");
        }
        if (p->ring_start[r] == p->ring_start[r + 1]) {
            ring_cells(b, p, r);
            cfv_buf_puts(b, " \xC2\xB7 | 0 |\n");
        }
    }
}

/* "- **general**: sensor 7.11 (5,100,000 hosts): `a.cff` CFV060, CFV061; ..." */
static void reasons(cfv_buf *b, const cfv_plan *p)
{
    const cfv_fleet *fl = p->fleet;
    int any = 0;
    for (size_t r = 0; r < fl->nrings; r++) {
        if (p->rings[r].clear)
            continue;
        if (!any++)
            cfv_buf_puts(b, "\n");
        cfv_buf_puts(b, "- **");
        mds(b, fl->rings[r]);
        cfv_buf_puts(b, "** blocked by");
        size_t shown = 0;
        for (size_t x = p->ring_start[r], end = p->ring_start[r + 1];
             (x = cfv_plan_next_unsafe(p, r, x)) < end; x++) {
            size_t i = p->by_ring[x];
            cfv_buf_puts(b, shown++ ? "; sensor " : " sensor ");
            mds(b, fl->sensors[fl->entries[i].sensor]);
            cfv_buf_puts(b, " (");
            cfv_plan_put_count(b, fl->entries[i].hosts);
            cfv_buf_puts(b, " hosts)");
            const cfv_plan_reason *why = cfv_plan_entry_reason(p, i);
            if (!why) {
                cfv_buf_puts(b, ": no profile in the definitions (fail closed)");
                continue;
            }
            uint16_t rules[2 * CFV_PLAN_RULES];
            size_t n = cfv_plan_entry_rules(p, i, rules, 2 * CFV_PLAN_RULES);
            cfv_buf_printf(b, ": %zu unsafe %s (", cfv_plan_entry_files(p, i),
                           cfv_plan_entry_files(p, i) == 1 ? "file" : "files");
            rules_text(b, rules, n);
            cfv_buf_puts(b, ")");
            if (why->file >= 0) {
                cfv_buf_puts(b, ", first ");
                mds(b, p->paths[why->file]);
                cfv_buf_puts(b, ": ");
                md(b, why->message, strnlen(why->message, sizeof why->message));
            }
        }
        cfv_buf_putc(b, '\n');
    }
}

static void changes(cfv_buf *b, const cfv_plan *p)
{
    if (!p->nprev)
        return;
    cfv_buf_puts(b, "\n| ring | against | added | removed | changed | first reads (CFV082) |\n"
                    "|:--|:--|--:|--:|--:|--:|\n");
    for (size_t r = 0; r < p->fleet->nrings; r++) {
        long k = p->ring_prev[r];
        if (k < 0)
            continue;
        const cfv_plan_changes *c = &p->changes[k];
        cfv_buf_puts(b, "| ");
        mds(b, p->fleet->rings[r]);
        cfv_buf_puts(b, " | ");
        mds(b, p->prev_paths[k]);
        cfv_buf_printf(b, " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n",
                       c->added, c->removed, c->changed, c->first_reads);
    }
}

void cfv_plan_render_markdown(cfv_buf *b, const cfv_plan_view *v)
{
    heading(b, v);
    if (v->plan->fleet->nsensors <= MAX_COLUMNS)
        wide_table(b, v->plan);
    else
        long_table(b, v->plan);
    reasons(b, v->plan);
    changes(b, v->plan);
}
