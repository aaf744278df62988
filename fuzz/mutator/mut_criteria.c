/* Criterion mutations: wildcard <-> non-wildcard, op, operand, flags. */
#include "cff_layout.h"
#include "mut_internal.h"

static int is_string_op(uint8_t op) { return op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX; }

/* A string operand: text the writer interns, or a raw sref when the
 * model's STRINGS are raw bytes. */
static int set_string_op(cfv_mutator *m, cfv_writer *w, size_t i, size_t c, uint8_t op,
                         uint8_t flags)
{
    if (m->a_text)
        return cfv_writer_set_str(w, i, c, op, flags, cfv_mut_text(m));
    return cfv_writer_set_int(w, i, c, op, flags, cfv_mut_raw_sref(m));
}

int cfv_mut_set_live(cfv_mutator *m, cfv_writer *w, size_t i, size_t c)
{
    const cfv_writer_instance *in = cfv_writer_instance_at(w, i);
    if (!in)
        return -1;
    uint8_t op = cfv_mut_op(m, cfv_mut_field_type(m, in->template_type, (uint32_t)c));
    uint8_t flags = cfv_mut_crit_flags(m, op);
    if (is_string_op(op))
        return set_string_op(m, w, i, c, op, flags);
    return cfv_writer_set_int(w, i, c, op, flags, cfv_mut_u32(m));
}

/* An instance that holds criteria, and one of them. */
static int pick(cfv_mutator *m, cfv_writer *w, size_t *i, size_t *c)
{
    size_t n = cfv_writer_instance_count(w);
    if (!n)
        return -1;
    *i = cfv_mut_below(m, (uint32_t)n);
    size_t nc = cfv_writer_criteria_count(w, *i);
    if (!nc)
        return -1;
    *c = cfv_mut_index(m, (uint32_t)nc);
    return 0;
}

int cfv_mut_criterion(cfv_mutator *m, cfv_writer *w)
{
    size_t i, c;
    if (pick(m, w, &i, &c) != 0)
        return -1;
    cfv_writer_criterion *k = cfv_writer_criterion_at(w, i, c);
    switch (cfv_mut_below(m, 8)) {
    case 0:
    case 1:
    case 2:     /* the wildcard flip */
        if (k->op == CFF_OP_ANY) {
            cfv_mut_note(m, "wild>live(i%zuc%zu)", i, c);
            return cfv_mut_set_live(m, w, i, c);
        }
        cfv_mut_note(m, "live>wild(i%zuc%zu)", i, c);
        return cfv_writer_set_int(w, i, c, CFF_OP_ANY, 0, 0);
    case 3:     /* another op, operand kept as it is */
        k->op = cfv_mut_op(m, cfv_mut_field_type(m, cfv_writer_instance_at(w, i)->template_type,
                                                 (uint32_t)c));
        cfv_mut_note(m, "op%u(i%zuc%zu)", k->op, i, c);
        return 0;
    case 4:     /* another operand, op kept */
        cfv_mut_note(m, "operand(i%zuc%zu)", i, c);
        if (is_string_op(k->op))
            return set_string_op(m, w, i, c, k->op, k->flags);
        k->operand = cfv_mut_u32(m);
        return 0;
    case 5:
        k->flags = cfv_mut_crit_flags(m, k->op);
        cfv_mut_note(m, "cflags%u(i%zuc%zu)", k->flags, i, c);
        return 0;
    case 6:
        k->flags ^= CFF_CRITERION_FLAG_NEGATE;
        cfv_mut_note(m, "negate(i%zuc%zu)", i, c);
        return 0;
    default:
        k->reserved = (uint16_t)(1u << cfv_mut_below(m, 16));
        cfv_mut_note(m, "creserved(i%zuc%zu)", i, c);
        return 0;
    }
}
