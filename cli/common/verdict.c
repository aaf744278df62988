#include "verdict.h"

#include <stdio.h>
#include <string.h>

void cfv_verdict_row_reset(cfv_verdict_row *row, uint32_t sensors)
{
    memset(row->cell, 0, sizeof row->cell);
    memset(row->folded, 0, sizeof row->folded);
    row->sensors = sensors;
    row->unexplained = 0;
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
        if (mlen)
            row->unexplained &= ~(UINT32_C(1) << s);
        else
            row->unexplained |= UINT32_C(1) << s;
    }
    if (warning) {
        c->warnings++;
        keep_rule(c->warning_rules, &c->nwarning_rules, (uint16_t)rule);
    } else {
        c->errors++;
        keep_rule(c->error_rules, &c->nerror_rules, (uint16_t)rule);
    }
}

/* A diagnostic for all cells of a rule already folded for all (folded[]):
 * only the counts move. 1 when done so. */
static int refold(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor)
{
    const int warning = severity == CFV_SEV_WARNING;
    if (sensor >= 0 || (severity != CFV_SEV_ERROR && !warning) ||
        rule >= 32u * CFV_VERDICT_FOLDED_WORDS || !(row->folded[warning][rule / 32] >> (rule % 32) & 1))
        return 0;
    for (uint32_t m = row->sensors, s = 0; m; m >>= 1, s++)
        if (m & 1) {
            if (warning)
                row->cell[s].warnings++;
            else
                row->cell[s].errors++;
        }
    return 1;
}

static void fold(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor,
                 const char *message, size_t mlen)
{
    if (severity != CFV_SEV_ERROR && severity != CFV_SEV_WARNING)
        return;                 /* notes never make a file unsafe */
    if (sensor >= 0) {
        if (sensor < CFV_MAX_SENSORS && (row->sensors >> sensor & 1))
            add_to(row, (unsigned)sensor, rule, severity, message, mlen);
        return;
    }
    for (unsigned s = 0; s < CFV_MAX_SENSORS; s++)
        if (row->sensors >> s & 1)
            add_to(row, s, rule, severity, message, mlen);
    if (rule < 32u * CFV_VERDICT_FOLDED_WORDS)
        row->folded[severity == CFV_SEV_WARNING][rule / 32] |= UINT32_C(1) << (rule % 32);
}

void cfv_verdict_row_add(cfv_verdict_row *row, const cfv_diag *d)
{
    if (refold(row, d->rule, d->severity, d->sensor))
        return;
    const char *m = d->message ? d->message : "";
    fold(row, d->rule, d->severity, d->sensor, m, strlen(m));
}

void cfv_verdict_row_count(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor)
{
    if (!refold(row, rule, severity, sensor))
        fold(row, rule, severity, sensor, "", 0);
}

/* After the first, a repeat only moves the counts of the cells the first
 * went to (its rule is kept, its reason is not the first): they move by
 * n - 1 at once. */
void cfv_verdict_row_count_n(cfv_verdict_row *row, unsigned rule, unsigned severity, int sensor,
                             uint32_t n)
{
    if (n == 0)
        return;
    cfv_verdict_row_count(row, rule, severity, sensor);
    if (severity != CFV_SEV_ERROR && severity != CFV_SEV_WARNING)
        return;
    uint32_t m = row->sensors;
    if (sensor >= 0)
        m = sensor < CFV_MAX_SENSORS ? m & UINT32_C(1) << sensor : 0;
    for (unsigned s = 0; m; m >>= 1, s++)
        if (m & 1) {
            if (severity == CFV_SEV_WARNING)
                row->cell[s].warnings += n - 1;
            else
                row->cell[s].errors += n - 1;
        }
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
    char message[256];
    memset(&d, 0, sizeof d);
    d.sensor = -1;
    d.severity = CFV_SEV_ERROR;
    snprintf(message, sizeof message, "not read: %s", why);
    d.message = message;
    cfv_verdict_row_add(row, &d);
}

int cfv_verdict_tap_want(void *user, unsigned rule, unsigned severity, int sensor)
{
    cfv_verdict_tap *t = user;
    const cfv_verdict_sink *k = t->k;
    int eff = k && k->severity ? k->severity(k->user, rule, severity) : (int)severity;
    if (eff < 0)
        return 0;
    t->severity = eff <= CFV_SEV_NOTE ? (unsigned)eff : CFV_SEV_ERROR;
    t->sev[t->severity]++;
    cfv_verdict_row_count(t->row, rule, t->severity, sensor);
    t->for_report = k && k->emit && (!k->wants || k->wants(k->user, t->severity));
    /* Built when printed, or when it is the first reason of some cell. */
    return t->for_report || t->row->unexplained != 0;
}

void cfv_verdict_tap_emit(void *user, const cfv_diag *d)
{
    cfv_verdict_tap *t = user;
    cfv_verdict_row *row = t->row;
    for (unsigned s = 0; row->unexplained && s < CFV_MAX_SENSORS; s++) {
        if (!(row->unexplained >> s & 1) || row->first[s].rule != d->rule)
            continue;
        const char *m = d->message ? d->message : "";
        snprintf(row->first[s].message, sizeof row->first[s].message, "%s", m);
        row->unexplained &= ~(UINT32_C(1) << s);
    }
    if (t->for_report) {
        cfv_diag x = *d;
        x.severity = (uint8_t)t->severity;
        t->k->emit(t->k->user, &x);
    }
}

void cfv_verdict_validate(cfv_verdict_row *row, cfv_verdict_tap *t, const uint8_t *buf,
                          size_t len, const cfv_options *opt, int werror,
                          const cfv_verdict_sink *k)
{
    cfv_verdict_row_reset(row, opt->sensors);
    row->werror = werror;
    memset(t, 0, sizeof *t);
    t->row = row;
    t->k = k;
    cfv_options o = *opt;
    o.want = cfv_verdict_tap_want;
    o.emit = cfv_verdict_tap_emit;
    o.emit_user = t;
    (void)cfv_validate(buf, len, &o);
}
