/* The release gate's rules over two files, CFV080..CFV082, all in the one
 * catalog (grammar/cff.grammar). CFV080 and CFV081 are the grammar's entry
 * Release, run here; CFV082 pairs instances of both files by id, which is
 * done here (`reported by host`), with the catalog's template. */
#include "gate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/render.h"
#include "gate_internal.h"
#include "read_input.h"

enum { CFV080 = 80, CFV081 = 81, CFV082 = 82 };

/* The gate's rules, the catalog's last entries (grammar/cff.grammar). */
const cfv_rule_info *cfv_gate_rules(size_t *count)
{
    const cfv_rule_info *first = cfv_rule_find(CFV080);
    *count = first ? 3 : 0;
    return first;
}

cfv_gate *cfv_gate_open(const char *previous, uint64_t max_size, cfv_err *e)
{
    cfv_input in;
    if (cfv_read_input(previous, max_size, &in, e) != 0)
        return NULL;
    if (in.over_limit || in.len < CFF_HEADER_SIZE) {
        cfv_err_path(e, previous, "--against: %s",
                     in.over_limit ? "over the size limit" : "not a channel file (no header)");
        cfv_input_free(&in);
        return NULL;
    }
    cfv_gate *g = calloc(1, sizeof *g);
    const char *shown = cfv_input_name(previous);
    if (g)
        g->prev_path = strdup(shown);
    if (!g || !g->prev_path) {
        cfv_err_set(e, "out of memory");
        free(g);
        cfv_input_free(&in);
        return NULL;
    }
    g->prev_data = in.data;     /* the decoded view borrows it */
    cfv_decoded_init(&g->prev);
    cfv_decoded_init(&g->cur);
    if (cfv_decode(&g->prev, g->prev_data, in.len) != CFV_DECODE_OK) {
        cfv_err_set(e, "out of memory");
        cfv_gate_free(g);
        return NULL;
    }
    return g;
}

void cfv_gate_free(cfv_gate *g)
{
    if (!g)
        return;
    cfv_decoded_free(&g->prev);
    cfv_decoded_free(&g->cur);
    cfv_buf_free(&g->json);
    free(g->prev_data);
    free(g->prev_path);
    free(g->catalog);
    free(g->pairs);
    free(g);
}

void cfv_gate_attach(cfv_gate *g, cfv_report *r)
{
    (void)g;
    (void)r;    /* the validator's catalog holds the gate's rules already */
}

/* Hands one diagnostic to the sink, built only if it is wanted: the rule's
 * template from the catalog, rendered with args. */
static void emit(const cfv_gate_sink *k, const cfv_defs *defs, unsigned rule, uint64_t off,
                 const char *field, const cfv_arg *args, uint32_t nargs)
{
    unsigned severity = rule == CFV082 ? CFV_SEV_WARNING : CFV_SEV_ERROR;
    if (!k->want(k->user, rule, severity, -1))
        return;
    const cfv_catalog *cat = cfv_catalog_get();
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.rule = (uint16_t)rule;
    e.severity = (uint8_t)severity;
    e.message = (uint16_t)cfv_render_host_message(cat, rule);
    e.sensor = -1;
    e.offset = off;
    e.field = field;
    e.args = args;
    e.nargs = nargs;
    cfv_render_to_diag(cat, defs, &e, k->emit, k->user);
}

static cfv_arg arg_u64(uint64_t v)
{
    cfv_arg a = { CFV_ARG_U64, 0, v, NULL };
    return a;
}

static cfv_arg arg_str(const char *s)
{
    cfv_arg a = { CFV_ARG_BYTES, 0, strlen(s), (const uint8_t *)s };
    return a;
}

/* CFV080, CFV081: the grammar's entry Release, this file against the
 * previous release's header, through the same want/emit pair. */
static void header_rules(cfv_gate *g, const uint8_t *data, size_t len, const cfv_gate_sink *k)
{
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.want = k->want;
    o.emit = k->emit;
    o.emit_user = k->user;
    (void)cfv_validate_release(data, len, g->prev.header.channel_id, g->prev.header.content_version,
                               g->prev_path, &o);
}

static const char *field_label(const cfv_defs *defs, uint16_t template_type, uint32_t k)
{
    int t = cfv_defs_type_by_id(defs, template_type);
    if (t < 0 || k >= defs->types[t].nfields)
        return "?";
    return defs->fields[defs->types[t].first_field + k].name;
}

/* CFV082: per kept instance, ANY -> non-ANY; per added instance, a
 * non-ANY criterion on a field every previous instance of its type left ANY. */
static void widening_rules(cfv_gate *g, const cfv_defs *defs, const cfv_gate_pair *pairs,
                           size_t n, const cfv_gate_sink *sink)
{
    uint8_t used[(CFV_MAX_TYPE_FIELDS + 8) / 8];
    for (size_t x = 0; x < n; x++) {
        if (pairs[x].cur < 0)
            continue;
        size_t ic = (size_t)pairs[x].cur;
        const cfv_dec_instance *c = &g->cur.instances[ic];
        const cfv_dec_instance *p = pairs[x].prev >= 0 ? &g->prev.instances[pairs[x].prev] : NULL;
        size_t prev_of_type = p ? 0 : cfv_gate_fields_used(&g->prev, c->template_type, used);
        if ((p && p->template_type != c->template_type) || (!p && prev_of_type == 0))
            continue;
        for (uint32_t k = 0; k < c->ncriteria; k++) {
            const cfv_dec_criterion *kc = cfv_decoded_criterion(&g->cur, ic, k);
            if (kc->op == CFF_OP_ANY)
                continue;
            const char *op = cff_Op_name(kc->op) ? cff_Op_name(kc->op) : "an unknown op";
            char field[CFV_FIELD_MAX];
            snprintf(field, sizeof field, "instances[%zu].criteria[%" PRIu32 "].op", ic, k);
            const char *name = field_label(defs, c->template_type, k);
            char how[160];
            if (p && k < p->ncriteria &&
                cfv_decoded_criterion(&g->prev, (size_t)pairs[x].prev, k)->op == CFF_OP_ANY)
                snprintf(how, sizeof how, "ANY in the previous release, %s now: a sensor that "
                         "supplies fewer inputs would read past them", op);
            else if (!p && !(used[k / 8] >> (k % 8) & 1))
                snprintf(how, sizeof how, "new, matched with %s; every instance of the previous "
                         "release left it ANY (first read of the field, as on 19 July 2024)", op);
            else
                continue;
            const cfv_arg a[] = { arg_u64(c->instance_id), arg_u64(k), arg_str(name), arg_str(how) };
            emit(sink, defs, CFV082, kc->off + CFF_CRITERION_OP_OFF, field, a, 4);
        }
    }
}

int cfv_gate_check(cfv_gate *g, const cfv_defs *defs, const uint8_t *data, size_t len,
                   const cfv_gate_sink *k)
{
    free(g->pairs);
    g->pairs = NULL;
    g->npairs = 0;
    if (cfv_decode(&g->cur, data, len) != CFV_DECODE_OK ||
        !(g->pairs = cfv_gate_pairs(&g->prev, &g->cur, &g->npairs)))
        return -1;
    g->last = cfv_gate_count(g, g->pairs, g->npairs);
    header_rules(g, data, len, k);
    widening_rules(g, defs, g->pairs, g->npairs, k);
    return 0;
}

void cfv_gate_summarize(cfv_gate *g, cfv_report *r, const char *path)
{
    if (!g->pairs)
        return;
    if (r->ops == &cfv_report_text_ops || r->ops == &cfv_report_github_ops)
        cfv_gate_summary_text(g, r, path, g->pairs, g->npairs);
    else if (r->ops == &cfv_report_json_ops)
        cfv_gate_summary_json(g, r, path, g->pairs, g->npairs);
}

cfv_gate_counts cfv_gate_last_counts(const cfv_gate *g) { return g->last; }

void cfv_gate_finish(cfv_gate *g, cfv_report *r)
{
    if (r->ops != &cfv_report_json_ops)
        return;
    /* The JSON report has just closed with "}\n": reopen it for one more key. */
    cfv_buf *b = r->out;
    if (b->oom || b->len < 2 || memcmp(b->data + b->len - 2, "}\n", 2) != 0) {
        fputs("cfv: --against: cannot add the release summary to the JSON report\n", stderr);
        return;
    }
    b->len -= 2;
    cfv_buf_puts(b, ",\"release\":[");
    cfv_buf_put(b, g->json.data, g->json.len);
    if (g->json.oom)
        b->oom = 1;
    cfv_buf_puts(b, g->json_items ? "\n]}\n" : "]}\n");
}
