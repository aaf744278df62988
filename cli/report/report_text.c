/* PATH+0xOFFSET: error|warning|note: MESSAGE [CFVnnn] (FIELD; sensor S), one
 * line per diagnostic, then one summary line. The position is a byte offset
 * written so that no one takes it for a line number. A file's lines come at
 * its end, errors first: the cap (--max-diagnostics) then never hides an
 * error behind warnings, and identical diagnostics fold into one line
 * ("… and 97 more like this"). Counts are never affected. */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *const sev_color[CFV_NSEV] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};

static void text_begin(cfv_report *r) { (void)r; }

void cfv_report_text_file_begin(cfv_report *r, const char *path)
{
    r->path = path;
    cfv_keep_reset(&r->keep);
}

/* " MESSAGE [CFVnnn] (FIELD; sensor S)\n", after "PATH+POSITION: SEVERITY:". */
void cfv_report_line_tail(const cfv_report *r, cfv_buf *b, const cfv_diag *d)
{
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    cfv_buf_putc(b, ' ');
    cfv_esc_text(b, d->message, strlen(d->message));
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

void cfv_report_plain_line(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d)
{
    unsigned s = d->severity < CFV_NSEV ? d->severity : CFV_SEV_ERROR;
    if (r->color)
        cfv_buf_puts(b, BOLD);
    cfv_esc_text(b, path, strlen(path));
    uint32_t line, col;
    if (cfv_report_locate(r, d, &line, &col))   /* a source text (cfv build) */
        cfv_buf_printf(b, ":%" PRIu32 ":%" PRIu32 ":%s ", line, col, r->color ? RESET : "");
    else
        cfv_buf_printf(b, "+0x%" PRIx64 ":%s ", d->offset, r->color ? RESET : "");
    cfv_buf_printf(b, "%s%s:%s", r->color ? sev_color[s] : "", cfv_severity_name(s),
                   r->color ? RESET : "");
    cfv_report_line_tail(r, b, d);
}

void cfv_report_text_line(const cfv_report *r, cfv_buf *b, const cfv_diag *d)
{
    cfv_report_plain_line(r, b, r->path ? r->path : "", d);
}

void cfv_report_text_diag(cfv_report *r, const cfv_diag *d) { (void)cfv_keep_add(&r->keep, d); }

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

uint64_t cfv_report_text_file_end(cfv_report *r, const cfv_counts *c)
{
    cfv_buf *b = r->out;
    uint64_t printed = 0, shown = 0, hidden = 0;
    for (unsigned s = 0; s < CFV_NSEV; s++) {
        if (r->quiet && s != CFV_SEV_ERROR)
            continue;   /* -q: asked for, so not "not shown" */
        uint64_t shown_s = 0;
        for (size_t i = 0; i < r->keep.n[s] && printed < r->max_diagnostics; i++, printed++) {
            const cfv_kept *k = &r->keep.items[s][i];
            r->line(r, b, r->path, &k->d);
            if (k->more)
                cfv_buf_printf(b, "  \xe2\x80\xa6 and %" PRIu64 " more like this\n", k->more);
            shown_s += 1 + k->more;
        }
        shown += shown_s;
        hidden += c->sev[s] - shown_s;
    }
    if (hidden) {
        cfv_esc_text(b, r->path, strlen(r->path));
        cfv_buf_printf(b, ": %" PRIu64 " more %s not shown (--max-diagnostics %" PRIu32
                       "; errors are shown first, every one is counted)\n",
                       hidden, plural(hidden, "diagnostic", "diagnostics"), r->max_diagnostics);
    }
    (void)shown;
    return hidden;
}

/* Already said on stderr, where a person running cfv by hand looks. */
static void text_unreadable(cfv_report *r, const char *path, const char *why)
{
    (void)r, (void)path, (void)why;
}

void cfv_report_text_end(cfv_report *r, const cfv_totals *t)
{
    cfv_buf *b = r->out;
    const cfv_counts *c = &t->counts;
    cfv_buf_printf(b, "cfv: %zu %s checked", t->files, plural(t->files, "file", "files"));
    if (t->unreadable)
        cfv_buf_printf(b, ", %zu unreadable", t->unreadable);
    cfv_buf_printf(b, ": %" PRIu64 " %s, %" PRIu64 " %s", c->sev[CFV_SEV_ERROR],
                   plural(c->sev[CFV_SEV_ERROR], "error", "errors"), c->sev[CFV_SEV_WARNING],
                   plural(c->sev[CFV_SEV_WARNING], "warning", "warnings"));
    if (c->sev[CFV_SEV_NOTE])
        cfv_buf_printf(b, ", %" PRIu64 " %s", c->sev[CFV_SEV_NOTE],
                       plural(c->sev[CFV_SEV_NOTE], "note", "notes"));
    if (c->suppressed)
        cfv_buf_printf(b, ", %" PRIu64 " suppressed", c->suppressed);
    if (c->baselined)
        cfv_buf_printf(b, ", %" PRIu64 " baselined", c->baselined);
    if (t->not_shown)
        cfv_buf_printf(b, " (%" PRIu64 " not shown in %zu %s: --max-diagnostics %" PRIu32 ")",
                       t->not_shown, t->truncated, plural(t->truncated, "file", "files"),
                       r->max_diagnostics);
    cfv_buf_putc(b, '\n');
}

const cfv_report_ops cfv_report_text_ops = {
    text_begin, cfv_report_text_file_begin, cfv_report_text_diag, cfv_report_text_file_end,
    text_unreadable, cfv_report_text_end,
};
