/* The release gate: the rules over two files, CFV080..CFV082, are the
 * grammar's entry Release (grammar/cff.grammar), run here with a summary
 * of the previous release (gate_previous.c); the instance diff and its
 * summary are gate_diff.c and gate_report.c. */
#include "gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate_internal.h"
#include "read_input.h"

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
    if (g) {
        g->prev_data = in.data;     /* the decoded view borrows it; cfv_gate_free frees it */
        g->prev_path = strdup(cfv_input_name(previous));
        cfv_decoded_init(&g->prev);
        cfv_decoded_init(&g->cur);
    } else {
        cfv_input_free(&in);
    }
    if (g && g->prev_path && cfv_decode(&g->prev, g->prev_data, in.len) == CFV_DECODE_OK &&
        cfv_gate_previous(&g->summary, &g->prev, g->prev_path) == 0)
        return g;
    cfv_err_set(e, "out of memory");
    cfv_gate_free(g);
    return NULL;
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
    cfv_gate_previous_free(&g->summary);
    free(g->pairs);
    free(g);
}

/* CFV080..CFV082: the grammar's entry Release, this file against the
 * previous release's summary, through the same want/emit pair. */
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
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.defs = defs;
    o.want = k->want;
    o.muted = k->muted;
    o.emit = k->emit;
    o.emit_user = k->user;
    o.previous = &g->summary.view;
    (void)cfv_validate_release(data, len, &o);
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
