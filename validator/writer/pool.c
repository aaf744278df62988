/* The string pool: STRINGS section bytes with each distinct text stored once.
 * A hash set over the pool's own bytes keeps interning linear, so large
 * models (the fuzzer's, the corpus's bigger files) stay cheap. */
#include <stdlib.h>
#include <string.h>

#include "writer_internal.h"

/* FNV-1a of s up to its NUL, and its length, in one pass (no strlen: in
 * the fuzz targets every libc call the mutator makes goes through ASan's
 * interceptor and its range check). */
static uint64_t hash(const char *s, size_t *len)
{
    uint64_t h = 1469598103934665603ull;
    size_t i = 0;
    for (; s[i]; i++)
        h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
    *len = i;
    return h;
}

/* Does the pooled text t equal s[0..n) (which holds no NUL)? */
static int same_text(const char *t, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && t[i] == s[i])
        i++;
    return i == n && t[n] == 0;
}

/* The slot holding s, or the empty slot where it belongs; *len: s's length. */
static size_t probe(const cfv_wpool *p, const char *s, size_t *len)
{
    size_t mask = p->nslots - 1;
    size_t i = (size_t)hash(s, len) & mask;
    while (p->slots[i]) {
        if (same_text((const char *)p->bytes + (p->slots[i] - 1), s, *len))
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
        size_t n;
        p->slots[probe(p, (const char *)p->bytes + (old[i] - 1), &n)] = old[i];
    }
    free(old);
    return CFV_WRITER_OK;
}

int cfv_wpool_intern(cfv_wpool *p, const char *s, uint32_t *off)
{
    if ((p->count + 1u) * 2u > p->nslots &&
        rehash(p, p->nslots ? p->nslots * 2 : 64) != CFV_WRITER_OK)
        return CFV_WRITER_ENOMEM;
    size_t n;
    size_t slot = probe(p, s, &n);
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
    size_t n;
    return p->slots[probe(p, s, &n)] - 1;
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
