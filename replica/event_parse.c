/* One event line: {"type":"NamedPipe","inputs":[...]}, read with jansson
 * (strict RFC 8259, duplicate keys refused) and checked against the
 * definitions and the sensor's profile. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/utf8.h"
#include "cfv_replica.h"

__attribute__((format(printf, 2, 3))) static int whole(cfv_replica_event_error *err,
                                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->column = 0;
    return -1;
}

/* One input: a string (kept in ev->bytes at *used) or an integer 0..2^32-1. */
static int input(cfv_replica_event *ev, json_t *v, size_t *used, cfv_replica_event_error *err)
{
    cfv_replica_input *in = &ev->values[ev->count];
    *in = (cfv_replica_input){NULL, 0, 0};
    if (json_is_string(v)) {
        size_t n = json_string_length(v);
        memcpy(ev->bytes + *used, json_string_value(v), n);
        in->str = ev->bytes + *used;
        in->len = (uint32_t)n;
        *used += n;
    } else if (json_is_integer(v)) {
        json_int_t u = json_integer_value(v);
        if (u < 0)
            return whole(err, "inputs[%u]: negative number", ev->count);
        if ((unsigned long long)u > UINT32_MAX)
            return whole(err, "inputs[%u]: out of range 0..4294967295", ev->count);
        in->value = (uint32_t)u;
    } else if (json_is_real(v)) {
        return whole(err, "inputs[%u]: not an integer", ev->count);
    } else {
        return whole(err, "inputs[%u] must be a string or an integer", ev->count);
    }
    ev->count++;
    return 0;
}

/* The object's members: "type" (a string) and "inputs" (an array), no other. */
static int members(cfv_replica_event *ev, json_t *root, size_t len, const char **type,
                   size_t *type_len, cfv_replica_event_error *err)
{
    if (!json_is_object(root))
        return whole(err, "an event is a JSON object: {\"type\":...,\"inputs\":[...]}");
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (strcmp(key, "type") != 0 && strcmp(key, "inputs") != 0)
            return whole(err, "unknown key: an event has only \"type\" and \"inputs\"");
    }
    json_t *t = json_object_get(root, "type"), *in = json_object_get(root, "inputs");
    if (in && !json_is_array(in))
        return whole(err, "\"inputs\" must be an array");
    if (t && !json_is_string(t))
        return whole(err, "\"type\" must be a string");
    /* Decoded strings are never longer than their JSON text: the line's
     * length bounds them all, and an input takes at least two bytes. */
    ev->bytes = malloc(len + 1);
    ev->values = malloc((in ? json_array_size(in) : 0) * sizeof *ev->values + 1);
    if (!ev->bytes || !ev->values)
        return whole(err, "out of memory");
    size_t used = 0, i;
    json_array_foreach(in, i, v) {
        if (input(ev, v, &used, err) != 0)
            return -1;
    }
    if (!t || !in)
        return whole(err, "the event has no \"%s\"", t ? "inputs" : "type");
    *type_len = json_string_length(t);
    memcpy(ev->bytes + used, json_string_value(t), *type_len);
    *type = ev->bytes + used;
    return 0;
}

/* A type name for a message: printable ASCII kept, the rest as \xNN. */
static void shown(char *out, size_t cap, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < cap; i++) {
        unsigned char b = (unsigned char)s[i];
        o += (size_t)snprintf(out + o, cap - o, b >= 0x20 && b < 0x7F ? "%c" : "\\x%02X", b);
    }
    out[o] = 0;
}

static int typed(const cfv_replica_event *ev, const cfv_defs *defs, int sensor,
                 cfv_replica_event_error *err)
{
    const cfv_type_def *t = &defs->types[ev->type_index];
    uint32_t m = cfv_defs_supplied(defs, sensor, ev->type_index);
    const char *sname = defs->sensors[sensor].name;
    if (m == CFV_UNSUPPORTED)
        return whole(err, "sensor %s does not support %s events", sname, t->name);
    if (ev->count != m)
        return whole(err, "%s needs %u inputs for sensor %s, got %u", t->name, m, sname, ev->count);
    for (uint32_t i = 0; i < m; i++) {
        uint8_t ft = cfv_defs_field_type(defs, ev->type_index, i);
        int is_str = ev->values[i].str != NULL;
        if (ft == 0 || (ft == CFV_FT_STR) == is_str)
            continue;
        return whole(err, "%s input %u (%s) must be %s, got %s", t->name, i,
                     defs->fields[t->first_field + i].name,
                     ft == CFV_FT_STR ? "a string" : "an integer 0..4294967295",
                     is_str ? "a string" : "an integer");
    }
    return 0;
}

static int parse_line(cfv_replica_event *ev, const char *line, size_t len, const cfv_defs *defs,
                      int sensor, cfv_replica_event_error *err)
{
    size_t bad;
    if (len > CFV_EVENT_LINE_MAX)
        return whole(err, "the line is longer than %u bytes", CFV_EVENT_LINE_MAX);
    if (!cfv_utf8_valid((const uint8_t *)line, len, &bad)) {
        whole(err, "invalid UTF-8");
        err->column = (uint32_t)bad + 1;
        return -1;
    }
    json_error_t je;
    json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!root) {
        whole(err, "%s", je.text);
        err->column = je.position > 0 ? (uint32_t)je.position : 1;
        return -1;
    }
    const char *type = NULL;
    size_t type_len = 0;
    int rc = members(ev, root, len, &type, &type_len, err);
    json_decref(root);
    if (rc != 0)
        return -1;
    int t = cfv_defs_type_by_name(defs, type, type_len);
    if (t < 0) {
        char name[80];
        shown(name, sizeof name, type, type_len);
        return whole(err, "unknown template type \"%s\"", name);
    }
    ev->type_index = t;
    return typed(ev, defs, sensor, err);
}

int cfv_replica_event_parse(cfv_replica_event *ev, const char *line, size_t len,
                            const cfv_defs *defs, int sensor, cfv_replica_event_error *err)
{
    memset(ev, 0, sizeof *ev);
    memset(err, 0, sizeof *err);
    if (sensor < 0 || (uint32_t)sensor >= defs->nsensors || sensor >= CFV_MAX_SENSORS)
        return whole(err, "no such sensor");
    if (parse_line(ev, line, len, defs, sensor, err) != 0) {
        cfv_replica_event_free(ev);
        return -1;
    }
    return 0;
}

void cfv_replica_event_free(cfv_replica_event *ev)
{
    free(ev->values);
    free(ev->bytes);
    memset(ev, 0, sizeof *ev);
}
