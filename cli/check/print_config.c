#include "print_config.h"

#include <inttypes.h>
#include <string.h>

#include "catalog.h"
#include "escape.h"
#include "report.h"

#define COMMENT_COL 40

/* Pads the current line to the comment column, then "# ". */
static void comment(cfv_buf *b, size_t line_start)
{
    size_t n = b->len - line_start;
    do
        cfv_buf_putc(b, ' ');
    while (++n < COMMENT_COL);
    cfv_buf_puts(b, "# ");
}

static void origin(cfv_buf *b, size_t line_start, const cfv_config *c, cfv_cfg_at at,
                   const char *otherwise)
{
    comment(b, line_start);
    if (c && at.line)
        cfv_buf_printf(b, "%s:%u:%u\n", c->path, at.line, at.col);
    else
        cfv_buf_printf(b, "%s\n", otherwise);
}

static void quoted_list(cfv_buf *b, const char *const *v, size_t n)
{
    cfv_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            cfv_buf_puts(b, ", ");
        cfv_esc_json(b, v[i], strlen(v[i]));
    }
    cfv_buf_putc(b, ']');
}

static void size_text(cfv_buf *b, uint64_t v)
{
    static const char *const units[] = {"GiB", "MiB", "KiB"};
    static const unsigned shifts[] = {30, 20, 10};
    for (int i = 0; i < 3; i++)
        if (v >= (1ull << shifts[i]) && v % (1ull << shifts[i]) == 0) {
            cfv_buf_printf(b, "%" PRIu64 "%s", v >> shifts[i], units[i]);
            return;
        }
    cfv_buf_printf(b, "%" PRIu64, v);
}

static const char *severity_word(int s)
{
    static const char *const names[] = {"error", "warning", "note", "off"};
    return s >= 0 && s < 4 ? names[s] : "?";
}

void cfv_print_config(cfv_buf *b, const cfv_settings *st, const cfv_check_args *a,
                      const cfv_defs *defs, const char *for_path)
{
    const cfv_config *c = st->cfg;
    cfv_buf_puts(b, "# cfv check: the effective configuration for ");
    cfv_esc_text(b, for_path, strlen(for_path));
    cfv_buf_puts(b, "\n# configuration file: ");
    if (c)
        cfv_buf_printf(b, "%s%s\n", c->path, a->common.config ? " (--config)" : " (found from the file's directory upward)");
    else
        cfv_buf_puts(b, "none (no .cfv.yaml up to the repository root)\n");

    size_t at = b->len;
    const char *names[32];
    size_t n = 0;
    for (uint32_t s = 0; s < defs->nsensors && n < 32; s++)
        if (st->sensors >> s & 1u)
            names[n++] = defs->sensors[s].name;
    cfv_buf_puts(b, "sensors: ");
    quoted_list(b, names, n);
    if (a->nsensors)
        (comment(b, at), cfv_buf_puts(b, "command line (--sensor)\n"));
    else
        origin(b, at, c && c->nsensors ? c : NULL, c ? c->sensors_at : (cfv_cfg_at){0, 0},
               "default: every sensor in the definitions");

    at = b->len;
    cfv_buf_puts(b, "max-size: ");
    size_text(b, st->max_size);
    if (a->common.lim.have_max_size)
        (comment(b, at), cfv_buf_puts(b, "command line (--max-size)\n"));
    else
        origin(b, at, c && c->max_size ? c : NULL, c ? c->max_size_at : (cfv_cfg_at){0, 0},
               "default");

    at = b->len;
    size_t ninc;
    const char *const *inc = cfv_settings_include(st, &ninc);
    cfv_buf_puts(b, "include: ");
    quoted_list(b, inc, ninc);
    origin(b, at, c && c->ninclude ? c : NULL, c ? c->include_at : (cfv_cfg_at){0, 0}, "default");

    cfv_buf_puts(b, "rules:\n");
    for (size_t i = 0, nr = cfv_rules_count(); i < nr; i++) {
        const cfv_rule_info *r = cfv_rules_at(i);
        if (r->id == 0)
            continue;   /* CFV000, the generator's internal error: not configurable */
        int set = c && r->id < CFV_RULE_IDS && c->severity[r->id] != CFV_CFG_UNSET;
        at = b->len;
        cfv_buf_printf(b, "  %s: %s", r->name, set ? severity_word(c->severity[r->id])
                                                   : cfv_severity_name(r->severity));
        if (set)
            origin(b, at, c, c->severity_at[r->id], "");
        else if (r->rule_class == CFV_CLASS_SAFETY)
            (comment(b, at), cfv_buf_puts(b, "default; safety: cannot be changed\n"));
        else
            (comment(b, at), cfv_buf_printf(b, "default; %s\n", cfv_rule_class_name(r->rule_class)));
    }
    if (!c || !c->nignore) {
        at = b->len;
        cfv_buf_puts(b, "ignore: []");
        comment(b, at);
        cfv_buf_puts(b, "default\n");
        return;
    }
    cfv_buf_puts(b, "ignore:\n");
    for (size_t i = 0; i < c->nignore; i++) {
        const cfv_cfg_ignore *ig = &c->ignore[i];
        at = b->len;
        cfv_buf_puts(b, "  - paths: ");
        quoted_list(b, (const char *const *)ig->paths, ig->npaths);
        origin(b, at, c, ig->at, "");
        cfv_buf_puts(b, "    rules: [");
        for (size_t k = 0; k < ig->nrules; k++)
            cfv_buf_printf(b, "%sCFV%03u", k ? ", " : "", ig->rules[k]);
        cfv_buf_puts(b, "]\n    reason: ");
        cfv_esc_json(b, ig->reason, strlen(ig->reason));
        cfv_buf_putc(b, '\n');
    }
}
