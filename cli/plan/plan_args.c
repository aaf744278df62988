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
    [OPT_DEFS] = CFV_OPT_DEFS,
    [OPT_CONFIG] = {"config", 0, "FILE",
                    "rule severities, suppressions and max-size as for cfv check\n"
                    "(default: the .cfv.yaml found from each file's directory up;\n"
                    "its sensors are ignored: the fleet names them)"},
    [OPT_WERROR] = {"werror", 0, NULL, "warnings make a file unsafe too"},
    [OPT_OUTPUT] = CFV_OPT_OUTPUT,
    [OPT_MAX_SIZE] = CFV_OPT_MAX_SIZE,
    [OPT_MAX_DIAG] = {"max-diagnostics", 0, "N",
                      "diagnostics printed per file in SARIF output (default: 100);\n"
                      "every diagnostic is counted: verdicts never depend on it"},
    [OPT_NOW] = CFV_OPT_NOW,
    [OPT_HELP] = CFV_OPT_HELP,
};

void cfv_plan_usage(cfv_buf *b) { CFV_ARGS_USAGE(b, head, options, tail); }

static int parse_format(cfv_plan_args *a, const char *v, cfv_err *e)
{
    static const char *const names[] = {"text", "json", "sarif", "markdown"};
    int k;
    if (cfv_opt_choice("--format", "format", v, names, 4, &k, e) != 0)
        return -1;
    a->format = (cfv_plan_format)k;
    return 0;
}

static int apply(void *ctx, int opt, const char *v, cfv_err *e)
{
    cfv_plan_args *a = ctx;
    switch (opt) {
    case OPT_FLEET: a->fleet = v; break;
    case OPT_THROUGH: a->through = v; break;
    case OPT_FORMAT: return parse_format(a, v, e);
    case OPT_AGAINST: a->against[a->nagainst++] = v; break;
    default: return cfv_common_opts_apply(&a->common, opt, opt < 0 ? NULL : options[opt].name, v, e);
    }
    return 0;
}

int cfv_plan_args_parse(cfv_plan_args *a, int argc, char **argv, cfv_err *e)
{
    memset(a, 0, sizeof *a);
    if (cfv_common_opts_scan(&a->common, &a->against, argc, argv, options,
                             sizeof options / sizeof options[0], apply, a, e) != 0)
        return -1;
    if (a->common.help)
        return 1;
    if (!a->fleet) {
        cfv_err_set(e, "--fleet FLEET.json is required");
        return -1;
    }
    if (a->common.nfiles == 0) {
        cfv_err_set(e, "no input files");
        return -1;
    }
    return 0;
}

void cfv_plan_args_free(cfv_plan_args *a)
{
    cfv_common_opts_free(&a->common, &a->against);
}
