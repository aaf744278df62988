/* The externs grammar/cff.grammar declares: CFF's domain, by hand. env is
 * the caller's cfv_options (its definitions); type values are type indexes,
 * CFF_NONE for anything unknown, so the grammar can guard with `!= NONE`.
 * Every function is total: any argument has a result, nothing is read out of
 * bounds, whatever the input file says. */
#include "cff_validate.h"
#include "cfv/crc32c.h"

#define CFF_NONE UINT64_C(0xFFFFFFFF)

static const cfv_defs *defs_of(const void *env) { return ((const cfv_options *)env)->defs; }

/* Counts clamped to the tables: cfv_defs_parse never exceeds them, but a
 * hand-built cfv_defs might, and no count may lead a read astray. */
static uint64_t ntypes(const cfv_defs *d) { return d->ntypes < CFV_MAX_TYPES ? d->ntypes : CFV_MAX_TYPES; }
static uint64_t nsensors(const cfv_defs *d)
{
    return d->nsensors < CFV_MAX_SENSORS ? d->nsensors : CFV_MAX_SENSORS;
}

static int field_ok(const cfv_defs *d, uint64_t t, uint64_t i)
{
    return t < ntypes(d) && i < d->types[t].nfields &&
           (uint64_t)d->types[t].first_field + i < CFV_FIELD_POOL;
}

/* The type whose key (id or channel) is v: compared as u64, so no value is
 * narrowed on the way. */
static uint64_t type_where(const cfv_defs *d, uint64_t v, int by_channel)
{
    for (uint64_t t = 0; t < ntypes(d); t++)
        if ((by_channel ? d->types[t].channel : d->types[t].id) == v)
            return t;
    return CFF_NONE;
}

static cfv_bytes name_bytes(const char *s)
{
    cfv_bytes b = { (const uint8_t *)s, 0 };
    while (b.n < CFV_NAME_MAX && s[b.n])
        b.n++;
    return b;
}

uint64_t cff_x_channel_type(const void *env, uint64_t channel)
{
    return type_where(defs_of(env), channel, 1);
}

uint64_t cff_x_type_by_id(const void *env, uint64_t id)
{
    return type_where(defs_of(env), id, 0);
}

uint64_t cff_x_type_fields(const void *env, uint64_t t)
{
    const cfv_defs *d = defs_of(env);
    return t < ntypes(d) ? d->types[t].nfields : 0;
}

uint64_t cff_x_field_type(const void *env, uint64_t t, uint64_t i)
{
    const cfv_defs *d = defs_of(env);
    return field_ok(d, t, i) ? d->fields[d->types[t].first_field + i].type : 0;
}

cfv_bytes cff_x_type_name(const void *env, uint64_t t)
{
    const cfv_defs *d = defs_of(env);
    return name_bytes(t < ntypes(d) ? d->types[t].name : "");
}

cfv_bytes cff_x_field_name(const void *env, uint64_t t, uint64_t i)
{
    const cfv_defs *d = defs_of(env);
    return name_bytes(field_ok(d, t, i) ? d->fields[d->types[t].first_field + i].name : "");
}

/* A sensor supports a type when its profile gives an input count for it. */
uint64_t cff_x_supported(const void *env, uint64_t sensor, uint64_t t)
{
    const cfv_defs *d = defs_of(env);
    return sensor < nsensors(d) && t < ntypes(d) && d->sensors[sensor].supplied[t] != CFV_UNSUPPORTED;
}

uint64_t cff_x_supplied(const void *env, uint64_t sensor, uint64_t t)
{
    return cff_x_supported(env, sensor, t) ? defs_of(env)->sensors[sensor].supplied[t] : 0;
}

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static uint8_t lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c; }

/* C-<8 digits>-<8 digits>-<8 digits>.sys, as the sensor names channel files
 * (letters compared case-insensitively: Windows file names): the number in
 * `part` (0, 1, 2), or NONE when the name is not one. */
uint64_t cff_x_channel_file_name(const void *env, cfv_bytes name, uint64_t part)
{
    (void)env;
    static const uint8_t shape[] = "c-########-########-########.sys";
    uint64_t parts[3] = { 0, 0, 0 };
    if (name.n != sizeof shape - 1 || part > 2)
        return CFF_NONE;
    int k = 0;
    for (uint64_t i = 0; i < name.n; i++) {
        uint8_t c = name.p[i];
        if (shape[i] == '#') {
            if (!is_digit(c))
                return CFF_NONE;
            parts[k] = parts[k] * 10 + (uint64_t)(c - '0');
        } else if (lower(c) != shape[i]) {
            return CFF_NONE;
        } else if (c == '-' && i > 1) {
            k++;
        }
    }
    return parts[part];
}

uint64_t cff_x_crc32c_without(const void *env, cfv_bytes data, uint64_t at)
{
    (void)env;
    return cfv_crc32c_skip4(data.p, (size_t)data.n, (size_t)at);
}
