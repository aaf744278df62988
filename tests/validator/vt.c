/* Helpers of the validator tests (vt.h). */
#include "vt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void collect(void *user, const cfv_diag *d)
{
    vt_run *r = user;
    if (r->ndiags == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->diags = realloc(r->diags, r->cap * sizeof *r->diags);
        assert_non_null(r->diags);
    }
    r->diags[r->ndiags] = *d;
    r->diags[r->ndiags].message = strdup(d->message);   /* lives for the callback only */
    assert_non_null(r->diags[r->ndiags++].message);
}

void vt_validate(vt_run *r, const uint8_t *buf, size_t len)
{
    uint8_t *copy = len ? malloc(len) : NULL;
    if (len) {
        assert_non_null(copy);
        memcpy(copy, buf, len);
    }
    for (size_t i = 0; i < r->ndiags; i++)
        free((char *)r->diags[i].message);
    r->ndiags = 0;
    cfv_options o = { 0 };
    o.defs = r->defs;
    o.sensors = r->sensors ? r->sensors : UINT32_MAX;
    o.real_size = r->real_size ? r->real_size : len;
    o.max_size = r->max_size;
    o.now_utc = r->now;
    o.file_name = r->name;
    o.file_name_len = r->name ? strlen(r->name) : 0;
    o.max_diagnostics = r->max_diagnostics;
    o.regex = r->regex ? cfv_regex_check : NULL;
    o.regex_user = r->regex;
    o.regex_nul = cfv_regex_check_nul; /* as the CLI; with no regex, unused: unchecked */
    o.emit = collect;
    o.emit_user = r;
    r->res = cfv_validate(copy, len, &o);
    free(copy);
    /* the counts and the emitted diagnostics must agree */
    assert_int_equal(r->res.errors + r->res.warnings, r->ndiags);
}

void vt_free(vt_run *r)
{
    for (size_t i = 0; i < r->ndiags; i++)
        free((char *)r->diags[i].message);
    free(r->diags);
    r->diags = NULL;
    r->ndiags = r->cap = 0;
}

uint32_t vt_sensor(const cfv_defs *d, const char *name)
{
    int s = cfv_defs_sensor_by_name(d, name, strlen(name));
    if (s < 0)
        fail_msg("no sensor %s in the definitions", name);
    return 1u << s;
}

void vt_print(const vt_run *r)
{
    for (size_t i = 0; i < r->ndiags; i++) {
        const cfv_diag *d = &r->diags[i];
        print_message("  CFV%03u %s @%llu %s sensor=%d: %s\n", d->rule,
                      d->severity == CFV_SEV_WARNING ? "warning" : "error",
                      (unsigned long long)d->offset, d->field, d->sensor, d->message);
    }
}

typedef struct key {
    unsigned rule;
    int sensor;
    size_t n;
} key;

static void add_key(key *keys, size_t *nkeys, size_t cap, unsigned rule, int sensor, size_t n)
{
    for (size_t i = 0; i < *nkeys; i++) {
        if (keys[i].rule == rule && keys[i].sensor == sensor) {
            keys[i].n += n;
            return;
        }
    }
    if (*nkeys < cap)
        keys[(*nkeys)++] = (key){ rule, sensor, n };
}

/* Parses "CFVnnn[@SENSOR][*N]" tokens; -1 with msg on a bad token. */
static int parse_expect(const cfv_defs *d, const char *s, key *keys, size_t *nkeys, size_t cap,
                        char *msg, size_t mcap)
{
    *nkeys = 0;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        unsigned rule;
        int used = 0;
        if (sscanf(s, "CFV%3u%n", &rule, &used) != 1 || used != 6) {
            snprintf(msg, mcap, "bad expectation token at \"%s\"", s);
            return -1;
        }
        s += used;
        int sensor = -1;
        if (*s == '@') {
            size_t n = strcspn(++s, " *");
            sensor = cfv_defs_sensor_by_name(d, s, n);
            if (sensor < 0) {
                snprintf(msg, mcap, "unknown sensor \"%.*s\"", (int)n, s);
                return -1;
            }
            s += n;
        }
        size_t count = 1;
        if (*s == '*')
            count = strtoul(s + 1, (char **)&s, 10);
        add_key(keys, nkeys, cap, rule, sensor, count);
    }
    return 0;
}

static size_t count_of(const key *keys, size_t n, unsigned rule, int sensor)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].rule == rule && keys[i].sensor == sensor)
            return keys[i].n;
    return 0;
}

static int compare(const key *a, size_t na, const key *b, size_t nb, const char *what,
                   const cfv_defs *d, char *msg, size_t cap)
{
    for (size_t i = 0; i < na; i++) {
        size_t other = count_of(b, nb, a[i].rule, a[i].sensor);
        if (other != a[i].n) {
            snprintf(msg, cap, "CFV%03u%s%s: %zu %s, %zu the other side", a[i].rule,
                     a[i].sensor >= 0 ? "@" : "",
                     a[i].sensor >= 0 ? d->sensors[a[i].sensor].name : "",
                     a[i].n, what, other);
            return -1;
        }
    }
    return 0;
}

int vt_match(const vt_run *r, const char *expect, char *msg, size_t cap)
{
    key want[64], got[64];
    size_t nwant, ngot = 0;
    if (parse_expect(r->defs, expect, want, &nwant, 64, msg, cap) != 0)
        return -1;
    for (size_t i = 0; i < r->ndiags; i++)
        add_key(got, &ngot, 64, r->diags[i].rule, r->diags[i].sensor, 1);
    if (compare(want, nwant, got, ngot, "expected", r->defs, msg, cap) != 0 ||
        compare(got, ngot, want, nwant, "reported", r->defs, msg, cap) != 0)
        return -1;
    return 0;
}

/* Prints r's diagnostics and frees them (a failing assertion longjmps past
 * the test's own vt_free), then fails with msg. */
static void fail_run(vt_run *r, const char *msg)
{
    vt_print(r);
    vt_free(r);
    fail_msg("%s", msg);
}

void vt_assert_only(vt_run *r, const char *expect)
{
    char msg[256], full[400];
    if (vt_match(r, expect, msg, sizeof msg) != 0) {
        snprintf(full, sizeof full, "expected exactly \"%s\": %s", expect, msg);
        fail_run(r, full);
    }
}

const cfv_diag *vt_assert_diag(vt_run *r, unsigned rule, unsigned severity, uint64_t offset,
                               const char *field, const char *sensor)
{
    int s = sensor ? cfv_defs_sensor_by_name(r->defs, sensor, strlen(sensor)) : -1;
    const cfv_diag *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->ndiags; i++) {
        if (r->diags[i].rule == rule && r->diags[i].sensor == s) {
            found = &r->diags[i];
            n++;
        }
    }
    char msg[400];
    if (n != 1) {
        snprintf(msg, sizeof msg, "CFV%03u (sensor %s): %zu diagnostics, expected 1", rule,
                 sensor ? sensor : "none", n);
        fail_run(r, msg);
    }
    if (found->severity != severity || found->offset != offset ||
        strcmp(found->field, field) != 0) {
        snprintf(msg, sizeof msg, "CFV%03u: got %s @%llu %s, expected %s @%llu %s", rule,
                 found->severity ? "warning" : "error", (unsigned long long)found->offset,
                 found->field, severity ? "warning" : "error", (unsigned long long)offset, field);
        fail_run(r, msg);
    }
    /* every message is one non-empty line */
    assert_true(found->message[0] != 0);
    assert_null(strchr(found->message, '\n'));
    return found;
}

