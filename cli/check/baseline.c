#include "baseline.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cfv/cfv.h"
#include "escape.h"
#include "fingerprint.h"

/* The finding's identity, shared with SARIF's partialFingerprints. */
uint64_t cfv_baseline_fingerprint(const cfv_diag *d, const char *sensor)
{
    return cfv_finding_fingerprint(d, sensor);
}

void cfv_baseline_init(cfv_baseline *b) { memset(b, 0, sizeof *b); }

void cfv_baseline_free(cfv_baseline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->items[i].path);
        free(b->items[i].field);
        free(b->items[i].sensor);
        free(b->items[i].message);
    }
    free(b->items);
    free(b->slots);
    memset(b, 0, sizeof *b);
}

static uint64_t key(const char *path, uint64_t fp) { return cfv_fnv_str(CFV_FNV_OFFSET, path) ^ fp; }

static size_t *find_slot(const cfv_baseline *b, const char *path, uint64_t fp)
{
    size_t mask = b->nslots - 1;
    for (size_t i = (size_t)key(path, fp) & mask;; i = (i + 1) & mask) {
        size_t v = b->slots[i];
        if (v == 0)
            return &b->slots[i];
        const cfv_bl_entry *e = &b->items[v - 1];
        if (e->fingerprint == fp && strcmp(e->path, path) == 0)
            return &b->slots[i];
    }
}

static int rehash(cfv_baseline *b)
{
    size_t n = b->nslots ? b->nslots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(b->slots);
    b->slots = slots;
    b->nslots = n;
    for (size_t i = 0; i < b->n; i++)
        *find_slot(b, b->items[i].path, b->items[i].fingerprint) = i + 1;
    return 0;
}

/* The entry for (path, fp), created with count 0 if new; NULL out of memory. */
static cfv_bl_entry *entry(cfv_baseline *b, const char *path, uint64_t fp, int create)
{
    if (b->nslots == 0 && (!create || rehash(b) != 0))
        return NULL;
    size_t *slot = find_slot(b, path, fp);
    if (*slot)
        return &b->items[*slot - 1];
    if (!create)
        return NULL;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        cfv_bl_entry *g = realloc(b->items, cap * sizeof *g);
        if (!g)
            return NULL;
        b->items = g;
        b->cap = cap;
    }
    cfv_bl_entry *e = &b->items[b->n];
    memset(e, 0, sizeof *e);
    e->fingerprint = fp;
    if (!(e->path = strdup(path)))
        return NULL;
    b->n++;
    if (2 * b->n > b->nslots) {
        if (rehash(b) != 0)
            return NULL;
    } else {
        *slot = b->n;
    }
    return e;
}

void cfv_baseline_checked(cfv_baseline *b, const char *path)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->items[i].path, path) == 0)
            b->items[i].checked = 1;
}

void cfv_baseline_checked_below(cfv_baseline *b, const char *dir)
{
    size_t n = strlen(dir);
    for (size_t i = 0; i < b->n; i++)
        if (n == 0 || (strncmp(b->items[i].path, dir, n) == 0 && b->items[i].path[n] == '/'))
            b->items[i].checked = 1;
}

int cfv_baseline_absorb(cfv_baseline *b, const char *path, const cfv_diag *d, const char *sensor)
{
    cfv_bl_entry *e = entry(b, path, cfv_baseline_fingerprint(d, sensor), 0);
    if (!e || e->matched >= e->count)
        return 0;
    e->matched++;
    return 1;
}

int cfv_baseline_record(cfv_baseline *b, const char *path, const cfv_diag *d, const char *sensor)
{
    cfv_bl_entry *e = entry(b, path, cfv_baseline_fingerprint(d, sensor), 1);
    if (!e)
        return -1;
    if (e->count++ == 0) {
        char field[CFV_FIELD_MAX];
        cfv_finding_field(d->field, sizeof d->field, field, sizeof field);
        e->rule = d->rule;
        e->field = strdup(field);
        e->sensor = sensor ? strdup(sensor) : NULL;
        e->message = strdup(d->message);
        if (!e->field || !e->message || (sensor && !e->sensor))
            return -1;
    }
    return 0;
}

int cfv_baseline_is_stale(const cfv_bl_entry *x) { return x->checked && x->matched < x->count; }

/* ------------------------------------------------------------ reading */

static int bad(cfv_err *e, const char *file, size_t i, const char *msg)
{
    cfv_err_path(e, file, "entry %zu: %s", i + 1, msg);
    return -1;
}

static int load_entry(cfv_baseline *b, const char *file, size_t i, json_t *x, cfv_err *e)
{
    const char *path, *rule, *fp, *field = "", *message = "";
    json_t *sensor = NULL;
    json_int_t count = 1;
    json_error_t je;
    if (json_unpack_ex(x, &je, JSON_STRICT, "{s:s, s:s, s:s, s?s, s?o, s?s, s?I}", "path", &path,
                       "rule", &rule, "fingerprint", &fp, "field", &field, "sensor", &sensor,
                       "message", &message, "count", &count) != 0)
        return bad(e, file, i, je.text);
    unsigned id;
    const cfv_rule_info *r;
    if (cfv_rules_parse_id(rule, &id) != 0 || !(r = cfv_rules_find(id)))
        return bad(e, file, i, "unknown rule");
    if (r->rule_class == CFV_CLASS_SAFETY) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s is a safety rule (%s): it cannot be baselined; fix the file",
                 r->name, r->title);
        return bad(e, file, i, msg);
    }
    char *end;
    uint64_t v = strtoull(fp, &end, 16);
    if (strlen(fp) != 16 || *end)
        return bad(e, file, i, "fingerprint is not 16 hex digits");
    if (count < 1)
        return bad(e, file, i, "count is not a positive integer");
    if (sensor && !json_is_string(sensor) && !json_is_null(sensor))
        return bad(e, file, i, "sensor is not a string or null");
    cfv_bl_entry *en = entry(b, path, v, 1);
    if (!en || (en->count == 0 && (!(en->field = strdup(field)) || !(en->message = strdup(message)) ||
                                   (json_is_string(sensor) &&
                                    !(en->sensor = strdup(json_string_value(sensor))))))) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    en->rule = id;
    en->count += (uint64_t)count;
    return 0;
}

int cfv_baseline_load(cfv_baseline *b, const char *file, cfv_err *e)
{
    json_error_t je;
    json_t *root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (je.line < 1)
            cfv_err_path(e, file, "%s", je.text);
        else
            cfv_err_loc(e, file, (unsigned)je.line, (unsigned)je.column, je.text);
        return -1;
    }
    json_t *findings = json_object_get(root, "findings");
    int rc = 0;
    if (!json_is_object(root) || !json_is_array(findings)) {
        cfv_err_path(e, file, "not a cfv baseline (no \"findings\" array)");
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(findings); i++)
        rc = load_entry(b, file, i, json_array_get(findings, i), e);
    json_decref(root);
    return rc;
}

/* ------------------------------------------------------------ writing */

static int by_key(const void *pa, const void *pb)
{
    const cfv_bl_entry *a = *(const cfv_bl_entry *const *)pa, *b = *(const cfv_bl_entry *const *)pb;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    c = strcmp(a->field ? a->field : "", b->field ? b->field : "");
    if (c)
        return c;
    return a->fingerprint < b->fingerprint ? -1 : a->fingerprint > b->fingerprint;
}

void cfv_baseline_json(const cfv_baseline *b, cfv_buf *out)
{
    const cfv_bl_entry **order = malloc((b->n ? b->n : 1) * sizeof *order);
    if (!order) {
        out->oom = 1;
        return;
    }
    for (size_t i = 0; i < b->n; i++)
        order[i] = &b->items[i];
    if (b->n)
        qsort(order, b->n, sizeof *order, by_key);
    cfv_buf_puts(out, "{\"tool\":\"cfv\",\"version\":\"" CFV_VERSION "\",\"findings\":[");
    for (size_t i = 0; i < b->n; i++) {
        const cfv_bl_entry *x = order[i];
        cfv_buf_puts(out, i ? ",\n  {\"path\":" : "\n  {\"path\":");
        cfv_esc_json(out, x->path, strlen(x->path));
        cfv_buf_printf(out, ",\"rule\":\"CFV%03u\",\"field\":", x->rule);
        cfv_esc_json(out, x->field ? x->field : "", x->field ? strlen(x->field) : 0);
        cfv_buf_puts(out, ",\"sensor\":");
        if (x->sensor)
            cfv_esc_json(out, x->sensor, strlen(x->sensor));
        else
            cfv_buf_puts(out, "null");
        cfv_buf_printf(out, ",\"fingerprint\":\"%016" PRIx64 "\",\"count\":%" PRIu64 ",\"message\":",
                       x->fingerprint, x->count);
        cfv_esc_json(out, x->message ? x->message : "", x->message ? strlen(x->message) : 0);
        cfv_buf_putc(out, '}');
    }
    cfv_buf_puts(out, b->n ? "\n]}\n" : "]}\n");
    free(order);
}
