/* Property: cfv check's verdict is an invariant of the display options.
 * Files come from the writer (deterministic seed): mixes of valid instances,
 * broken criteria, catastrophic regexes, NamedPipe files with many CFV062
 * warnings before one CFV061, a future created_utc (CFV008). For each file
 * the reference is the uncapped JSON report; every option set (cap, format,
 * -q, colour) must give the same exit status, the same counts and, in JSON
 * and SARIF, the same set of errors (and in JSON the same per-sensor
 * verdicts); text must print errors before warnings
 * and at most the cap. A batch of all files in three orders must give the
 * same totals, errors and exit status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/writer.h"
#include "cff_layout.h"
#include "harness.h"
#include "json_read.h"

#define NFILES 20
#define NOW "1800000000"
#define SEED 0x291u

enum { PS = 1, FW = 2, NC = 3, NP = 4 };
static const struct { uint16_t type; uint32_t channel; uint8_t fields; uint8_t str_field; } kinds[] = {
    {PS, 261, 12, 0}, {FW, 285, 9, 0}, {NC, 289, 10, 0}, {NP, 291, 21, 0},
};

static uint32_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 16);
}

/* One file: the i-th of the deterministic sequence. */
static void make_file(uint64_t *s, cfv_wfile *out)
{
    int k = (int)(rnd(s) % 4);
    uint64_t created = rnd(s) % 3 == 0 ? 1900000000u : 1700000000u;   /* CFV008 with NOW */
    cfv_writer *w = cfv_writer_new(kinds[k].channel, 1 + rnd(s) % 1000, created);
    assert_non_null(w);
    size_t n = 1 + rnd(s) % (k == 3 ? 140 : 30);
    int broken = rnd(s) % 2;    /* half the files break no criterion */
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "rule-%zu", i % 7);
        int x = cfv_writer_add_instance(w, (uint32_t)i + 1, kinds[k].type, kinds[k].fields,
                                        CFF_INSTANCE_FLAG_ENABLED, name);
        assert_true(x >= 0);
        uint32_t what = broken ? rnd(s) % 16 : 3 + rnd(s) % 13;
        if (what == 0)
            cfv_writer_set_str(w, (size_t)x, 0, CFF_OP_REGEX, 0, "^(a+)+$");      /* CFV056 */
        else if (what == 1)
            cfv_writer_set_int(w, (size_t)x, 1, 9, 0, 0);                          /* CFV050 */
        else if (what == 2)
            cfv_writer_set_str(w, (size_t)x, 0, CFF_OP_REGEX, 0, "([a-z");        /* CFV055 */
        else if (what < 8)
            cfv_writer_set_str(w, (size_t)x, 0, CFF_OP_PREFIX, 0, "C:\\Windows\\");
        /* NamedPipe: field 20 is ANY (CFV062 for 7.11) until the last instance. */
        if (k == 3 && i + 1 == n && rnd(s) % 2)
            cfv_writer_set_str(w, (size_t)x, 20, CFF_OP_EQUALS, 0, "dyndns");      /* CFV061 */
    }
    assert_int_equal(cfv_writer_encode(w, out), 0);
    cfv_writer_free(w);
    /* Now and then a byte breaks after encoding (CRC, structure). */
    if (rnd(s) % 4 == 0 && out->len > 64) {
        size_t at = rnd(s) % out->len;
        out->data[at] ^= (uint8_t)(1u + rnd(s) % 255);
    }
}

/* ------------------------------------------------------------- reading */

typedef struct verdict {
    int status;
    double errors, warnings;
    char **errs;            /* "path|rule|offset|field|sensor|message", sorted */
    size_t nerrs;
    char *sensors;          /* JSON: "path sensor safe|unsafe;" per file and sensor, sorted */
} verdict;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_err(verdict *v, const char *path, const char *rule, double off, const char *field,
                    const char *sensor, const char *msg)
{
    size_t n = strlen(msg);
    char *line = malloc(strlen(path) + strlen(rule) + strlen(field) + strlen(sensor) + n + 64);
    assert_non_null(line);
    /* SARIF messages are sentences: compare without the added full stop. */
    int drop = n && msg[n - 1] == '.';
    sprintf(line, "%s|%s|%.0f|%s|%s|%.*s", path, rule, off, field, sensor, (int)(n - drop), msg);
    v->errs = realloc(v->errs, (v->nerrs + 1) * sizeof *v->errs);
    v->errs[v->nerrs++] = line;
}

static void verdict_free(verdict *v)
{
    for (size_t i = 0; i < v->nerrs; i++)
        free(v->errs[i]);
    free(v->errs);
    free(v->sensors);
    memset(v, 0, sizeof *v);
}

static const char *str_or(const jnode *n, const char *dflt)
{
    return n && n->type == J_STR ? n->str : dflt;
}

/* Every file's per-sensor verdicts as one sorted string (any file order). */
static void sensor_verdicts(verdict *v, const jnode *files)
{
    char *lines[512];
    size_t n = 0, total = 1;
    for (size_t f = 0; f < files->len; f++) {
        const jnode *file = json_at(files, f), *cells = json_get(file, "verdicts");
        for (size_t i = 0; i < cells->len && n < 512; i++) {
            const jnode *x = json_at(cells, i);
            const char *path = json_get(file, "path")->str, *sensor = json_get(x, "sensor")->str;
            const char *says = json_get(x, "verdict")->str;
            lines[n] = malloc(strlen(path) + strlen(sensor) + strlen(says) + 4);
            sprintf(lines[n], "%s %s %s;", path, sensor, says);
            total += strlen(lines[n++]);
        }
    }
    if (n)
        qsort(lines, n, sizeof *lines, cmp_str);
    v->sensors = calloc(total, 1);
    for (size_t i = 0; i < n; i++) {
        strcat(v->sensors, lines[i]);
        free(lines[i]);
    }
}

static void from_json(verdict *v, const cli_run *r)
{
    jnode *j = cli_json_out(r);
    v->status = r->status;
    v->errors = json_path(j, "summary.errors")->num;
    v->warnings = json_path(j, "summary.warnings")->num;
    const jnode *files = json_get(j, "files");
    for (size_t f = 0; f < files->len; f++) {
        const jnode *file = json_at(files, f), *diags = json_get(file, "diagnostics");
        size_t errs = 0;
        for (size_t i = 0; i < diags->len; i++) {
            const jnode *d = json_at(diags, i);
            if (strcmp(json_get(d, "severity")->str, "error") != 0)
                continue;
            errs++;
            add_err(v, json_get(file, "path")->str, json_get(d, "rule")->str,
                    json_get(d, "offset")->num, json_get(d, "field")->str,
                    str_or(json_get(d, "sensor"), "-"), json_get(d, "message")->str);
        }
        assert_int_equal(errs, (size_t)json_get(file, "errors")->num);   /* every error */
    }
    sensor_verdicts(v, files);
    if (v->nerrs)
        qsort(v->errs, v->nerrs, sizeof *v->errs, cmp_str);
    json_free(j);
}

static void from_sarif(verdict *v, const cli_run *r)
{
    jnode *j = cli_json_out(r);
    v->status = r->status;
    const jnode *results = json_path(j, "runs.0.results");
    for (size_t i = 0; i < results->len; i++) {
        const jnode *x = json_at(results, i);
        if (strcmp(json_get(x, "level")->str, "error") != 0) {
            v->warnings++;
            continue;
        }
        v->errors++;
        add_err(v, json_path(x, "locations.0.physicalLocation.artifactLocation.uri")->str,
                json_get(x, "ruleId")->str,
                json_path(x, "locations.0.physicalLocation.region.byteOffset")->num,
                json_path(x, "properties.field")->str,
                str_or(json_path(x, "properties.sensor"), "-"),
                json_path(x, "message.text")->str);
    }
    if (v->nerrs)
        qsort(v->errs, v->nerrs, sizeof *v->errs, cmp_str);
    json_free(j);
}

/* Text: the summary's counts, errors before warnings, at most cap lines. */
static void from_text(verdict *v, const cli_run *r, unsigned cap, int quiet, size_t nfiles)
{
    v->status = r->status;
    const char *sum = strstr(r->out, "cfv: ");
    assert_non_null(sum);
    char *p = strstr(sum, "checked: ");
    assert_non_null(p);
    v->errors = strtod(p + 9, &p);
    p = strstr(p, ", ");
    assert_non_null(p);
    v->warnings = strtod(p + 2, NULL);
    size_t lines = 0;
    int seen_warning = 0;
    for (const char *l = r->out; l < sum; l = strchr(l, '\n') + 1) {
        const char *colon = strstr(l, ": ");
        if (strncmp(l, "  ", 2) == 0 || !colon || colon > strchr(l, '\n'))
            continue;
        int is_error = strncmp(colon + 2, "error:", 6) == 0 ||
                       strncmp(colon + 2, "\033[1;31merror", 12) == 0;
        int is_warning = strncmp(colon + 2, "warning:", 8) == 0 ||
                         strncmp(colon + 2, "\033[1;35mwarning", 14) == 0;
        if (is_error || is_warning)
            lines++;
        if (is_warning) {
            assert_false(quiet);
            seen_warning = 1;
        }
        if (is_error && seen_warning && nfiles == 1)
            fail_msg("an error printed after a warning:\n%s", r->out);
    }
    assert_true(lines <= (size_t)cap * nfiles);
}

static void assert_same(const verdict *ref, const verdict *v, int with_errs, const char *what)
{
    if (ref->status != v->status || ref->errors != v->errors || ref->warnings != v->warnings)
        fail_msg("%s: exit %d, %.0f errors, %.0f warnings; uncapped JSON: exit %d, %.0f, %.0f",
                 what, v->status, v->errors, v->warnings, ref->status, ref->errors, ref->warnings);
    if (ref->sensors && v->sensors && strcmp(ref->sensors, v->sensors) != 0)
        fail_msg("%s: per-sensor verdicts %s; uncapped JSON: %s", what, v->sensors, ref->sensors);
    if (!with_errs)
        return;
    if (ref->nerrs != v->nerrs)
        fail_msg("%s: %zu errors listed, uncapped JSON lists %zu", what, v->nerrs, ref->nerrs);
    for (size_t i = 0; i < v->nerrs; i++)
        if (strcmp(ref->errs[i], v->errs[i]) != 0)
            fail_msg("%s: error %zu differs:\n  %s\n  %s", what, i, v->errs[i], ref->errs[i]);
}

/* ------------------------------------------------------------- the test */

static char *dir;
static char *names[NFILES];

static void run_check(cli_run *r, const char *const *opts, size_t nopts, char *const *files,
                      size_t nfiles)
{
    const char *argv[64];
    size_t n = 0;
    argv[n++] = "check";
    argv[n++] = "--now";
    argv[n++] = NOW;
    for (size_t i = 0; i < nopts; i++)
        argv[n++] = opts[i];
    for (size_t i = 0; i < nfiles; i++)
        argv[n++] = files[i];
    argv[n] = NULL;
    cli_run_opts o = {.cwd = dir};
    cli_exec(r, &o, argv);
    if (r->status != 0 && r->status != 1)
        fail_msg("cfv check exited %d: %s", r->status, r->err);
}

static const char *const caps[] = {"1", "2", "7", "100", "100000"};
#define NCAPS (sizeof caps / sizeof caps[0])

static size_t checks;

/* Every option set on files[0..n): same verdict as the uncapped JSON. */
static void every_option_set(char *const *files, size_t n, const verdict *ref)
{
    for (size_t c = 0; c < NCAPS; c++) {
        for (int form = 0; form < 3; form++) {
            for (int q = 0; q < (form == 0 ? 2 : 1); q++) {
                for (int col = 0; col < (form == 0 ? 2 : 1); col++) {
                    const char *opts[8];
                    size_t k = 0;
                    opts[k++] = "--max-diagnostics";
                    opts[k++] = caps[c];
                    opts[k++] = "--format";
                    opts[k++] = form == 0 ? "text" : form == 1 ? "json" : "sarif";
                    if (q)
                        opts[k++] = "-q";
                    opts[k++] = col ? "--color=always" : "--color=never";
                    cli_run r;
                    run_check(&r, opts, k, files, n);
                    verdict v = {0};
                    char what[160];
                    snprintf(what, sizeof what, "%s: --max-diagnostics %s --format %s%s%s",
                             n == 1 ? files[0] : "batch", caps[c], opts[3], q ? " -q" : "",
                             col ? " --color=always" : "");
                    if (form == 0)
                        from_text(&v, &r, (unsigned)atoi(caps[c]), q, n);
                    else if (form == 1)
                        from_json(&v, &r);
                    else
                        from_sarif(&v, &r);
                    /* SARIF has no counts of its own: its warnings are the ones
                     * within the cap; its errors must all be there. */
                    verdict cmp = *ref;
                    if (form == 2)
                        cmp.warnings = v.warnings;
                    assert_same(&cmp, &v, form != 0, what);
                    verdict_free(&v);
                    cli_run_free(&r);
                    checks++;
                }
            }
        }
    }
}

static void reference(verdict *ref, char *const *files, size_t n)
{
    static const char *const opts[] = {"--max-diagnostics", "4294967295", "--format", "json"};
    cli_run r;
    run_check(&r, opts, 4, files, n);
    from_json(ref, &r);
    cli_run_free(&r);
}

static void verdict_is_invariant(void **state)
{
    (void)state;
    uint64_t s = SEED;
    size_t with_errors = 0, with_warnings = 0, both = 0;
    for (size_t i = 0; i < NFILES; i++) {
        cfv_wfile f;
        make_file(&s, &f);
        char name[32];
        snprintf(name, sizeof name, "f%02zu.cff", i);
        names[i] = strdup(name);
        free(cli_write_file(dir, name, f.data, f.len));
        cfv_wfile_free(&f);
    }
    for (size_t i = 0; i < NFILES; i++) {
        verdict ref = {0};
        reference(&ref, &names[i], 1);
        with_errors += ref.errors > 0;
        with_warnings += ref.warnings > 0;
        both += ref.errors > 0 && ref.warnings > 0;
        every_option_set(&names[i], 1, &ref);
        verdict_free(&ref);
    }
    /* The generator must reach the interesting cases. */
    assert_true(with_errors >= NFILES / 4);
    assert_true(both >= 3);
    assert_true(with_warnings >= NFILES / 4);

    /* All files at once, in three orders. */
    verdict ref = {0};
    reference(&ref, names, NFILES);
    char *order[NFILES];
    for (int o = 0; o < 3; o++) {
        for (size_t i = 0; i < NFILES; i++)
            order[i] = names[o == 0 ? i : o == 1 ? NFILES - 1 - i : (i * 7) % NFILES];
        verdict v = {0};
        reference(&v, order, NFILES);
        assert_same(&ref, &v, 1, "batch in another order");
        verdict_free(&v);
        every_option_set(order, NFILES, &ref);
    }
    verdict_free(&ref);
    printf("invariant: %d files x %zu option sets per file, plus 3 orders of the batch: "
           "%zu checks (%zu files with errors, %zu with warnings, %zu with both)\n",
           NFILES, NCAPS * 6, checks, with_errors, with_warnings, both);
    for (size_t i = 0; i < NFILES; i++)
        free(names[i]);
}

int main(void)
{
    dir = cli_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdict_is_invariant),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    cli_rmrf(dir);
    free(dir);
    return rc;
}
