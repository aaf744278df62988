/* The verdict matrix (cli/common/verdict.c): one pass for all sensors gives,
 * cell by cell, exactly the verdict of validating for that sensor alone
 * (`cfv check --sensor S`), with and without --werror and a configuration
 * that changes severities, on every file of the committed corpus; each
 * unsafe cell's first reason carries its message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"
#include "fixture.h"
#include "verdict.h"

typedef tf_checker fixture;

static cfv_options options(const fixture *fx, const char *name, size_t len, uint32_t sensors)
{
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.defs = fx->defs;
    o.sensors = sensors;
    o.real_size = len;
    o.now_utc = 1800000000u;
    o.file_name = name;
    o.file_name_len = strlen(name);
    o.max_diagnostics = UINT32_MAX;     /* the reference pass sees everything */
    o.regex = cfv_regex_check;
    o.regex_user = fx->regex;
    return o;
}

/* A configuration in miniature: CFV062 raised to an error, CFV008 off,
 * CFV070 down to a note. */
static int configured(void *user, unsigned rule, unsigned severity)
{
    int *on = user;
    if (!*on)
        return (int)severity;
    switch (rule) {
    case 62: return CFV_SEV_ERROR;
    case 8: return -1;
    case 70: return CFV_SEV_NOTE;
    default: return (int)severity;
    }
}

typedef struct alone {
    uint32_t errors, warnings;
    int config;
} alone;

static void count_alone(void *user, const cfv_diag *d)
{
    alone *a = user;
    int sev = configured(&a->config, d->rule, d->severity);
    if (sev == CFV_SEV_WARNING)
        a->warnings++;
    else if (sev == CFV_SEV_ERROR)
        a->errors++;
}

/* Returns how many cells were compared. */
static size_t compare_file(const fixture *fx, const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *data = (char *)tf_read(path, &len);
    assert_non_null(data);
    uint32_t all = (UINT32_C(1) << fx->defs->nsensors) - 1;
    size_t cells = 0;
    cfv_verdict_row *row = malloc(sizeof *row);
    for (int config = 0; config < 2; config++) {
        for (int werror = 0; werror < 2; werror++) {
            cfv_options o = options(fx, name, len, all);
            cfv_verdict_sink k = {configured, NULL, NULL, &config};
            cfv_verdict_tap t;
            cfv_verdict_validate(row, &t, (const uint8_t *)data, len, &o, werror, &k);
            for (unsigned s = 0; s < fx->defs->nsensors; s++) {
                alone a = {0, 0, config};
                cfv_options one = options(fx, name, len, UINT32_C(1) << s);
                one.emit = count_alone;
                one.emit_user = &a;
                cfv_validate((const uint8_t *)data, len, &one);
                int want = a.errors > 0 || (werror && a.warnings > 0);
                if (cfv_verdict_unsafe(row, s, werror) != want)
                    fail_msg("%s, sensor %s, config %d, werror %d: matrix says %s", path,
                             fx->defs->sensors[s].name, config, werror,
                             want ? "safe" : "unsafe");
                assert_int_equal(row->cell[s].errors, a.errors);
                assert_int_equal(row->cell[s].warnings, a.warnings);
                if (a.errors + a.warnings)      /* the first reason was built */
                    assert_true(row->first[s].message[0] != '\0');
                cells++;
            }
            assert_int_equal(row->unexplained, 0);
        }
    }
    free(row);
    free(data);
    return cells;
}

static size_t compare_dir(const fixture *fx, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t cells = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if ((n > 4 && strcmp(e->d_name + n - 4, ".cff") == 0) ||
            (n > 4 && strcmp(e->d_name + n - 4, ".sys") == 0))
            cells += compare_file(fx, dir, e->d_name);
    }
    closedir(d);
    return cells;
}

static void one_pass_equals_each_sensor_alone(void **state)
{
    fixture *fx = *state;
    size_t cells = 0;
    cells += compare_dir(fx, CFV_SOURCE_DIR "/corpus/rules");
    cells += compare_dir(fx, CFV_SOURCE_DIR "/corpus/valid");
    cells += compare_dir(fx, CFV_SOURCE_DIR "/corpus/incident");
    cells += compare_dir(fx, CFV_SOURCE_DIR "/corpus/zero");
    print_message("%zu (file, sensor, configuration, --werror) cells agree\n", cells);
    assert_true(cells > 250);
}

/* The 19 July file: 7.11 unsafe (CFV060, CFV061), 7.16 safe; a report that
 * prints nothing gets nothing, yet each unsafe cell has its reason. */
typedef struct printed {
    int n;
} printed;

static int wants_errors(void *user, unsigned severity)
{
    (void)user;
    return severity == CFV_SEV_ERROR;
}

static void print_one(void *user, const cfv_diag *d)
{
    printed *p = user;
    assert_int_equal(d->severity, CFV_SEV_ERROR);
    p->n++;
}

static void incident_cells_and_first_reason(void **state)
{
    fixture *fx = *state;
    const char *name = "july19-namedpipe-nonwildcard-field20.cff";
    size_t len;
    char *data = (char *)tf_read_src("corpus/incident/july19-namedpipe-nonwildcard-field20.cff", &len);
    assert_non_null(data);
    int s711 = cfv_defs_sensor_by_name(fx->defs, "7.11", 4);
    int s716 = cfv_defs_sensor_by_name(fx->defs, "7.16", 4);
    cfv_verdict_row row;
    cfv_verdict_tap t;
    printed p = {0};
    cfv_verdict_sink k = {NULL, wants_errors, print_one, &p};
    cfv_options o = options(fx, name, len, 3);
    o.max_diagnostics = 1;                      /* replaced: every diagnostic counts */
    cfv_verdict_validate(&row, &t, (const uint8_t *)data, len, &o, 0, &k);
    assert_int_equal(p.n, 3);                   /* what the report asked for */
    assert_int_equal(t.sev[CFV_SEV_ERROR], 3);
    assert_true(cfv_verdict_unsafe(&row, (unsigned)s711, 0));
    assert_false(cfv_verdict_unsafe(&row, (unsigned)s716, 0));
    assert_int_equal(cfv_verdict_unsafe_mask(&row, 0), UINT32_C(1) << s711);
    assert_int_equal(row.cell[s711].nerror_rules, 2);
    assert_int_equal(row.cell[s711].error_rules[0], 60);
    assert_int_equal(row.cell[s711].error_rules[1], 61);
    assert_int_equal(row.cell[s711].errors, 3);
    assert_int_equal(row.first[s711].rule, 60);
    assert_non_null(strstr(row.first[s711].message, "sensor 7.11 supplies 20 inputs"));
    free(data);
}

/* A sensor-independent diagnostic lands in every selected cell, a sensor's
 * only in its own; an unreadable file is unsafe everywhere. */
static void diagnostics_fold_into_their_cells(void **state)
{
    (void)state;
    cfv_verdict_row row;
    cfv_verdict_row_reset(&row, 0x5);
    cfv_diag d;
    memset(&d, 0, sizeof d);
    d.rule = 8;
    d.severity = CFV_SEV_WARNING;
    d.sensor = -1;
    cfv_verdict_row_add(&row, &d);
    assert_int_equal(row.cell[0].warnings, 1);
    assert_int_equal(row.cell[1].warnings, 0);  /* not selected */
    assert_int_equal(row.cell[2].warnings, 1);
    assert_int_equal(cfv_verdict_unsafe_mask(&row, 0), 0);
    assert_int_equal(cfv_verdict_unsafe_mask(&row, 1), 0x5);
    d.rule = 61;
    d.severity = CFV_SEV_ERROR;
    d.sensor = 2;
    cfv_verdict_row_add(&row, &d);
    cfv_verdict_row_add(&row, &d);
    assert_int_equal(row.cell[2].errors, 2);
    assert_int_equal(row.cell[2].nerror_rules, 1);  /* distinct rules */
    assert_int_equal(row.first[2].rule, 61);        /* the first error beats a warning */
    assert_int_equal(cfv_verdict_unsafe_mask(&row, 0), 0x4);
    d.sensor = 1;                                   /* not selected: ignored */
    cfv_verdict_row_add(&row, &d);
    assert_int_equal(row.cell[1].errors, 0);
    cfv_verdict_row_reset(&row, 0x3);
    cfv_verdict_row_unreadable(&row, "permission denied");
    assert_int_equal(cfv_verdict_unsafe_mask(&row, 0), 0x3);
    assert_non_null(strstr(row.first[1].message, "permission denied"));
}

/* Folding a rule again for every cell only counts (the row remembers
 * which rules it folded for all): the row is exactly what a fold from
 * scratch gives, for a stream of errors and warnings of many rules, for all
 * sensors and for one, counted and built, more rules than a cell keeps. */
static void a_repeated_rule_folds_as_from_scratch(void **state)
{
    (void)state;
    static cfv_verdict_row fast, slow;
    cfv_verdict_row_reset(&fast, 0x80000005u);
    cfv_verdict_row_reset(&slow, 0x80000005u);
    cfv_diag d;
    memset(&d, 0, sizeof d);
    for (unsigned i = 0; i < 400; i++) {
        d.rule = (uint16_t)(i % 3 == 0 ? 50 : i % 7 == 0 ? 1000 + i % 2 : 40 + i % 9);
        d.severity = (uint8_t)(i % 5 == 0 ? CFV_SEV_WARNING : i % 11 == 0 ? CFV_SEV_NOTE : CFV_SEV_ERROR);
        d.sensor = (int16_t)(i % 13 == 0 ? 2 : i % 17 == 0 ? 31 : -1);
        d.message = i % 4 ? "" : "built";
        memset(slow.folded, 0, sizeof slow.folded);     /* never a repeat */
        if (i % 2) {
            cfv_verdict_row_add(&fast, &d);
            cfv_verdict_row_add(&slow, &d);
        } else {
            cfv_verdict_row_count(&fast, d.rule, d.severity, d.sensor);
            cfv_verdict_row_count(&slow, d.rule, d.severity, d.sensor);
        }
    }
    assert_memory_equal(fast.cell, slow.cell, sizeof fast.cell);
    assert_memory_equal(fast.first, slow.first, sizeof fast.first);
    assert_int_equal(fast.unexplained, slow.unexplained);
    assert_true(fast.cell[0].errors > 100);
    assert_int_equal(fast.cell[0].nerror_rules, CFV_VERDICT_RULES);
}

/* n repeats counted at once are n counted one by one: for all sensors and
 * for one (selected or not), errors, warnings and notes, first or not. */
static void a_count_of_n_is_n_counts(void **state)
{
    (void)state;
    static cfv_verdict_row once, each;
    cfv_verdict_row_reset(&once, 0x80000005u);
    cfv_verdict_row_reset(&each, 0x80000005u);
    const int sensors[] = { -1, 2, 31, 1 };
    const unsigned sevs[] = { CFV_SEV_ERROR, CFV_SEV_WARNING, CFV_SEV_NOTE };
    for (unsigned i = 0; i < 24; i++) {
        const unsigned rule = 40 + i % 5, sev = sevs[i % 3];
        const int sensor = sensors[i / 3 % 4];
        const uint32_t n = i % 4;
        cfv_verdict_row_count_n(&once, rule, sev, sensor, n);
        for (uint32_t k = 0; k < n; k++)
            cfv_verdict_row_count(&each, rule, sev, sensor);
    }
    assert_memory_equal(once.cell, each.cell, sizeof once.cell);
    assert_memory_equal(once.first, each.first, sizeof once.first);
    assert_memory_equal(once.folded, each.folded, sizeof once.folded);
    assert_int_equal(once.unexplained, each.unexplained);
    assert_true(once.cell[2].errors > 4 && once.cell[31].warnings > 2);
}

int main(void)
{
    return TF_RUN(tf_setup_checker, tf_teardown_checker, one_pass_equals_each_sensor_alone,
                  incident_cells_and_first_reason, diagnostics_fold_into_their_cells,
                  a_repeated_rule_folds_as_from_scratch, a_count_of_n_is_n_counts);
}
