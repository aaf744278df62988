/* The fleet inventory: jansson reads the JSON (syntax, UTF-8, duplicate
 * keys, integers past int64); this file checks its shape and meaning, and
 * json_locate finds the place of each complaint. */
#include "fleet.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_locate.h"
#include "read_input.h"

typedef struct parse_ctx {
    const char *text;
    size_t len;
    const char *path;
    cfv_err *e;
} parse_ctx;

/* Names by index, looked up through an open-addressing hash of indices. */
typedef struct name_set {
    char **v;
    size_t n, cap;
    uint32_t *slot;             /* index + 1; 0 is empty */
    size_t nslot;               /* a power of two, at least 2n */
} name_set;

static uint64_t hash_bytes(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static long set_find(const name_set *s, const char *name)
{
    if (!s->nslot)
        return -1;
    for (size_t i = hash_bytes(name) & (s->nslot - 1);; i = (i + 1) & (s->nslot - 1)) {
        if (!s->slot[i])
            return -1;
        if (strcmp(s->v[s->slot[i] - 1], name) == 0)
            return (long)s->slot[i] - 1;
    }
}

static int set_rehash(name_set *s)
{
    size_t nslot = s->nslot ? s->nslot * 2 : 16;
    uint32_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t k = 0; k < s->n; k++) {
        size_t i = hash_bytes(s->v[k]) & (nslot - 1);
        while (slot[i])
            i = (i + 1) & (nslot - 1);
        slot[i] = (uint32_t)k + 1;
    }
    free(s->slot);
    s->slot = slot;
    s->nslot = nslot;
    return 0;
}

/* Appends name (copied); its index, or -1 out of memory. */
static long set_add(name_set *s, const char *name)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    if ((s->n + 1) * 2 > s->nslot && set_rehash(s) != 0)
        return -1;
    char *copy = strdup(name);
    if (!copy)
        return -1;
    s->v[s->n] = copy;
    size_t i = hash_bytes(name) & (s->nslot - 1);
    while (s->slot[i])
        i = (i + 1) & (s->nslot - 1);
    s->slot[i] = (uint32_t)++s->n;
    return (long)s->n - 1;
}

static void set_free(name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->slot);
}

static int fail(parse_ctx *c, const cfv_json_step *p, size_t n, int at_key, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));

static int fail(parse_ctx *c, const cfv_json_step *p, size_t n, int at_key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned line, col;
    size_t off = cfv_json_locate(c->text, c->len, p, n, at_key);
    cfv_json_line_col(c->text, c->len, off, &line, &col);
    cfv_err_loc(c->e, c->path, line, col, msg);
    return -1;
}

static int oom(parse_ctx *c)
{
    cfv_err_set(c->e, "%s: out of memory", c->path);
    return -1;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number with a fraction or exponent";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Every key of obj must be one of the three keys[]; each must be present. */
static int check_keys(parse_ctx *c, const json_t *obj, const char *const keys[3],
                      cfv_json_step *p, size_t n, const char *what)
{
    const size_t nkeys = 3;
    const char *key;
    json_t *v;
    for (size_t k = 0; k < nkeys; k++)
        if (!json_object_get(obj, keys[k]))
            return fail(c, p, n, 0, "%s: missing key \"%s\"", what, keys[k]);
    json_object_foreach((json_t *)obj, key, v) {
        size_t k = 0;
        while (k < nkeys && strcmp(keys[k], key) != 0)
            k++;
        if (k == nkeys) {
            p[n].key = key;
            return fail(c, p, n + 1, 1, "%s: unknown key \"%s\" (expected %s, %s and %s)",
                        what, key, keys[0], keys[1], keys[2]);
        }
    }
    return 0;
}

/* A non-empty string of at most CFV_FLEET_NAME_MAX bytes. */
static const char *name_at(parse_ctx *c, const json_t *v, const cfv_json_step *p, size_t n,
                           const char *what)
{
    if (!json_is_string(v)) {
        fail(c, p, n, 0, "%s: expected a string, got %s", what, type_name(v));
        return NULL;
    }
    size_t len = json_string_length(v);
    if (len == 0) {
        fail(c, p, n, 0, "%s: empty name", what);
        return NULL;
    }
    if (len > CFV_FLEET_NAME_MAX) {
        fail(c, p, n, 0, "%s: name longer than %u bytes", what, CFV_FLEET_NAME_MAX);
        return NULL;
    }
    return json_string_value(v);
}

static int parse_rings(parse_ctx *c, const json_t *rings, name_set *set)
{
    cfv_json_step p[2] = {{"rings", 0}, {NULL, 0}};
    if (!json_is_array(rings))
        return fail(c, p, 1, 0, "rings: expected an array of ring names, got %s",
                    type_name(rings));
    if (json_array_size(rings) == 0)
        return fail(c, p, 1, 0, "rings: empty; name at least one ring, in deployment order");
    for (size_t i = 0; i < json_array_size(rings); i++) {
        p[1].index = i;
        const char *name = name_at(c, json_array_get(rings, i), p, 2, "rings");
        if (!name)
            return -1;
        long seen = set_find(set, name);
        if (seen >= 0)
            return fail(c, p, 2, 0, "rings: \"%s\" is listed twice (also rings[%ld])", name, seen);
        if (set_add(set, name) < 0)
            return oom(c);
    }
    return 0;
}

/* Pairs (sensor, ring) already seen: entry index + 1 by pair. */
typedef struct pair_set {
    uint64_t *key;
    uint32_t *entry;
    size_t nslot;
} pair_set;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    return x;
}

/* The entry that already holds key, or 0 after recording `entry` (index + 1). */
static uint32_t pair_seen(pair_set *s, uint64_t key, uint32_t entry)
{
    size_t i = mix(key) & (s->nslot - 1);
    for (; s->entry[i]; i = (i + 1) & (s->nslot - 1))
        if (s->key[i] == key)
            return s->entry[i];
    s->key[i] = key;
    s->entry[i] = entry;
    return 0;
}

static int parse_entry(parse_ctx *c, cfv_fleet *f, const json_t *v, size_t i, name_set *rings,
                       name_set *sensors, pair_set *pairs)
{
    static const char *const keys[] = {"sensor", "ring", "hosts"};
    cfv_json_step p[3] = {{"sensors", 0}, {NULL, i}, {NULL, 0}};
    char what[64];
    snprintf(what, sizeof what, "sensors[%zu]", i);
    if (!json_is_object(v))
        return fail(c, p, 2, 0, "%s: expected an object {\"sensor\", \"ring\", \"hosts\"}, got %s",
                    what, type_name(v));
    if (check_keys(c, v, keys, p, 2, what) != 0)
        return -1;
    char field[80];
    p[2].key = "sensor";
    snprintf(field, sizeof field, "%s.sensor", what);
    const char *sensor = name_at(c, json_object_get(v, "sensor"), p, 3, field);
    if (!sensor)
        return -1;
    p[2].key = "ring";
    snprintf(field, sizeof field, "%s.ring", what);
    const char *ring = name_at(c, json_object_get(v, "ring"), p, 3, field);
    if (!ring)
        return -1;
    long r = set_find(rings, ring);
    if (r < 0)
        return fail(c, p, 3, 0, "%s: unknown ring \"%s\" (not in \"rings\")", field, ring);
    p[2].key = "hosts";
    snprintf(field, sizeof field, "%s.hosts", what);
    const json_t *h = json_object_get(v, "hosts");
    if (!json_is_integer(h))
        return fail(c, p, 3, 0, "%s: expected a non-negative integer, got %s", field,
                    type_name(h));
    json_int_t hosts = json_integer_value(h);
    if (hosts < 0)
        return fail(c, p, 3, 0, "%s: %" JSON_INTEGER_FORMAT " is negative", field, hosts);
    if ((uint64_t)hosts > CFV_FLEET_MAX_HOSTS - f->total_hosts)
        return fail(c, p, 3, 0, "%s: the fleet's hosts add up past %" PRId64, field,
                    (int64_t)CFV_FLEET_MAX_HOSTS);
    long s = set_find(sensors, sensor);
    if (s < 0 && (s = set_add(sensors, sensor)) < 0)
        return oom(c);
    uint32_t before = pair_seen(pairs, (uint64_t)s << 32 | (uint64_t)r, (uint32_t)i + 1);
    if (before) {
        p[2].key = NULL;
        return fail(c, p, 2, 0, "%s: sensor \"%s\" in ring \"%s\" is listed twice (also sensors[%" PRIu32 "])",
                    what, sensor, ring, before - 1);
    }
    f->entries[i] = (cfv_fleet_entry){(uint32_t)s, (uint32_t)r, (uint64_t)hosts};
    f->total_hosts += (uint64_t)hosts;
    return 0;
}

static int parse_entries(parse_ctx *c, cfv_fleet *f, const json_t *arr, name_set *rings,
                         name_set *sensors)
{
    cfv_json_step p[1] = {{"sensors", 0}};
    if (!json_is_array(arr))
        return fail(c, p, 1, 0, "sensors: expected an array of {\"sensor\", \"ring\", \"hosts\"}, got %s",
                    type_name(arr));
    size_t n = json_array_size(arr);
    if (n > UINT32_MAX - 1)
        return fail(c, p, 1, 0, "sensors: too many entries");
    pair_set pairs = {0};
    pairs.nslot = 16;
    while (pairs.nslot < 2 * n)
        pairs.nslot *= 2;
    pairs.key = calloc(pairs.nslot, sizeof *pairs.key);
    pairs.entry = calloc(pairs.nslot, sizeof *pairs.entry);
    f->entries = calloc(n ? n : 1, sizeof *f->entries);
    int rc = pairs.key && pairs.entry && f->entries ? 0 : oom(c);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = parse_entry(c, f, json_array_get(arr, i), i, rings, sensors, &pairs);
    if (rc == 0)
        f->nentries = n;
    free(pairs.key);
    free(pairs.entry);
    return rc;
}

static int parse_root(parse_ctx *c, cfv_fleet *f, const json_t *root, name_set *rings,
                      name_set *sensors)
{
    static const char *const keys[] = {"fleet", "rings", "sensors"};
    cfv_json_step p[1] = {{"fleet", 0}};
    if (!json_is_object(root))
        return fail(c, p, 0, 0, "expected an object with keys fleet, rings and sensors, got %s",
                    type_name(root));
    if (check_keys(c, root, keys, p, 0, "fleet file") != 0)
        return -1;
    const char *name = name_at(c, json_object_get(root, "fleet"), p, 1, "fleet");
    if (!name)
        return -1;
    if (!(f->name = strdup(name)))
        return oom(c);
    if (parse_rings(c, json_object_get(root, "rings"), rings) != 0)
        return -1;
    return parse_entries(c, f, json_object_get(root, "sensors"), rings, sensors);
}

int cfv_fleet_parse(cfv_fleet *f, const char *text, size_t len, const char *path, cfv_err *e)
{
    memset(f, 0, sizeof *f);
    parse_ctx c = {text, len, path, e};
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        unsigned line = je.line > 0 ? (unsigned)je.line : 1;
        unsigned col = je.column > 0 ? (unsigned)je.column : 1;
        if (je.line <= 0 && je.position >= 0)
            cfv_json_line_col(text, len, (size_t)je.position, &line, &col);
        char msg[256];
        snprintf(msg, sizeof msg, "invalid JSON: %s", je.text);
        cfv_err_loc(e, path, line, col, msg);
        return -1;
    }
    name_set rings = {0}, sensors = {0};
    int rc = parse_root(&c, f, root, &rings, &sensors);
    json_decref(root);
    free(rings.slot);
    free(sensors.slot);
    f->rings = rings.v;
    f->nrings = rings.n;
    f->sensors = sensors.v;
    f->nsensors = sensors.n;
    if (rc != 0)
        cfv_fleet_free(f);
    return rc;
}

int cfv_fleet_load(cfv_fleet *f, const char *path, cfv_err *e)
{
    memset(f, 0, sizeof *f);
    cfv_input in;
    if (cfv_read_input(path, CFV_FLEET_MAX_SIZE, &in, e) != 0)
        return -1;
    int rc = -1;
    if (in.over_limit)
        cfv_err_path(e, cfv_input_name(path), "fleet file larger than %u bytes",
                     CFV_FLEET_MAX_SIZE);
    else
        rc = cfv_fleet_parse(f, in.data ? (const char *)in.data : "", in.len,
                             cfv_input_name(path), e);
    cfv_input_free(&in);
    return rc;
}

void cfv_fleet_free(cfv_fleet *f)
{
    name_set r = {f->rings, f->nrings, 0, NULL, 0};
    name_set s = {f->sensors, f->nsensors, 0, NULL, 0};
    set_free(&r);
    set_free(&s);
    free(f->entries);
    free(f->name);
    memset(f, 0, sizeof *f);
}

long cfv_fleet_ring(const cfv_fleet *f, const char *name)
{
    for (size_t i = 0; i < f->nrings; i++)
        if (strcmp(f->rings[i], name) == 0)
            return (long)i;
    return -1;
}
