/* The verdict matrix (cli/common/verdict.c): one pass for all sensors gives,
 * cell by cell, exactly the verdict of validating for that sensor alone
 * (`cfv check --sensor S`), whatever the diagnostic cap and --werror, on
 * every file of the committed corpus. */
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

static cfv_options options(const fixture *fx, const char *name, size_t len, uint32_t sensors,
                           uint32_t cap)
{
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.defs = fx->defs;
    o.sensors = sensors;
    o.real_size = len;
    o.now_utc = 1800000000u;
    o.file_name = name;
    o.file_name_len = strlen(name);
    o.max_diagnostics = cap;
    o.regex = cfv_regex_check;
    o.regex_user = fx->regex;
    return o;
}

typedef struct alone {
    uint32_t errors, warnings;
} alone;

static void count_alone(void *user, const cfv_diag *d)
{
    alone *a = user;
    if (d->severity == CFV_SEV_WARNING)
        a->warnings++;
    else
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
    static const uint32_t caps[] = {1, 2, 5, 100};
    size_t cells = 0;
    cfv_verdict_row *row = malloc(sizeof *row);
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        for (int werror = 0; werror < 2; werror++) {
            cfv_options o = options(fx, name, len, all, caps[c]);
            cfv_verdict_validate(row, (const uint8_t *)data, len, &o, werror);
            for (unsigned s = 0; s < fx->defs->nsensors; s++) {
                alone a = {0, 0};
                cfv_options one = options(fx, name, len, UINT32_C(1) << s, caps[c]);
                one.emit = count_alone;
                one.emit_user = &a;
                cfv_validate((const uint8_t *)data, len, &one);
                int want = a.errors > 0 || (werror && a.warnings > 0);
                if (cfv_verdict_unsafe(row, s, werror) != want)
                    fail_msg("%s, sensor %s, cap %u, werror %d: matrix says %s", path,
                             fx->defs->sensors[s].name, caps[c], werror,
                             want ? "safe" : "unsafe");
                cells++;
            }
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
    print_message("%zu (file, sensor, cap, werror) cells agree\n", cells);
    assert_true(cells > 500);
}

/* The 19 July file: 7.11 unsafe (CFV060, CFV061), 7.16 safe, even when the
 * cap of 1 stops the pass at 7.11's first error. */
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
    for (uint32_t cap = 1; cap <= 100; cap += 99) {
        cfv_options o = options(fx, name, len, 3, cap);
        cfv_result res = cfv_verdict_validate(&row, (const uint8_t *)data, len, &o, 0);
        assert_int_equal(res.truncated, cap == 1);
        assert_true(cfv_verdict_unsafe(&row, (unsigned)s711, 0));
        assert_false(cfv_verdict_unsafe(&row, (unsigned)s716, 0));
        assert_int_equal(cfv_verdict_unsafe_mask(&row, 0), UINT32_C(1) << s711);
        assert_int_equal(row.cell[s711].error_rules[0], 60);
        assert_int_equal(row.first[s711].rule, 60);
        assert_non_null(strstr(row.first[s711].message, "sensor 7.11 supplies 20 inputs"));
    }
    assert_int_equal(row.cell[s711].nerror_rules, 2);
    assert_int_equal(row.cell[s711].error_rules[1], 61);
    assert_int_equal(row.cell[s711].errors, 3);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_pass_equals_each_sensor_alone),
        cmocka_unit_test(incident_cells_and_first_reason),
        cmocka_unit_test(diagnostics_fold_into_their_cells),
    };
    return cmocka_run_group_tests(tests, tf_setup_checker, tf_teardown_checker);
}
