/* One event line: {"type":"NamedPipe","inputs":[...]}, checked against the
 * definitions and the sensor's profile. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/utf8.h"
#include "event_json.h"

typedef struct parse {
    cfv_jcur c;
    cfv_replica_event *ev;
    size_t used;                /* bytes of ev->bytes holding kept strings */
    const char *type;           /* the "type" value, in ev->bytes */
    size_t type_len;
    int have_inputs;
    size_t cap;                 /* slots allocated in ev->values */
} parse;

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

static int push(parse *p, cfv_replica_input v)
{
    cfv_replica_event *ev = p->ev;
    if (ev->count == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 32;
        cfv_replica_input *nv = realloc(ev->values, cap * sizeof *nv);
        if (!nv)
            return cfv_j_fail(&p->c, "out of memory");
        ev->values = nv;
        p->cap = cap;
    }
    ev->values[ev->count++] = v;
    return 0;
}

static int input(parse *p)
{
    cfv_replica_input v = {NULL, 0, 0};
    int ch = cfv_j_peek(&p->c);
    if (ch == '"') {
        size_t n;
        if (cfv_j_string(&p->c, p->ev->bytes + p->used, &n) != 0)
            return -1;
        v.str = p->ev->bytes + p->used;
        v.len = (uint32_t)n;
        p->used += n;
    } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
        uint64_t u;
        if (cfv_j_uint(&p->c, UINT32_MAX, &u) != 0)
            return -1;
        v.value = (uint32_t)u;
    } else {
        return cfv_j_fail(&p->c, "inputs[%u] must be a string or an integer", p->ev->count);
    }
    return push(p, v);
}

static int inputs(parse *p)
{
    p->have_inputs = 1;
    if (cfv_j_expect(&p->c, '[', "'[' to open the inputs array") != 0)
        return -1;
    if (cfv_j_peek(&p->c) == ']') {
        p->c.i++;
        return 0;
    }
    for (;;) {
        if (input(p) != 0)
            return -1;
        if (cfv_j_peek(&p->c) == ']') {
            p->c.i++;
            return 0;
        }
        if (cfv_j_expect(&p->c, ',', "',' or ']' after an input") != 0)
            return -1;
    }
}

static int member(parse *p)
{
    size_t key_at = p->c.i, n;
    char *scratch = p->ev->bytes + p->used; /* the key is not kept */
    if (cfv_j_string(&p->c, scratch, &n) != 0)
        return -1;
    if (cfv_j_expect(&p->c, ':', "':' after the key") != 0)
        return -1;
    int is_type = n == 4 && memcmp(scratch, "type", 4) == 0;
    int is_inputs = n == 6 && memcmp(scratch, "inputs", 6) == 0;
    if ((is_type && p->type) || (is_inputs && p->have_inputs)) {
        p->c.i = key_at;
        return cfv_j_fail(&p->c, "duplicate key \"%s\"", is_type ? "type" : "inputs");
    }
    if (is_type) {
        if (cfv_j_peek(&p->c) != '"')
            return cfv_j_fail(&p->c, "\"type\" must be a string");
        p->type = p->ev->bytes + p->used;
        if (cfv_j_string(&p->c, p->ev->bytes + p->used, &p->type_len) != 0)
            return -1;
        p->used += p->type_len;
        return 0;
    }
    if (is_inputs)
        return inputs(p);
    p->c.i = key_at;
    return cfv_j_fail(&p->c, "unknown key: an event has only \"type\" and \"inputs\"");
}

static int object(parse *p)
{
    if (cfv_j_expect(&p->c, '{', "'{' to open the event") != 0)
        return -1;
    if (cfv_j_peek(&p->c) != '}') {
        for (;;) {
            if (member(p) != 0)
                return -1;
            if (cfv_j_peek(&p->c) == '}')
                break;
            if (cfv_j_expect(&p->c, ',', "',' or '}' after a member") != 0)
                return -1;
        }
    }
    p->c.i++;
    if (cfv_j_peek(&p->c) != -1)
        return cfv_j_fail(&p->c, "unexpected text after the event");
    if (!p->type || !p->have_inputs)
        return whole(p->c.err, "the event has no \"%s\"", p->type ? "inputs" : "type");
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

static int parse_line(parse *p, const char *line, size_t len, const cfv_defs *defs, int sensor)
{
    cfv_replica_event_error *err = p->c.err;
    size_t bad;
    if (len > CFV_EVENT_LINE_MAX)
        return whole(err, "the line is longer than %u bytes", CFV_EVENT_LINE_MAX);
    if (!cfv_utf8_valid((const uint8_t *)line, len, &bad)) {
        p->c.i = bad;
        return cfv_j_fail(&p->c, "invalid UTF-8");
    }
    p->ev->bytes = malloc(len + 1);
    if (!p->ev->bytes)
        return whole(err, "out of memory");
    if (object(p) != 0)
        return -1;
    int t = cfv_defs_type_by_name(defs, p->type, p->type_len);
    if (t < 0) {
        char name[80];
        shown(name, sizeof name, p->type, p->type_len);
        return whole(err, "unknown template type \"%s\"", name);
    }
    p->ev->type_index = t;
    return typed(p->ev, defs, sensor, err);
}

int cfv_replica_event_parse(cfv_replica_event *ev, const char *line, size_t len,
                            const cfv_defs *defs, int sensor, cfv_replica_event_error *err)
{
    memset(ev, 0, sizeof *ev);
    memset(err, 0, sizeof *err);
    parse p;
    memset(&p, 0, sizeof p);
    p.c.s = line;
    p.c.n = len;
    p.c.err = err;
    p.ev = ev;
    if (sensor < 0 || (uint32_t)sensor >= defs->nsensors || sensor >= CFV_MAX_SENSORS)
        return whole(err, "no such sensor");
    if (parse_line(&p, line, len, defs, sensor) != 0) {
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
