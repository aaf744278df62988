/* cfv plan: how far may this release go? (FLEET.md)
 *
 * Each FILE is read once and validated once for every sensor profile the
 * fleet uses (cfv_verdict_validate), and, with --against, compared once
 * with each distinct previous release; only the verdict cells are kept.
 * Then the rings are walked in order (cfv_plan_compute) and the plan is
 * rendered. Exit 0 clear (through --through), 1 blocked, 2 usage, fleet
 * file or I/O error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"
#include "defs_load.h"
#include "fleet.h"
#include "gate.h"
#include "out.h"
#include "plan.h"
#include "plan_args.h"
#include "plan_config.h"
#include "plan_render.h"
#include "read_input.h"
#include "report.h"
#include "usage.h"
#include "verdict.h"

typedef struct plan_ctx {
    cfv_plan_args a;
    cfv_defs *defs;
    cfv_fleet fleet;
    cfv_plan plan;
    long through;
    cfv_regex_cache *regex_cache;
    cfv_out out;
    int out_open;
    cfv_report sarif;
    int sarif_on;
    cfv_totals totals;
    cfv_counts file;            /* the file being planned: every diagnostic counted */
    cfv_plan_config configs;    /* --config, or each file's .cfv.yaml */
    signed char rules[CFV_RULE_IDS];    /* the file being planned: what each rule becomes */
    cfv_verdict_sink sink;      /* severities from the configuration; SARIF, if asked for */
    const char **names;         /* display names of the files */
    const char **prev_paths;    /* distinct --against files */
    cfv_gate **gates;
    size_t nprev;
    long *ring_prev;            /* per ring: index into gates, or -1 */
    cfv_verdict_row *row, *gate_row;
} plan_ctx;

static void fail(const cfv_err *e) { fprintf(stderr, "cfv: %s\n", e->msg); }

static int usage_error(const cfv_err *e) { return cfv_cli_usage_error("plan", e); }

/* What the file's configuration makes of a diagnostic, as in cfv check. */
static int configured(void *user, unsigned rule, unsigned severity)
{
    plan_ctx *c = user;
    int eff = rule < CFV_RULE_IDS && c->rules[rule] != CFV_CFG_UNSET ? c->rules[rule] : (int)severity;
    if (eff == CFV_CFG_SUPPRESSED)
        c->file.suppressed++;
    return eff == CFV_CFG_OFF || eff == CFV_CFG_SUPPRESSED ? -1 : eff;
}

static int sarif_wants(void *user, unsigned severity)
{
    plan_ctx *c = user;
    return cfv_report_wants(&c->sarif, severity);
}

static void sarif_diag(void *user, const cfv_diag *d)
{
    plan_ctx *c = user;
    c->sarif.ops->diag(&c->sarif, d);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* --against [RING=]PREVIOUS: which previous release each ring runs now. */
static int map_against(plan_ctx *c, cfv_err *e)
{
    size_t nrings = c->fleet.nrings;
    c->ring_prev = malloc((nrings ? nrings : 1) * sizeof *c->ring_prev);
    c->prev_paths = calloc(c->a.nagainst + 1, sizeof *c->prev_paths);
    c->gates = calloc(c->a.nagainst + 1, sizeof *c->gates);
    if (!c->ring_prev || !c->prev_paths || !c->gates) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    for (size_t r = 0; r < nrings; r++)
        c->ring_prev[r] = -1;
    long all = -1;
    for (int pass = 0; pass < 2; pass++) {  /* RING= ones first, then the default */
        for (size_t i = 0; i < c->a.nagainst; i++) {
            const char *v = c->a.against[i], *eq = strchr(v, '=');
            long ring = -1;
            if (eq) {
                char name[CFV_FLEET_NAME_MAX + 1];
                size_t n = (size_t)(eq - v);
                if (n <= CFV_FLEET_NAME_MAX) {
                    memcpy(name, v, n);
                    name[n] = '\0';
                    ring = cfv_fleet_ring(&c->fleet, name);
                }
            }
            if ((ring >= 0) != (pass == 0))
                continue;
            const char *path = ring >= 0 ? eq + 1 : v;
            if (path[0] == '\0') {
                cfv_err_set(e, "--against: empty file name for ring '%s'", c->fleet.rings[ring]);
                return -1;
            }
            size_t k = 0;
            while (k < c->nprev && strcmp(c->prev_paths[k], path) != 0)
                k++;
            if (k == c->nprev) {
                if (!(c->gates[k] = cfv_gate_open(path, c->a.common.lim.max_size, e)))
                    return -1;
                c->prev_paths[c->nprev++] = path;
            }
            if (ring >= 0) {
                if (c->ring_prev[ring] >= 0) {
                    cfv_err_set(e, "--against: ring '%s' given twice", c->fleet.rings[ring]);
                    return -1;
                }
                c->ring_prev[ring] = (long)k;
            } else {
                if (all >= 0) {
                    cfv_err_set(e, "--against: two previous releases for every ring ('%s' "
                                   "and '%s'); use RING=PREVIOUS for one ring",
                                c->prev_paths[all], path);
                    return -1;
                }
                all = (long)k;
                for (size_t r = 0; r < nrings; r++)
                    if (c->ring_prev[r] < 0)
                        c->ring_prev[r] = all;
            }
        }
    }
    return 0;
}

/* Every path cfv plan reads: refused as --output, and stdin read once at most. */
static int check_inputs(plan_ctx *c, cfv_err *e)
{
    size_t n = 0, stdin_uses = 0;
    const char **all = calloc(c->a.common.nfiles + c->nprev + 2, sizeof *all);
    if (!all) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    all[n++] = c->a.fleet;
    all[n++] = c->a.common.defs_path;
    for (size_t k = 0; k < c->nprev; k++)
        all[n++] = c->prev_paths[k];
    for (size_t f = 0; f < c->a.common.nfiles; f++)
        all[n++] = c->a.common.files[f];
    for (size_t i = 0; i < n; i++)
        stdin_uses += all[i] && strcmp(all[i], "-") == 0;
    int rc = 0;
    if (stdin_uses > 1) {
        cfv_err_set(e, "standard input ('-') can be read only once");
        rc = -1;
    } else if (cfv_out_names_an_input(c->a.common.output, all, n, e)) {
        rc = -1;
    }
    free(all);
    return rc;
}

static int prepare(plan_ctx *c)
{
    cfv_err e;
    if (!(c->defs = cfv_defs_load(c->a.common.defs_path, &e)) ||
        cfv_fleet_load(&c->fleet, c->a.fleet, &e) != 0) {
        fail(&e);
        return 2;
    }
    c->through = -1;
    if (c->a.through && (c->through = cfv_fleet_ring(&c->fleet, c->a.through)) < 0) {
        cfv_err_set(&e, "--through: no ring '%s' in %s", c->a.through,
                    cfv_input_name(c->a.fleet));
        return usage_error(&e);
    }
    if (map_against(c, &e) != 0) {
        fail(&e);
        return 2;
    }
    if (check_inputs(c, &e) != 0)
        return usage_error(&e);
    /* A bad configuration stops the run before anything is reported. */
    c->configs.forced = c->a.common.config;
    for (size_t f = 0; f < c->a.common.nfiles; f++) {
        const cfv_config *cfg;
        if (cfv_plan_config_for(&c->configs, c->a.common.files[f], &cfg, &e) != 0) {
            fail(&e);
            return 2;
        }
    }
    c->names = calloc(c->a.common.nfiles, sizeof *c->names);
    c->row = malloc(sizeof *c->row);
    c->gate_row = malloc(sizeof *c->gate_row);
    c->regex_cache = cfv_regex_cache_new();
    if (!c->names || !c->row || !c->gate_row || !c->regex_cache ||
        cfv_plan_init(&c->plan, &c->fleet, c->defs, c->a.common.werror, c->names, c->a.common.nfiles,
                      c->prev_paths, c->nprev, c->nprev ? c->ring_prev : NULL) != 0)
        return cfv_cli_oom();
    for (size_t f = 0; f < c->a.common.nfiles; f++)
        c->names[f] = cfv_input_name(c->a.common.files[f]);
    if (cfv_out_open(&c->out, c->a.common.output, &e) != 0) {
        fail(&e);
        return 2;
    }
    c->out_open = 1;
    return 0;
}

/* File f against each previous release: the gate's diagnostics counted and
 * configured like the validator's, into the gate's verdict row. */
static void gate_file(plan_ctx *c, size_t f, const uint8_t *data, size_t len)
{
    for (size_t k = 0; k < c->nprev; k++) {
        cfv_verdict_tap t;
        memset(&t, 0, sizeof t);
        t.row = c->gate_row;
        t.k = &c->sink;
        cfv_verdict_row_reset(c->gate_row, 1);
        c->gate_row->werror = c->a.common.werror;
        cfv_gate_sink sink = {cfv_verdict_tap_want, cfv_verdict_tap_emit, &t, NULL};
        if (cfv_gate_check(c->gates[k], c->defs, data, len, &sink) != 0) {
            fputs("cfv: --against: out of memory\n", stderr);
            cfv_verdict_row_unreadable(c->gate_row, "out of memory");
            t.sev[CFV_SEV_ERROR]++;
        }
        cfv_gate_counts n = cfv_gate_last_counts(c->gates[k]);
        cfv_plan_changes ch = {n.added, n.removed, n.changed, n.unchanged, 0};
        const cfv_verdict_cell *cell = &c->gate_row->cell[0];
        for (unsigned i = 0; i < cell->nwarning_rules; i++)
            if (cell->warning_rules[i] == 82)
                ch.first_reads = cell->warnings;    /* CFV082 is the gate's only warning */
        cfv_plan_record_gate(&c->plan, f, k, c->gate_row, &ch);
        for (int v = 0; v < CFV_NSEV; v++)
            c->file.sev[v] += t.sev[v];
    }
}

/* Not read: unsafe for every sensor and against every previous release. */
static void not_read(plan_ctx *c, size_t f, const cfv_err *e)
{
    fail(e);
    c->totals.unreadable++;
    if (c->sarif_on)
        c->sarif.ops->file_unreadable(&c->sarif, c->names[f], cfv_err_reason(e));
    cfv_verdict_row_reset(c->row, c->plan.mask);
    cfv_verdict_row_unreadable(c->row, cfv_err_reason(e));
    cfv_plan_record(&c->plan, f, c->row);
    for (size_t k = 0; k < c->nprev; k++) {
        cfv_verdict_row_reset(c->gate_row, 1);
        cfv_verdict_row_unreadable(c->gate_row, cfv_err_reason(e));
        cfv_plan_changes none = {0, 0, 0, 0, 0};
        cfv_plan_record_gate(&c->plan, f, k, c->gate_row, &none);
    }
}

static void plan_file(plan_ctx *c, size_t f)
{
    const char *path = c->a.common.files[f];
    cfv_err e;
    const cfv_config *cfg = NULL;
    if (cfv_plan_config_for(&c->configs, path, &cfg, &e) != 0) {
        not_read(c, f, &e);     /* prepare() loaded them all: out of memory only */
        return;
    }
    const cfv_limit_opts *lim = &c->a.common.lim;
    uint64_t max_size = lim->have_max_size || !cfg || !cfg->max_size ? lim->max_size : cfg->max_size;
    cfv_input in;
    if (cfv_read_input(path, max_size, &in, &e) != 0) {
        not_read(c, f, &e);
        return;
    }
    cfv_config_resolve(cfg, path, c->rules);
    static const uint8_t nothing[1];
    const uint8_t *data = in.data ? in.data : nothing;
    cfv_options opt;
    memset(&opt, 0, sizeof opt);
    opt.defs = c->defs;
    opt.sensors = c->plan.mask;
    opt.real_size = in.real_size;
    opt.max_size = max_size;
    opt.now_utc = c->a.common.lim.have_now ? c->a.common.lim.now : (uint64_t)time(NULL);
    if (strcmp(path, "-") != 0) {
        opt.file_name = base_name(path);
        opt.file_name_len = strlen(opt.file_name);
    }
    cfv_regex_use(&opt, c->regex_cache);
    memset(&c->file, 0, sizeof c->file);
    if (c->sarif_on)
        c->sarif.ops->file_begin(&c->sarif, c->names[f]);
    cfv_verdict_tap t;
    cfv_regex_cache_begin_file(c->regex_cache, in.len); /* the per-file bound on compiles */
    cfv_verdict_validate(c->row, &t, data, in.len, &opt, c->a.common.werror, &c->sink);
    cfv_plan_record(&c->plan, f, c->row);
    for (int v = 0; v < CFV_NSEV; v++)
        c->file.sev[v] += t.sev[v];
    gate_file(c, f, data, in.len);
    uint64_t hidden = c->sarif_on ? c->sarif.ops->file_end(&c->sarif, &c->file) : 0;
    c->totals.files++;
    cfv_counts_add(&c->totals.counts, &c->file);
    c->totals.not_shown += hidden;
    c->totals.truncated += hidden ? 1 : 0;
    cfv_input_free(&in);
    cfv_out_maybe_flush(&c->out);
}

static int run(plan_ctx *c)
{
    int rc = prepare(c);
    if (rc != 0)
        return rc;
    c->sarif_on = c->a.format == CFV_PLAN_SARIF;
    c->sink.severity = configured;
    c->sink.user = c;
    if (c->sarif_on) {
        c->sink.wants = sarif_wants;
        c->sink.emit = sarif_diag;
        cfv_report_init(&c->sarif, CFV_FORMAT_SARIF, &c->out.buf, c->defs,
                        c->a.common.lim.max_diagnostics);
        c->sarif.ops->begin(&c->sarif);
    }
    for (size_t f = 0; f < c->a.common.nfiles; f++)
        plan_file(c, f);
    cfv_plan_compute(&c->plan);
    cfv_plan_view v = {&c->plan, c->through, c->totals.unreadable};
    switch (c->a.format) {
    case CFV_PLAN_SARIF:
        c->sarif.ops->end(&c->sarif, &c->totals);
        cfv_report_free(&c->sarif);
        break;
    case CFV_PLAN_JSON: cfv_plan_render_json(&c->out.buf, &v); break;
    case CFV_PLAN_MARKDOWN: cfv_plan_render_markdown(&c->out.buf, &v); break;
    default: cfv_plan_render_text(&c->out.buf, &v); break;
    }
    cfv_err e;
    c->out_open = 0;
    if (cfv_out_commit(&c->out, &e) != 0) {
        fail(&e);
        return 2;
    }
    if (c->totals.unreadable)
        return 2;
    return cfv_plan_exit_status(&c->plan, c->through);
}

static void fini(plan_ctx *c)
{
    if (c->out_open)
        cfv_out_abort(&c->out);
    cfv_plan_free(&c->plan);
    for (size_t k = 0; k < c->nprev; k++)
        cfv_gate_free(c->gates[k]);
    free(c->gates);
    free(c->prev_paths);
    free(c->ring_prev);
    free(c->names);
    free(c->row);
    free(c->gate_row);
    if (c->regex_cache)
        cfv_regex_cache_free(c->regex_cache);
    cfv_fleet_free(&c->fleet);
    cfv_plan_config_free(&c->configs);
    free(c->defs);
    cfv_plan_args_free(&c->a);
}

CFV_CLI_COMMAND(plan, plan_ctx, a, cfv_plan_args_parse, cfv_plan_usage, run, fini)
