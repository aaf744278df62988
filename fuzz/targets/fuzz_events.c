/* Events synthesized from a loaded file, and the overrun check. */
#include <stdlib.h>
#include <string.h>

#include "cff_layout.h"
#include "fuzz_support.h"

static int is_string_op(uint8_t op) { return op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX; }

/* Slot i takes its value from the first enabled instance of the type whose
 * criterion i has one, so EQUALS and INT_EQ match somewhere and the match
 * paths get covered; the rest get an empty string or 0 by field type. */
static void fill(cfv_replica_input *in, uint32_t m, const cfv_replica *r, const cfv_defs *d,
                 int type_index, uint16_t type_id)
{
    for (uint32_t i = 0; i < m; i++) {
        in[i].str = cfv_defs_field_type(d, type_index, i) == CFV_FT_U32 ? NULL : "";
        in[i].len = 0;
        in[i].value = 0;
    }
    for (size_t k = cfv_replica_count(r); k-- > 0;) {
        const cfv_replica_instance *x = cfv_replica_instance_at(r, k);
        if (x->type != type_id || !(x->flags & CFF_INSTANCE_FLAG_ENABLED))
            continue;
        for (uint32_t i = 0; i < x->field_count && i < m; i++) {
            const cfv_replica_criterion *c = &x->criteria[i];
            if (is_string_op(c->op) && c->str) {
                in[i].str = c->str;
                in[i].len = (uint32_t)c->len;
            } else if (c->op == CFF_OP_INT_EQ || c->op == CFF_OP_INT_MASK) {
                in[i].str = NULL;
                in[i].value = c->operand;
            }
        }
    }
}

static int carries(const cfv_replica *r, uint16_t type_id)
{
    for (size_t k = 0; k < cfv_replica_count(r); k++)
        if (cfv_replica_instance_at(r, k)->type == type_id)
            return 1;
    return 0;
}

int cfv_fz_each_event(cfv_replica *r, const cfv_defs *d, int sensor, cfv_fz_event_fn fn,
                      void *user)
{
    for (uint32_t t = 0; t < d->ntypes; t++) {
        uint32_t m = cfv_defs_supplied(d, sensor, (int)t);
        uint16_t id = (uint16_t)d->types[t].id;
        if (m == CFV_UNSUPPORTED || !carries(r, id))
            continue;
        cfv_replica_input *in = cfv_fz_inputs_new(m);
        if (!in)
            return -1;
        fill(in, m, r, d, (int)t, id);
        int rc = fn(user, r, (int)t, id, in, m);
        cfv_fz_inputs_free(in, m);
        if (rc)
            return rc;
    }
    return 0;
}

int cfv_fz_first_past(const cfv_replica_instance *x, uint32_t m, uint32_t *field)
{
    for (uint32_t i = m; i < x->field_count; i++) {
        if (x->criteria[i].op != CFF_OP_ANY) {
            *field = i;
            return 1;
        }
    }
    return 0;
}

int cfv_fz_find_overrun(const cfv_replica *r, const cfv_defs *d, int sensor, int type_index,
                        uint16_t type_id, uint32_t m, cfv_fz_overrun *o)
{
    uint32_t defined = d->types[type_index].nfields;
    for (size_t k = 0; k < cfv_replica_count(r); k++) {
        const cfv_replica_instance *x = cfv_replica_instance_at(r, k);
        uint32_t i;
        if (x->type != type_id || !(x->flags & CFF_INSTANCE_FLAG_ENABLED) ||
            !cfv_fz_first_past(x, m, &i))
            continue;
        *o = (cfv_fz_overrun){.inst = x, .type_index = type_index, .sensor = sensor, .field = i,
                              .m = m, .cf291 = x->field_count == defined && i < defined};
        return 1;
    }
    return 0;
}

void cfv_fz_describe(FILE *f, const char *prefix, const cfv_defs *d, const cfv_fz_overrun *o)
{
    const cfv_type_def *t = &d->types[o->type_index];
    const char *op = cff_Op_name(o->inst->criteria[o->field].op);
    const char *field = o->field < t->nfields ? d->fields[t->first_field + o->field].name : "(none)";
    fprintf(f,
            "%s: sensor %s, %s event with %u inputs: instance %u (at %llu, field_count %u) "
            "has %s (op %u) on field %u (%s), so the interpreter reads inputs[%u] past the array: %s\n",
            prefix, d->sensors[o->sensor].name, t->name, o->m, o->inst->id,
            (unsigned long long)o->inst->offset, o->inst->field_count, op ? op : "an unknown op",
            o->inst->criteria[o->field].op, o->field, field, o->field,
            o->cf291 ? "the Channel File 291 read (CF291)"
                     : "a record whose field_count differs from its definition");
    fflush(f);
}

int cfv_fz_faithful_event(void *user, cfv_replica *r, int type_index, uint16_t type_id,
                          const cfv_replica_input *in, uint32_t m)
{
    const cfv_fz_faithful *x = user;
    cfv_fz_overrun o;
    int over = cfv_fz_find_overrun(r, x->defs, x->sensor, type_index, type_id, m, &o);
    if (over) {
        if (x->before_overrun)
            x->before_overrun(x);
        cfv_fz_describe(stderr, x->prefix, x->defs, &o);
    }
    cfv_replica_eval(r, type_id, in, m, CFV_REPLICA_FAITHFUL, NULL, NULL);
    if (over) {
        fprintf(stderr, "%s: the read past the inputs did not fault\n", x->prefix);
        abort();
    }
    return 0;
}
