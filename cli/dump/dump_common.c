#include "dump.h"

#include <stdlib.h>
#include <string.h>

int cfv_dump_ctx_init(cfv_dump_ctx *c)
{
    size_t n = c->diags->n;
    c->order = calloc(n ? n : 1, sizeof *c->order);
    c->shown = calloc(n ? n : 1, 1);
    if (!c->order || !c->shown)
        return -1;
    /* Insertion sort: the validator caps diagnostics (100 by default) and
     * reports them almost in offset order already. */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && c->diags->items[c->order[j - 1]].offset > c->diags->items[i].offset) {
            c->order[j] = c->order[j - 1];
            j--;
        }
        c->order[j] = i;
    }
    return 0;
}

void cfv_dump_ctx_free(cfv_dump_ctx *c)
{
    free(c->order);
    free(c->shown);
    c->order = NULL;
    c->shown = NULL;
}

int cfv_dump_type(const cfv_dump_ctx *c, uint16_t template_type)
{
    return cfv_defs_type_by_id(c->env->defs, template_type);
}

const char *cfv_dump_field(const cfv_dump_ctx *c, int t, uint32_t i)
{
    const cfv_defs *defs = c->env->defs;
    if (t < 0 || i >= defs->types[t].nfields)
        return NULL;
    return defs->fields[defs->types[t].first_field + i].name;
}

const char *cfv_dump_sensor(const cfv_dump_ctx *c, const cfv_diag *dg)
{
    if (dg->sensor < 0 || (uint32_t)dg->sensor >= c->env->defs->nsensors)
        return NULL;
    return c->env->defs->sensors[dg->sensor].name;
}

const char *cfv_dump_sref_status(cfv_sref_status st)
{
    switch (st) {
    case CFV_SREF_OK: return "ok";
    case CFV_SREF_NO_STRINGS: return "no STRINGS section";
    case CFV_SREF_OUT_OF_RANGE: return "out of range";
    case CFV_SREF_MIDDLE: return "inside a string";
    default: return "unterminated";
    }
}
