/* Layout mutations: sections moved (gaps, misalignment, order), resized
 * (extra bytes, junk padding, a tail), recounted, re-kinded, duplicated,
 * dropped, or joined by a section of raw bytes. */
#include <string.h>

#include "cff_layout.h"
#include "mut_internal.h"

static const uint16_t kinds[] = {0, CFF_SECTION_KIND_STRINGS, CFF_SECTION_KIND_INSTANCES, 3, 0xFFFF};

/* Appends an entry: a copy of s (a second section of its kind), or raw
 * bytes from the input itself. */
static int add_entry(cfv_mutator *m, cfv_writer_layout *l, const cfv_writer_section *s)
{
    if (l->nsections >= CFV_WRITER_MAX_SECTIONS)
        return -1;
    cfv_writer_section copy = *s;
    cfv_writer_section *n = cfv_writer_layout_add(l, 0, 0);
    if (cfv_mut_chance(m, 50)) {
        *n = copy;
        cfv_mut_note(m, "dupsec%u", n->kind);
        return 0;
    }
    n->kind = kinds[cfv_mut_below(m, sizeof kinds / sizeof kinds[0])];
    n->content = CFV_WRITER_RAW;
    size_t from = cfv_mut_below(m, (uint32_t)m->a.len);
    n->raw = m->a.data + from;
    n->raw_len = cfv_mut_below(m, (uint32_t)(m->a.len - from) + 1);
    cfv_mut_note(m, "rawsec%u", n->kind);
    return 0;
}

int cfv_mut_layout(cfv_mutator *m, cfv_writer *w)
{
    cfv_writer_layout *l = cfv_writer_layout_of(w);
    if (!l->nsections)
        cfv_writer_layout_default(l);
    size_t i = cfv_mut_below(m, (uint32_t)l->nsections);
    cfv_writer_section *s = &l->sections[i];
    switch (cfv_mut_below(m, 10)) {
    case 0: {
        size_t j = cfv_mut_below(m, (uint32_t)l->nsections);
        cfv_writer_section t = *s;
        *s = l->sections[j];
        l->sections[j] = t;
        cfv_mut_note(m, "swapsec%zu.%zu", i, j);
        return 0;
    }
    case 1:
        s->gap = cfv_mut_chance(m, 50) ? (uint32_t)CFF_ALIGN * (1 + cfv_mut_below(m, 4))
                                       : 1 + cfv_mut_below(m, (uint32_t)CFF_ALIGN - 1);
        s->pad_fill = cfv_mut_chance(m, 70) ? 0 : (uint8_t)(1 + cfv_mut_below(m, 255));
        cfv_mut_note(m, "gap%u(s%zu)", s->gap, i);
        return 0;
    case 2:
        s->unaligned ^= 1;
        cfv_mut_note(m, "unaligned(s%zu)", i);
        return 0;
    case 3:
        s->extra = 1 + cfv_mut_below(m, 32);
        s->extra_fill = cfv_mut_chance(m, 50) ? 0 : (uint8_t)cfv_mut_below(m, 256);
        cfv_mut_note(m, "extra%u(s%zu)", s->extra, i);
        return 0;
    case 4:
        s->has_count = 1;
        s->count = cfv_mut_u32(m);
        cfv_mut_note(m, "count(s%zu)", i);
        return 0;
    case 5:
        s->flags = (uint16_t)(1u << cfv_mut_below(m, 16));
        cfv_mut_note(m, "sflags(s%zu)", i);
        return 0;
    case 6:
        s->kind = kinds[cfv_mut_below(m, sizeof kinds / sizeof kinds[0])];
        cfv_mut_note(m, "kind%u(s%zu)", s->kind, i);
        return 0;
    case 7:
        return add_entry(m, l, s);
    case 8:
        if (l->nsections < 2)
            return -1;
        memmove(s, s + 1, (l->nsections - i - 1) * sizeof *s);
        l->nsections--;
        cfv_mut_note(m, "dropsec%zu", i);
        return 0;
    default:
        l->tail = 1 + cfv_mut_below(m, 16);
        l->tail_fill = cfv_mut_chance(m, 50) ? 0 : (uint8_t)cfv_mut_below(m, 256);
        cfv_mut_note(m, "tail%u", l->tail);
        return 0;
    }
}
