/* The JSON report, a contract for CI scripts: keep the keys as they are.
 * {"tool","version","files":[{"path","errors","warnings","truncated",
 *  "diagnostics":[{"rule","severity","offset","field","sensor","message"}]}],
 *  "unreadable":[{"path","message"}],
 *  "summary":{"files","errors","warnings","unreadable","truncated"}} */
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
    r->path = path;
    cfv_buf_clear(&r->pending);
}

static void json_diag(cfv_report *r, const cfv_diag *d)
{
    cfv_buf *b = &r->pending;
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    cfv_buf_printf(b, "%s\n    {\"rule\":\"%s\",\"severity\":\"%s\",\"offset\":%" PRIu64 ",",
                   b->len ? "," : "", rule, cfv_severity_name(d->severity), d->offset);
    cfv_report_field_sensor_json(r, b, d);
    cfv_buf_puts(b, ",\"message\":");
    cfv_esc_json(b, d->message, cfv_report_strnlen(d->message, sizeof d->message));
    cfv_buf_putc(b, '}');
}

/* Counts come first, so the file object is written once they are known. */
static void json_file_end(cfv_report *r, const cfv_result *res)
{
    cfv_buf *b = r->out;
    cfv_buf_puts(b, r->items++ ? ",\n  {\"path\":" : "\n  {\"path\":");
    cfv_esc_json(b, r->path, strlen(r->path));
    cfv_buf_printf(b, ",\"errors\":%" PRIu32 ",\"warnings\":%" PRIu32 ",\"truncated\":%s,",
                   res->errors, res->warnings, res->truncated ? "true" : "false");
    cfv_buf_puts(b, "\"diagnostics\":[");
    cfv_buf_put(b, r->pending.data, r->pending.len);
    if (r->pending.oom)
        b->oom = 1;
    cfv_buf_puts(b, r->pending.len ? "\n  ]}" : "]}");
    cfv_buf_clear(&r->pending);
}

static void json_unreadable(cfv_report *r, const char *path, const char *why)
{
    cfv_buf *b = &r->deferred;
    cfv_buf_puts(b, r->unreadable++ ? ",\n  {\"path\":" : "\n  {\"path\":");
    cfv_esc_json(b, path, strlen(path));
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
    cfv_buf_printf(b,
                   "\"summary\":{\"files\":%zu,\"errors\":%" PRIu64 ",\"warnings\":%" PRIu64
                   ",\"unreadable\":%zu,\"truncated\":%zu}}\n",
                   t->files, t->errors, t->warnings, t->unreadable, t->truncated);
}

const cfv_report_ops cfv_report_json_ops = {
    json_begin, json_file_begin, json_diag, json_file_end, json_unreadable, json_end,
};
