#include "keep.h"

#include "diag_copy.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t key_hash(const cfv_diag *d)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv(h, &d->rule, sizeof d->rule);
    h = fnv(h, &d->severity, sizeof d->severity);
    h = fnv(h, &d->sensor, sizeof d->sensor);
    return fnv(h, d->message, strlen(d->message));
}

static int same(const cfv_diag *a, const cfv_diag *b)
{
    return a->rule == b->rule && a->severity == b->severity && a->sensor == b->sensor &&
           strcmp(a->message, b->message) == 0;
}

int cfv_keep_init(cfv_keep *k, uint32_t cap, int group)
{
    memset(k, 0, sizeof *k);
    k->cap = cap > CFV_KEEP_MAX ? CFV_KEEP_MAX : cap;
    k->group = group;
    if (!group || k->cap == 0)
        return 0;
    k->nslots = 16;
    while (k->nslots < 2u * CFV_NSEV * k->cap)
        k->nslots *= 2;
    k->slots = calloc(k->nslots, sizeof *k->slots);
    if (!k->slots) {
        k->cap = 0;
        return -1;
    }
    return 0;
}

/* A kept diagnostic owns its message and arguments (the validator's live
 * for the callback). */
static void drop_messages(cfv_keep *k)
{
    for (int s = 0; s < CFV_NSEV; s++)
        for (size_t i = 0; i < k->n[s]; i++)
            cfv_diag_copy_free(&k->items[s][i].d);
}

void cfv_keep_free(cfv_keep *k)
{
    drop_messages(k);
    for (int s = 0; s < CFV_NSEV; s++)
        free(k->items[s]);
    free(k->slots);
    memset(k, 0, sizeof *k);
}

void cfv_keep_reset(cfv_keep *k)
{
    drop_messages(k);
    for (int s = 0; s < CFV_NSEV; s++)
        k->n[s] = k->seen[s] = 0;
    if (k->slots)
        memset(k->slots, 0, k->nslots * sizeof *k->slots);
}

int cfv_keep_room(const cfv_keep *k, unsigned severity)
{
    if (severity >= CFV_NSEV || k->n[severity] >= k->cap)
        return 0;
    return !k->group || k->seen[severity] < (k->cap > CFV_GROUP_BUDGET ? k->cap : CFV_GROUP_BUDGET);
}

static cfv_kept *append(cfv_keep *k, unsigned s, const cfv_diag *d)
{
    if (k->n[s] == k->alloc[s]) {
        size_t want = k->alloc[s] ? k->alloc[s] * 2 : 16;
        if (want > k->cap)
            want = k->cap;
        cfv_kept *p = realloc(k->items[s], want * sizeof *p);
        if (!p)
            return NULL;
        k->items[s] = p;
        k->alloc[s] = want;
    }
    cfv_kept *e = &k->items[s][k->n[s]];
    if (cfv_diag_copy(&e->d, d) != 0)
        return NULL;
    k->n[s]++;
    e->more = 0;
    return e;
}

int cfv_keep_add(cfv_keep *k, const cfv_diag *d)
{
    unsigned s = d->severity;
    if (s >= CFV_NSEV)
        return 0;
    k->seen[s]++;
    if (!k->slots)
        return cfv_keep_room(k, s) && append(k, s, d) != NULL;
    size_t mask = k->nslots - 1;
    for (size_t i = (size_t)key_hash(d) & mask;; i = (i + 1) & mask) {
        uint32_t v = k->slots[i];
        if (v == 0) {
            if (!cfv_keep_room(k, s) || !append(k, s, d))
                return 0;
            k->slots[i] = (uint32_t)s << 24 | (uint32_t)k->n[s];
            return 1;
        }
        cfv_kept *e = &k->items[v >> 24][(v & 0xFFFFFFu) - 1];
        if (same(&e->d, d)) {
            e->more++;
            return 1;
        }
    }
}
