#include "report.h"

#include <stdlib.h>
#include <string.h>

void cfv_report_init(cfv_report *r, cfv_format format, cfv_buf *out, const cfv_defs *defs,
                     uint32_t max_diagnostics)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->defs = defs;
    r->max_diagnostics = max_diagnostics;
    r->catalog = cfv_rule_catalog(&r->ncatalog);
    if (!r->catalog)
        r->ncatalog = 0;
    switch (format) {
    case CFV_FORMAT_JSON: r->ops = &cfv_report_json_ops; break;
    case CFV_FORMAT_SARIF: r->ops = &cfv_report_sarif_ops; break;
    default: r->ops = &cfv_report_text_ops; break;
    }
}

void cfv_report_free(cfv_report *r)
{
    cfv_buf_free(&r->pending);
    cfv_buf_free(&r->deferred);
    free(r->cwd);
    r->cwd = NULL;
}
