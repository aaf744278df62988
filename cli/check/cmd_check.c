/* cfv check: validate files, report in text/JSON/SARIF, exit 0/1/2. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"
#include "check_args.h"
#include "defs_load.h"
#include "gate.h"
#include "baseline.h"
#include "catalog.h"
#include "glob.h"
#include "out.h"
#include "outputs.h"
#include "print_config.h"
#include "read_input.h"
#include "report.h"
#include "settings.h"
#include "usage.h"
#include "walk.h"
#include "verdict.h"

/* Everything one run needs, passed around instead of globals. */
typedef struct check_ctx {
    cfv_check_args args;
    cfv_defs *defs;
    cfv_settings_set settings;      /* per configuration file */
    signed char rules[CFV_RULE_IDS];/* the file being checked: what each rule becomes */
    uint64_t now;
    cfv_regex_cache *regex_cache;   /* one per run: keyed on pattern content */
    cfv_out out;
    cfv_report report;              /* the main one; more chained after it (outputs.h) */
    cfv_report_outputs also;
    cfv_totals totals;
    cfv_counts file;                /* the file being checked: every diagnostic */
    unsigned severity;              /* of the diagnostic want() just passed */
    unsigned char full[CFV_NSEV];   /* the file's report has no room for this severity */
    int deferred;                   /* ... whose counting waits for its fingerprint */
    const char *key;                /* the file's path as the baseline names it */
    int baselining;                 /* --baseline or --write-baseline */
    cfv_baseline baseline;          /* --baseline */
    cfv_baseline record;            /* --write-baseline */
    int record_oom;
    char *baseline_dir;             /* baseline paths are relative to it */
    unsigned char safety[CFV_RULE_IDS];
    cfv_gate *gate;                 /* --against: the release gate */
    cfv_verdict_row *row;           /* the file's per-sensor verdicts (verdict.h) */
} check_ctx;

static void fail(const cfv_err *e) { fprintf(stderr, "cfv: %s\n", e->msg); }


/* Every diagnostic passes here first, built or not: the configuration
 * decides its severity, and the counts (so the verdict) never depend on
 * what the report prints. */
/* One diagnostic counted with the severity it ended with; errors and
 * warnings also go into the file's per-sensor verdicts (JSON "verdicts"). */
static void count(check_ctx *c, unsigned rule, int sensor)
{
    c->file.sev[c->severity]++;
    if (c->severity != CFV_SEV_NOTE)
        cfv_verdict_row_count(c->row, rule, c->severity, sensor);
}

/* What the configuration makes rule (its own severity when unset). */
static int effective(const check_ctx *c, unsigned rule, unsigned severity)
{
    return rule < CFV_RULE_IDS && c->rules[rule] != CFV_CFG_UNSET ? c->rules[rule] : (int)severity;
}

static unsigned as_severity(int eff) { return eff < CFV_NSEV ? (unsigned)eff : CFV_SEV_ERROR; }

/* A diagnostic only counted is muted (CFV_WANT_MUTE): the repeats of its
 * rule, severity and sensor right after it come to muted() as a number. */
static int want(void *user, unsigned rule, unsigned severity, int sensor)
{
    check_ctx *c = user;
    int eff = effective(c, rule, severity);
    if (eff == CFV_CFG_OFF)
        return CFV_WANT_MUTE;
    if (eff == CFV_CFG_SUPPRESSED) {
        c->file.suppressed++;
        return CFV_WANT_MUTE;
    }
    c->severity = as_severity(eff);
    /* A baseline needs the diagnostic built to know it; safety rules never
     * enter one. */
    c->deferred = c->baselining && !(rule < CFV_RULE_IDS && c->safety[rule]);
    if (c->deferred)
        return 1;
    count(c, rule, sensor);
    /* No room for a severity stays so for the rest of the file (the report
     * keeps only what it was offered): asked once. */
    if (!c->full[c->severity])
        c->full[c->severity] = !cfv_report_wants(&c->report, c->severity);
    return c->full[c->severity] ? CFV_WANT_MUTE : 1;
}

/* n more diagnostics as the one want() muted: counted as it was. */
static void muted(void *user, unsigned rule, unsigned severity, int sensor, uint32_t n)
{
    check_ctx *c = user;
    int eff = effective(c, rule, severity);
    if (eff == CFV_CFG_OFF)
        return;
    if (eff == CFV_CFG_SUPPRESSED) {
        c->file.suppressed += n;
        return;
    }
    const unsigned sev = as_severity(eff);
    c->file.sev[sev] += n;
    if (sev != CFV_SEV_NOTE)
        cfv_verdict_row_count_n(c->row, rule, sev, sensor, n);
}

/* A deferred diagnostic: 1 if the baseline takes it (not counted, not shown). */
static int baselined(check_ctx *c, const cfv_diag *d)
{
    const char *sensor = cfv_report_sensor(&c->report, d);
    if (c->args.write_baseline) {
        if (cfv_baseline_record(&c->record, c->key, d, sensor) != 0)
            c->record_oom = 1;          /* said at the end */
        else
            return c->file.baselined++, 1;
    }
    if (c->args.baseline && cfv_baseline_absorb(&c->baseline, c->key, d, sensor))
        return c->file.baselined++, 1;
    count(c, d->rule, d->sensor);
    return !cfv_report_wants(&c->report, c->severity);
}

static void on_diag(void *user, const cfv_diag *d)
{
    check_ctx *c = user;
    if (c->deferred && baselined(c, d))
        return;
    cfv_diag x = *d;
    x.severity = (uint8_t)c->severity;
    cfv_report_diag(&c->report, &x);
    cfv_out_maybe_flush(&c->out);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void unreadable(check_ctx *c, const char *name, const cfv_err *e)
{
    if (c->args.color_operand && strcmp(name, c->args.color_operand) == 0) {
        /* "--color never": a value only follows '=', so "never" was a file. */
        cfv_err hint;
        cfv_err_path(&hint, name, "%s (read as a file: --color takes its value after '=', "
                     "--color=%s)", cfv_err_reason(e), name);
        fail(&hint);
    } else {
        fail(e);
    }
    c->totals.unreadable++;
    cfv_report_file_unreadable(&c->report, name, cfv_err_reason(e));
}

static void check_one(check_ctx *c, const char *path)
{
    const char *name = cfv_input_name(path);
    cfv_err e;
    const cfv_settings *st = cfv_settings_for(&c->settings, path, &e);
    if (!st) {
        unreadable(c, name, &e);
        return;
    }
    cfv_input in;
    if (cfv_read_input(path, st->max_size, &in, &e) != 0) {
        unreadable(c, name, &e);
        return;
    }
    cfv_config_resolve(st->cfg, path, c->rules);
    static const uint8_t nothing[1];
    cfv_options opt;
    memset(&opt, 0, sizeof opt);
    opt.defs = c->defs;
    opt.sensors = st->sensors;
    opt.real_size = in.real_size;
    opt.max_size = st->max_size;
    opt.now_utc = c->now;
    if (strcmp(path, "-") != 0) {
        opt.file_name = base_name(path);
        opt.file_name_len = strlen(opt.file_name);
    }
    /* No cap here: the validator counts everything; the report decides
     * what is worth building (cfv_report_wants). */
    opt.want = want;
    opt.muted = muted;
    cfv_regex_use(&opt, c->regex_cache);
    opt.emit = on_diag;
    opt.emit_user = c;

    memset(&c->file, 0, sizeof c->file);
    memset(c->full, 0, sizeof c->full);
    /* Baseline paths count from the baseline's directory, wherever cfv runs. */
    char *below = c->baselining && strcmp(path, "-") != 0 ? cfv_path_below(c->baseline_dir, path) : NULL;
    c->key = below ? below : strncmp(name, "./", 2) == 0 ? name + 2 : name;
    if (c->args.baseline)
        cfv_baseline_checked(&c->baseline, c->key);
    cfv_report_file_begin(&c->report, name);
    cfv_verdict_row_reset(c->row, st->sensors);
    c->row->werror = c->args.common.werror;
    c->report.verdicts = c->row;
    cfv_regex_cache_begin_file(c->regex_cache, in.len); /* the per-file bound on compiles */
    (void)cfv_validate(in.data ? in.data : nothing, in.len, &opt);
    if (c->gate) {
        cfv_gate_sink sink = {want, on_diag, c, muted};
        if (cfv_gate_check(c->gate, c->defs, in.data ? in.data : nothing, in.len, &sink) != 0) {
            fputs("cfv: --against: out of memory\n", stderr);
            c->file.sev[CFV_SEV_ERROR]++;
        }
    }
    uint64_t hidden = cfv_report_file_end(&c->report, &c->file);
    if (c->gate)
        cfv_gate_summarize(c->gate, &c->report, name);
    c->totals.files++;
    cfv_counts_add(&c->totals.counts, &c->file);
    c->totals.not_shown += hidden;
    c->totals.truncated += hidden ? 1 : 0;
    free(below);
    cfv_input_free(&in);
    cfv_out_maybe_flush(&c->out);
}

/* `--output x.cff x.cff` would replace an input with its own report. */
static int output_is_an_input(const check_ctx *c, cfv_err *e)
{
    return cfv_out_names_an_input(c->args.common.output, c->args.common.files, c->args.common.nfiles, e);
}

static void walk_file(void *user, const char *path) { check_one(user, path); }

static void walk_error(void *user, const char *path, int errnum)
{
    check_ctx *c = user;
    cfv_err e;
    cfv_err_path(&e, path, "%s", cfv_errno_text(errnum));
    unreadable(c, path, &e);
}

/* A directory argument is walked; anything else is checked as a file. */
static void check_arg(check_ctx *c, const char *arg)
{
    struct stat st;
    if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
        check_one(c, arg);
        return;
    }
    cfv_err e;
    const cfv_settings *set = cfv_settings_for(&c->settings, arg, &e);
    if (!set) {
        unreadable(c, arg, &e);
        return;
    }
    if (c->args.baseline) {
        char *below = cfv_dir_below(c->baseline_dir, arg);
        if (below)
            cfv_baseline_checked_below(&c->baseline, below);
        free(below);
    }
    size_t n;
    const char *const *globs = cfv_settings_include(set, &n);
    cfv_walk_ops ops = {walk_file, walk_error, c};
    if (cfv_walk(arg, globs, n, &ops) != 0) {
        cfv_err_path(&e, arg, "out of memory while walking the directory");
        unreadable(c, arg, &e);
    }
}

/* Loads definitions, every argument's configuration, the regex cache and
 * the output; 0 or an exit code. */
static int prepare(check_ctx *c)
{
    cfv_err e;
    c->defs = cfv_defs_load(c->args.common.defs_path, &e);
    if (!c->defs) {
        fail(&e);
        return 2;
    }
    cfv_settings_init(&c->settings, &c->args, c->defs);
    /* A bad configuration stops the run before anything is reported. */
    for (size_t i = 0; i < c->args.common.nfiles; i++)
        if (!cfv_settings_for(&c->settings, c->args.common.files[i], &e)) {
            fail(&e);
            return 2;
        }
    if (c->args.common.nfiles == 0 && !cfv_settings_for(&c->settings, "-", &e)) {
        fail(&e);
        return 2;
    }
    c->now = c->args.common.lim.have_now ? c->args.common.lim.now : (uint64_t)time(NULL);
    for (size_t i = 0, n = cfv_rules_count(); i < n; i++)
        if (cfv_rules_at(i)->id < CFV_RULE_IDS)
            c->safety[cfv_rules_at(i)->id] = cfv_rules_at(i)->rule_class == CFV_CLASS_SAFETY;
    c->baselining = c->args.baseline || c->args.write_baseline;
    if (c->baselining) {
        const char *b = c->args.write_baseline ? c->args.write_baseline : c->args.baseline;
        const char *slash = strrchr(b, '/');
        c->baseline_dir = slash ? strndup(b, (size_t)(slash - b) + (slash == b)) : strdup(".");
        if (!c->baseline_dir)
            return cfv_cli_oom();
    }
    if (c->args.baseline && cfv_baseline_load(&c->baseline, c->args.baseline, &e) != 0) {
        fail(&e);
        return 2;
    }
    c->regex_cache = cfv_regex_cache_new();
    c->row = malloc(sizeof *c->row);
    if (!c->regex_cache || !c->row)
        return cfv_cli_oom();
    if (c->args.against &&
        !(c->gate = cfv_gate_open(c->args.against, c->settings.items[0].max_size, &e))) {
        fail(&e);
        return 2;
    }
    if (output_is_an_input(c, &e) || cfv_out_open(&c->out, c->args.common.output, &e) != 0) {
        fail(&e);
        return 2;
    }
    return 0;
}

/* Text: one line per stale entry before the summary. JSON: the entries
 * go to stderr too (the report's keys are a contract). */
static void stale_entries(check_ctx *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->baseline.n; i++) {
        const cfv_bl_entry *x = &c->baseline.items[i];
        if (!cfv_baseline_is_stale(x))
            continue;
        n++;
        cfv_buf *b = c->args.format == CFV_FORMAT_TEXT ? &c->out.buf : NULL;
        char line[1024];
        snprintf(line, sizeof line,
                 "%s: stale baseline entry: CFV%03u %s%s%s (%" PRIu64 " of %" PRIu64
                 " findings gone): %s\n",
                 x->path, x->rule, x->field ? x->field : "", x->sensor ? "; sensor " : "",
                 x->sensor ? x->sensor : "", x->count - x->matched, x->count,
                 x->message ? x->message : "");
        if (b)
            cfv_buf_puts(b, line);
        else
            fprintf(stderr, "cfv: %s", line);
    }
    if (n)
        fprintf(stderr, "cfv: %s: %zu stale %s; --write-baseline %s rewrites it\n",
                c->args.baseline, n, n == 1 ? "entry" : "entries", c->args.baseline);
}

/* The findings recorded, written atomically. 0, or 2 after saying why. */
static int write_baseline(check_ctx *c)
{
    cfv_err e;
    if (c->record_oom) {
        fputs("cfv: --write-baseline: out of memory\n", stderr);
        return -1;
    }
    cfv_out o;
    memset(&o, 0, sizeof o);
    o.fd = -1;
    if (cfv_out_open(&o, c->args.write_baseline, &e) != 0) {
        fail(&e);
        return -1;
    }
    cfv_baseline_json(&c->record, &o.buf);
    if (cfv_out_commit(&o, &e) != 0) {
        fail(&e);
        return -1;
    }
    uint64_t findings = 0;
    for (size_t i = 0; i < c->record.n; i++)
        findings += c->record.items[i].count;
    fprintf(stderr, "cfv: %s: %" PRIu64 " %s recorded (safety rules are never baselined)\n",
            c->args.write_baseline, findings, findings == 1 ? "finding" : "findings");
    return 0;
}

static int print_config(check_ctx *c)
{
    const char *path = c->args.common.nfiles ? c->args.common.files[0] : "-";
    cfv_err e;
    const cfv_settings *st = cfv_settings_for(&c->settings, path, &e);
    if (!st)
        return (fail(&e), 2);
    cfv_print_config(&c->out.buf, st, &c->args, c->defs, strcmp(path, "-") ? path : ".");
    if (cfv_out_commit(&c->out, &e) != 0)
        return (fail(&e), 2);
    return 0;
}

static int run(check_ctx *c)
{
    int rc = prepare(c);
    if (rc != 0)
        return rc;
    if (c->args.print_config)
        return print_config(c);
    cfv_report_init(&c->report, c->args.format, &c->out.buf, c->defs, c->args.common.lim.max_diagnostics);
    c->report.quiet = c->args.quiet;
    c->report.run.werror = c->args.common.werror;
    c->report.color = c->args.format == CFV_FORMAT_TEXT && cfv_color_wanted(c->args.color, c->args.common.output);
    cfv_err e;
    if (cfv_report_outputs_open(&c->also, c->args.also, c->args.common.files, c->args.common.nfiles, &c->report, &e) != 0) {
        fail(&e);
        cfv_report_outputs_free(&c->also);
        cfv_report_free(&c->report);
        cfv_out_abort(&c->out);
        return 2;
    }
    cfv_report_begin(&c->report);
    for (size_t i = 0; i < c->args.common.nfiles; i++)
        check_arg(c, c->args.common.files[i]);
    if (c->args.baseline)
        stale_entries(c);
    cfv_report_end(&c->report, &c->totals);
    if (c->gate)
        cfv_gate_finish(c->gate, &c->report);
    int written = cfv_report_outputs_commit(&c->also, &e);
    if (written != 0)
        fail(&e);
    cfv_report_outputs_free(&c->also);
    cfv_report_free(&c->report);
    if (cfv_out_commit(&c->out, &e) != 0 || written != 0) {
        if (written == 0)
            fail(&e);
        return 2;
    }
    if (c->args.write_baseline && write_baseline(c) != 0)
        return 2;
    if (c->totals.unreadable)
        return 2;
    /* Notes never fail a check; warnings only with --werror. */
    const cfv_counts *t = &c->totals.counts;
    if (t->sev[CFV_SEV_ERROR] || (c->args.common.werror && t->sev[CFV_SEV_WARNING]))
        return 1;
    return 0;
}

static void fini(check_ctx *c)
{
    if (c->regex_cache)
        cfv_regex_cache_free(c->regex_cache);
    cfv_gate_free(c->gate);
    cfv_settings_free(&c->settings);
    cfv_baseline_free(&c->baseline);
    cfv_baseline_free(&c->record);
    free(c->baseline_dir);
    free(c->row);
    free(c->defs);
    cfv_check_args_free(&c->args);
}

CFV_CLI_COMMAND(check, check_ctx, args, cfv_check_args_parse, cfv_check_usage, run, fini)
