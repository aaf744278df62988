/* Building diagnostics without stdio: the generated code appends message
 * pieces; the field path is rendered from the stack-linked cfv_path only
 * when something is reported, so the clean path pays nothing for it. */
#include "cfv_rt.h"

#define PATH_DEPTH_MAX 16

static void put_char(char *buf, size_t cap, size_t *len, char c)
{
    if (*len + 1 < cap) {
        buf[(*len)++] = c;
        buf[*len] = 0;
    }
}

static void put_str(char *buf, size_t cap, size_t *len, const char *s)
{
    while (*s)
        put_char(buf, cap, len, *s++);
}

/* A name from a cfv_defs, which need not end in a NUL if hand-built. */
static void put_name(char *buf, size_t cap, size_t *len, const char name[CFV_NAME_MAX])
{
    for (size_t i = 0; i < CFV_NAME_MAX && name[i]; i++)
        put_char(buf, cap, len, name[i]);
}

static void put_u64(char *buf, size_t cap, size_t *len, uint64_t v)
{
    char tmp[20] = { 0 }; /* UINT64_MAX has 20 digits */
    unsigned n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < sizeof tmp);
    while (n)
        put_char(buf, cap, len, tmp[--n]);
}

static void render_path(cfv_diag *d, const cfv_path *path, const char *field, int64_t field_index)
{
    const cfv_path *chain[PATH_DEPTH_MAX] = { 0 };
    int depth = 0;
    size_t len = 0;
    for (const cfv_path *p = path; p && depth < PATH_DEPTH_MAX; p = p->up)
        chain[depth++] = p;
    d->field[0] = 0;
    while (depth > 0) {
        const cfv_path *p = chain[--depth];
        if (!p) /* never: chain[0..depth) was filled above */
            break;
        if (p->name[0]) {
            if (len)
                put_char(d->field, sizeof d->field, &len, '.');
            put_str(d->field, sizeof d->field, &len, p->name);
        }
        if (p->index >= 0) {
            put_char(d->field, sizeof d->field, &len, '[');
            put_u64(d->field, sizeof d->field, &len, (uint64_t)p->index);
            put_char(d->field, sizeof d->field, &len, ']');
        }
    }
    if (field && field[0]) {
        if (len)
            put_char(d->field, sizeof d->field, &len, '.');
        put_str(d->field, sizeof d->field, &len, field);
    }
    if (field_index >= 0) {
        put_char(d->field, sizeof d->field, &len, '[');
        put_u64(d->field, sizeof d->field, &len, (uint64_t)field_index);
        put_char(d->field, sizeof d->field, &len, ']');
    }
    if (!len)
        put_str(d->field, sizeof d->field, &len, "file");
}

void cfv_rt_begin(cfv_gctx *g, unsigned rule, unsigned severity, uint64_t offset,
                  const cfv_path *path, const char *field, int64_t field_index)
{
    if (g->res.errors + g->res.warnings >= g->max_diag)
        g->res.truncated = 1;
    g->quiet = g->opt->want && !g->opt->want(g->opt->emit_user, rule, severity, g->sensor);
    g->d.rule = (uint16_t)rule;
    g->d.severity = (uint8_t)severity;
    g->d.sensor = (int16_t)g->sensor;
    g->d.offset = offset;
    g->d.message[0] = 0;
    g->mlen = 0;
    if (!g->res.truncated && !g->quiet)
        render_path(&g->d, path, field, field_index);
}

void cfv_rt_text(cfv_gctx *g, const char *s)
{
    if (g->quiet)
        return;
    put_str(g->d.message, sizeof g->d.message, &g->mlen, s);
}

void cfv_rt_u64(cfv_gctx *g, uint64_t v)
{
    if (g->quiet)
        return;
    put_u64(g->d.message, sizeof g->d.message, &g->mlen, v);
}

void cfv_rt_hex(cfv_gctx *g, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[16] = { 0 };
    unsigned n = 0;
    if (g->quiet)
        return;
    do {
        tmp[n++] = digits[v & 15];
        v >>= 4;
    } while (v && n < sizeof tmp);
    cfv_rt_text(g, "0x");
    while (n)
        put_char(g->d.message, sizeof g->d.message, &g->mlen, tmp[--n]);
}

/* Untrusted bytes go into messages escaped (printable ASCII only) and
 * shortened, so every message is valid UTF-8 and one line. */
void cfv_rt_bytes(cfv_gctx *g, cfv_bytes b)
{
    static const char digits[] = "0123456789abcdef";
    const uint64_t shown = b.n > 48 ? 48 : b.n;
    if (g->quiet)
        return;
    const uint64_t end = cfv_rt_view_end(b);
    const uint8_t *base = b.base;
    for (uint64_t i = 0; base && i < shown; i++) {
        const uint64_t at = b.off + i;
        if (at >= end)
            break;
        uint8_t c = base[at];
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            put_char(g->d.message, sizeof g->d.message, &g->mlen, (char)c);
        } else {
            cfv_rt_text(g, "\\x");
            put_char(g->d.message, sizeof g->d.message, &g->mlen, digits[c >> 4]);
            put_char(g->d.message, sizeof g->d.message, &g->mlen, digits[c & 15]);
        }
    }
    if (shown < b.n)
        cfv_rt_text(g, "...");
}

void cfv_rt_sensor(cfv_gctx *g)
{
    if (g->sensor >= 0 && g->sensor < CFV_MAX_SENSORS && (uint32_t)g->sensor < g->defs->nsensors)
        put_name(g->d.message, sizeof g->d.message, &g->mlen, g->defs->sensors[g->sensor].name);
}

void cfv_rt_enum(cfv_gctx *g, uint64_t v, const char *const *names, uint64_t count)
{
    if (v < count && names[v])
        cfv_rt_text(g, names[v]);
    else
        cfv_rt_u64(g, v);
}

void cfv_rt_end(cfv_gctx *g)
{
    if (g->res.truncated)
        return;
    if (g->d.severity == CFV_SEV_WARNING)
        g->res.warnings++;
    else
        g->res.errors++;
    if (g->opt->emit && !g->quiet)
        g->opt->emit(g->opt->emit_user, &g->d);
}

int cfv_rt_unguarded(cfv_gctx *g, uint64_t offset, const cfv_path *path, const char *field)
{
    cfv_rt_begin(g, 0, CFV_SEV_ERROR, offset, path, field, -1);
    cfv_rt_text(g, "internal: the grammar reads this field without a length guard; file rejected");
    cfv_rt_end(g);
    return CFV_STOP;
}
