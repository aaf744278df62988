/* The JSON report, a contract for CI scripts: keep the keys as they are.
 * {"tool","version","files":[{"path",
 *  "diagnostics":[{"rule","severity","offset","field","sensor","message"}],
 *  (cfv build: also "line","column" in the source file, when known)
 *  "errors","warnings","notes","suppressed","baselined","truncated",
 *  "not_shown":{"warnings","notes"},
 *  "verdicts":[{"sensor","verdict":"safe"|"unsafe","errors","warnings","rules"}]}],
 *  "unreadable":[{"path",("line","column",)"message"}],
 *  "summary":{"files","errors","warnings","notes","suppressed","baselined",
 *             "unreadable","truncated","not_shown","max_diagnostics"}}
 * Every error is in "diagnostics" (streamed: a file's errors are never held
 * in memory); --max-diagnostics may leave out warnings and notes only, and
 * then "truncated" is true and "not_shown" counts them. */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static void json_begin(cfv_report *r)
{
    cfv_buf_puts(r->out, "{\"tool\":\"cfv\",\"version\":");
    cfv_esc_json(r->out, CFV_VERSION, strlen(CFV_VERSION));
    cfv_buf_puts(r->out, ",\"files\":[");
}

static void json_file_begin(cfv_report *r, const char *path)
{
    cfv_buf *b = r->out;
    r->path = path;
    r->streamed = 0;
    cfv_keep_reset(&r->keep);
    cfv_buf_puts(b, r->items++ ? ",\n  {\"path\":" : "\n  {\"path\":");
    cfv_esc_json(b, path, strlen(path));
    cfv_buf_puts(b, ",\"diagnostics\":[");
}

static void write_diag(cfv_report *r, const cfv_diag *d, int first)
{
    cfv_buf *b = r->out;
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    /* put, not printf: every error of a file is written (a million, some files) */
    cfv_buf_puts(b, first ? "\n    {\"rule\":\"" : ",\n    {\"rule\":\"");
    cfv_buf_puts(b, rule);
    cfv_buf_puts(b, "\",\"severity\":\"");
    cfv_buf_puts(b, cfv_severity_name(d->severity));
    cfv_buf_puts(b, "\",\"offset\":");
    cfv_buf_put_u64(b, d->offset);
    cfv_buf_putc(b, ',');
    uint32_t line, col;
    if (cfv_report_locate(r, d, &line, &col))   /* a source text (cfv build) */
        cfv_buf_printf(b, "\"line\":%" PRIu32 ",\"column\":%" PRIu32 ",", line, col);
    cfv_report_field_sensor_json(r, b, d);
    cfv_buf_puts(b, ",\"message\":");
    cfv_esc_json(b, d->message, strlen(d->message));
    cfv_buf_putc(b, '}');
}

/* The file's verdict per selected sensor, exactly `cfv check --sensor S`'s:
 * the matrix cfv plan uses (verdict.h). "rules": those that make it unsafe. */
static void json_verdicts(cfv_report *r, cfv_buf *b)
{
    const cfv_verdict_row *row = r->verdicts;
    cfv_buf_puts(b, ",\"verdicts\":[");
    size_t n = 0;
    for (unsigned s = 0; row && s < CFV_MAX_SENSORS && s < r->defs->nsensors; s++) {
        if (!(row->sensors >> s & 1))
            continue;
        const cfv_verdict_cell *c = &row->cell[s];
        int unsafe = cfv_verdict_unsafe(row, s, row->werror);
        cfv_buf_puts(b, n++ ? ",{\"sensor\":" : "{\"sensor\":");
        const char *name = r->defs->sensors[s].name;
        cfv_esc_json(b, name, cfv_report_strnlen(name, CFV_NAME_MAX));
        cfv_buf_printf(b, ",\"verdict\":\"%s\",\"errors\":%" PRIu32 ",\"warnings\":%" PRIu32
                          ",\"rules\":[",
                       unsafe ? "unsafe" : "safe", c->errors, c->warnings);
        size_t k = 0;
        for (uint8_t i = 0; unsafe && i < c->nerror_rules; i++, k++)
            cfv_buf_printf(b, "%s\"CFV%03u\"", k ? "," : "", c->error_rules[i] % 1000u);
        for (uint8_t i = 0; unsafe && row->werror && i < c->nwarning_rules; i++, k++)
            cfv_buf_printf(b, "%s\"CFV%03u\"", k ? "," : "", c->warning_rules[i] % 1000u);
        cfv_buf_puts(b, "]}");
    }
    cfv_buf_putc(b, ']');
}

/* Errors are written as they come (all of them, in file order); warnings
 * and notes wait for the end of the file, within the cap. */
static void json_diag(cfv_report *r, const cfv_diag *d)
{
    if (d->severity == CFV_SEV_ERROR)
        write_diag(r, d, r->streamed++ == 0);
    else
        (void)cfv_keep_add(&r->keep, d);
}

static uint64_t json_file_end(cfv_report *r, const cfv_counts *c)
{
    cfv_buf *b = r->out;
    uint64_t written = r->streamed, left[CFV_NSEV] = {0};
    for (unsigned s = CFV_SEV_WARNING; s < CFV_NSEV; s++) {
        size_t i = 0;
        for (; i < r->keep.n[s] && written < r->max_diagnostics; i++)
            write_diag(r, &r->keep.items[s][i].d, written++ == 0);
        left[s] = c->sev[s] - i;
    }
    cfv_buf_puts(b, written ? "\n  ]," : "],");
    uint64_t hidden = left[CFV_SEV_WARNING] + left[CFV_SEV_NOTE];
    cfv_buf_printf(b,
                   "\"errors\":%" PRIu64 ",\"warnings\":%" PRIu64 ",\"notes\":%" PRIu64
                   ",\"suppressed\":%" PRIu64 ",\"baselined\":%" PRIu64
                   ",\"truncated\":%s,\"not_shown\":{\"warnings\":%" PRIu64 ",\"notes\":%" PRIu64
                   "}",
                   c->sev[CFV_SEV_ERROR], c->sev[CFV_SEV_WARNING], c->sev[CFV_SEV_NOTE],
                   c->suppressed, c->baselined, hidden ? "true" : "false",
                   left[CFV_SEV_WARNING], left[CFV_SEV_NOTE]);
    json_verdicts(r, b);
    cfv_buf_putc(b, '}');
    return hidden;
}

static void json_unreadable(cfv_report *r, const char *path, const char *why)
{
    cfv_buf *b = &r->deferred;
    cfv_buf_puts(b, r->unreadable++ ? ",\n  {\"path\":" : "\n  {\"path\":");
    cfv_esc_json(b, path, strlen(path));
    if (r->at_line)
        cfv_buf_printf(b, ",\"line\":%" PRIu32 ",\"column\":%" PRIu32, r->at_line, r->at_col);
    cfv_buf_puts(b, ",\"message\":");
    cfv_esc_json(b, why, strlen(why));
    cfv_buf_putc(b, '}');
}

static void json_end(cfv_report *r, const cfv_totals *t)
{
    cfv_buf *b = r->out;
    cfv_buf_puts(b, r->items ? "\n],\"unreadable\":[" : "],\"unreadable\":[");
    cfv_buf_put(b, r->deferred.data, r->deferred.len);
    if (r->deferred.oom)
        b->oom = 1;
    cfv_buf_puts(b, r->unreadable ? "\n]," : "],");
    const cfv_counts *c = &t->counts;
    cfv_buf_printf(b,
                   "\"summary\":{\"files\":%zu,\"errors\":%" PRIu64 ",\"warnings\":%" PRIu64
                   ",\"notes\":%" PRIu64 ",\"suppressed\":%" PRIu64 ",\"baselined\":%" PRIu64
                   ",\"unreadable\":%zu,\"truncated\":%zu,\"not_shown\":%" PRIu64
                   ",\"max_diagnostics\":%" PRIu32 "}}\n",
                   t->files, c->sev[CFV_SEV_ERROR], c->sev[CFV_SEV_WARNING], c->sev[CFV_SEV_NOTE],
                   c->suppressed, c->baselined, t->unreadable, t->truncated, t->not_shown,
                   r->max_diagnostics);
}

const cfv_report_ops cfv_report_json_ops = {
    json_begin, json_file_begin, json_diag, json_file_end, json_unreadable, json_end,
};
