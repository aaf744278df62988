/* Whether a file may seed the fuzzers: valid, and not a Channel File 291
 * in waiting. Two independent looks: the validator per sensor, and the
 * decoder's view of every criterion (so a validator bug cannot let a
 * July-style file into the seeds). */
#include <stdio.h>
#include <string.h>

#include "cfv/cfv.h"
#include "cfv/decode.h"
#include "cfv/regex_pcre2.h"
#include "seeds.h"

typedef struct tally {
    uint32_t errors;            /* other than CFV060 */
    uint16_t first;
} tally;

static void count(void *user, const cfv_diag *g)
{
    tally *t = user;
    if (g->severity == CFV_SEV_ERROR && g->rule != 60 && !t->errors++)
        t->first = g->rule;
}

/* -1: a sensor rejects it for more than CFV060; 0: none accepts it outright; 1 */
static int validate(const cfv_defs *d, const uint8_t *buf, size_t len, char *why, size_t n)
{
    cfv_regex_cache *cache = cfv_regex_cache_new();
    int clean = 0, rc = 1;
    for (uint32_t s = 0; s < d->nsensors && rc > 0; s++) {
        tally t = {0, 0};
        cfv_options o;
        memset(&o, 0, sizeof o);
        o.defs = d;
        o.sensors = UINT32_C(1) << s;
        o.real_size = len;
        cfv_regex_use(&o, cache);
        o.emit = count;
        o.emit_user = &t;
        cfv_result r = cfv_validate(buf, len, &o);
        if (t.errors) {
            snprintf(why, n, "sensor %s: CFV%03u", d->sensors[s].name, t.first);
            rc = -1;
        }
        clean += r.errors == 0;
    }
    cfv_regex_cache_free(cache);
    if (rc > 0 && !clean) {
        snprintf(why, n, "no sensor accepts it");
        rc = 0;
    }
    return rc;
}

uint32_t cfv_seed_fewest_inputs(const cfv_defs *d, int t)
{
    uint32_t n = d->types[t].nfields;
    for (uint32_t s = 0; s < d->nsensors; s++) {
        uint32_t m = cfv_defs_supplied(d, (int)s, t);
        if (m != CFV_UNSUPPORTED && m < n)
            n = m;
    }
    return n;
}

static int live_past_inputs(const cfv_defs *d, const uint8_t *buf, size_t len, char *why, size_t n)
{
    cfv_decoded v;
    cfv_decoded_init(&v);
    int bad = cfv_decode(&v, buf, len) != CFV_DECODE_OK;
    for (size_t i = 0; !bad && i < v.ninstances; i++) {
        int t = cfv_defs_type_by_id(d, v.instances[i].template_type);
        uint32_t m = t < 0 ? 0 : cfv_seed_fewest_inputs(d, t);
        for (uint32_t c = m; c < v.instances[i].ncriteria && !bad; c++) {
            if (cfv_decoded_criterion(&v, i, c)->op != CFF_OP_ANY) {
                snprintf(why, n, "instance %u: non-wildcard on field %u, past some sensor's %u inputs",
                         v.instances[i].instance_id, c, m);
                bad = 1;
            }
        }
    }
    cfv_decoded_free(&v);
    return bad;
}

int cfv_seed_check(const cfv_defs *d, const uint8_t *buf, size_t len, char *why, size_t n)
{
    if (live_past_inputs(d, buf, len, why, n))
        return -1;
    return validate(d, buf, len, why, n) > 0 ? 0 : -1;
}
