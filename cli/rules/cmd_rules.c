/* cfv rules [CFVnnn] [--format text|json]: the rule catalog (id, class,
 * default severity, summary) or one rule explained. Everything comes from
 * the grammar's catalog (grammar/cff.grammar's rule lines and the long texts
 * of grammar/cff.rules), the same source as SARIF's rule metadata. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "catalog.h"
#include "common_opts.h"
#include "escape.h"
#include "out.h"
#include "report.h"
#include "usage.h"

static const char head[] =
    "Usage: cfv rules [--format text|json] [CFVnnn]\n"
    "List every rule cfv check reports (id, class, default severity, summary), or\n"
    "explain one: what it checks, why, a failing and a fixed example in the source\n"
    "format (docs/source-format.md), and how to fix it.\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "Classes: safety (a sensor could read out of bounds, crash or hang: never\n"
    "configurable), integrity (a malformed file), hygiene (warnings).\n"
    "\n"
    "Exit status: 0, or 2 for an unknown rule or a usage error.\n";

enum { O_FORMAT, O_HELP };
static const cfv_arg_opt opts[] = {
    [O_FORMAT] = CFV_OPT_FORMAT_TEXT_JSON("the list, or the rule, as text (default) or JSON"),
    [O_HELP] = CFV_OPT_HELP,
};

static void usage(cfv_buf *b) { CFV_ARGS_USAGE(b, head, opts, tail); }

/* Prose wrapped at 78 columns, each line indented. */
static void wrap(cfv_buf *b, const char *text, const char *indent)
{
    size_t width = 78 - strlen(indent), col = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if (col && col + 1 + n > width) {
            cfv_buf_putc(b, '\n');
            col = 0;
        }
        cfv_buf_puts(b, col ? " " : indent);
        cfv_buf_put(b, p, n);
        col += n + (col ? 1 : 0);
        p += n;
    }
    cfv_buf_putc(b, '\n');
}

static void lines(cfv_buf *b, const char *text, const char *indent)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        cfv_buf_puts(b, indent);
        cfv_buf_put(b, p, n);
        cfv_buf_putc(b, '\n');
        p += n + (p[n] == '\n');
    }
}

static void list_text(cfv_buf *b)
{
    cfv_buf_printf(b, "%-7s %-10s %-8s %s\n", "RULE", "CLASS", "SEVERITY", "SUMMARY");
    for (size_t i = 0, n = cfv_rules_count(); i < n; i++) {
        const cfv_rule_info *r = cfv_rules_at(i);
        if (r->id == 0)
            continue;
        cfv_buf_printf(b, "%-7s %-10s %-8s %s\n", r->name, cfv_rule_class_name(r->rule_class),
                       cfv_severity_name(r->severity), r->title);
    }
}

static void json_str(cfv_buf *b, const char *key, const char *v)
{
    cfv_buf_printf(b, ",\"%s\":", key);
    cfv_esc_json(b, v ? v : "", v ? strlen(v) : 0);
}

static void json_rule(cfv_buf *b, const cfv_rule_info *r, int full)
{
    cfv_buf_printf(b, "{\"id\":\"%s\",\"class\":\"%s\",\"severity\":\"%s\"", r->name,
                   cfv_rule_class_name(r->rule_class), cfv_severity_name(r->severity));
    json_str(b, "summary", r->title);
    const cfv_rule_doc *d = cfv_rule_doc_find(r->id);
    if (full && d) {
        json_str(b, "checks", d->checks);
        json_str(b, "why", d->why);
        json_str(b, "bad", d->bad);
        json_str(b, "good", d->good);
        json_str(b, "fix", d->fix);
    }
    cfv_buf_putc(b, '}');
}

static void list_json(cfv_buf *b)
{
    cfv_buf_puts(b, "{\"rules\":[");
    int first = 1;
    for (size_t i = 0, n = cfv_rules_count(); i < n; i++) {
        const cfv_rule_info *r = cfv_rules_at(i);
        if (r->id == 0)
            continue;
        cfv_buf_puts(b, first ? "\n  " : ",\n  ");
        first = 0;
        json_rule(b, r, 0);
    }
    cfv_buf_puts(b, "\n]}\n");
}

static void explain_text(cfv_buf *b, const cfv_rule_info *r)
{
    cfv_buf_printf(b, "%s  %s\n", r->name, r->title);
    cfv_buf_printf(b, "class: %s", cfv_rule_class_name(r->rule_class));
    if (r->rule_class == CFV_CLASS_SAFETY)
        cfv_buf_puts(b, " (a sensor could read out of bounds, crash or hang: it cannot be turned "
                        "off, lowered, suppressed or baselined)");
    cfv_buf_printf(b, "\ndefault severity: %s\n", cfv_severity_name(r->severity));
    const cfv_rule_doc *d = cfv_rule_doc_find(r->id);
    if (!d)
        return;
    cfv_buf_puts(b, "\nWhat it checks\n");
    wrap(b, d->checks, "  ");
    cfv_buf_puts(b, "\nWhy\n");
    wrap(b, d->why, "  ");
    cfv_buf_puts(b, "\nFailing example (source format, docs/source-format.md)\n");
    lines(b, d->bad, "    ");
    cfv_buf_puts(b, "\nFixed\n");
    lines(b, d->good, "    ");
    cfv_buf_puts(b, "\nHow to fix\n");
    wrap(b, d->fix, "  ");
}

static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad_usage(const char *fmt, ...)
{
    cfv_err e;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    return cfv_cli_usage_error("rules", &e);
}

int cfv_cmd_rules(int argc, char **argv)
{
    int json = 0, help = 0, k;
    const char *which = NULL, *v;
    cfv_args s;
    cfv_err e;
    cfv_args_init(&s, argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cfv_args_next(&s, &v, &e)) != CFV_ARG_END) {
        if (k == -1)
            return cfv_cli_usage_error("rules", &e);
        if (k == O_HELP) {
            help = 1;
        } else if (k == O_FORMAT) {
            if (strcmp(v, "text") && strcmp(v, "json"))
                return bad_usage("--format: unknown format '%s' (expected text or json)", v);
            json = !strcmp(v, "json");
        } else if (which) {
            return bad_usage("one rule at a time ('%s' is one too many)", v);
        } else {
            which = v;
        }
    }
    const cfv_rule_info *r = NULL;
    unsigned id;
    if (!help && which && (cfv_rules_parse_id(which, &id) != 0 || !(r = cfv_rules_find(id)) || id == 0))
        return bad_usage("unknown rule '%s' (cfv rules lists them)", which);
    if (help)
        return cfv_cli_help(usage);
    cfv_out out;
    if (cfv_out_open(&out, NULL, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    if (r && json)
        (json_rule(&out.buf, r, 1), cfv_buf_putc(&out.buf, '\n'));
    else if (r)
        explain_text(&out.buf, r);
    else if (json)
        list_json(&out.buf);
    else
        list_text(&out.buf);
    if (cfv_out_commit(&out, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    return 0;
}
