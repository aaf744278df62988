/* Instance mutations: field_count, template type, flags, id, name,
 * reserved bits, and fresh instances. */
#include "cff_layout.h"
#include "mut_internal.h"

static int fits(uint8_t op, uint8_t field_type)
{
    if (op == CFF_OP_ANY)
        return 1;
    if (op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX)
        return field_type == CFF_FIELD_TYPE_STR;
    return op <= CFF_OP_MAX && field_type == CFF_FIELD_TYPE_U32;
}

int cfv_mut_retype(cfv_mutator *m, cfv_writer *w, size_t i, int t, int consistent)
{
    cfv_writer_instance *in = cfv_writer_instance_at(w, i);
    const cfv_type_def *def = &m->defs->types[t];
    in->template_type = (uint16_t)def->id;
    if (!consistent)
        return 0;
    in->field_count = (uint8_t)def->nfields;
    int rc = cfv_writer_set_criteria_count(w, i, def->nfields);
    for (size_t c = 0; c < def->nfields && rc == CFV_WRITER_OK; c++) {
        const cfv_writer_criterion *k = cfv_writer_criterion_at(w, i, c);
        if (!fits(k->op, cfv_defs_field_type(m->defs, t, (uint32_t)c)))
            rc = cfv_writer_set_int(w, i, c, CFF_OP_ANY, 0, 0);
    }
    return rc;
}

static uint32_t max_id(cfv_writer *w)
{
    uint32_t id = 0;
    for (size_t i = 0; i < cfv_writer_instance_count(w); i++)
        if (cfv_writer_instance_at(w, i)->instance_id > id)
            id = cfv_writer_instance_at(w, i)->instance_id;
    return id;
}

int cfv_mut_add_instance(cfv_mutator *m, cfv_writer *w, int t)
{
    const cfv_type_def *def = &m->defs->types[t];
    int i = cfv_writer_add_instance(w, max_id(w) + 1 + cfv_mut_below(m, 3), (uint16_t)def->id,
                                    (uint8_t)def->nfields, CFF_INSTANCE_FLAG_ENABLED,
                                    m->a_text ? cfv_mut_text(m) : "");
    if (i < 0)
        return i;
    int rc = m->a_text ? 0 : cfv_writer_set_name_ref(w, (size_t)i, cfv_mut_raw_sref(m));
    for (uint32_t k = 1 + cfv_mut_below(m, 3); k > 0 && rc == 0; k--)
        rc = cfv_mut_set_live(m, w, (size_t)i, cfv_mut_index(m, def->nfields));
    cfv_mut_note(m, "add(%s)", def->name);
    return rc;
}

/* The channel's type, else any defined type. */
static int home_type(cfv_mutator *m, cfv_writer *w)
{
    int t = cfv_defs_type_by_channel(m->defs, cfv_writer_header_of(w)->channel_id);
    return t >= 0 && cfv_mut_chance(m, 80) ? t : (int)cfv_mut_below(m, m->defs->ntypes);
}

static int field_count(cfv_mutator *m, cfv_writer *w, size_t i)
{
    cfv_writer_instance *in = cfv_writer_instance_at(w, i);
    int t = cfv_defs_type_by_id(m->defs, in->template_type);
    uint32_t n = in->field_count;
    uint32_t r = cfv_mut_below(m, 100);
    if (r < 35)
        n = n + 1;
    else if (r < 70)
        n = n ? n - 1 : 0;
    else if (r < 85 && t >= 0)
        n = m->defs->types[t].nfields;
    else
        n = cfv_mut_below(m, 256);
    in->field_count = (uint8_t)n;
    /* Consistent (the record holds field_count criteria) or not (the record
     * keeps its length: readers that trust field_count walk off it). */
    if (cfv_mut_chance(m, 65)) {
        cfv_mut_note(m, "fcount%u(i%zu)", (unsigned)(uint8_t)n, i);
        return cfv_writer_set_criteria_count(w, i, (uint8_t)n);
    }
    cfv_mut_note(m, "fcount%u!(i%zu)", (unsigned)(uint8_t)n, i);
    return 0;
}

int cfv_mut_instance(cfv_mutator *m, cfv_writer *w)
{
    size_t n = cfv_writer_instance_count(w);
    if (!n || cfv_mut_chance(m, 8))
        return cfv_mut_add_instance(m, w, home_type(m, w));
    size_t i = cfv_mut_below(m, (uint32_t)n);
    cfv_writer_instance *in = cfv_writer_instance_at(w, i);
    switch (cfv_mut_below(m, 8)) {
    case 0:
    case 1:
        return field_count(m, w, i);
    case 2: {
        int t = (int)cfv_mut_below(m, m->defs->ntypes);
        int consistent = cfv_mut_chance(m, 70);
        cfv_mut_note(m, "type%u%s(i%zu)", (unsigned)m->defs->types[t].id, consistent ? "" : "!", i);
        return cfv_mut_retype(m, w, i, t, consistent);
    }
    case 3:
        in->flags ^= cfv_mut_chance(m, 75) ? CFF_INSTANCE_FLAG_ENABLED : (uint8_t)(1u << cfv_mut_below(m, 8));
        cfv_mut_note(m, "iflags%u(i%zu)", in->flags, i);
        return 0;
    case 4:
        in->instance_id = cfv_mut_chance(m, 50) && i ? cfv_writer_instance_at(w, i - 1)->instance_id
                                                     : cfv_mut_u32(m);
        cfv_mut_note(m, "id(i%zu)", i);
        return 0;
    case 5:
        cfv_mut_note(m, "name(i%zu)", i);
        if (m->a_text && cfv_mut_chance(m, 85))
            return cfv_writer_set_name(w, i, cfv_mut_text(m));
        return cfv_writer_set_name_ref(w, i, cfv_mut_raw_sref(m));
    case 6:
        in->reserved = cfv_mut_u32(m) | 1u;
        cfv_mut_note(m, "ireserved(i%zu)", i);
        return 0;
    default:
        return cfv_mut_add_instance(m, w, home_type(m, w));
    }
}
