#include "check_args.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfv/cfv.h"
#include "common_opts.h"
#include "num.h"

static const char head[] =
    "Usage: cfv check [OPTIONS] FILE|DIR...\n"
    "Validate CFF v1 channel files before they are published. FILE '-' reads stdin;\n"
    "a directory is walked for *.sys and *.cff (the configuration's include).\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "Exit status: 0 no errors (notes never fail), 1 errors found (or warnings with\n"
    "--werror), 2 usage, configuration or I/O error (and any attempt to weaken a\n"
    "safety rule: cfv rules lists them).\n";

enum { OPT_CONFIG, OPT_PRINT_CONFIG, OPT_DEFS, OPT_SENSOR, OPT_FORMAT, OPT_OUTPUT, OPT_MAX_SIZE,
       OPT_MAX_DIAG, OPT_WERROR, OPT_QUIET, OPT_COLOR, OPT_NOW, OPT_BASELINE, OPT_WRITE_BASELINE,
       OPT_AGAINST, OPT_SARIF_OUTPUT, OPT_JSON_OUTPUT, OPT_JUNIT_OUTPUT, OPT_HELP };

static const cfv_arg_opt options[] = {
    [OPT_CONFIG] = {"config", 0, "FILE",
                    "configuration (default: the .cfv.yaml found from each\n"
                    "file's directory up to the repository root)"},
    [OPT_PRINT_CONFIG] = {"print-config", 0, NULL,
                          "show the effective configuration and where each value\n"
                          "came from, then exit"},
    [OPT_DEFS] = CFV_OPT_DEFS,
    [OPT_SENSOR] = {"sensor", 0, "NAME",
                    "check against this sensor profile; repeatable\n"
                    "(default: every sensor in the definitions)"},
    [OPT_FORMAT] = {"format", 0, "text|json|sarif|github|gcc|junit",
                    "report format (default: text); github: workflow commands\n"
                    "(annotations); gcc: FILE:1:COLUMN: for problem matchers,\n"
                    "the column being the byte offset + 1; junit: JUnit XML"},
    [OPT_OUTPUT] = CFV_OPT_OUTPUT,
    [OPT_SARIF_OUTPUT] = CFV_OPT_SARIF_OUTPUT,
    [OPT_JSON_OUTPUT] = CFV_OPT_JSON_OUTPUT,
    [OPT_JUNIT_OUTPUT] = CFV_OPT_JUNIT_OUTPUT,
    [OPT_MAX_SIZE] = CFV_OPT_MAX_SIZE,
    [OPT_MAX_DIAG] = {"max-diagnostics", 0, "N",
                      "print at most N diagnostics per file, errors first\n"
                      "(default: 100); every one is still checked and counted,\n"
                      "and JSON and SARIF carry every error"},
    [OPT_WERROR] = {"werror", 0, NULL, "warnings fail the check too"},
    [OPT_QUIET] = {"quiet", 'q', NULL, "text: print errors and the summary only"},
    [OPT_COLOR] = {"color", 0, "[=WHEN]",
                   "colour the text report: WHEN is auto (the default: on\n"
                   "a terminal, unless NO_COLOR is set), always or never;\n"
                   "--color alone is always (write --color=never: the\n"
                   "value must follow '=')"},
    [OPT_NOW] = CFV_OPT_NOW,
    [OPT_BASELINE] = {"baseline", 0, "FILE",
                      "report and count only findings not in FILE; list its\n"
                      "stale entries (docs/baseline.md)"},
    [OPT_WRITE_BASELINE] = {"write-baseline", 0, "FILE",
                            "record the findings in FILE (atomically); they then pass.\n"
                            "Safety rules are never recorded"},
    [OPT_AGAINST] = {"against", 0, "PREVIOUS",
                     "release gate: same channel, higher content_version, and a\n"
                     "summary of instance changes (docs/release-gate.md)"},
    [OPT_HELP] = CFV_OPT_HELP,
};

#define NOPTS (sizeof options / sizeof options[0])

void cfv_check_usage(cfv_buf *b) { CFV_ARGS_USAGE(b, head, options, tail); }

/* In cfv_color's order. */
static const char *const color_names[] = {"auto", "always", "never"};
#define NCOLOR_NAMES (sizeof color_names / sizeof color_names[0])

static int is_color_name(const char *v)
{
    for (size_t k = 0; k < NCOLOR_NAMES; k++)
        if (strcmp(v, color_names[k]) == 0)
            return 1;
    return 0;
}

/* "--color" alone means always, as GNU ls and grep have it. */
static int parse_color(cfv_check_args *a, const char *v, cfv_err *e)
{
    int k;
    if (!v) {
        a->color = CFV_COLOR_ALWAYS;
        return 0;
    }
    if (cfv_opt_choice("--color", "value", v, color_names, (int)NCOLOR_NAMES, &k, e) != 0)
        return -1;
    a->color = (cfv_color)k;
    return 0;
}

int cfv_color_wanted(cfv_color c, const char *output)
{
    if (c != CFV_COLOR_AUTO)
        return c == CFV_COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR");
    if (no && no[0])
        return 0;
    return (!output || strcmp(output, "-") == 0) && isatty(1);
}

static int apply(void *ctx, int opt, const char *v, cfv_err *e)
{
    cfv_check_args *a = ctx;
    int after_bare_color = a->bare_color;
    a->bare_color = opt == OPT_COLOR && !v;
    if (after_bare_color && opt == CFV_ARG_OPERAND && is_color_name(v))
        a->color_operand = v;   /* "--color never": never is a file, named if it is none */
    switch (opt) {
    case OPT_PRINT_CONFIG: a->print_config = 1; break;
    case OPT_SENSOR: a->sensors[a->nsensors++] = v; break;
    case OPT_FORMAT: return cfv_report_format_parse(v, &a->format, e);
    case OPT_QUIET: a->quiet = 1; break;
    case OPT_COLOR: return parse_color(a, v, e);
    case OPT_BASELINE: a->baseline = v; break;
    case OPT_WRITE_BASELINE: a->write_baseline = v; break;
    case OPT_AGAINST: a->against = v; break;
    case OPT_SARIF_OUTPUT: a->also[CFV_ALSO_SARIF] = v; break;
    case OPT_JSON_OUTPUT: a->also[CFV_ALSO_JSON] = v; break;
    case OPT_JUNIT_OUTPUT: a->also[CFV_ALSO_JUNIT] = v; break;
    default: return cfv_common_opts_apply(&a->common, opt, opt < 0 ? NULL : options[opt].name, v, e);
    }
    return 0;
}

int cfv_check_args_parse(cfv_check_args *a, int argc, char **argv, cfv_err *e)
{
    memset(a, 0, sizeof *a);
    a->format = CFV_FORMAT_TEXT;
    if (cfv_common_opts_scan(&a->common, &a->sensors, argc, argv, options, NOPTS, apply, a, e) != 0)
        return -1;
    if (a->common.nfiles == 0 && !a->common.help && !a->print_config) {
        cfv_err_set(e, "no input files");
        return -1;
    }
    return a->common.help;
}

void cfv_check_args_free(cfv_check_args *a)
{
    cfv_common_opts_free(&a->common, &a->sensors);
}
