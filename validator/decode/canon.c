/* Is the STRINGS section exactly what cfv_writer's string pool would build?
 * The pool stores each distinct text once, in first-use order (instances in
 * order; per instance the name, then string operands in field order), then
 * unreferenced strings. So the file's pool is reproducible from text when
 * its strings are distinct, all terminated, and every reference that can
 * be given as text names either an already used string or the next unused
 * one. Linear, with one hash table over the strings in d's scratch space. */
#include <string.h>

#include "decode_internal.h"

static uint64_t hash(const uint8_t *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

int cfv_decoded_first_same(cfv_decoded *d, const uint32_t **same)
{
    size_t nslots = 16;
    while (nslots < 2 * d->nstrings)
        nslots *= 2;
    if (cfv_dec_grow((void **)&d->scratch, &d->scratch_cap, nslots, sizeof *d->scratch) != 0 ||
        cfv_dec_grow((void **)&d->same, &d->same_cap, d->nstrings, sizeof *d->same) != 0)
        return -1;
    memset(d->scratch, 0, nslots * sizeof *d->scratch);
    size_t mask = nslots - 1;
    for (size_t i = 0; i < d->nstrings; i++) {
        const cfv_dec_string *s = &d->strings[i];
        const uint8_t *t = d->strtab + s->off;
        size_t k = (size_t)hash(t, s->len) & mask;
        d->same[i] = (uint32_t)i;
        for (; d->scratch[k]; k = (k + 1) & mask) {
            const cfv_dec_string *o = &d->strings[d->scratch[k] - 1];
            if (o->len == s->len && memcmp(d->strtab + o->off, t, s->len) == 0) {
                d->same[i] = d->scratch[k] - 1;
                break;
            }
        }
        if (!d->scratch[k])
            d->scratch[k] = (uint32_t)i + 1;
    }
    *same = d->same;
    return 0;
}

/* 1 if no two strings hold the same text; -1 out of memory. */
static int all_distinct(cfv_decoded *d)
{
    const uint32_t *same;
    if (cfv_decoded_first_same(d, &same) != 0)
        return -1;
    for (size_t i = 0; i < d->nstrings; i++)
        if (same[i] != i)
            return 0;
    return 1;
}

/* Applies one text reference to the first-use walk; 0 if out of order.
 * The strings seen so far are exactly those before strings[*next], so a
 * comparison of offsets decides it without a search. */
static int use(const cfv_decoded *d, uint32_t ref, size_t *next)
{
    if (!cfv_dec_whole_string(d, ref) || *next == d->nstrings)
        return 1;       /* written raw (not interned), or every string is seen */
    uint32_t unseen = d->strings[*next].off;
    if (ref == unseen)
        ++*next;
    return ref <= unseen;
}

static int pool_check(cfv_decoded *d, size_t *first_unused)
{
    if (d->strings_section < 0 || !d->strtab)
        return 0;
    const cfv_dec_section *s = &d->sections[d->strings_section];
    if (s->avail != s->size || (d->nstrings && !d->strings[d->nstrings - 1].terminated))
        return 0;
    size_t next = 0;
    for (size_t i = 0; i < d->ninstances; i++) {
        const cfv_dec_instance *in = &d->instances[i];
        if (!use(d, in->name, &next))
            return 0;
        for (uint32_t c = 0; c < in->ncriteria; c++) {
            const cfv_dec_criterion *k = cfv_decoded_criterion(d, i, c);
            if (cfv_op_takes_sref(k->op) && !use(d, k->operand, &next))
                return 0;
        }
    }
    int r = all_distinct(d);
    if (r < 0)
        return -1;
    if (first_unused)
        *first_unused = next;
    return r;
}

int cfv_decoded_pool_check(cfv_decoded *d, size_t *first_unused)
{
    if (!d->pool_checked) {
        d->pool_first_unused = 0;
        d->pool_result = pool_check(d, &d->pool_first_unused);
        /* out of memory is not an answer to keep */
        d->pool_checked = d->pool_result >= 0;
    }
    if (first_unused && d->pool_result == 1)
        *first_unused = d->pool_first_unused;
    return d->pool_result;
}

int cfv_decoded_strings_canonical(cfv_decoded *d) { return cfv_decoded_pool_check(d, NULL) == 1; }
