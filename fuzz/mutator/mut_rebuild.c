/* Models whose instance list changes: instances removed, duplicated, moved
 * or spliced in from another file. cfv_writer can append instances but not
 * drop or reorder them, so these models are built afresh from the decoded
 * views, with the input's header and layout. */
#include <stdlib.h>
#include <string.h>

#include "cff_layout.h"
#include "mut_internal.h"

/* A reference as text: text mode and it names a whole string. */
static const char *text_at(const cfv_decoded *d, int text, uint32_t ref)
{
    const uint8_t *t;
    if (!text || cfv_decoded_sref(d, ref, &t, NULL) != CFV_SREF_OK)
        return NULL;
    return (const char *)t;
}

/* Appends instance i of d to w, as cfv_decode_to_writer models it. */
static int copy_instance(cfv_writer *w, const cfv_decoded *d, int text, size_t i)
{
    const cfv_dec_instance *in = &d->instances[i];
    const char *name = text_at(d, text, in->name);
    int wi = cfv_writer_add_instance(w, in->instance_id, in->template_type, in->field_count,
                                     in->flags, name ? name : "");
    if (wi < 0)
        return wi;
    size_t k = (size_t)wi;
    int rc = name ? CFV_WRITER_OK : cfv_writer_set_name_ref(w, k, in->name);
    if (rc == CFV_WRITER_OK)
        rc = cfv_writer_set_criteria_count(w, k, in->ncriteria);
    if (rc == CFV_WRITER_OK)
        cfv_writer_instance_at(w, k)->reserved = in->reserved;
    for (uint32_t c = 0; c < in->ncriteria && rc == CFV_WRITER_OK; c++) {
        const cfv_dec_criterion *x = cfv_decoded_criterion(d, i, c);
        int string_op = x->op >= CFF_OP_EQUALS && x->op <= CFF_OP_REGEX;
        const char *t = string_op ? text_at(d, text, x->operand) : NULL;
        rc = t ? cfv_writer_set_str(w, k, c, x->op, x->flags, t)
               : cfv_writer_set_int(w, k, c, x->op, x->flags, x->operand);
        if (rc == CFV_WRITER_OK)
            cfv_writer_criterion_at(w, k, c)->reserved = x->reserved;
    }
    return rc;
}

/* An instance list to build: each entry an index into a (>= 0) or, minus
 * one and negated, into b. */
typedef struct plan {
    long *at;
    size_t n;
} plan;

/* A model with a's header and layout, the instances of p, and a's strings
 * kept (those no instance references any more stay, unreferenced), so the
 * STRINGS section changes only as the instances do. */
static int build(cfv_mutator *m, const plan *p, cfv_writer **out)
{
    cfv_writer *base = NULL, *w;
    *out = NULL;
    int rc = cfv_decode_to_writer(&m->a, &base);
    if (rc != CFV_WRITER_OK)
        return rc;
    w = cfv_writer_new(0, 0, 0);
    if (!w) {
        cfv_writer_free(base);
        return CFV_WRITER_ENOMEM;
    }
    *cfv_writer_header_of(w) = *cfv_writer_header_of(base);
    *cfv_writer_layout_of(w) = *cfv_writer_layout_of(base);
    cfv_writer_free(base);
    for (size_t k = 0; k < p->n && rc == CFV_WRITER_OK; k++)
        rc = p->at[k] >= 0 ? copy_instance(w, &m->a, m->a_text, (size_t)p->at[k])
                           : copy_instance(w, &m->b, m->a_text && m->b_text, (size_t)(-p->at[k] - 1));
    for (size_t s = 0; m->a_text && s < m->a.nstrings && rc == CFV_WRITER_OK; s++)
        if (m->a.strings[s].terminated)
            rc = cfv_writer_add_string(w, (const char *)m->a.strtab + m->a.strings[s].off);
    if (rc != CFV_WRITER_OK) {
        cfv_writer_free(w);
        return rc;
    }
    *out = w;
    return CFV_WRITER_OK;
}

/* Instance ids 1, 2, 3... again, as a producer would renumber. */
static void renumber(cfv_writer *w)
{
    for (size_t i = 0; i < cfv_writer_instance_count(w); i++)
        cfv_writer_instance_at(w, i)->instance_id = (uint32_t)i + 1;
}

static int plan_alloc(plan *p, size_t n)
{
    p->n = 0;
    p->at = malloc((n ? n : 1) * sizeof *p->at);
    return p->at ? 0 : -1;
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

int cfv_mut_restructure(cfv_mutator *m, cfv_writer **out)
{
    plan p;
    if (plan_alloc(&p, m->a.ninstances + 1) != 0)
        return CFV_WRITER_ENOMEM;
    reshape(m, &p);
    int rc = build(m, &p, out);
    free(p.at);
    if (rc == CFV_WRITER_OK && cfv_mut_chance(m, 70))
        renumber(*out);
    return rc;
}

/* a's instances with a run of b's inserted, or replacing a run of a's. */
int cfv_mut_splice(cfv_mutator *m, cfv_writer **out)
{
    size_t na = m->a.ninstances, nb = m->b.ninstances;
    size_t from = cfv_mut_below(m, (uint32_t)nb);
    size_t take = nb ? 1 + cfv_mut_below(m, (uint32_t)(nb - from)) : 0;
    size_t at = cfv_mut_below(m, (uint32_t)na + 1);
    size_t drop = cfv_mut_chance(m, 30) ? cfv_mut_below(m, (uint32_t)(na - at) + 1) : 0;
    plan p;
    if (plan_alloc(&p, na + take) != 0)
        return CFV_WRITER_ENOMEM;
    for (size_t i = 0; i < at; i++)
        p.at[p.n++] = (long)i;
    for (size_t i = from; i < from + take; i++)
        p.at[p.n++] = -(long)i - 1;
    for (size_t i = at + drop; i < na; i++)
        p.at[p.n++] = (long)i;
    cfv_mut_note(m, "splice(b%zu+%zu@%zu-%zu)", from, take, at, drop);
    int rc = build(m, &p, out);
    free(p.at);
    if (rc != CFV_WRITER_OK)
        return rc;
    if (cfv_mut_chance(m, 70))
        renumber(*out);
    if (cfv_mut_chance(m, 20))
        cfv_writer_header_of(*out)->channel_id = m->b.header.channel_id;
    return CFV_WRITER_OK;
}
