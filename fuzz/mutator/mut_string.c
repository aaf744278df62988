/* String mutations: a spliced string into an operand or a name, or one
 * more string that nothing references. */
#include "cff_layout.h"
#include "mut_internal.h"

/* A criterion of w with a string op, or -1. */
static int pick_string_criterion(cfv_mutator *m, cfv_writer *w, size_t *i, size_t *c)
{
    size_t n = cfv_writer_instance_count(w);
    for (int tries = 0; n && tries < 8; tries++) {
        *i = cfv_mut_below(m, (uint32_t)n);
        size_t nc = cfv_writer_criteria_count(w, *i);
        if (!nc)
            continue;
        *c = cfv_mut_below(m, (uint32_t)nc);
        uint8_t op = cfv_writer_criterion_at(w, *i, *c)->op;
        if (op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX)
            return 0;
    }
    return -1;
}

int cfv_mut_string(cfv_mutator *m, cfv_writer *w)
{
    if (!m->a_text)
        return -1;
    uint32_t r = cfv_mut_below(m, 10);
    size_t i, c;
    if (r < 6 && pick_string_criterion(m, w, &i, &c) == 0) {
        const cfv_writer_criterion *k = cfv_writer_criterion_at(w, i, c);
        cfv_mut_note(m, "text(i%zuc%zu)", i, c);
        return cfv_writer_set_str(w, i, c, k->op, k->flags, cfv_mut_text(m));
    }
    if (r < 8 && cfv_writer_instance_count(w)) {
        i = cfv_mut_below(m, (uint32_t)cfv_writer_instance_count(w));
        cfv_mut_note(m, "nametext(i%zu)", i);
        return cfv_writer_set_name(w, i, cfv_mut_text(m));
    }
    cfv_mut_note(m, "addstr");
    return cfv_writer_add_string(w, cfv_mut_text(m));
}
