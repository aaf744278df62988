#include "report.h"

#include <stdlib.h>
#include <string.h>

/* JSON and SARIF write every error as it comes; the others keep what they
 * print (errors first, within the cap) for the end of each file. */
static int streams_errors(cfv_format f) { return f == CFV_FORMAT_JSON || f == CFV_FORMAT_SARIF; }

static int wants_one(const cfv_report *r, unsigned severity)
{
    if (severity == CFV_SEV_ERROR && streams_errors(r->format))
        return 1;
    if (r->quiet && severity != CFV_SEV_ERROR && r->format == CFV_FORMAT_TEXT)
        return 0;
    return cfv_keep_room(&r->keep, severity);
}

void cfv_report_init(cfv_report *r, cfv_format format, cfv_buf *out, const cfv_defs *defs,
                     uint32_t max_diagnostics)
{
    memset(r, 0, sizeof *r);
    r->format = format;
    r->out = out;
    r->defs = defs;
    r->max_diagnostics = max_diagnostics;
    r->run.command = "check";
    r->catalog = cfv_rule_catalog(&r->ncatalog);
    if (!r->catalog)
        r->ncatalog = 0;
    /* Out of memory keeps nothing: every diagnostic then counts as not shown. */
    (void)cfv_keep_init(&r->keep, max_diagnostics, !streams_errors(format));
    r->line = cfv_report_plain_line;
    switch (format) {
    case CFV_FORMAT_JSON: r->ops = &cfv_report_json_ops; break;
    case CFV_FORMAT_SARIF: r->ops = &cfv_report_sarif_ops; break;
    case CFV_FORMAT_GITHUB: r->ops = &cfv_report_github_ops; r->line = cfv_report_github_line; break;
    case CFV_FORMAT_GCC: r->line = cfv_report_gcc_line; r->ops = &cfv_report_text_ops; break;
    case CFV_FORMAT_JUNIT: r->ops = &cfv_report_junit_ops; break;
    default: r->ops = &cfv_report_text_ops; break;
    }
}

void cfv_report_begin(cfv_report *r)
{
    for (; r; r = r->next)
        r->ops->begin(r);
}

void cfv_report_file_begin(cfv_report *r, const char *path)
{
    for (; r; r = r->next)
        r->ops->file_begin(r, path);
}

/* Each report takes what it would have asked for alone. */
void cfv_report_diag(cfv_report *r, const cfv_diag *d)
{
    for (; r; r = r->next)
        if (wants_one(r, d->severity))
            r->ops->diag(r, d);
}

uint64_t cfv_report_file_end(cfv_report *r, const cfv_counts *c)
{
    uint64_t hidden = r->ops->file_end(r, c);
    for (cfv_report *x = r->next; x; x = x->next) {
        x->verdicts = r->verdicts;
        (void)x->ops->file_end(x, c);
    }
    return hidden;
}

void cfv_report_file_unreadable(cfv_report *r, const char *path, const char *why)
{
    cfv_report_file_unreadable_at(r, path, 0, 0, why);
}

void cfv_report_file_unreadable_at(cfv_report *r, const char *path, uint32_t line, uint32_t col,
                                   const char *why)
{
    for (; r; r = r->next) {
        r->at_line = line;
        r->at_col = line ? col : 0;
        r->ops->file_unreadable(r, path, why);
        r->at_line = r->at_col = 0;
    }
}

void cfv_report_end(cfv_report *r, const cfv_totals *t)
{
    for (; r; r = r->next)
        r->ops->end(r, t);
}

int cfv_report_wants(const cfv_report *r, unsigned severity)
{
    for (; r; r = r->next)
        if (wants_one(r, severity))
            return 1;
    return 0;
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
    cfv_buf_free(&r->junit);
    free(r->cwd);
    r->cwd = NULL;
}
