#include "report.h"

#include <stdlib.h>
#include <string.h>

void cfv_report_init(cfv_report *r, cfv_format format, cfv_buf *out, const cfv_defs *defs,
                     uint32_t max_diagnostics)
{
    memset(r, 0, sizeof *r);
    r->format = format;
    r->out = out;
    r->defs = defs;
    r->max_diagnostics = max_diagnostics;
    r->catalog = cfv_rule_catalog(&r->ncatalog);
    if (!r->catalog)
        r->ncatalog = 0;
    /* Out of memory keeps nothing: every diagnostic then counts as not shown. */
    (void)cfv_keep_init(&r->keep, max_diagnostics, format == CFV_FORMAT_TEXT);
    switch (format) {
    case CFV_FORMAT_JSON: r->ops = &cfv_report_json_ops; break;
    case CFV_FORMAT_SARIF: r->ops = &cfv_report_sarif_ops; break;
    default: r->ops = &cfv_report_text_ops; break;
    }
}

int cfv_report_wants(const cfv_report *r, unsigned severity)
{
    if (severity == CFV_SEV_ERROR && r->format != CFV_FORMAT_TEXT)
        return 1;
    if (r->quiet && severity != CFV_SEV_ERROR && r->format == CFV_FORMAT_TEXT)
        return 0;
    return cfv_keep_room(&r->keep, severity);
}

void cfv_counts_add(cfv_counts *to, const cfv_counts *c)
{
    for (int s = 0; s < CFV_NSEV; s++)
        to->sev[s] += c->sev[s];
    to->suppressed += c->suppressed;
    to->baselined += c->baselined;
}

void cfv_report_free(cfv_report *r)
{
    cfv_keep_free(&r->keep);
    cfv_buf_free(&r->deferred);
    cfv_fp_seen_free(&r->fingerprints);
    free(r->cwd);
    r->cwd = NULL;
}
