/* The release summary: added, removed and changed instances by
 * instance_id, criteria in source-format words (`regex nocase "^a"`), and
 * every wildcard that became a non-wildcard marked. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "gate_internal.h"
#include "src_emit.h"
#include "src_quote.h"

/* One difference of a kept instance, or one criterion of an added one. */
typedef struct change {
    const char *what;           /* "criterion", "name", "enabled", "template_type", "field_count" */
    uint32_t index;             /* criterion index */
    const char *field;          /* its field name, or NULL */
    cfv_buf before, after;      /* source-format text; before is empty for an added instance */
    int widened;                /* wildcard -> non-wildcard (CFV082) */
} change;

static const char *field_name(const cfv_report *r, uint16_t template_type, uint32_t k)
{
    int t = cfv_defs_type_by_id(r->defs, template_type);
    if (t < 0 || k >= r->defs->types[t].nfields)
        return NULL;
    return r->defs->fields[r->defs->types[t].first_field + k].name;
}

static void name_text(cfv_buf *b, const cfv_decoded *d, uint32_t ref)
{
    const uint8_t *t;
    size_t n;
    if (cfv_decoded_sref(d, ref, &t, &n) == CFV_SREF_OK)
        cfv_src_quote(b, t, n);
    else
        cfv_buf_printf(b, "@%" PRIu32, ref);
}

typedef void (*change_fn)(void *user, const change *c);

static void each(change_fn fn, void *user, change *c)
{
    fn(user, c);
    cfv_buf_free(&c->before);
    cfv_buf_free(&c->after);
    memset(c, 0, sizeof *c);
}

/* Calls fn for each difference between prev instance ip and cur ic. */
static void differences(const cfv_gate *g, const cfv_report *r, long ip, long ic, change_fn fn,
                        void *user)
{
    const cfv_dec_instance *p = &g->prev.instances[ip], *c = &g->cur.instances[ic];
    change ch;
    memset(&ch, 0, sizeof ch);
    if (!cfv_gate_same_name(&g->prev, p->name, &g->cur, c->name)) {
        ch.what = "name";
        name_text(&ch.before, &g->prev, p->name);
        name_text(&ch.after, &g->cur, c->name);
        each(fn, user, &ch);
    }
    static const char *const what[] = {"template_type", "field_count", "flags"};
    uint32_t before[] = {p->template_type, p->field_count, p->flags};
    uint32_t after[] = {c->template_type, c->field_count, c->flags};
    for (int k = 0; k < 3; k++) {
        if (before[k] == after[k])
            continue;
        ch.what = what[k];
        cfv_buf_printf(&ch.before, "%" PRIu32, before[k]);
        cfv_buf_printf(&ch.after, "%" PRIu32, after[k]);
        each(fn, user, &ch);
    }
    uint32_t n = p->ncriteria > c->ncriteria ? p->ncriteria : c->ncriteria;
    for (uint32_t k = 0; k < n; k++) {
        const cfv_dec_criterion *kp = k < p->ncriteria ? cfv_decoded_criterion(&g->prev, (size_t)ip, k) : NULL;
        const cfv_dec_criterion *kc = k < c->ncriteria ? cfv_decoded_criterion(&g->cur, (size_t)ic, k) : NULL;
        if (kp && kc && cfv_gate_same_criterion(&g->prev, kp, &g->cur, kc))
            continue;
        ch.what = "criterion";
        ch.index = k;
        ch.field = field_name(r, c->template_type, k);
        if (kp)
            cfv_src_op(&ch.before, &g->prev, kp, NULL);
        if (kc)
            cfv_src_op(&ch.after, &g->cur, kc, NULL);
        ch.widened = kp && kc && kp->op == CFF_OP_ANY && kc->op != CFF_OP_ANY &&
                     p->template_type == c->template_type;
        each(fn, user, &ch);
    }
}

/* Calls fn for each non-ANY criterion of added instance ic; `widened` when
 * no previous instance of its type reads that field. */
static void criteria_of_added(const cfv_gate *g, const cfv_report *r, long ic, change_fn fn,
                              void *user)
{
    const cfv_dec_instance *c = &g->cur.instances[ic];
    const cfv_prev_type *prev_of_type = cfv_gate_prev_type(&g->summary, c->template_type);
    change ch;
    memset(&ch, 0, sizeof ch);
    for (uint32_t k = 0; k < c->ncriteria; k++) {
        const cfv_dec_criterion *kc = cfv_decoded_criterion(&g->cur, (size_t)ic, k);
        if (kc->op == CFF_OP_ANY)
            continue;
        ch.what = "criterion";
        ch.index = k;
        ch.field = field_name(r, c->template_type, k);
        cfv_src_op(&ch.after, &g->cur, kc, NULL);
        ch.widened = prev_of_type && !(prev_of_type->reads[k / 8] >> (k % 8) & 1);
        each(fn, user, &ch);
    }
}

cfv_gate_counts cfv_gate_count(const cfv_gate *g, const cfv_gate_pair *pairs, size_t n)
{
    cfv_gate_counts k = {0, 0, 0, 0};
    for (size_t x = 0; x < n; x++) {
        if (pairs[x].prev < 0)
            k.added++;
        else if (pairs[x].cur < 0)
            k.removed++;
        else if (cfv_gate_changed(&g->prev, pairs[x].prev, &g->cur, pairs[x].cur))
            k.changed++;
        else
            k.unchanged++;
    }
    return k;
}

/* ------------------------------------------------------------------ text */

static void text_change(void *user, const change *c)
{
    cfv_buf *b = user;
    cfv_buf_puts(b, "      ");
    if (strcmp(c->what, "criterion") == 0)
        cfv_buf_printf(b, "[%" PRIu32 "] %s: ", c->index, c->field ? c->field : "?");
    else
        cfv_buf_printf(b, "%s: ", c->what);
    if (c->before.len) {
        cfv_buf_put(b, c->before.data, c->before.len);
        cfv_buf_puts(b, " -> ");
    }
    cfv_buf_put(b, c->after.len ? c->after.data : "(none)", c->after.len ? c->after.len : 6);
    if (c->widened)
        cfv_buf_puts(b, c->before.len ? "   ! wildcard -> non-wildcard"
                                      : "   ! first read of a field every previous instance left ANY");
    cfv_buf_putc(b, '\n');
}

static void text_instance(cfv_buf *b, const cfv_decoded *d, char mark, long i)
{
    cfv_buf_printf(b, "  %c %" PRIu32 " ", mark, d->instances[i].instance_id);
    name_text(b, d, d->instances[i].name);
    cfv_buf_putc(b, '\n');
}

void cfv_gate_summary_text(cfv_gate *g, cfv_report *r, const char *path,
                           const cfv_gate_pair *pairs, size_t n)
{
    cfv_buf *b = r->out;
    cfv_gate_counts k = cfv_gate_count(g, pairs, n);
    cfv_esc_text(b, path, strlen(path));
    cfv_buf_puts(b, ": release against ");
    cfv_esc_text(b, g->prev_path, strlen(g->prev_path));
    cfv_buf_printf(b,
                   ": channel %" PRIu32 " -> %" PRIu32 ", content_version %" PRIu32 " -> %" PRIu32
                   "; %zu added, %zu removed, %zu changed, %zu unchanged\n",
                   g->prev.header.channel_id, g->cur.header.channel_id,
                   g->prev.header.content_version, g->cur.header.content_version, k.added,
                   k.removed, k.changed, k.unchanged);
    for (size_t x = 0; x < n; x++) {
        long ip = pairs[x].prev, ic = pairs[x].cur;
        if (ip < 0) {
            text_instance(b, &g->cur, '+', ic);
            criteria_of_added(g, r, ic, text_change, b);
        } else if (ic < 0) {
            text_instance(b, &g->prev, '-', ip);
        } else if (cfv_gate_changed(&g->prev, ip, &g->cur, ic)) {
            text_instance(b, &g->cur, '~', ic);
            differences(g, r, ip, ic, text_change, b);
        }
    }
}

/* ------------------------------------------------------------------ JSON */

typedef struct json_ctx {
    cfv_buf *b;
    int n;
} json_ctx;

static void json_str(cfv_buf *b, const cfv_buf *s)
{
    cfv_esc_json(b, s->data ? s->data : "", s->len);
}

static void json_change(void *user, const change *c)
{
    json_ctx *j = user;
    cfv_buf *b = j->b;
    cfv_buf_printf(b, "%s{\"what\":\"%s\"", j->n++ ? "," : "", c->what);
    if (strcmp(c->what, "criterion") == 0) {
        cfv_buf_printf(b, ",\"index\":%" PRIu32 ",\"field\":", c->index);
        if (c->field)
            cfv_esc_json(b, c->field, strlen(c->field));
        else
            cfv_buf_puts(b, "null");
    }
    cfv_buf_puts(b, ",\"before\":");
    if (c->before.len)
        json_str(b, &c->before);
    else
        cfv_buf_puts(b, "null");
    cfv_buf_puts(b, ",\"after\":");
    if (c->after.len)
        json_str(b, &c->after);
    else
        cfv_buf_puts(b, "null");
    cfv_buf_printf(b, ",\"wildcard_to_nonwildcard\":%s}", c->widened ? "true" : "false");
}

static void json_instance(cfv_buf *b, const cfv_decoded *d, long i, int first)
{
    const uint8_t *t;
    size_t n;
    cfv_buf_printf(b, "%s{\"instance_id\":%" PRIu32 ",\"name\":", first ? "" : ",",
                   d->instances[i].instance_id);
    if (cfv_decoded_sref(d, d->instances[i].name, &t, &n) == CFV_SREF_OK)
        cfv_esc_json(b, (const char *)t, n);
    else
        cfv_buf_puts(b, "null");
}

/* "added", "removed" or "changed": the pairs of that kind. */
static void json_list(cfv_gate *g, const cfv_report *r, const cfv_gate_pair *pairs, size_t n,
                      int kind)
{
    cfv_buf *b = &g->json;
    static const char *const names[] = {"added", "removed", "changed"};
    cfv_buf_printf(b, ",\"%s\":[", names[kind]);
    int first = 1;
    for (size_t x = 0; x < n; x++) {
        long ip = pairs[x].prev, ic = pairs[x].cur;
        int k = ip < 0 ? 0 : ic < 0 ? 1 : cfv_gate_changed(&g->prev, ip, &g->cur, ic) ? 2 : -1;
        if (k != kind)
            continue;
        json_instance(b, kind == 1 ? &g->prev : &g->cur, kind == 1 ? ip : ic, first);
        first = 0;
        json_ctx j = {b, 0};
        if (kind == 0) {
            cfv_buf_puts(b, ",\"criteria\":[");
            criteria_of_added(g, r, ic, json_change, &j);
            cfv_buf_puts(b, "]");
        } else if (kind == 2) {
            cfv_buf_puts(b, ",\"changes\":[");
            differences(g, r, ip, ic, json_change, &j);
            cfv_buf_puts(b, "]");
        }
        cfv_buf_putc(b, '}');
    }
    cfv_buf_putc(b, ']');
}

void cfv_gate_summary_json(cfv_gate *g, const cfv_report *r, const char *path,
                           const cfv_gate_pair *pairs, size_t n)
{
    cfv_buf *b = &g->json;
    cfv_gate_counts k = cfv_gate_count(g, pairs, n);
    cfv_buf_puts(b, g->json_items++ ? ",\n  {\"path\":" : "\n  {\"path\":");
    cfv_esc_json(b, path, strlen(path));
    cfv_buf_puts(b, ",\"previous\":");
    cfv_esc_json(b, g->prev_path, strlen(g->prev_path));
    cfv_buf_printf(b,
                   ",\"channel\":{\"previous\":%" PRIu32 ",\"current\":%" PRIu32 "}"
                   ",\"content_version\":{\"previous\":%" PRIu32 ",\"current\":%" PRIu32 "}"
                   ",\"counts\":{\"added\":%zu,\"removed\":%zu,\"changed\":%zu,\"unchanged\":%zu}",
                   g->prev.header.channel_id, g->cur.header.channel_id,
                   g->prev.header.content_version, g->cur.header.content_version, k.added,
                   k.removed, k.changed, k.unchanged);
    for (int kind = 0; kind < 3; kind++)
        json_list(g, r, pairs, n, kind);
    cfv_buf_putc(b, '}');
}
