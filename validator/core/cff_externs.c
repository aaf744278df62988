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

/* Each index is checked against the array bound itself next to its access,
 * not only through ntypes() or a helper: a static analyser keeps a range it
 * proves only within the function (proof/README.md). */
#define TYPE_OK(d, t) ((t) < CFV_MAX_TYPES && (t) < (d)->ntypes)
#define FIELD_AT(d, t, i) ((uint64_t)(d)->types[t].first_field + (i))

/* The type whose key (id or channel) is v: compared as u64, so no value is
 * narrowed on the way. */
static uint64_t type_where(const cfv_defs *d, uint64_t v, int by_channel)
{
    for (uint64_t t = 0; t < ntypes(d); t++)
        if ((by_channel ? d->types[t].channel : d->types[t].id) == v)
            return t;
    return CFF_NONE;
}

static const char no_name[CFV_NAME_MAX] = { 0 };
static cfv_bytes name_bytes(const char *s) { return cfv_rt_str(s, CFV_NAME_MAX); }

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
    if (!TYPE_OK(d, t))
        return 0;
    /* a type whose fields leave the pool has none */
    const cfv_type_def *ty = &d->types[t];
    return (uint64_t)ty->first_field + ty->nfields <= CFV_FIELD_POOL ? ty->nfields : 0;
}

uint64_t cff_x_field_type(const void *env, uint64_t t, uint64_t i)
{
    const cfv_defs *d = defs_of(env);
    if (!TYPE_OK(d, t) || i >= d->types[t].nfields)
        return 0;
    const uint64_t at = FIELD_AT(d, t, i);
    return at < CFV_FIELD_POOL ? d->fields[at].type : 0;
}

cfv_bytes cff_x_type_name(const void *env, uint64_t t)
{
    const cfv_defs *d = defs_of(env);
    if (!TYPE_OK(d, t))
        return name_bytes(no_name);
    return name_bytes(d->types[t].name);
}

cfv_bytes cff_x_field_name(const void *env, uint64_t t, uint64_t i)
{
    const cfv_defs *d = defs_of(env);
    if (!TYPE_OK(d, t) || i >= d->types[t].nfields)
        return name_bytes(no_name);
    const uint64_t at = FIELD_AT(d, t, i);
    return name_bytes(at < CFV_FIELD_POOL ? d->fields[at].name : no_name);
}

/* A sensor supports a type when its profile gives an input count for it. */
uint64_t cff_x_supported(const void *env, uint64_t sensor, uint64_t t)
{
    const cfv_defs *d = defs_of(env);
    return sensor < CFV_MAX_SENSORS && sensor < d->nsensors && TYPE_OK(d, t) &&
           d->sensors[sensor].supplied[t] != CFV_UNSUPPORTED;
}

uint64_t cff_x_supplied(const void *env, uint64_t sensor, uint64_t t)
{
    const cfv_defs *d = defs_of(env);
    if (sensor >= CFV_MAX_SENSORS || sensor >= d->nsensors || !TYPE_OK(d, t))
        return 0;
    const uint64_t n = d->sensors[sensor].supplied[t];
    return n != CFV_UNSUPPORTED ? n : 0;
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
    for (uint64_t i = 0; i < sizeof shape - 1; i++) {
        uint8_t c = (uint8_t)cfv_rt_byte(name, i);
        if (shape[i] == '#') {
            if (!is_digit(c))
                return CFF_NONE;
            /* the part computed from the index (digits at 2..27), not carried */
            const uint64_t k = (i - 2) / 9;
            if (k < 3)
                parts[k] = parts[k] * 10 + (uint64_t)(c - '0');
        } else if (lower(c) != shape[i]) {
            return CFF_NONE;
        }
    }
    return parts[part];
}

uint64_t cff_x_crc32c_without(const void *env, cfv_bytes data, uint64_t at)
{
    (void)env;
    static const uint8_t empty[1] = { 0 };
    const uint8_t *p = cfv_rt_ptr(data);
    const uint64_t end = cfv_rt_view_end(data);
    if (!p)
        return cfv_crc32c_skip4(empty, 0, (size_t)at);
    return cfv_crc32c_skip4(p, (size_t)(end - data.off), (size_t)at);
}

/* ---------------------------------------------------- the previous release
 * cfv_options.previous, built by the caller (cfv/previous.h): sorted
 * arrays, searched by key. Counts are the caller's, read as given; each
 * index is checked against its own count where it is read. */

static const cfv_previous *previous_of(const void *env) { return ((const cfv_options *)env)->previous; }

typedef uint64_t (*key_fn)(const cfv_previous *p, size_t i);
static uint64_t instance_key(const cfv_previous *p, size_t i) { return p->instances[i].instance_id; }
static uint64_t type_key(const cfv_previous *p, size_t i) { return p->types[i].template_type; }

/* The first of n entries in ascending key order whose key is `key`, or n.
 * A binary search by descending powers of two: entries [0, i) are below
 * key, and the one index read is bounded by the test next to it (j <= n),
 * a form the analyser keeps (proof/README.md). */
static size_t find(const cfv_previous *p, size_t n, key_fn key_at, uint64_t key)
{
    size_t step = 1, i = 0;
    while (step <= n / 2)
        step <<= 1;                     /* the largest power of two <= n (1 for n = 0) */
    for (; step; step >>= 1) {
        const size_t j = i + step;
        if (j <= n && key_at(p, j - 1) < key)
            i = j;
    }
    return i < n && key_at(p, i) == key ? i : n;
}

static size_t prev_instance(const cfv_previous *p, uint64_t id)
{
    return find(p, p->ninstances, instance_key, id);
}

static size_t prev_type(const cfv_previous *p, uint64_t type)
{
    return find(p, p->ntypes, type_key, type);
}

uint64_t cff_x_previous_type(const void *env, uint64_t id)
{
    const cfv_previous *p = previous_of(env);
    const size_t i = prev_instance(p, id);
    return i < p->ninstances ? p->instances[i].template_type : CFF_NONE;
}

uint64_t cff_x_previous_op(const void *env, uint64_t id, uint64_t k)
{
    const cfv_previous *p = previous_of(env);
    const size_t i = prev_instance(p, id);
    if (i >= p->ninstances || k >= p->instances[i].nops || p->instances[i].first_op >= p->nops)
        return CFF_NONE;
    const size_t at = p->instances[i].first_op + (size_t)k;   /* k < nops, a u32: no wrap */
    return at < p->nops ? p->ops[at] : CFF_NONE;
}

uint64_t cff_x_previous_count(const void *env, uint64_t type)
{
    const cfv_previous *p = previous_of(env);
    const size_t t = prev_type(p, type);
    return t < p->ntypes ? p->types[t].instances : 0;
}

uint64_t cff_x_previous_reads(const void *env, uint64_t type, uint64_t k)
{
    const cfv_previous *p = previous_of(env);
    const size_t t = prev_type(p, type);
    if (t >= p->ntypes || k >= 8 * sizeof p->types[t].reads)
        return 0;
    return p->types[t].reads[k / 8] >> (k % 8) & 1u;
}
