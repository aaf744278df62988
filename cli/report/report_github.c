/* GitHub Actions workflow commands, one per diagnostic:
 *   ::error file=PATH,line=1,col=OFFSET+1,title=CFV061::MESSAGE [CFV061] (byte 0xOFFSET; FIELD; sensor S)
 * which GitHub turns into annotations on the file in a pull request. A
 * channel file has no lines: line 1 and the byte offset plus one as the
 * column, as the GCC format has them. cfv build annotates its source text
 * at the line and column, without the byte (one of the file built, which
 * means nothing beside the source). Escaped as the runner parses them:
 * in the message %, CR and LF; in properties also ':' and ','. The rest is
 * the text report (errors first, the cap, the summary line). */
#include <inttypes.h>
#include <string.h>

#include "report.h"

/* wrapped: 1 for a property value (also ':' and ','). */
static void esc(cfv_buf *b, const char *s, size_t n, int property)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%')
            cfv_buf_puts(b, "%25");
        else if (c == '\r')
            cfv_buf_puts(b, "%0D");
        else if (c == '\n')
            cfv_buf_puts(b, "%0A");
        else if (property && c == ':')
            cfv_buf_puts(b, "%3A");
        else if (property && c == ',')
            cfv_buf_puts(b, "%2C");
        else
            cfv_buf_putc(b, (char)c);
    }
}

static const char *command(unsigned severity)
{
    return severity == CFV_SEV_WARNING ? "warning" : severity == CFV_SEV_NOTE ? "notice" : "error";
}

void cfv_report_github_line(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d)
{
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    cfv_buf_printf(b, "::%s file=", command(d->severity));
    esc(b, path, strlen(path), 1);
    uint32_t line, col;
    int source = cfv_report_locate(r, d, &line, &col);  /* a source text (cfv build) */
    if (source)
        cfv_buf_printf(b, ",line=%" PRIu32 ",col=%" PRIu32 ",title=%s::", line, col, rule);
    else
        cfv_buf_printf(b, ",line=1,col=%" PRIu64 ",title=%s::", d->offset + 1, rule);
    esc(b, d->message, strlen(d->message), 0);
    size_t flen = cfv_report_strnlen(d->field, sizeof d->field);
    const char *sensor = cfv_report_sensor(r, d);
    cfv_buf_printf(b, " [%s]", rule);
    const char *sep = " (";        /* "; " once the parenthesis is open */
    if (!source) {
        cfv_buf_printf(b, " (byte 0x%" PRIx64, d->offset);
        sep = "; ";
    }
    if (flen) {
        cfv_buf_puts(b, sep);
        esc(b, d->field, flen, 0);
        sep = "; ";
    }
    if (sensor) {
        cfv_buf_printf(b, "%ssensor ", sep);
        esc(b, sensor, cfv_report_strnlen(sensor, CFV_NAME_MAX), 0);
        sep = "; ";
    }
    cfv_buf_puts(b, sep[0] == ';' ? ")\n" : "\n");
}

static void github_begin(cfv_report *r) { (void)r; }

/* A file that could not be checked fails the gate: annotate it too. */
static void github_unreadable(cfv_report *r, const char *path, const char *why)
{
    cfv_buf_puts(r->out, "::error file=");
    esc(r->out, path, strlen(path), 1);
    if (r->at_line)
        cfv_buf_printf(r->out, ",line=%" PRIu32 ",col=%" PRIu32, r->at_line, r->at_col);
    cfv_buf_puts(r->out, ",title=cfv::Not checked: ");
    esc(r->out, why, strlen(why), 0);
    cfv_buf_putc(r->out, '\n');
}

const cfv_report_ops cfv_report_github_ops = {
    github_begin, cfv_report_text_file_begin, cfv_report_text_diag, cfv_report_text_file_end,
    github_unreadable, cfv_report_text_end,
};
