/* Templates + typed arguments -> text, outside the core. Quoting follows C:
 * printable ASCII as is, \\ \" \n \r \t, any other byte as \xNN (and a hex
 * digit right after one as \xNN too, so the escape stays unambiguous). */
#include "cfv/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rbuf {
    char *p;
    size_t n, cap;
    int failed;
} rbuf;

static void put(rbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void puts_(rbuf *b, const char *s) { put(b, s, strlen(s)); }

static int is_hex(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void put_escaped(rbuf *b, const uint8_t *p, uint64_t n)
{
    int after_hex_escape = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        char tmp[8];
        if (c == '\\' || c == '"') {
            tmp[0] = '\\', tmp[1] = (char)c;
            put(b, tmp, 2);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            tmp[0] = '\\', tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            put(b, tmp, 2);
        } else if (c >= 0x20 && c < 0x7f && !(after_hex_escape && is_hex(c))) {
            tmp[0] = (char)c;
            put(b, tmp, 1);
        } else {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            put(b, tmp, 4);
            after_hex_escape = 1;
            continue;
        }
        after_hex_escape = 0;
    }
}

static void put_arg(rbuf *b, const cfv_catalog *cat, const cfv_arg *a, const cfv_defs *defs)
{
    char tmp[32];
    switch (a->kind) {
    case CFV_ARG_HEX:
        snprintf(tmp, sizeof tmp, "0x%llx", (unsigned long long)a->u);
        puts_(b, tmp);
        return;
    case CFV_ARG_BYTES:
        put_escaped(b, a->p, a->u);
        return;
    case CFV_ARG_ENUM:
        if (a->aux < cat->nenums && a->u < cat->enums[a->aux].count && cat->enums[a->aux].names[a->u]) {
            puts_(b, cat->enums[a->aux].names[a->u]);
            return;
        }
        break;
    case CFV_ARG_SENSOR:
        if (defs && a->u < defs->nsensors && a->u < CFV_MAX_SENSORS) {
            const char *name = defs->sensors[a->u].name;
            put_escaped(b, (const uint8_t *)name, strnlen(name, CFV_NAME_MAX));
            return;
        }
        break;
    default:
        break;
    }
    snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)a->u);
    puts_(b, tmp);
}

/* Each argument rendered as the message shows it, NUL-terminated, one after
 * the other; NULL when out of memory. */
static char *render_args(const cfv_catalog *cat, const cfv_event *e, const cfv_defs *defs,
                         size_t *len)
{
    rbuf b = { 0 };
    puts_(&b, "");
    for (uint32_t k = 0; k < e->nargs; k++) {
        put_arg(&b, cat, &e->args[k], defs);
        put(&b, "", 1);
    }
    *len = b.n;
    return b.failed ? (free(b.p), NULL) : b.p;
}

/* The k-th of nargs NUL-terminated strings packed in args. */
static const char *nth(const char *args, uint32_t k)
{
    while (k--)
        args += strlen(args) + 1;
    return args;
}

/* The template with {k} replaced by argument k and {{ }} by braces: the
 * substitution SARIF viewers do with messageStrings and arguments. */
static char *fill(const char *t, const char *args, uint32_t nargs)
{
    rbuf b = { 0 };
    puts_(&b, "");
    while (*t) {
        if ((t[0] == '{' && t[1] == '{') || (t[0] == '}' && t[1] == '}')) {
            put(&b, t, 1);
            t += 2;
        } else if (t[0] == '{') {
            char *end;
            unsigned long k = strtoul(t + 1, &end, 10);
            if (*end == '}' && k < nargs)
                puts_(&b, nth(args, (uint32_t)k));
            t = *end == '}' ? end + 1 : end;
        } else {
            put(&b, t++, 1);
        }
    }
    return b.failed ? (free(b.p), NULL) : b.p;
}

static char *title_of(const cfv_catalog *cat, unsigned rule)
{
    rbuf b = { 0 };
    puts_(&b, "");
    for (size_t i = 0; i < cat->nrules; i++)
        if (cat->rules[i].id == rule)
            puts_(&b, cat->rules[i].title);
    return b.failed ? (free(b.p), NULL) : b.p;
}

char *cfv_render_message(const cfv_catalog *cat, const cfv_event *e, const cfv_defs *defs)
{
    if (e->message >= cat->nmessages)
        return title_of(cat, e->rule);
    size_t len;
    char *args = render_args(cat, e, defs, &len);
    char *msg = args ? fill(cat->messages[e->message].text, args, e->nargs) : NULL;
    free(args);
    return msg;
}

#define PATH_DEPTH_MAX 16

static void path_put(char *out, size_t cap, size_t *len, const char *s)
{
    while (*s && *len + 1 < cap)
        out[(*len)++] = *s++;
    out[*len] = 0;
}

static void path_index(char *out, size_t cap, size_t *len, int64_t index)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "[%lld]", (long long)index);
    path_put(out, cap, len, tmp);
}

void cfv_render_path(const cfv_event *e, char *out, size_t cap)
{
    const cfv_path *chain[PATH_DEPTH_MAX];
    int depth = 0;
    size_t len = 0;
    if (!cap)
        return;
    out[0] = 0;
    for (const cfv_path *p = e->path; p && depth < PATH_DEPTH_MAX; p = p->up)
        chain[depth++] = p;
    while (depth--) {
        const cfv_path *p = chain[depth];
        if (p->name[0]) {
            if (len)
                path_put(out, cap, &len, ".");
            path_put(out, cap, &len, p->name);
        }
        if (p->index >= 0)
            path_index(out, cap, &len, p->index);
    }
    if (e->field && e->field[0]) {
        if (len)
            path_put(out, cap, &len, ".");
        path_put(out, cap, &len, e->field);
    }
    if (!len)
        path_put(out, cap, &len, "file");
}

void cfv_render_to_diag(const cfv_catalog *cat, const cfv_defs *defs, const cfv_event *e,
                        cfv_diag_fn emit, void *emit_user)
{
    cfv_diag d;
    memset(&d, 0, sizeof d);
    d.rule = e->rule;
    d.severity = e->severity;
    d.sensor = (int16_t)(e->sensor >= 0 && e->sensor < CFV_MAX_SENSORS ? e->sensor : -1);
    d.offset = e->offset;
    d.length = e->length;
    cfv_render_path(e, d.field, sizeof d.field);
    char *args = NULL, *msg;
    if (e->message < cat->nmessages) {
        size_t len;
        args = render_args(cat, e, defs, &len);
        msg = args ? fill(cat->messages[e->message].text, args, e->nargs) : NULL;
        if (msg) {
            d.message_id = e->message;
            d.nargs = e->nargs;
            d.args = args;
            d.args_len = len;
        }
    } else {
        msg = title_of(cat, e->rule);
    }
    d.message = msg ? msg : "(out of memory rendering the message)";
    emit(emit_user, &d);
    free(msg);
    free(args);
}
