/* What the renderers share: counts with separators, rules of an entry. */
#include "plan_render.h"

#include <inttypes.h>
#include <stdio.h>

void cfv_plan_put_count(cfv_buf *b, uint64_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%" PRIu64, n);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            cfv_buf_putc(b, ',');
        cfv_buf_putc(b, digits[i]);
    }
}

size_t cfv_plan_entry_rules(const cfv_plan *p, size_t entry, uint16_t *rules, size_t cap)
{
    size_t n = 0, nf;
    uint16_t fr[2 * CFV_PLAN_RULES];
    for (size_t f = 0; (f = cfv_plan_next_unsafe_file(p, entry, f, fr, &nf)) < p->nfiles; f++) {
        for (size_t i = 0; i < nf; i++) {
            size_t k = 0;
            while (k < n && rules[k] != fr[i])
                k++;
            if (k == n && n < cap)
                rules[n++] = fr[i];
        }
    }
    return n;
}

size_t cfv_plan_entry_files(const cfv_plan *p, size_t entry)
{
    size_t n = 0, nf;
    uint16_t fr[2 * CFV_PLAN_RULES];
    for (size_t f = 0; (f = cfv_plan_next_unsafe_file(p, entry, f, fr, &nf)) < p->nfiles; f++)
        n++;
    return n;
}

long cfv_plan_first_blocked(const cfv_plan *p)
{
    for (size_t r = 0; r < p->fleet->nrings; r++)
        if (!p->rings[r].clear)
            return (long)r;
    return -1;
}
