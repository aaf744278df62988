/* tool.driver of cfv's SARIF: name, versions, informationUri, and the whole
 * rule catalog, each rule with its descriptions, markdown help, helpUri,
 * class and its message templates as messageStrings (the catalog's, the
 * ones validator/render fills for the text: results name one by id and
 * carry its arguments). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_info.h"
#include "escape.h"
#include "exe_path.h"
#include "sarif.h"

static int needs_period(const char *like)
{
    size_t n = strlen(like);
    return n == 0 || (like[n - 1] != '.' && like[n - 1] != '!' && like[n - 1] != '?');
}

void cfv_sarif_sentence(cfv_buf *b, const char *s, size_t n, const char *like)
{
    cfv_buf c = {0};
    cfv_buf_put(&c, s, n);
    if (needs_period(like ? like : ""))
        cfv_buf_putc(&c, '.');
    if (c.oom)
        b->oom = 1;
    cfv_esc_json(b, c.data ? c.data : "", c.len);
    cfv_buf_free(&c);
}

const char *cfv_sarif_level(unsigned severity)
{
    return severity == CFV_SEV_WARNING ? "warning" : severity == CFV_SEV_NOTE ? "note" : "error";
}

/* A rule's templates are keyed by their order among the rule's: m0, m1... */
static void message_key(const cfv_catalog *cat, size_t index, char key[16])
{
    unsigned k = 0;
    for (size_t i = 0; i < index; i++)
        k += cat->messages[i].rule == cat->messages[index].rule;
    snprintf(key, 16, "m%u", k);
}

const char *cfv_sarif_template(const cfv_diag *d, char key[16])
{
    const cfv_catalog *cat = cfv_catalog_get();
    if (!d->args || d->message_id >= cat->nmessages || cat->messages[d->message_id].rule != d->rule)
        return NULL;
    message_key(cat, d->message_id, key);
    return cat->messages[d->message_id].text;
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

/* fullDescription and help from the catalog's long texts (grammar/cff.rules):
 * the same words `cfv rules CFVnnn` prints. */
static void help(cfv_buf *b, const cfv_rule_info *ri, const char *id)
{
    const cfv_rule_doc *d = cfv_rule_doc_find(ri->id);
    if (!d) {
        const char *title = ri->title ? ri->title : "";
        cfv_buf_puts(b, ",\"fullDescription\":{\"text\":");
        cfv_sarif_sentence(b, title, strlen(title), title);
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

/* "messageStrings":{"m0":{"text":"..."}} with every template of the rule. */
static void message_strings(cfv_buf *b, unsigned rule)
{
    const cfv_catalog *cat = cfv_catalog_get();
    int any = 0;
    for (size_t i = 0; i < cat->nmessages; i++) {
        if (cat->messages[i].rule != rule)
            continue;
        char key[16];
        message_key(cat, i, key);
        const char *t = cat->messages[i].text;
        cfv_buf_printf(b, "%s\"%s\":{\"text\":", any++ ? "," : ",\"messageStrings\":{", key);
        cfv_sarif_sentence(b, t, strlen(t), t);
        cfv_buf_putc(b, '}');
    }
    if (any)
        cfv_buf_putc(b, '}');
}

/* The documentation this cfv ships with, as a file:// URI of its directory:
 * installed beside it (CFV_DOCS_FROM_BIN, relative to the executable's
 * directory, so a moved tree names its own), else the source tree a cfv in
 * its build tree was built from. NULL out of memory. */
static char *docs_uri(void)
{
    char path[PATH_MAX];
    char *dir = NULL;
    if (cfv_exe_relative(path, sizeof path, CFV_DOCS_FROM_BIN "/README.md") == 0)
        dir = realpath(path, NULL);
    if (dir)
        *strrchr(dir, '/') = '\0';
    cfv_buf u = {0};
    cfv_buf_puts(&u, "file://");
    const char *d = dir ? dir : CFV_DOCS_IN_SOURCE;
    cfv_esc_uri_path(&u, d, strlen(d));
    free(dir);
    return cfv_buf_take(&u);
}

/* A link as a JSON string: the configured URI, or file under the docs. */
static void link(cfv_buf *b, const char *configured, const char *docs, const char *file,
                 const char *anchor)
{
    cfv_buf c = {0};
    if (configured)
        cfv_buf_puts(&c, configured);
    else
        cfv_buf_printf(&c, "%s/%s", docs, file);
    cfv_buf_puts(&c, anchor);
    if (c.oom)
        b->oom = 1;
    cfv_esc_json(b, c.data ? c.data : "", c.len);
    cfv_buf_free(&c);
}

#ifdef CFV_INFORMATION_URI
#define INFORMATION_URI CFV_INFORMATION_URI
#else
#define INFORMATION_URI NULL
#endif
#ifdef CFV_RULES_HELP_URI
#define RULES_HELP_URI CFV_RULES_HELP_URI
#else
#define RULES_HELP_URI NULL
#endif

static void write_rules(cfv_report *r, const char *docs)
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
        cfv_sarif_sentence(b, title, strlen(title), title);
        cfv_buf_printf(b, "},\"defaultConfiguration\":{\"level\":\"%s\"}", cfv_sarif_level(ri->severity));
        /* docs/rules.md, one section per rule: #cfv061. */
        char anchor[16];
        snprintf(anchor, sizeof anchor, "#cfv%03u", (unsigned)ri->id % 1000u);
        if (RULES_HELP_URI || docs) {
            cfv_buf_puts(b, ",\"helpUri\":");
            link(b, RULES_HELP_URI, docs, "docs/rules.md", anchor);
        }
        help(b, ri, id);
        message_strings(b, ri->id);
        cfv_buf_printf(b, ",\"properties\":{\"class\":\"%s\",\"tags\":[\"%s\"]}}",
                       cfv_rule_class_name(ri->rule_class), cfv_rule_class_name(ri->rule_class));
    }
}

void cfv_sarif_driver(cfv_report *r)
{
    cfv_buf *b = r->out;
    char *docs = INFORMATION_URI && RULES_HELP_URI ? NULL : docs_uri();
    /* version: this build (the git revision too); semanticVersion: the release. */
    cfv_buf_puts(b, "  \"tool\":{\"driver\":{\"name\":\"cfv\",\"version\":");
    cfv_buf v = {0};
    cfv_buf_printf(&v, "%s+%s", cfv_build_version, cfv_build_revision);
    cfv_esc_json(b, v.data ? v.data : CFV_VERSION, v.data ? v.len : strlen(CFV_VERSION));
    cfv_buf_free(&v);
    cfv_buf_puts(b, ",\"semanticVersion\":\"" CFV_VERSION "\"");
    if (INFORMATION_URI || docs) {
        cfv_buf_puts(b, ",\"informationUri\":");
        link(b, INFORMATION_URI, docs, "README.md", "");
    }
    cfv_buf_puts(b, ",\"rules\":[");
    write_rules(r, docs);
    cfv_buf_puts(b, "]}},\n");
    free(docs);
}
