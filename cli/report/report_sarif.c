/* SARIF 2.1.0 for code scanning: one run, the whole rule catalog under
 * tool.driver.rules, one result per diagnostic placed by byte offset (and
 * startLine 1, which code-scanning UIs need to show anything). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "sarif.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"

static void sarif_begin(cfv_report *r)
{
    cfv_buf *b = r->out;
    cfv_buf_puts(b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{\n");
    cfv_sarif_driver(r);
    /* Relative paths are relative to where cfv ran; say where that was. */
    r->cwd = getcwd(NULL, 0);
    if (r->cwd && r->cwd[0] != '/') {
        free(r->cwd);
        r->cwd = NULL;
    }
    if (r->cwd) {
        cfv_buf_puts(b, "  \"originalUriBaseIds\":{\"" SRCROOT "\":{\"uri\":\"file://");
        cfv_esc_uri_path(b, r->cwd, strlen(r->cwd));
        cfv_buf_puts(b, strcmp(r->cwd, "/") ? "/\"}},\n" : "\"}},\n");
    }
    cfv_buf_puts(b, "  \"results\":[");
}

static void sarif_file_begin(cfv_report *r, const char *path)
{
    r->path = path;
    r->streamed = 0;
    cfv_fp_seen_reset(&r->fingerprints);
    cfv_keep_reset(&r->keep);
}

/* The region of d: in a binary file its bytes (and startLine 1, which
 * code-scanning UIs need to show anything); in a source text (cfv build)
 * its line and column. */
static void region(const cfv_report *r, cfv_buf *b, const cfv_diag *d)
{
    uint32_t line, col;
    if (!d) {   /* a notification: placed only where the file could not be read */
        if (r->at_line)
            cfv_buf_printf(b, ",\"region\":{\"startLine\":%" PRIu32 ",\"startColumn\":%" PRIu32 "}",
                           r->at_line, r->at_col ? r->at_col : 1);
        return;
    }
    if (cfv_report_locate(r, d, &line, &col))
        cfv_buf_printf(b, ",\"region\":{\"startLine\":%" PRIu32 ",\"startColumn\":%" PRIu32 "}",
                       line, col);
    else if (r->run.locate)
        cfv_buf_puts(b, ",\"region\":{\"startLine\":1}");
    else {  /* put, not printf: every error of a file is a result */
        cfv_buf_puts(b, ",\"region\":{\"startLine\":1,\"byteOffset\":");
        cfv_buf_put_u64(b, d->offset);
        cfv_buf_puts(b, ",\"byteLength\":");
        cfv_buf_put_u64(b, d->length);
        cfv_buf_putc(b, '}');
    }
}

/* "locations":[...] for path. Standard input has no address, but GitHub
 * takes no result without a location: it gets "<stdin>", described. */
static void location(cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d)
{
    if (strcmp(path, "<stdin>") == 0) {
        cfv_buf_puts(b, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
                        "\"%3Cstdin%3E\",\"description\":{\"text\":\"Standard input.\"}}");
        region(r, b, d);
        cfv_buf_puts(b, "}}]");
        return;
    }
    cfv_buf_puts(b, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"");
    /* An absolute path under the working directory is made relative to it,
     * as code scanning resolves URIs against the checkout. */
    size_t cwdlen = r->cwd ? strlen(r->cwd) : 0;
    if (cwdlen > 1 && strncmp(path, r->cwd, cwdlen) == 0 && path[cwdlen] == '/')
        path += cwdlen + 1;
    if (path[0] == '/') {
        cfv_buf_puts(b, "file://");
        cfv_esc_uri_path(b, path, strlen(path));
        cfv_buf_putc(b, '"');
    } else {
        while (path[0] == '.' && path[1] == '/') {
            path += 2;
            while (*path == '/')
                path++;
        }
        cfv_esc_uri_path(b, path, strlen(path));
        cfv_buf_puts(b, r->cwd ? "\",\"uriBaseId\":\"" SRCROOT "\"" : "\"");
    }
    cfv_buf_putc(b, '}');
    region(r, b, d);
    cfv_buf_puts(b, "}}]");
}

/* The catalog is in id order (test_externs checks it): a binary search. */
/* The rule's index in the catalog the driver lists (r->catalog is
 * cfv_rule_catalog()'s array, which cfv_rule_find searches). */
static long rule_index(const cfv_report *r, unsigned rule)
{
    const cfv_rule_info *info = r->ncatalog ? cfv_rule_find(rule) : NULL;
    return info ? (long)(info - r->catalog) : -1;
}

static void write_result(cfv_report *r, const cfv_diag *d)
{
    cfv_buf *b = r->out;
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    cfv_buf_puts(b, r->items++ ? ",\n    {\"ruleId\":\"" : "\n    {\"ruleId\":\"");
    cfv_buf_puts(b, rule);
    cfv_buf_puts(b, "\",");
    long idx = rule_index(r, d->rule);
    if (idx >= 0) {
        cfv_buf_puts(b, "\"ruleIndex\":");
        cfv_buf_put_u64(b, (uint64_t)idx);
        cfv_buf_putc(b, ',');
    }
    cfv_buf_puts(b, "\"level\":\"");
    cfv_buf_puts(b, cfv_sarif_level(d->severity));
    cfv_buf_puts(b, "\",\"message\":{\"text\":");
    /* The text, and the rule's template (messageStrings) with the arguments
     * that give the same text. */
    char key[16];
    const char *tmpl = cfv_sarif_template(d, key);
    cfv_sarif_sentence(b, d->message, strlen(d->message), tmpl ? tmpl : d->message);
    if (tmpl) {
        cfv_buf_puts(b, ",\"id\":\"");
        cfv_buf_puts(b, key);
        cfv_buf_puts(b, "\",\"arguments\":[");
        const char *arg = d->args;
        for (uint32_t i = 0; i < d->nargs; i++, arg += strlen(arg) + 1) {
            cfv_buf_puts(b, i ? "," : "");
            cfv_esc_json(b, arg, strlen(arg));
        }
        cfv_buf_putc(b, ']');
    }
    cfv_buf_putc(b, '}');
    location(r, b, r->path, d);
    /* The same finding keeps its fingerprint when the file changes elsewhere;
     * the n-th finding sharing one is ":n" (GitHub matches alerts on it). */
    uint64_t fp = cfv_finding_fingerprint(d, cfv_report_sensor(r, d));
    uint32_t n = cfv_fp_seen_next(&r->fingerprints, fp);
    cfv_buf_puts(b, ",\"partialFingerprints\":{\"cfvFinding/v1\":\"");
    cfv_buf_put_hex16(b, fp);
    if (n) {
        cfv_buf_putc(b, ':');
        cfv_buf_put_u64(b, n);
    }
    cfv_buf_puts(b, "\"}");
    cfv_buf_puts(b, ",\"properties\":{");
    cfv_report_field_sensor_json(r, b, d);
    cfv_buf_puts(b, "}}");
}

static void notification(cfv_report *r, const char *lvl, const char *path, const char *text)
{
    cfv_buf *b = &r->deferred;
    cfv_buf_printf(b, "%s\n      {\"level\":\"%s\",\"message\":{\"text\":", b->len ? "," : "", lvl);
    cfv_sarif_sentence(b, text, strlen(text), text);
    cfv_buf_putc(b, '}');
    location(r, b, path, NULL);
    cfv_buf_putc(b, '}');
}

/* Errors are written as they come (every one); warnings and notes wait for
 * the end of the file, within the cap. */
static void sarif_diag(cfv_report *r, const cfv_diag *d)
{
    if (d->severity == CFV_SEV_ERROR) {
        write_result(r, d);
        r->streamed++;
    } else {
        (void)cfv_keep_add(&r->keep, d);
    }
}

static uint64_t sarif_file_end(cfv_report *r, const cfv_counts *c)
{
    uint64_t written = r->streamed, left[CFV_NSEV] = {0};
    for (unsigned s = CFV_SEV_WARNING; s < CFV_NSEV; s++) {
        size_t i = 0;
        for (; i < r->keep.n[s] && written < r->max_diagnostics; i++, written++)
            write_result(r, &r->keep.items[s][i].d);
        left[s] = c->sev[s] - i;
    }
    uint64_t hidden = left[CFV_SEV_WARNING] + left[CFV_SEV_NOTE];
    if (!hidden)
        return 0;
    cfv_buf text = {0};
    cfv_buf_printf(&text, "%" PRIu64 " warnings and %" PRIu64 " notes not included "
                   "(--max-diagnostics %" PRIu32 "); every error is",
                   left[CFV_SEV_WARNING], left[CFV_SEV_NOTE], r->max_diagnostics);
    cfv_buf_putc(&text, '\0');
    notification(r, "note", r->path, text.oom ? "Warnings left out" : text.data);
    cfv_buf_free(&text);
    return hidden;
}

static void sarif_unreadable(cfv_report *r, const char *path, const char *why)
{
    cfv_buf text = {0};
    cfv_buf_printf(&text, "Not checked: %s: %s", path, why);
    cfv_buf_putc(&text, '\0');
    notification(r, "error", path, text.oom ? why : text.data);
    cfv_buf_free(&text);
}

static void sarif_end(cfv_report *r, const cfv_totals *t)
{
    cfv_buf *b = r->out;
    cfv_buf_puts(b, r->items ? "\n  ],\n" : "],\n");
    cfv_buf_printf(b, "  \"invocations\":[{\"executionSuccessful\":%s",
                   t->unreadable ? "false" : "true");
    if (r->deferred.len) {
        cfv_buf_puts(b, ",\"toolExecutionNotifications\":[");
        cfv_buf_put(b, r->deferred.data, r->deferred.len);
        cfv_buf_puts(b, "\n    ]");
    }
    if (r->deferred.oom)
        b->oom = 1;
    cfv_buf_puts(b, "}]\n}]}\n");
}

const cfv_report_ops cfv_report_sarif_ops = {
    sarif_begin, sarif_file_begin, sarif_diag, sarif_file_end, sarif_unreadable, sarif_end,
};
