/* JUnit XML for Jenkins, GitLab and the other CI systems that read test
 * reports: one <testsuite> "cfv check" (or "cfv build"), one <testcase> per file (name: its
 * path). A file with errors (or warnings under --werror) is a <failure>
 * whose message counts them and whose text lists them as the text report
 * does (errors first, within the cap); a file that could not be read is an
 * <error>; warnings and notes of a passing file go to <system-out>. The
 * schema: tests/cli/junit/junit.xsd. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static void junit_begin(cfv_report *r)
{
    cfv_buf_free(&r->junit);
    r->items = 0;                   /* JUnit: failures written */
}

static void attr(cfv_buf *b, const char *name, const char *value)
{
    cfv_buf_printf(b, " %s=\"", name);
    cfv_esc_xml(b, value, strlen(value));
    cfv_buf_putc(b, '"');
}

static void testcase_open(const cfv_report *r, cfv_buf *b, const char *path)
{
    cfv_buf_printf(b, "    <testcase classname=\"cfv.%s\"", r->run.command);
    attr(b, "name", path);
    cfv_buf_putc(b, '>');
}

/* The file's kept diagnostics as text lines, XML-escaped, into b. */
static uint64_t listing(cfv_report *r, cfv_buf *b, const cfv_counts *c)
{
    cfv_buf text = {0};
    cfv_buf *out = r->out;
    r->out = &text;                 /* the text report writes to r->out */
    uint64_t hidden = cfv_report_text_file_end(r, c);
    r->out = out;
    cfv_esc_xml(b, text.data ? text.data : "", text.len);
    if (text.oom)
        b->oom = 1;
    cfv_buf_free(&text);
    return hidden;
}

static uint64_t junit_file_end(cfv_report *r, const cfv_counts *c)
{
    cfv_buf *b = &r->junit;
    uint64_t errors = c->sev[CFV_SEV_ERROR], warnings = c->sev[CFV_SEV_WARNING];
    int failed = errors || (r->run.werror && warnings);     /* as the exit status */
    testcase_open(r, b, r->path);
    uint64_t hidden;
    if (failed) {
        char message[96];
        snprintf(message, sizeof message, "%" PRIu64 " error%s, %" PRIu64 " warning%s", errors,
                 errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
        r->items++;
        cfv_buf_puts(b, "\n      <failure");
        attr(b, "message", message);
        char type[32];
        snprintf(type, sizeof type, "cfv %s", r->run.command);
        attr(b, "type", type);
        cfv_buf_putc(b, '>');
        hidden = listing(r, b, c);
        cfv_buf_puts(b, "</failure>\n    ");
    } else if (warnings || c->sev[CFV_SEV_NOTE]) {
        cfv_buf_puts(b, "\n      <system-out>");
        hidden = listing(r, b, c);
        cfv_buf_puts(b, "</system-out>\n    ");
    } else {
        hidden = 0;
    }
    cfv_buf_puts(b, "</testcase>\n");
    return hidden;
}

static void junit_unreadable(cfv_report *r, const char *path, const char *why)
{
    cfv_buf *b = &r->junit;
    testcase_open(r, b, path);
    cfv_buf_puts(b, "\n      <error");
    attr(b, "message", why);
    attr(b, "type", "not checked");
    cfv_buf_puts(b, "/>\n    </testcase>\n");
}

static void junit_end(cfv_report *r, const cfv_totals *t)
{
    cfv_buf *b = r->out;
    size_t tests = t->files + t->unreadable;
    size_t failures = r->items;
    cfv_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    cfv_buf_printf(b, "<testsuites name=\"cfv %s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
                   r->run.command, tests, failures, t->unreadable);
    cfv_buf_printf(b, "  <testsuite name=\"cfv %s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                   "skipped=\"0\">\n", r->run.command, tests, failures, t->unreadable);
    if (r->junit.len)
        cfv_buf_put(b, r->junit.data, r->junit.len);
    if (r->junit.oom)
        b->oom = 1;
    cfv_buf_puts(b, "  </testsuite>\n</testsuites>\n");
}

const cfv_report_ops cfv_report_junit_ops = {
    junit_begin, cfv_report_text_file_begin, cfv_report_text_diag, junit_file_end,
    junit_unreadable, junit_end,
};
