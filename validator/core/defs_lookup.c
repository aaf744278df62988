/* Look-ups over a parsed cfv_defs. Every index coming from outside is
 * range-checked, so a corrupt or hostile file can never index past the
 * tables; counts are clamped in case the struct was not filled by the parser. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"

static uint32_t ntypes(const cfv_defs *d) { return d->ntypes < CFV_MAX_TYPES ? d->ntypes : CFV_MAX_TYPES; }
static uint32_t nsensors(const cfv_defs *d) { return d->nsensors < CFV_MAX_SENSORS ? d->nsensors : CFV_MAX_SENSORS; }

/* stored is NUL-terminated within CFV_NAME_MAX; s[0..n) is not. */
static bool name_eq(const char *stored, const char *s, size_t n)
{
    if (n >= CFV_NAME_MAX || (n && !s))
        return false;
    for (size_t i = 0; i < n; i++)
        if (stored[i] == '\0' || stored[i] != s[i])
            return false;
    return stored[n] == '\0';
}

static const cfv_type_def *type_at(const cfv_defs *d, int t)
{
    if (!d || t < 0 || (uint32_t)t >= ntypes(d))
        return NULL;
    const cfv_type_def *ty = &d->types[t];
    if ((uint32_t)ty->first_field + ty->nfields > CFV_FIELD_POOL)
        return NULL;
    return ty;
}

int cfv_defs_type_by_id(const cfv_defs *d, uint32_t id)
{
    for (uint32_t t = 0; d && t < ntypes(d); t++)
        if (d->types[t].id == id)
            return (int)t;
    return -1;
}

int cfv_defs_type_by_channel(const cfv_defs *d, uint32_t channel)
{
    for (uint32_t t = 0; d && t < ntypes(d); t++)
        if (d->types[t].channel == channel)
            return (int)t;
    return -1;
}

int cfv_defs_type_by_name(const cfv_defs *d, const char *name, size_t len)
{
    for (uint32_t t = 0; d && t < ntypes(d); t++)
        if (name_eq(d->types[t].name, name, len))
            return (int)t;
    return -1;
}

int cfv_defs_sensor_by_name(const cfv_defs *d, const char *name, size_t len)
{
    for (uint32_t s = 0; d && s < nsensors(d); s++)
        if (name_eq(d->sensors[s].name, name, len))
            return (int)s;
    return -1;
}

int cfv_defs_field_by_name(const cfv_defs *d, int type_index, const char *name, size_t len)
{
    const cfv_type_def *ty = type_at(d, type_index);
    for (uint32_t i = 0; ty && i < ty->nfields; i++)
        if (name_eq(d->fields[ty->first_field + i].name, name, len))
            return (int)i;
    return -1;
}

uint8_t cfv_defs_field_type(const cfv_defs *d, int type_index, uint32_t i)
{
    const cfv_type_def *ty = type_at(d, type_index);
    if (!ty || i >= ty->nfields)
        return 0;
    return d->fields[ty->first_field + i].type;
}

uint32_t cfv_defs_supplied(const cfv_defs *d, int sensor_index, int type_index)
{
    if (!type_at(d, type_index) || sensor_index < 0 || (uint32_t)sensor_index >= nsensors(d))
        return CFV_UNSUPPORTED;
    return d->sensors[sensor_index].supplied[type_index];
}
