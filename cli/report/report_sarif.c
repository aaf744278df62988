/* SARIF 2.1.0 for code scanning: one run, the whole rule catalog under
 * tool.driver.rules, one result per diagnostic placed by byte offset (and
 * startLine 1, which code-scanning UIs need to show anything). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_info.h"
#include "escape.h"
#include "report.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"

/* SARIF wants messages that are sentences. */
static void sentence(cfv_buf *b, const char *s, size_t n)
{
    cfv_buf c = {0};
    cfv_buf_put(&c, s, n);
    if (n == 0 || (s[n - 1] != '.' && s[n - 1] != '!' && s[n - 1] != '?'))
        cfv_buf_putc(&c, '.');
    if (c.oom)
        b->oom = 1;
    cfv_esc_json(b, c.data ? c.data : "", c.len);
    cfv_buf_free(&c);
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A friendly rule name is a PascalCase identifier made of the title's words
 * ("CRC-32C mismatch" -> "Crc32cMismatch"), stopping at its first ':' or '('
 * and leaving out one-letter words, which are variables ("sensor S"). */
static void friendly_name(cfv_buf *b, const char *title)
{
    const char *p = title;
    while (*p == ' ' || *p == '(') { /* a leading "(warning)" */
        if (*p == '(')
            while (*p && *p != ')')
                p++;
        if (*p)
            p++;
    }
    cfv_buf_putc(b, '"');
    size_t before = b->len;
    while (*p && !((*p == ':' || *p == '(') && b->len > before)) {
        if (!is_alnum(*p)) {
            p++;
            continue;
        }
        const char *w = p;
        size_t n = 0;
        char word[64];
        for (; is_alnum(*p) || *p == '\''; p++)
            if (*p != '\'' && n < sizeof word)
                word[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        if (n == 1 && !(w[0] >= '0' && w[0] <= '9'))
            continue;
        if (word[0] >= 'a' && word[0] <= 'z')
            word[0] = (char)(word[0] - 'a' + 'A');
        cfv_buf_put(b, word, n);
    }
    cfv_buf_putc(b, '"');
}

static const char *level(unsigned severity)
{
    return severity == CFV_SEV_WARNING ? "warning" : severity == CFV_SEV_NOTE ? "note" : "error";
}

/* fullDescription and help from the catalog's long texts (grammar/cff.rules):
 * the same words `cfv rules CFVnnn` prints. */
static void help(cfv_buf *b, const cfv_rule_info *ri, const char *id)
{
    const cfv_rule_doc *d = cfv_rule_doc_find(ri->id);
    if (!d) {
        const char *title = ri->title ? ri->title : "";
        cfv_buf_puts(b, ",\"fullDescription\":{\"text\":");
        sentence(b, title, strlen(title));
        cfv_buf_printf(b, "},\"help\":{\"text\":\"%s is defined in FORMAT.md, section 8 (Rules).\","
                       "\"markdown\":\"**%s** is defined in FORMAT.md, section 8 (Rules).\"}", id, id);
        return;
    }
    cfv_buf full = {0}, text = {0}, md = {0};
    cfv_buf_printf(&full, "%s %s", d->checks, d->why);
    cfv_buf_printf(&text, "%s\n\nWhy: %s\n\nFailing example:\n%s\n\nFixed:\n%s\n\nHow to fix: %s\n\n"
                   "(cfv rules %s)", d->checks, d->why, d->bad, d->good, d->fix, id);
    cfv_buf_printf(&md, "%s\n\n**Why.** %s\n\n**Failing example** (source format):\n\n```\n%s\n```\n\n"
                   "**Fixed:**\n\n```\n%s\n```\n\n**How to fix.** %s", d->checks, d->why, d->bad,
                   d->good, d->fix);
    cfv_buf_puts(b, ",\"fullDescription\":{\"text\":");
    cfv_esc_json(b, full.data ? full.data : "", full.len);
    cfv_buf_puts(b, "},\"help\":{\"text\":");
    cfv_esc_json(b, text.data ? text.data : "", text.len);
    cfv_buf_puts(b, ",\"markdown\":");
    cfv_esc_json(b, md.data ? md.data : "", md.len);
    cfv_buf_putc(b, '}');
    if (full.oom || text.oom || md.oom)
        b->oom = 1;
    cfv_buf_free(&full), cfv_buf_free(&text), cfv_buf_free(&md);
}

static void write_rules(cfv_report *r)
{
    cfv_buf *b = r->out;
    for (size_t i = 0; i < r->ncatalog; i++) {
        const cfv_rule_info *ri = &r->catalog[i];
        const char *title = ri->title ? ri->title : "";
        char id[8];
        cfv_report_rule_name(ri->id, id);
        cfv_buf_printf(b, "%s\n        {\"id\":\"%s\",\"name\":", i ? "," : "", id);
        friendly_name(b, title);
        cfv_buf_puts(b, ",\"shortDescription\":{\"text\":");
        sentence(b, title, strlen(title));
        cfv_buf_printf(b, "},\"defaultConfiguration\":{\"level\":\"%s\"}", level(ri->severity));
#ifdef CFV_RULES_HELP_URI
        /* docs/rules.md, one section per rule: #cfv061. */
        char anchor[16];
        snprintf(anchor, sizeof anchor, "#cfv%03u", (unsigned)ri->id);
        cfv_buf_puts(b, ",\"helpUri\":");
        cfv_buf c = {0};
        cfv_buf_puts(&c, CFV_RULES_HELP_URI);
        cfv_buf_puts(&c, anchor);
        cfv_esc_json(b, c.data ? c.data : "", c.len);
        if (c.oom)
            b->oom = 1;
        cfv_buf_free(&c);
#endif
        help(b, ri, id);
        cfv_buf_printf(b, ",\"properties\":{\"class\":\"%s\",\"tags\":[\"%s\"]}}",
                       cfv_rule_class_name(ri->rule_class), cfv_rule_class_name(ri->rule_class));
    }
}

static void sarif_begin(cfv_report *r)
{
    cfv_buf *b = r->out;
    /* version: this build (the git revision too); semanticVersion: the release. */
    cfv_buf_puts(b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{\n"
                    "  \"tool\":{\"driver\":{\"name\":\"cfv\",\"version\":");
    cfv_buf v = {0};
    cfv_buf_printf(&v, "%s+%s", cfv_build_version, cfv_build_revision);
    cfv_esc_json(b, v.data ? v.data : CFV_VERSION, v.data ? v.len : strlen(CFV_VERSION));
    cfv_buf_free(&v);
    cfv_buf_puts(b, ",\"semanticVersion\":\"" CFV_VERSION "\",");
#ifdef CFV_INFORMATION_URI
    cfv_buf_puts(b, "\"informationUri\":");
    cfv_esc_json(b, CFV_INFORMATION_URI, strlen(CFV_INFORMATION_URI));
    cfv_buf_putc(b, ',');
#endif
    cfv_buf_puts(b, "\"rules\":[");
    write_rules(r);
    cfv_buf_puts(b, "]}},\n");
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

/* "locations":[...] for path. Standard input has no address, but GitHub
 * takes no result without a location: it gets "<stdin>", described. */
static void location(cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d)
{
    if (strcmp(path, "<stdin>") == 0) {
        cfv_buf_puts(b, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
                        "\"%3Cstdin%3E\",\"description\":{\"text\":\"Standard input.\"}}");
        if (d)
            cfv_buf_printf(b, ",\"region\":{\"startLine\":1,\"byteOffset\":%" PRIu64 "}", d->offset);
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
    if (d)
        cfv_buf_printf(b, ",\"region\":{\"startLine\":1,\"byteOffset\":%" PRIu64 "}", d->offset);
    cfv_buf_puts(b, "}}]");
}

static long rule_index(const cfv_report *r, unsigned rule)
{
    for (size_t i = 0; i < r->ncatalog; i++)
        if (r->catalog[i].id == rule)
            return (long)i;
    return -1;
}

static void write_result(cfv_report *r, const cfv_diag *d)
{
    cfv_buf *b = r->out;
    char rule[8];
    cfv_report_rule_name(d->rule, rule);
    cfv_buf_printf(b, "%s\n    {\"ruleId\":\"%s\",", r->items++ ? "," : "", rule);
    long idx = rule_index(r, d->rule);
    if (idx >= 0)
        cfv_buf_printf(b, "\"ruleIndex\":%ld,", idx);
    cfv_buf_printf(b, "\"level\":\"%s\",\"message\":{\"text\":", level(d->severity));
    sentence(b, d->message, strlen(d->message));
    cfv_buf_putc(b, '}');
    location(r, b, r->path, d);
    /* The same finding keeps its fingerprint when the file changes elsewhere;
     * the n-th finding sharing one is ":n" (GitHub matches alerts on it). */
    uint64_t fp = cfv_finding_fingerprint(d, cfv_report_sensor(r, d));
    uint32_t n = cfv_fp_seen_next(&r->fingerprints, fp);
    cfv_buf_printf(b, ",\"partialFingerprints\":{\"cfvFinding/v1\":\"%016" PRIx64, fp);
    if (n)
        cfv_buf_printf(b, ":%" PRIu32, n);
    cfv_buf_puts(b, "\"}");
    cfv_buf_puts(b, ",\"properties\":{");
    cfv_report_field_sensor_json(r, b, d);
    cfv_buf_puts(b, "}}");
}

static void notification(cfv_report *r, const char *lvl, const char *path, const char *text)
{
    cfv_buf *b = &r->deferred;
    cfv_buf_printf(b, "%s\n      {\"level\":\"%s\",\"message\":{\"text\":", b->len ? "," : "", lvl);
    sentence(b, text, strlen(text));
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
