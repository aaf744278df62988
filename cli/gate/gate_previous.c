/* The previous release summarised for the grammar's entry Release
 * (cfv/previous.h): its instances by id (the first of each id, as the
 * instance diff pairs a single copy), their criteria's ops, and per
 * template type how many instances it has and which fields they read. */
#include <stdlib.h>
#include <string.h>

#include "gate_internal.h"

static int by_type(const void *a, const void *b)
{
    uint16_t p = ((const cfv_prev_type *)a)->template_type, q = ((const cfv_prev_type *)b)->template_type;
    return (p > q) - (p < q);
}

static int instances_by_id(cfv_gate_prev *s, const cfv_decoded *d)
{
    long *ix = cfv_gate_by_id(d);
    s->instances = malloc((d->ninstances ? d->ninstances : 1) * sizeof *s->instances);
    if (!ix || !s->instances) {
        free(ix);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->ninstances; i++) {
        const cfv_dec_instance *in = &d->instances[ix[i]];
        if (n && s->instances[n - 1].instance_id == in->instance_id)
            continue;   /* a repeated id: its first copy stands for it */
        s->instances[n++] = (cfv_prev_instance){in->instance_id, in->template_type,
                                                in->first_criterion, in->ncriteria};
    }
    free(ix);
    s->view.instances = s->instances;
    s->view.ninstances = n;
    return 0;
}

/* One entry per template type, found through a table of every u16 value. */
static int types(cfv_gate_prev *s, const cfv_decoded *d)
{
    uint32_t *slot = calloc(UINT16_MAX + 1, sizeof *slot);
    s->types = calloc(d->ninstances ? d->ninstances : 1, sizeof *s->types);
    if (!slot || !s->types) {
        free(slot);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->ninstances; i++) {
        const cfv_dec_instance *in = &d->instances[i];
        if (!slot[in->template_type]) {
            s->types[n].template_type = in->template_type;
            slot[in->template_type] = (uint32_t)++n;
        }
        cfv_prev_type *t = &s->types[slot[in->template_type] - 1];
        t->instances++;
        for (uint32_t k = 0; k < in->ncriteria; k++)   /* k < 256: field_count is a u8 */
            if (cfv_decoded_criterion(d, i, k)->op != CFF_OP_ANY)
                t->reads[k / 8] |= (uint8_t)(1u << (k % 8));
    }
    free(slot);
    qsort(s->types, n, sizeof *s->types, by_type);
    s->view.types = s->types;
    s->view.ntypes = n;
    return 0;
}

int cfv_gate_previous(cfv_gate_prev *s, const cfv_decoded *d, const char *name)
{
    memset(s, 0, sizeof *s);
    s->view.channel_id = d->header.channel_id;
    s->view.content_version = d->header.content_version;
    s->view.name = name;
    s->view.name_len = strlen(name);
    s->ops = malloc(d->ncriteria ? d->ncriteria : 1);
    if (!s->ops || instances_by_id(s, d) != 0 || types(s, d) != 0) {
        cfv_gate_previous_free(s);
        return -1;
    }
    for (size_t i = 0; i < d->ncriteria; i++)
        s->ops[i] = d->criteria[i].op;
    s->view.ops = s->ops;
    s->view.nops = d->ncriteria;
    return 0;
}

const cfv_prev_type *cfv_gate_prev_type(const cfv_gate_prev *s, uint16_t template_type)
{
    const cfv_prev_type key = {.template_type = template_type};
    return s->view.ntypes ? bsearch(&key, s->view.types, s->view.ntypes, sizeof key, by_type) : NULL;
}

void cfv_gate_previous_free(cfv_gate_prev *s)
{
    free(s->instances);
    free(s->ops);
    free(s->types);
    memset(s, 0, sizeof *s);
}
