/* Templates + typed arguments -> text, outside the core. Quoting follows C:
 * printable ASCII as is, \\ \" \n \r \t, any other byte as \xNN (and a hex
 * digit right after one as \xNN too, so the escape stays unambiguous). */
#include "render_ctx.h"

#include <stdlib.h>
#include <string.h>

/* Text grows in `small` first: most messages fit, so rendering one takes
 * no allocation (under a fuzzer's sanitizer each one costs a stack trace). */
typedef struct rbuf {
    char *p;
    size_t n, cap;
    int failed;
    char small[256];
} rbuf;

static void rbuf_init(rbuf *b)
{
    b->p = b->small;
    b->n = 0;
    b->cap = sizeof b->small;
    b->failed = 0;
    b->small[0] = 0;
}

static void rbuf_free(rbuf *b)
{
    if (b->p != b->small)
        free(b->p);
}

/* The text on the heap: b's own block, or a copy of `small`; NULL when out
 * of memory (b is then released). */
static char *rbuf_take(rbuf *b)
{
    if (b->failed) {
        rbuf_free(b);
        return NULL;
    }
    if (b->p != b->small)
        return b->p;
    char *out = realloc(NULL, b->n + 1); /* realloc: one allocator to fail in tests */
    if (out)
        memcpy(out, b->small, b->n + 1);
    return out;
}

/* Room for n more bytes and the NUL; 0 when out of memory (b failed:
 * what it holds is then never used, so later puts need not be refused). */
static int grow(rbuf *b, size_t n)
{
    size_t cap = (b->n + n + 1) * 2;
    char *p = realloc(b->p == b->small ? NULL : b->p, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    if (b->p == b->small)
        memcpy(p, b->small, b->n + 1);
    b->p = p;
    b->cap = cap;
    return 1;
}

/* n bytes from s to d, without a call for the short pieces most of a
 * message is (".", "[3]", a field's name, a number): two fixed-size moves
 * that overlap, reading s[0..n) only. */
static inline void copy(char *d, const char *s, size_t n)
{
    if (n > 16) {
        memcpy(d, s, n);
    } else if (n >= 8) {
        uint64_t x, y;
        memcpy(&x, s, 8), memcpy(&y, s + n - 8, 8);
        memcpy(d, &x, 8), memcpy(d + n - 8, &y, 8);
    } else if (n >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4), memcpy(&y, s + n - 4, 4);
        memcpy(d, &x, 4), memcpy(d + n - 4, &y, 4);
    } else if (n >= 2) {
        uint16_t x, y;
        memcpy(&x, s, 2), memcpy(&y, s + n - 2, 2);
        memcpy(d, &x, 2), memcpy(d + n - 2, &y, 2);
    } else if (n) {
        d[0] = s[0];
    }
}

static inline void put(rbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap && !grow(b, n))
        return;
    copy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void puts_(rbuf *b, const char *s) { put(b, s, strlen(s)); }

/* "00".."99": two decimal digits at a time. */
static const char two_digits[201] = "0001020304050607080910111213141516171819"
                                    "2021222324252627282930313233343536373839"
                                    "4041424344454647484950515253545556575859"
                                    "6061626364656667686970717273747576777879"
                                    "8081828384858687888990919293949596979899";

/* Decimal (or, with hex, lower-case hexadecimal) digits of v written
 * backwards ending at end (20 bytes before it are room); returns where
 * they start. snprintf cost more than the rest of a message; a division
 * by a variable base (not a constant 10, which the compiler turns into a
 * multiply) cost ~40 cycles a digit; the indexes and small numbers most
 * messages show take no division at all. */
static char *digits(char *end, uint64_t v, int hex)
{
    if (hex) {
        do {
            *--end = "0123456789abcdef"[v & 15];
            v >>= 4;
        } while (v);
        return end;
    }
    while (v >= 100) {
        const uint64_t r = v % 100;
        v /= 100;
        end -= 2;
        memcpy(end, two_digits + 2 * r, 2);
    }
    if (v >= 10) {
        end -= 2;
        memcpy(end, two_digits + 2 * v, 2);
    } else {
        *--end = (char)('0' + v);
    }
    return end;
}

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
            tmp[0] = '\\', tmp[1] = 'x', tmp[2] = "0123456789abcdef"[c >> 4];
            tmp[3] = "0123456789abcdef"[c & 15];
            put(b, tmp, 4);
            after_hex_escape = 1;
            continue;
        }
        after_hex_escape = 0;
    }
}

static void put_arg(rbuf *b, const cfv_catalog *cat, const cfv_arg *a, const cfv_defs *defs)
{
    char tmp[32], *end = tmp + sizeof tmp, *d;
    switch (a->kind) {
    case CFV_ARG_HEX:
        d = digits(end, a->u, 1) - 2;
        d[0] = '0', d[1] = 'x';
        put(b, d, (size_t)(end - d));
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
    d = digits(end, a->u, 0);
    put(b, d, (size_t)(end - d));
}

/* Where the first CFV_RENDER_ARGS arguments' text starts in the packed
 * arguments, and its length: a template fills them in without measuring. */
#define CFV_RENDER_ARGS 8
typedef struct arg_at {
    size_t off[CFV_RENDER_ARGS], len[CFV_RENDER_ARGS];
} arg_at;

/* Each argument rendered as the message shows it, NUL-terminated, one after
 * the other, into b; 0, or -1 when out of memory. */
static int render_args(rbuf *b, const cfv_catalog *cat, const cfv_event *e, const cfv_defs *defs,
                       arg_at *at)
{
    for (uint32_t k = 0; k < e->nargs; k++) {
        const size_t from = b->n;
        put_arg(b, cat, &e->args[k], defs);
        if (k < CFV_RENDER_ARGS)
            at->off[k] = from, at->len[k] = b->n - from;
        put(b, "", 1);
    }
    return b->failed ? -1 : 0;
}

/* Up to max segments of template t into seg (an argument: p NULL, k its
 * number), the way SARIF viewers substitute messageStrings: {k} is
 * argument k, {{ and }} a brace; any other {...} as strtoul reads it.
 * Returns their count; *rest is where the template goes on ("" at its end). */
static int parse(const char *t, cfv_render_seg *seg, int max, const char **rest)
{
    int n = 0;
    while (*t && n < max) {
        if ((t[0] == '{' && t[1] == '{') || (t[0] == '}' && t[1] == '}')) {
            seg[n++] = (cfv_render_seg){ t, 1, 0 };
            t += 2;
        } else if (t[0] == '{') {
            /* {0} to {9}, all the generator writes, without strtoul */
            char *end = (char *)t + 2;
            unsigned long k = (unsigned char)t[1] - (unsigned long)'0';
            if (k > 9 || *end != '}')
                k = strtoul(t + 1, &end, 10);
            if (*end == '}')
                seg[n++] = (cfv_render_seg){ NULL, 0, k };
            t = *end == '}' ? end + 1 : end;
        } else {
            size_t len = 1; /* this character and the plain text after it */
            while (t[len] && t[len] != '{' && t[len] != '}')
                len++;
            seg[n++] = (cfv_render_seg){ t, len, 0 };
            t += len;
        }
    }
    *rest = t;
    return n;
}

/* The k-th of nargs NUL-terminated strings packed in args. */
static const char *nth(const char *args, uint32_t k)
{
    while (k--)
        args += strlen(args) + 1;
    return args;
}

static void put_segs(rbuf *b, const cfv_render_seg *seg, int n, const char *args, const arg_at *at,
                     uint32_t nargs)
{
    for (int i = 0; i < n; i++)
        if (seg[i].p)
            put(b, seg[i].p, seg[i].len);
        else if (seg[i].k < CFV_RENDER_ARGS && seg[i].k < nargs)
            put(b, args + at->off[seg[i].k], at->len[seg[i].k]);
        else if (seg[i].k < nargs)
            puts_(b, nth(args, (uint32_t)seg[i].k));
}

/* Template t with the arguments filled in, into b. tpl holds the segments
 * of the template last parsed through it (NULL: none kept); a template
 * longer than it holds goes on parsed a piece at a time. */
static void fill(rbuf *b, cfv_render_tpl *tpl, const char *t, const char *args, const arg_at *at,
                 uint32_t nargs)
{
    cfv_render_tpl local;
    if (!tpl)
        tpl = &local, local.text = NULL;
    if (tpl->text != t) {
        tpl->text = t;
        tpl->nsegs = parse(t, tpl->segs, CFV_RENDER_SEGS, &tpl->rest);
    }
    put_segs(b, tpl->segs, tpl->nsegs, args, at, nargs);
    for (const char *rest = tpl->rest; *rest;) {
        cfv_render_seg seg[CFV_RENDER_SEGS];
        put_segs(b, seg, parse(rest, seg, CFV_RENDER_SEGS, &rest), args, at, nargs);
    }
}

static void title_of(rbuf *b, const cfv_catalog *cat, unsigned rule)
{
    for (size_t i = 0; i < cat->nrules; i++)
        if (cat->rules[i].id == rule)
            puts_(b, cat->rules[i].title);
}

/* The message of e into m; 0, or -1 when out of memory. The arguments are
 * rendered into a (the diagnostic carries them too). */
static int message(rbuf *m, rbuf *a, cfv_render_tpl *tpl, const cfv_catalog *cat,
                   const cfv_event *e, const cfv_defs *defs)
{
    arg_at at;
    if (e->message >= cat->nmessages)
        title_of(m, cat, e->rule);
    else if (render_args(a, cat, e, defs, &at) == 0)
        fill(m, tpl, cat->messages[e->message].text, a->p, &at, e->nargs);
    return m->failed || a->failed ? -1 : 0;
}

char *cfv_render_message(const cfv_catalog *cat, const cfv_event *e, const cfv_defs *defs)
{
    rbuf m, a;
    rbuf_init(&m);
    rbuf_init(&a);
    if (message(&m, &a, NULL, cat, e, defs) != 0)
        m.failed = 1;
    rbuf_free(&a);
    return rbuf_take(&m);
}

/* n bytes of s at out + *len, as many as fit before the NUL at cap - 1
 * (*len < cap). */
static void path_copy(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    const size_t room = cap - 1 - *len;
    if (n > room)
        n = room;
    copy(out + *len, s, n);
    *len += n;
    out[*len] = 0;
}

static void path_put(char *out, size_t cap, size_t *len, const char *s)
{
    path_copy(out, cap, len, s, strlen(s));
}

static void path_index(char *out, size_t cap, size_t *len, uint64_t index)
{
    char tmp[32], *end = tmp + sizeof tmp - 1;
    char *d = digits(end, index, 0) - 1;
    d[0] = '[', end[0] = ']';
    path_copy(out, cap, len, d, (size_t)(end + 1 - d));
}

/* The steps above the deepest of the last path (steps[0..k)) are p's
 * chain, p the node above it, node for node (name and index too), and
 * nothing is above them (a path cut at CFV_RENDER_DEPTH is not). */
static int same_above(const cfv_path *p, const cfv_render_step *steps, int k)
{
    for (int i = k - 1; i >= 0; i--, p = p->up)
        if (!p || p != steps[i].node || p->name != steps[i].name || p->index != steps[i].index)
            return 0;
    return p == NULL;
}

/* After the steps: the field, or "file" for a path with no text. */
static void path_tail(const cfv_event *e, char *out, size_t cap, size_t len, cfv_render_field *field)
{
    if (e->field && e->field[0]) {
        if (e->field != field->name) {
            field->name = e->field;
            field->len = strlen(e->field);
        }
        if (len)
            path_copy(out, cap, &len, ".", 1);
        path_copy(out, cap, &len, e->field, field->len);
    }
    if (!len)
        path_copy(out, cap, &len, "file", 4);
}

/* The path of e into out[cap] (cap > 0). steps[0..*nsteps) are the last
 * path's steps, top down, whose text out still holds: the leading ones
 * this path shares are kept, the rest rendered and recorded. *field is the
 * last field named and its length (a string literal too: measured once). */
static void render_path(const cfv_event *e, char *out, size_t cap, cfv_render_step *steps,
                        int *nsteps, cfv_render_field *field)
{
    /* The last path again but for its deepest index (every element of an
     * array): that step's name kept, its index rendered. */
    const int last = *nsteps - 1;
    const cfv_path *q = e->path;
    if (last >= 0 && q && q == steps[last].node && q->name == steps[last].name && same_above(q->up, steps, last)) {
        size_t len = steps[last].named;
        out[len] = 0;
        if (q->index >= 0)
            path_index(out, cap, &len, (uint64_t)q->index);
        steps[last].index = q->index;
        steps[last].end = len;
        path_tail(e, out, cap, len, field);
        return;
    }
    const cfv_path *chain[CFV_RENDER_DEPTH];
    int depth = 0, k = 0;
    size_t len = 0;
    for (const cfv_path *p = e->path; p && depth < CFV_RENDER_DEPTH; p = p->up)
        chain[depth++] = p;
    int kept = 0; /* steps kept whole; a step whose index alone differs keeps its name */
    for (; k < *nsteps && k < depth; k++) {
        const cfv_path *p = chain[depth - 1 - k];
        if (p != steps[k].node || p->name != steps[k].name)
            break;
        if (p->index != steps[k].index) {
            len = steps[k].named;
            kept = 1;
            break;
        }
        len = steps[k].end;
    }
    out[len] = 0;
    for (; k < depth; k++, kept = 0) {
        const cfv_path *p = chain[depth - 1 - k];
        if (!kept) {
            if (p->name[0]) {
                if (len)
                    path_copy(out, cap, &len, ".", 1);
                path_put(out, cap, &len, p->name);
            }
            steps[k].node = p;
            steps[k].name = p->name;
            steps[k].named = len;
        }
        if (p->index >= 0)
            path_index(out, cap, &len, (uint64_t)p->index);
        steps[k].index = p->index;
        steps[k].end = len;
    }
    *nsteps = depth;
    path_tail(e, out, cap, len, field);
}

void cfv_render_path(const cfv_event *e, char *out, size_t cap)
{
    cfv_render_step steps[CFV_RENDER_DEPTH];
    int nsteps = 0;
    cfv_render_field field = { NULL, 0 };
    if (cap)
        render_path(e, out, cap, steps, &nsteps, &field);
}

void cfv_render_ctx_init(cfv_render_ctx *c)
{
    memset(c, 0, sizeof *c);
}

void cfv_render_ctx_emit(cfv_render_ctx *c, const cfv_catalog *cat, const cfv_defs *defs,
                         const cfv_event *e, cfv_diag_fn emit, void *emit_user)
{
    cfv_diag *d = &c->d;
    d->rule = e->rule;
    d->severity = e->severity;
    d->sensor = (int16_t)(e->sensor >= 0 && e->sensor < CFV_MAX_SENSORS ? e->sensor : -1);
    d->offset = e->offset;
    d->length = e->length;
    render_path(e, d->field, sizeof d->field, c->steps, &c->nsteps, &c->field);
    d->message_id = 0;
    d->nargs = 0;
    d->args = NULL;
    d->args_len = 0;
    rbuf m, a;
    rbuf_init(&m);
    rbuf_init(&a);
    int ok = message(&m, &a, &c->tpl, cat, e, defs) == 0;
    if (ok && e->message < cat->nmessages) {
        d->message_id = e->message;
        d->nargs = e->nargs;
        d->args = a.p;
        d->args_len = a.n;
    }
    d->message = ok ? m.p : "(out of memory rendering the message)";
    emit(emit_user, d);
    d->message = NULL;
    d->args = NULL;
    rbuf_free(&m);
    rbuf_free(&a);
}

void cfv_render_to_diag(const cfv_catalog *cat, const cfv_defs *defs, const cfv_event *e,
                        cfv_diag_fn emit, void *emit_user)
{
    cfv_render_ctx c;
    memset(&c.d, 0, sizeof c.d);
    c.nsteps = 0;
    c.tpl.text = NULL;
    c.field.name = NULL;
    cfv_render_ctx_emit(&c, cat, defs, e, emit, emit_user);
}
