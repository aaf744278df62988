/* The string pool: STRINGS section bytes with each distinct text stored once.
 * A hash set over the pool's own bytes keeps interning linear, so large
 * models (the fuzzer's, the corpus's bigger files) stay cheap. */
#include <stdlib.h>
#include <string.h>

#include "writer_internal.h"

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;  /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
    return h;
}

/* The slot holding s, or the empty slot where it belongs. */
static size_t probe(const cfv_wpool *p, const char *s, size_t n)
{
    size_t mask = p->nslots - 1;
    size_t i = (size_t)hash(s, n) & mask;
    while (p->slots[i]) {
        const char *t = (const char *)p->bytes + (p->slots[i] - 1);
        if (strlen(t) == n && memcmp(t, s, n) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

static int rehash(cfv_wpool *p, size_t nslots)
{
    uint32_t *old = p->slots;
    size_t nold = p->nslots;
    p->slots = calloc(nslots, sizeof *p->slots);
    if (!p->slots) {
        p->slots = old;
        return CFV_WRITER_ENOMEM;
    }
    p->nslots = nslots;
    for (size_t i = 0; i < nold; i++) {
        if (!old[i])
            continue;
        const char *t = (const char *)p->bytes + (old[i] - 1);
        p->slots[probe(p, t, strlen(t))] = old[i];
    }
    free(old);
    return CFV_WRITER_OK;
}

int cfv_wpool_intern(cfv_wpool *p, const char *s, uint32_t *off)
{
    size_t n = strlen(s);
    if ((p->count + 1u) * 2u > p->nslots &&
        rehash(p, p->nslots ? p->nslots * 2 : 64) != CFV_WRITER_OK)
        return CFV_WRITER_ENOMEM;
    size_t slot = probe(p, s, n);
    if (p->slots[slot]) {
        *off = p->slots[slot] - 1;
        return CFV_WRITER_OK;
    }
    /* Offsets (and offset + 1 in a slot) must fit a u32 sref. */
    if (p->len + n + 1 >= UINT32_MAX)
        return CFV_WRITER_ERANGE;
    if (cfv_w_grow((void **)&p->bytes, &p->cap, p->len + n + 1, 1) != 0)
        return CFV_WRITER_ENOMEM;
    memcpy(p->bytes + p->len, s, n + 1);
    *off = (uint32_t)p->len;
    p->slots[slot] = (uint32_t)p->len + 1;
    p->len += n + 1;
    p->count++;
    return CFV_WRITER_OK;
}

uint32_t cfv_wpool_find(const cfv_wpool *p, const char *s)
{
    return p->slots[probe(p, s, strlen(s))] - 1;
}

int cfv_wpool_build(cfv_wpool *p, const cfv_writer *w)
{
    uint32_t off;
    int rc = CFV_WRITER_OK;
    for (size_t i = 0; i < w->ninst && rc == CFV_WRITER_OK; i++) {
        const cfv_winst *in = &w->inst[i];
        if (in->name)
            rc = cfv_wpool_intern(p, in->name, &off);
        for (size_t c = 0; c < in->ncrit && rc == CFV_WRITER_OK; c++)
            if (in->crit[c].text)
                rc = cfv_wpool_intern(p, in->crit[c].text, &off);
    }
    for (size_t i = 0; i < w->nextra && rc == CFV_WRITER_OK; i++)
        rc = cfv_wpool_intern(p, w->extra[i], &off);
    return rc;
}

void cfv_wpool_reset(cfv_wpool *p)
{
    p->len = 0;
    p->count = 0;
    if (p->slots)
        memset(p->slots, 0, p->nslots * sizeof *p->slots);
}

void cfv_wpool_free(cfv_wpool *p)
{
    free(p->bytes);
    free(p->slots);
    memset(p, 0, sizeof *p);
}
