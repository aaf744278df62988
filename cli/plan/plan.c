#include "plan.h"

#include <stdlib.h>
#include <string.h>

int cfv_plan_init(cfv_plan *p, const cfv_fleet *fleet, const cfv_defs *defs, int werror,
                  const char *const *paths, size_t nfiles, const char *const *prev_paths,
                  size_t nprev, const long *ring_prev)
{
    *p = (cfv_plan){.fleet = fleet, .defs = defs, .werror = werror, .paths = paths,
                    .nfiles = nfiles, .prev_paths = prev_paths, .nprev = nprev,
                    .ring_prev = ring_prev, .deployable_through = -1};
    for (int s = 0; s < CFV_MAX_SENSORS; s++)
        p->col_of[s] = -1;
    p->profile = calloc(fleet->nsensors ? fleet->nsensors : 1, sizeof *p->profile);
    if (!p->profile)
        return -1;
    for (size_t j = 0; j < fleet->nsensors; j++) {
        int s = cfv_defs_sensor_by_name(defs, fleet->sensors[j], strlen(fleet->sensors[j]));
        if (s >= CFV_MAX_SENSORS)
            s = -1;
        p->profile[j] = s;
        if (s >= 0 && p->col_of[s] < 0) {
            p->col_of[s] = (int)p->ncols++;
            p->mask |= UINT32_C(1) << s;
        }
    }
    size_t nentries = fleet->nentries, nrings = fleet->nrings;
    p->cells = calloc(nfiles * p->ncols + 1, sizeof *p->cells);
    p->gate_cells = calloc(nfiles * nprev + 1, sizeof *p->gate_cells);
    p->gate_reason = calloc(nprev + 1, sizeof *p->gate_reason);
    p->changes = calloc(nprev + 1, sizeof *p->changes);
    p->prev_unsafe = calloc(nprev + 1, 1);
    p->entry_unsafe = calloc(nentries + 1, 1);
    p->by_ring = calloc(nentries + 1, sizeof *p->by_ring);
    p->ring_start = calloc(nrings + 1, sizeof *p->ring_start);
    p->rings = calloc(nrings + 1, sizeof *p->rings);
    if (!p->cells || !p->gate_cells || !p->gate_reason || !p->changes || !p->prev_unsafe ||
        !p->entry_unsafe || !p->by_ring || !p->ring_start || !p->rings)
        return -1;
    for (size_t c = 0; c < CFV_MAX_SENSORS; c++)
        p->reason[c].file = -1;
    for (size_t k = 0; k < nprev; k++)
        p->gate_reason[k].file = -1;
    return 0;
}

void cfv_plan_free(cfv_plan *p)
{
    free(p->profile);
    free(p->cells);
    free(p->gate_cells);
    free(p->gate_reason);
    free(p->changes);
    free(p->prev_unsafe);
    free(p->entry_unsafe);
    free(p->by_ring);
    free(p->ring_start);
    free(p->rings);
    memset(p, 0, sizeof *p);
}

static void add_rules(cfv_plan_cell *c, const uint16_t *rules, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < c->nrules && c->rules[k] != rules[i])
            k++;
        if (k == c->nrules && c->nrules < CFV_PLAN_RULES)
            c->rules[c->nrules++] = rules[i];
    }
}

/* Folds verdict cell s of row into c; 1 when unsafe. */
static int fold(cfv_plan_cell *c, const cfv_verdict_row *row, unsigned s, int werror)
{
    const cfv_verdict_cell *v = &row->cell[s];
    c->unsafe = (uint8_t)cfv_verdict_unsafe(row, s, werror);
    c->nrules = 0;
    if (!c->unsafe)
        return 0;
    add_rules(c, v->error_rules, v->nerror_rules);
    if (werror)
        add_rules(c, v->warning_rules, v->nwarning_rules);
    return 1;
}

static void keep_reason(cfv_plan_reason *r, size_t f, const cfv_verdict_reason *v)
{
    if (r->file >= 0)
        return;
    r->file = (long)f;
    r->rule = v->rule;
    memcpy(r->message, v->message, sizeof r->message);
}

void cfv_plan_record(cfv_plan *p, size_t f, const cfv_verdict_row *row)
{
    for (unsigned s = 0; s < CFV_MAX_SENSORS; s++) {
        int col = p->col_of[s];
        if (col < 0)
            continue;
        if (fold(&p->cells[f * p->ncols + (size_t)col], row, s, p->werror)) {
            p->col_unsafe[col] = 1;
            keep_reason(&p->reason[col], f, &row->first[s]);
        }
    }
}

void cfv_plan_record_gate(cfv_plan *p, size_t f, size_t k, const cfv_verdict_row *row,
                          const cfv_plan_changes *changes)
{
    if (fold(&p->gate_cells[f * p->nprev + k], row, 0, p->werror)) {
        p->prev_unsafe[k] = 1;
        keep_reason(&p->gate_reason[k], f, &row->first[0]);
    }
    cfv_plan_changes *t = &p->changes[k];
    t->added += changes->added;
    t->removed += changes->removed;
    t->changed += changes->changed;
    t->unchanged += changes->unchanged;
    t->first_reads += changes->first_reads;
}

static long prev_of(const cfv_plan *p, size_t ring)
{
    return p->ring_prev ? p->ring_prev[ring] : -1;
}

void cfv_plan_compute(cfv_plan *p)
{
    const cfv_fleet *fl = p->fleet;
    /* Entries grouped by ring, a counting sort that keeps fleet order. */
    memset(p->ring_start, 0, (fl->nrings + 1) * sizeof *p->ring_start);
    for (size_t i = 0; i < fl->nentries; i++)
        p->ring_start[fl->entries[i].ring + 1]++;
    for (size_t r = 0; r < fl->nrings; r++)
        p->ring_start[r + 1] += p->ring_start[r];
    size_t *next = p->ring_start;   /* advanced while placing, then restored */
    for (size_t i = 0; i < fl->nentries; i++)
        p->by_ring[next[fl->entries[i].ring]++] = i;
    for (size_t r = fl->nrings; r > 0; r--)
        p->ring_start[r] = p->ring_start[r - 1];
    p->ring_start[0] = 0;

    p->blast_radius = 0;
    for (size_t r = 0; r < fl->nrings; r++) {
        cfv_plan_ring *ring = &p->rings[r];
        *ring = (cfv_plan_ring){0, 0, 1, -1};
        long k = prev_of(p, r);
        int gate_unsafe = k >= 0 && p->prev_unsafe[k];
        for (size_t x = p->ring_start[r]; x < p->ring_start[r + 1]; x++) {
            size_t i = p->by_ring[x];
            const cfv_fleet_entry *e = &fl->entries[i];
            int s = p->profile[e->sensor];
            int unsafe = s < 0 || p->col_unsafe[p->col_of[s]] || gate_unsafe;
            p->entry_unsafe[i] = (uint8_t)unsafe;
            ring->hosts += e->hosts;    /* sums within the fleet's total, checked on load */
            if (!unsafe)
                continue;
            ring->unsafe_hosts += e->hosts;
            ring->clear = 0;
            if (ring->first_unsafe < 0)
                ring->first_unsafe = (long)i;
        }
        p->blast_radius += ring->unsafe_hosts;
    }
    p->deployable_through = -1;
    for (size_t r = 0; r < fl->nrings && p->rings[r].clear; r++)
        p->deployable_through = (long)r;
}

int cfv_plan_exit_status(const cfv_plan *p, long through)
{
    long last = through >= 0 ? through : (long)p->fleet->nrings - 1;
    return p->deployable_through >= last ? 0 : 1;
}

int cfv_plan_file_unsafe(const cfv_plan *p, size_t entry, size_t f,
                         uint16_t rules[2 * CFV_PLAN_RULES], size_t *n)
{
    const cfv_fleet_entry *e = &p->fleet->entries[entry];
    *n = 0;
    int s = p->profile[e->sensor];
    long k = prev_of(p, e->ring);
    const cfv_plan_cell *sc = s >= 0 ? &p->cells[f * p->ncols + (size_t)p->col_of[s]] : NULL;
    const cfv_plan_cell *gc = k >= 0 ? &p->gate_cells[f * p->nprev + (size_t)k] : NULL;
    int unsafe = 0;
    const cfv_plan_cell *both[2] = {sc, gc};
    for (int b = 0; b < 2; b++) {
        if (!both[b] || !both[b]->unsafe)
            continue;
        unsafe = 1;
        for (size_t i = 0; i < both[b]->nrules; i++) {
            size_t j = 0;
            while (j < *n && rules[j] != both[b]->rules[i])
                j++;
            if (j == *n)
                rules[(*n)++] = both[b]->rules[i];
        }
    }
    return unsafe;
}

const cfv_plan_reason *cfv_plan_entry_reason(const cfv_plan *p, size_t entry)
{
    const cfv_fleet_entry *e = &p->fleet->entries[entry];
    int s = p->profile[e->sensor];
    if (s < 0)
        return NULL;
    int col = p->col_of[s];
    if (p->col_unsafe[col])
        return &p->reason[col];
    long k = prev_of(p, e->ring);
    return k >= 0 ? &p->gate_reason[k] : NULL;
}

size_t cfv_plan_next_unsafe_file(const cfv_plan *p, size_t entry, size_t f,
                                 uint16_t rules[2 * CFV_PLAN_RULES], size_t *n)
{
    while (f < p->nfiles && !cfv_plan_file_unsafe(p, entry, f, rules, n))
        f++;
    return f;
}

size_t cfv_plan_next_unsafe(const cfv_plan *p, size_t r, size_t x)
{
    while (x < p->ring_start[r + 1] && !p->entry_unsafe[p->by_ring[x]])
        x++;
    return x;
}
