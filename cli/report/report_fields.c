/* The pieces of a diagnostic every formatter writes the same way. Called by
 * report_text.c, report_json.c and report_sarif.c; calls none of them
 * (report.c picks the formatter, so it is the only file that names them). */
#include "report.h"

#include <string.h>

#include "escape.h"

const char *cfv_report_sensor(const cfv_report *r, const cfv_diag *d)
{
    if (d->sensor < 0 || (uint32_t)d->sensor >= r->defs->nsensors)
        return NULL;
    return r->defs->sensors[d->sensor].name;
}

int cfv_report_locate(const cfv_report *r, const cfv_diag *d, uint32_t *line, uint32_t *col)
{
    *line = *col = 0;
    if (r->run.locate)
        r->run.locate(r->run.locate_user, d, line, col);
    return *line != 0;
}

void cfv_report_rule_name(unsigned rule, char out[8])
{
    /* "CFV%03u" by hand: snprintf was a fifth of a JSON report's time */
    rule %= 1000u;
    out[0] = 'C', out[1] = 'F', out[2] = 'V';
    out[3] = (char)('0' + rule / 100), out[4] = (char)('0' + rule / 10 % 10);
    out[5] = (char)('0' + rule % 10), out[6] = 0;
}

const char *cfv_severity_name(unsigned severity)
{
    return severity == CFV_SEV_WARNING ? "warning" : severity == CFV_SEV_NOTE ? "note" : "error";
}

const char *cfv_rule_class_name(unsigned rule_class)
{
    return rule_class == CFV_CLASS_SAFETY      ? "safety"
           : rule_class == CFV_CLASS_INTEGRITY ? "integrity"
                                               : "hygiene";
}

size_t cfv_report_strnlen(const char *s, size_t cap)
{
    const char *nul = memchr(s, '\0', cap);
    return nul ? (size_t)(nul - s) : cap;
}

void cfv_report_field_sensor_json(const cfv_report *r, cfv_buf *b, const cfv_diag *d)
{
    cfv_buf_puts(b, "\"field\":");
    cfv_esc_json(b, d->field, cfv_report_strnlen(d->field, sizeof d->field));
    cfv_buf_puts(b, ",\"sensor\":");
    const char *sensor = cfv_report_sensor(r, d);
    if (sensor)
        cfv_esc_json(b, sensor, cfv_report_strnlen(sensor, CFV_NAME_MAX));
    else
        cfv_buf_puts(b, "null");
}
