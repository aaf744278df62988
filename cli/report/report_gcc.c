/* FILE:LINE:COLUMN: error|warning|note: MESSAGE [CFVnnn] (FIELD; sensor S),
 * the shape editors' and CI systems' problem matchers know from GCC. A
 * channel file has no lines: LINE is 1 and COLUMN the byte offset plus one
 * (columns count from 1), so offset 0x188 is column 393; a finding of
 * cfv build names its source file's line and column instead. The rest is the
 * text report (errors first, the cap, the summary line). */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

void cfv_report_gcc_line(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d)
{
    unsigned s = d->severity < CFV_NSEV ? d->severity : CFV_SEV_ERROR;
    cfv_esc_text(b, path, strlen(path));
    uint32_t line, col;
    if (cfv_report_locate(r, d, &line, &col))   /* a source text (cfv build) */
        cfv_buf_printf(b, ":%" PRIu32 ":%" PRIu32 ": %s:", line, col, cfv_severity_name(s));
    else
        cfv_buf_printf(b, ":1:%" PRIu64 ": %s:", d->offset + 1, cfv_severity_name(s));
    cfv_report_line_tail(r, b, d);
}
