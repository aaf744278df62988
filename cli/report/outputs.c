#include "outputs.h"

#include <string.h>

static const cfv_format formats[CFV_NALSO] = {CFV_FORMAT_SARIF, CFV_FORMAT_JSON, CFV_FORMAT_JUNIT};

int cfv_report_format_parse(const char *v, cfv_format *f, cfv_err *e)
{
    /* In cfv_format's order. */
    static const char *const names[] = {"text", "json", "sarif", "github", "gcc", "junit"};
    for (int k = 0; k < 6; k++)
        if (strcmp(v, names[k]) == 0) {
            *f = (cfv_format)k;
            return 0;
        }
    cfv_err_set(e, "--format: unknown format '%s' (expected text, json, sarif, github, gcc or "
                "junit)", v);
    return -1;
}

int cfv_report_outputs_open(cfv_report_outputs *o, const char *const paths[CFV_NALSO],
                            const char *const *inputs, size_t ninputs, cfv_report *main,
                            cfv_err *e)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < CFV_NALSO; i++) {
        const char *path = paths[i];
        if (!path)
            continue;
        if (cfv_out_names_an_input(path, inputs, ninputs, e) || cfv_out_open(&o->out[i], path, e) != 0)
            return -1;
        o->open[i] = 1;
        cfv_report *r = &o->report[i];
        cfv_report_init(r, formats[i], &o->out[i].buf, main->defs, main->max_diagnostics);
        r->run = main->run;
        r->next = main->next;
        main->next = r;
    }
    return 0;
}

int cfv_report_outputs_commit(cfv_report_outputs *o, cfv_err *e)
{
    int rc = 0;
    for (int i = 0; i < CFV_NALSO; i++) {
        if (!o->open[i])
            continue;
        o->open[i] = 0;
        cfv_err mine;
        if (cfv_out_commit(&o->out[i], &mine) != 0 && rc == 0) {
            *e = mine;
            rc = -1;
        }
    }
    return rc;
}

void cfv_report_outputs_free(cfv_report_outputs *o)
{
    for (int i = 0; i < CFV_NALSO; i++) {
        if (o->open[i])
            cfv_out_abort(&o->out[i]);
        o->open[i] = 0;
        cfv_report_free(&o->report[i]);
    }
}
