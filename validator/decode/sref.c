/* String references: what an sref points at in the STRINGS bytes present.
 * The strings tile the section, so a binary search finds the one holding
 * any byte: no scan per reference, however many point into a long string. */
#include "decode_internal.h"

/* The first string whose offset is >= ref (nstrings if none). */
static size_t lower_bound(const cfv_decoded *d, uint32_t ref)
{
    size_t lo = 0, hi = d->nstrings;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->strings[mid].off < ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

long cfv_decoded_string_index(const cfv_decoded *d, uint32_t ref)
{
    size_t i = lower_bound(d, ref);
    return i < d->nstrings && d->strings[i].off == ref ? (long)i : -1;
}

cfv_sref_status cfv_decoded_sref(const cfv_decoded *d, uint32_t ref, const uint8_t **text,
                                 size_t *len)
{
    const uint8_t *t = NULL;
    size_t n = 0;
    cfv_sref_status st;
    if (!d->strtab) {
        st = CFV_SREF_NO_STRINGS;
    } else if (ref >= d->strtab_len) {
        st = CFV_SREF_OUT_OF_RANGE;
    } else {
        size_t i = lower_bound(d, ref);
        int at_start = i < d->nstrings && d->strings[i].off == ref;
        const cfv_dec_string *s = &d->strings[at_start ? i : i - 1];  /* i > 0: off 0 exists */
        t = d->strtab + ref;
        n = (size_t)s->off + s->len - ref;
        if (!at_start)
            st = CFV_SREF_MIDDLE;
        else
            st = s->terminated ? CFV_SREF_OK : CFV_SREF_UNTERMINATED;
    }
    if (text)
        *text = t;
    if (len)
        *len = n;
    return st;
}
