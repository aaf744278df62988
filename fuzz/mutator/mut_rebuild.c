/* Models whose instance list changes: instances removed, duplicated, moved
 * or spliced in from another file. cfv_writer can append instances but not
 * drop or reorder them, so these models are built afresh from the decoded
 * views, with the input's header and layout. */
#include <string.h>

#include "cff_layout.h"
#include "cfv/grow.h"
#include "mut_internal.h"

/* A reference as text: text mode and it names a whole string. */
/* An instance list to build: each entry an index into a (>= 0) or, minus
 * one and negated, into b. */
typedef struct plan {
    long *at;
    size_t n;
} plan;

/* A model with a's header and layout, the instances of p, and a's strings
 * kept (those no instance references any more stay, unreferenced), so the
 * STRINGS section changes only as the instances do. */
static int build(cfv_mutator *m, const plan *p, cfv_writer *w)
{
    /* a's header and layout as cfv_decode_into_writer models them. */
    int rc = cfv_decode_frame_into_writer(&m->a, w);
    for (size_t k = 0; k < p->n && rc == CFV_WRITER_OK; k++)
        rc = p->at[k] >= 0 ? cfv_decode_append_instance(w, &m->a, (size_t)p->at[k], m->a_text)
                           : cfv_decode_append_instance(w, &m->b, (size_t)(-p->at[k] - 1), m->a_text && m->b_text);
    for (size_t s = 0; m->a_text && s < m->a.nstrings && rc == CFV_WRITER_OK; s++)
        if (m->a.strings[s].terminated)
            rc = cfv_writer_add_string(w, (const char *)m->a.strtab + m->a.strings[s].off);
    return rc;
}

/* Instance ids 1, 2, 3... again, as a producer would renumber. */
static void renumber(cfv_writer *w)
{
    for (size_t i = 0; i < cfv_writer_instance_count(w); i++)
        cfv_writer_instance_at(w, i)->instance_id = (uint32_t)i + 1;
}

/* The mutator's plan array, grown to hold n entries and kept. */
static int plan_alloc(cfv_mutator *m, plan *p, size_t n)
{
    p->n = 0;
    if (cfv_grow((void **)&m->plan, &m->plan_cap, n ? n : 1, sizeof *m->plan) != 0)
        return -1;
    p->at = m->plan;
    return 0;
}

/* a's instances with one removed, duplicated, moved or swapped. */
static void reshape(cfv_mutator *m, plan *p)
{
    size_t n = m->a.ninstances;
    for (size_t i = 0; i < n; i++)
        p->at[p->n++] = (long)i;
    if (!n) {
        cfv_mut_note(m, "noinst");
        return;
    }
    size_t i = cfv_mut_below(m, (uint32_t)n), j = cfv_mut_below(m, (uint32_t)n);
    long t;
    switch (cfv_mut_below(m, 4)) {
    case 0:
        memmove(p->at + i, p->at + i + 1, (n - i - 1) * sizeof *p->at);
        p->n--;
        cfv_mut_note(m, "drop(i%zu)", i);
        break;
    case 1:
        memmove(p->at + j + 1, p->at + j, (n - j) * sizeof *p->at);
        p->at[j] = (long)i;
        p->n++;
        cfv_mut_note(m, "dup(i%zu@%zu)", i, j);
        break;
    case 2:
        t = p->at[i];
        memmove(p->at + i, p->at + i + 1, (n - i - 1) * sizeof *p->at);
        memmove(p->at + j + 1, p->at + j, (n - 1 - j) * sizeof *p->at);
        p->at[j] = t;
        cfv_mut_note(m, "move(i%zu@%zu)", i, j);
        break;
    default:
        t = p->at[i];
        p->at[i] = p->at[j];
        p->at[j] = t;
        cfv_mut_note(m, "swap(i%zu.%zu)", i, j);
        break;
    }
}

int cfv_mut_restructure(cfv_mutator *m, cfv_writer *w)
{
    plan p;
    if (plan_alloc(m, &p, m->a.ninstances + 1) != 0)
        return CFV_WRITER_ENOMEM;
    reshape(m, &p);
    int rc = build(m, &p, w);
    if (rc == CFV_WRITER_OK && cfv_mut_chance(m, 70))
        renumber(w);
    return rc;
}

/* a's instances with a run of b's inserted, or replacing a run of a's. */
int cfv_mut_splice(cfv_mutator *m, cfv_writer *w)
{
    size_t na = m->a.ninstances, nb = m->b.ninstances;
    size_t from = cfv_mut_below(m, (uint32_t)nb);
    size_t take = nb ? 1 + cfv_mut_below(m, (uint32_t)(nb - from)) : 0;
    size_t at = cfv_mut_below(m, (uint32_t)na + 1);
    size_t drop = cfv_mut_chance(m, 30) ? cfv_mut_below(m, (uint32_t)(na - at) + 1) : 0;
    plan p;
    if (plan_alloc(m, &p, na + take) != 0)
        return CFV_WRITER_ENOMEM;
    for (size_t i = 0; i < at; i++)
        p.at[p.n++] = (long)i;
    for (size_t i = from; i < from + take; i++)
        p.at[p.n++] = -(long)i - 1;
    for (size_t i = at + drop; i < na; i++)
        p.at[p.n++] = (long)i;
    cfv_mut_note(m, "splice(b%zu+%zu@%zu-%zu)", from, take, at, drop);
    int rc = build(m, &p, w);
    if (rc != CFV_WRITER_OK)
        return rc;
    if (cfv_mut_chance(m, 70))
        renumber(w);
    if (cfv_mut_chance(m, 20))
        cfv_writer_header_of(w)->channel_id = m->b.header.channel_id;
    return CFV_WRITER_OK;
}
