#include "verdict.h"

#include <stdio.h>
#include <string.h>

void cfv_verdict_row_reset(cfv_verdict_row *row, uint32_t sensors)
{
    memset(row->cell, 0, sizeof row->cell);
    row->sensors = sensors;
}

static void keep_rule(uint16_t *rules, uint8_t *n, uint16_t rule)
{
    for (uint8_t i = 0; i < *n; i++)
        if (rules[i] == rule)
            return;
    if (*n < CFV_VERDICT_RULES)
        rules[(*n)++] = rule;
}

static void add_to(cfv_verdict_row *row, unsigned s, unsigned rule, unsigned severity,
                   const char *message, size_t mlen)
{
    cfv_verdict_cell *c = &row->cell[s];
    int warning = severity == CFV_SEV_WARNING;
    if ((c->errors == 0 && c->warnings == 0) || (!warning && c->errors == 0)) {
        row->first[s].rule = (uint16_t)rule;
        row->first[s].severity = (uint8_t)severity;
        snprintf(row->first[s].message, sizeof row->first[s].message, "%.*s", (int)mlen, message);
    }
    if (warning) {
        c->warnings++;
        keep_rule(c->warning_rules, &c->nwarning_rules, (uint16_t)rule);
    } else {
        c->errors++;
        keep_rule(c->error_rules, &c->nerror_rules, (uint16_t)rule);
    }
}

static void fold(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor,
                 const char *message, size_t mlen)
{
    if (sensor >= 0) {
        if (sensor < CFV_MAX_SENSORS && (row->sensors >> sensor & 1))
            add_to(row, (unsigned)sensor, rule, severity, message, mlen);
        return;
    }
    for (unsigned s = 0; s < CFV_MAX_SENSORS; s++)
        if (row->sensors >> s & 1)
            add_to(row, s, rule, severity, message, mlen);
}

void cfv_verdict_row_add(cfv_verdict_row *row, const cfv_diag *d)
{
    fold(row, d->rule, d->severity, d->sensor, d->message, strnlen(d->message, sizeof d->message));
}

void cfv_verdict_row_count(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor)
{
    fold(row, rule, severity, sensor, "", 0);
}

int cfv_verdict_unsafe(const cfv_verdict_row *row, unsigned s, int werror)
{
    const cfv_verdict_cell *c = &row->cell[s];
    return c->errors > 0 || (werror && c->warnings > 0);
}

uint32_t cfv_verdict_unsafe_mask(const cfv_verdict_row *row, int werror)
{
    uint32_t m = 0;
    for (unsigned s = 0; s < CFV_MAX_SENSORS; s++)
        if ((row->sensors >> s & 1) && cfv_verdict_unsafe(row, s, werror))
            m |= UINT32_C(1) << s;
    return m;
}

void cfv_verdict_row_unreadable(cfv_verdict_row *row, const char *why)
{
    cfv_diag d;
    memset(&d, 0, sizeof d);
    d.sensor = -1;
    d.severity = CFV_SEV_ERROR;
    snprintf(d.message, sizeof d.message, "not read: %s", why);
    cfv_verdict_row_add(row, &d);
}

typedef struct tap {
    cfv_verdict_row *row;
    const cfv_options *opt;     /* the caller's emit, or none (a re-run) */
} tap;

static void on_diag(void *user, const cfv_diag *d)
{
    tap *t = user;
    cfv_verdict_row_add(t->row, d);
    if (t->opt && t->opt->emit)
        t->opt->emit(t->opt->emit_user, d);
}

cfv_result cfv_verdict_validate(cfv_verdict_row *row, const uint8_t *buf, size_t len,
                                const cfv_options *opt, int werror)
{
    cfv_verdict_row_reset(row, opt->sensors);
    row->werror = werror;
    cfv_options o = *opt;
    tap t = {row, opt};
    o.emit = on_diag;
    o.emit_user = &t;
    cfv_result res = cfv_validate(buf, len, &o);
    if (!res.truncated)
        return res;
    /* The cap may have hidden a sensor's errors: ask that sensor alone. */
    t.opt = NULL;
    for (unsigned s = 0; s < CFV_MAX_SENSORS; s++) {
        if (!(opt->sensors >> s & 1) || cfv_verdict_unsafe(row, s, werror))
            continue;
        cfv_verdict_row alone;
        cfv_verdict_row_reset(&alone, UINT32_C(1) << s);
        t.row = &alone;
        o.sensors = UINT32_C(1) << s;
        cfv_validate(buf, len, &o);
        row->cell[s] = alone.cell[s];
        row->first[s] = alone.first[s];
    }
    return res;
}
