/* PATH:OFFSET: error|warning: MESSAGE [CFVnnn] (FIELD; sensor S), one line
 * per diagnostic, then one summary line. */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static void text_begin(cfv_report *r) { (void)r; }

static void text_file_begin(cfv_report *r, const char *path) { r->path = path; }

static void text_diag(cfv_report *r, const cfv_diag *d)
{
    cfv_buf *b = r->out;
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    cfv_esc_text(b, r->path, strlen(r->path));
    cfv_buf_printf(b, ":%" PRIu64 ": %s: ", d->offset, cfv_severity_name(d->severity));
    cfv_esc_text(b, d->message, cfv_report_strnlen(d->message, sizeof d->message));
    cfv_buf_printf(b, " [%s]", rule);
    size_t flen = cfv_report_strnlen(d->field, sizeof d->field);
    const char *sensor = cfv_report_sensor(r, d);
    if (flen || sensor) {
        cfv_buf_puts(b, " (");
        cfv_esc_text(b, d->field, flen);
        if (sensor) {
            cfv_buf_puts(b, flen ? "; sensor " : "sensor ");
            cfv_esc_text(b, sensor, cfv_report_strnlen(sensor, CFV_NAME_MAX));
        }
        cfv_buf_putc(b, ')');
    }
    cfv_buf_putc(b, '\n');
}

static void text_file_end(cfv_report *r, const cfv_result *res) { (void)r, (void)res; }

/* Already said on stderr, where a person running cfv by hand looks. */
static void text_unreadable(cfv_report *r, const char *path, const char *why)
{
    (void)r, (void)path, (void)why;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void text_end(cfv_report *r, const cfv_totals *t)
{
    cfv_buf *b = r->out;
    cfv_buf_printf(b, "cfv: %zu %s checked", t->files, plural(t->files, "file", "files"));
    if (t->unreadable)
        cfv_buf_printf(b, ", %zu unreadable", t->unreadable);
    cfv_buf_printf(b, ": %" PRIu64 " %s, %" PRIu64 " %s", t->errors,
                   plural(t->errors, "error", "errors"), t->warnings,
                   plural(t->warnings, "warning", "warnings"));
    if (t->truncated)
        cfv_buf_printf(b, " (truncated: %zu %s stopped at --max-diagnostics %" PRIu32 ")",
                       t->truncated, plural(t->truncated, "file", "files"),
                       r->max_diagnostics);
    cfv_buf_putc(b, '\n');
}

const cfv_report_ops cfv_report_text_ops = {
    text_begin, text_file_begin, text_diag, text_file_end, text_unreadable, text_end,
};
