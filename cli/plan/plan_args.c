#include "plan_args.h"

#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "common_opts.h"
#include "num.h"

static const char head[] =
    "Usage: cfv plan --fleet FLEET.json [OPTIONS] FILE...\n"
    "How far may this release go? Validates each FILE once for every sensor version in\n"
    "the fleet and says, ring by ring, where it is safe to ship (FLEET.md).\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "A sensor without a profile in the definitions blocks its ring (fail closed).\n"
    "Exit status: 0 clear (through RING), 1 a ring blocked, 2 usage, fleet file or I/O error.\n";

enum { OPT_FLEET, OPT_THROUGH, OPT_FORMAT, OPT_AGAINST, OPT_DEFS, OPT_CONFIG, OPT_WERROR,
       OPT_OUTPUT, OPT_MAX_SIZE, OPT_MAX_DIAG, OPT_NOW, OPT_HELP };

static const cfv_arg_opt options[] = {
    [OPT_FLEET] = {"fleet", 0, "FILE",
                   "the fleet inventory: rings in order, sensors, hosts (required)"},
    [OPT_THROUGH] = {"through", 0, "RING",
                     "exit 0 when every ring up to RING is clear\n"
                     "(default: when every ring is clear)"},
    [OPT_FORMAT] = {"format", 0, "text|json|sarif|markdown",
                    "report format (default: text); markdown for a PR comment,\n"
                    "sarif carries the diagnostics as cfv check does"},
    [OPT_AGAINST] = {"against", 0, "[RING=]PREVIOUS",
                     "release gate (CFV080..CFV082) against the release the rings\n"
                     "run now; RING= for one ring; repeatable"},
    [OPT_DEFS] = {"defs", 0, "FILE",
                  "Template Type Definitions and sensor profiles\n"
                  "(default: the shipped cff.defs)"},
    [OPT_CONFIG] = {"config", 0, "FILE",
                    "rule severities, suppressions and max-size as for cfv check\n"
                    "(default: the .cfv.yaml found from each file's directory up;\n"
                    "its sensors are ignored: the fleet names them)"},
    [OPT_WERROR] = {"werror", 0, NULL, "warnings make a file unsafe too"},
    [OPT_OUTPUT] = {"output", 0, "FILE", "write the report to FILE, replaced atomically"},
    [OPT_MAX_SIZE] = {"max-size", 0, "BYTES",
                      "larger files are not read and fail with CFV013 (default: 64M)"},
    [OPT_MAX_DIAG] = {"max-diagnostics", 0, "N",
                      "diagnostics printed per file in SARIF output (default: 100);\n"
                      "every diagnostic is counted: verdicts never depend on it"},
    [OPT_NOW] = {"now", 0, "EPOCH", "reference time for CFV008, in Unix seconds (default: now)"},
    [OPT_HELP] = CFV_OPT_HELP,
};

void cfv_plan_usage(cfv_buf *b)
{
    cfv_buf_puts(b, head);
    cfv_args_help(b, options, sizeof options / sizeof options[0]);
    cfv_buf_puts(b, tail);
}

static int parse_format(cfv_plan_args *a, const char *v, cfv_err *e)
{
    static const char *const names[] = {"text", "json", "sarif", "markdown"};
    for (int k = 0; k < 4; k++)
        if (strcmp(v, names[k]) == 0) {
            a->format = (cfv_plan_format)k;
            return 0;
        }
    cfv_err_set(e, "--format: unknown format '%s' (expected text, json, sarif or markdown)", v);
    return -1;
}

static int apply(cfv_plan_args *a, int opt, const char *v, cfv_err *e)
{
    switch (opt) {
    case OPT_FLEET: a->fleet = v; break;
    case OPT_THROUGH: a->through = v; break;
    case OPT_FORMAT: return parse_format(a, v, e);
    case OPT_AGAINST: a->against[a->nagainst++] = v; break;
    case OPT_DEFS: a->defs_path = v; break;
    case OPT_CONFIG: a->config = v; break;
    case OPT_WERROR: a->werror = 1; break;
    case OPT_OUTPUT: a->output = v; break;
    case OPT_MAX_SIZE:
        if (cfv_opt_max_size(v, &a->max_size, e) != 0)
            return -1;
        a->have_max_size = 1;
        break;
    case OPT_MAX_DIAG: return cfv_opt_max_diagnostics(v, &a->max_diagnostics, e);
    case OPT_NOW:
        a->have_now = 1;
        return cfv_opt_now(v, &a->now, e);
    case OPT_HELP: a->help = 1; break;
    default: break;
    }
    return 0;
}

int cfv_plan_args_parse(cfv_plan_args *a, int argc, char **argv, cfv_err *e)
{
    memset(a, 0, sizeof *a);
    a->max_size = CFV_DEFAULT_MAX_SIZE;
    a->max_diagnostics = CFV_DEFAULT_MAX_DIAGNOSTICS;
    size_t cap = argc > 0 ? (size_t)argc : 1;
    a->files = calloc(cap, sizeof *a->files);
    a->against = calloc(cap, sizeof *a->against);
    if (!a->files || !a->against) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    cfv_args s;
    cfv_args_init(&s, argc, argv, options, sizeof options / sizeof options[0]);
    const char *v;
    int k;
    while ((k = cfv_args_next(&s, &v, e)) != CFV_ARG_END) {
        if (k == -1)
            return -1;
        if (k == CFV_ARG_OPERAND)
            a->files[a->nfiles++] = v; /* files and options may mix */
        else if (apply(a, k, v, e) != 0)
            return -1;
    }
    if (a->help)
        return 0;
    if (!a->fleet) {
        cfv_err_set(e, "--fleet FLEET.json is required");
        return -1;
    }
    if (a->nfiles == 0) {
        cfv_err_set(e, "no input files");
        return -1;
    }
    return 0;
}

void cfv_plan_args_free(cfv_plan_args *a)
{
    free(a->files);
    free(a->against);
    a->files = a->against = NULL;
}
