/* The Content Interpreter (FORMAT.md section 6), faithful and hardened. */
#include "cff_layout.h"
#include "replica_internal.h"

/* The read the 2024 sensor made for every non-wildcard criterion. volatile:
 * it happens even for an op that then ignores the value, as in the model;
 * in FAITHFUL mode with i >= m this is the out-of-bounds read. */
static cfv_replica_input read_slot(const cfv_replica_input *inputs, uint32_t i)
{
    const volatile cfv_replica_input *s = inputs + i;
    cfv_replica_input v;
    v.str = s->str;
    v.len = s->len;
    v.value = s->value;
    return v;
}

/* The RCA's runtime check: the first criterion that would read inputs[i >= m]. */
static int reads_past(const cfv_replica_instance *in, uint32_t m, uint32_t *field)
{
    for (uint32_t i = m; i < in->field_count; i++) {
        if (in->criteria[i].op != CFF_OP_ANY) {
            *field = i;
            return 1;
        }
    }
    return 0;
}

static int holds(cfv_replica *r, const cfv_replica_instance *in, const cfv_replica_input *inputs)
{
    int all = 1;
    for (uint32_t i = 0; i < in->field_count; i++) {
        const cfv_replica_criterion *c = &in->criteria[i];
        if (c->op == CFF_OP_ANY)
            continue; /* the wildcard: inputs[i] is never read */
        cfv_replica_input v = read_slot(inputs, i);
        int ok = cfv_rp_apply(r, c, &v);
        if (ok >= 0 && (c->flags & CFF_CRITERION_FLAG_NEGATE))
            ok = !ok;
        all &= ok == 1;
    }
    return all;
}

cfv_replica_counts cfv_replica_eval(cfv_replica *r, uint16_t type,
                                    const cfv_replica_input *inputs, uint32_t m,
                                    cfv_replica_mode mode, cfv_replica_verdict_fn fn,
                                    void *user)
{
    cfv_replica_counts n = {0, 0, 0};
    for (size_t k = 0; k < r->ninst; k++) {
        const cfv_replica_instance *in = &r->inst[k];
        if (in->type != type || !(in->flags & CFF_INSTANCE_FLAG_ENABLED))
            continue;
        n.evaluated++;
        uint32_t field = 0;
        cfv_replica_verdict v;
        if (mode == CFV_REPLICA_HARDENED && reads_past(in, m, &field)) {
            v = CFV_VERDICT_REFUSED;
            n.refused++;
        } else if (holds(r, in, inputs)) {
            v = CFV_VERDICT_MATCH;
            n.matched++;
        } else {
            v = CFV_VERDICT_NO_MATCH;
        }
        if (fn)
            fn(user, in, v, field);
    }
    return n;
}
