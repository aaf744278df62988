/* fuzz_replica_hardened: the fixed sensor, which must never crash. For each
 * sensor profile, the guarded loader (the validator for that sensor, then
 * the load) and the hardened interpreter on every event type; and the
 * hardened interpreter alone on whatever the trusting loader lets through,
 * as its runtime check must hold without the validator too. Checked: an
 * instance is refused exactly when it would read past the inputs, at the
 * first such criterion, and a file the validator accepted has nothing to
 * refuse. */
#include <stdlib.h>

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct run {
    const cfv_defs *defs;
    int sensor;
    int guarded;
    uint32_t m;
} run;

static void verdict(void *user, const cfv_replica_instance *inst, cfv_replica_verdict v,
                    uint32_t field)
{
    const run *x = user;
    uint32_t first = 0;
    int over = cfv_fz_first_past(inst, x->m, &first);
    if ((v == CFV_VERDICT_REFUSED) != over || (over && field != first)) {
        fprintf(stderr,
                "fuzz_replica_hardened: sensor %s, instance %u: verdict %d (field %u), but %s %u\n",
                x->defs->sensors[x->sensor].name, inst->id, (int)v, field,
                over ? "it first reads past the inputs on field" : "no criterion reads past the inputs:",
                over ? first : x->m);
        abort();
    }
    if (over && x->guarded) {
        fprintf(stderr,
                "fuzz_replica_hardened: VALIDATOR SOUNDNESS BUG: cfv_validate accepted this file for "
                "sensor %s, yet instance %u reads inputs[%u] of %u (the hardened interpreter refused it)\n",
                x->defs->sensors[x->sensor].name, inst->id, first, x->m);
        abort();
    }
}

static int hardened(void *user, cfv_replica *r, int type_index, uint16_t type_id,
                    const cfv_replica_input *in, uint32_t m)
{
    (void)type_index;
    run *x = user;
    x->m = m;
    cfv_replica_eval(r, type_id, in, m, CFV_REPLICA_HARDENED, verdict, x);
    return 0;
}

static cfv_replica *load(const run *x, const uint8_t *data, size_t size, cfv_replica_load_mode mode)
{
    cfv_replica_load_options lo = {mode, x->defs, x->sensor, NULL, NULL, NULL};
    cfv_replica *r;
    cfv_replica_error err;
    return cfv_replica_load(&r, data, size, &lo, &err) == CFV_REPLICA_OK ? r : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run x = {cfv_fz_defs(), 0, 1, 0};
    for (x.sensor = 0; x.sensor < (int)x.defs->nsensors; x.sensor++) {
        cfv_replica *r = load(&x, data, size, CFV_LOAD_GUARDED);
        if (r)
            cfv_fz_each_event(r, x.defs, x.sensor, hardened, &x);
        cfv_replica_free(r);
    }
    x.guarded = 0;
    x.sensor = 0;
    cfv_replica *r = load(&x, data, size, CFV_LOAD_TRUSTING);
    for (; r && x.sensor < (int)x.defs->nsensors; x.sensor++)
        cfv_fz_each_event(r, x.defs, x.sensor, hardened, &x);
    cfv_replica_free(r);
    return 0;
}
