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

enum { O_CONFIG, O_PRINT_CONFIG, O_DEFS, O_SENSOR, O_FORMAT, O_OUTPUT, O_MAX_SIZE, O_MAX_DIAG,
       O_WERROR, O_QUIET, O_COLOR, O_COLOUR, O_NOW, O_BASELINE, O_WRITE_BASELINE, O_AGAINST,
       O_HELP };
static const cfv_arg_opt opts[] = {
    [O_CONFIG] = {"config", 0, "FILE",
                  "configuration (default: the .cfv.yaml found from each\n"
                  "file's directory up to the repository root)"},
    [O_PRINT_CONFIG] = {"print-config", 0, NULL,
                        "show the effective configuration and where each value\n"
                        "came from, then exit"},
    [O_DEFS] = CFV_OPT_DEFS,
    [O_SENSOR] = {"sensor", 0, "NAME",
                  "check against this sensor profile; repeatable\n"
                  "(default: every sensor in the definitions)"},
    [O_FORMAT] = {"format", 0, "text|json|sarif", "report format (default: text)"},
    [O_OUTPUT] = CFV_OPT_OUTPUT,
    [O_MAX_SIZE] = CFV_OPT_MAX_SIZE,
    [O_MAX_DIAG] = {"max-diagnostics", 0, "N",
                    "print at most N diagnostics per file, errors first\n"
                    "(default: 100); every one is still checked and counted,\n"
                    "and JSON and SARIF carry every error"},
    [O_WERROR] = {"werror", 0, NULL, "warnings fail the check too"},
    [O_QUIET] = {"quiet", 'q', NULL, "text: print errors and the summary only"},
    [O_COLOR] = {"color", 0, "[=auto|always|never]",
                 "colour the text report (default: auto: on a terminal,\n"
                 "unless NO_COLOR is set)"},
    [O_COLOUR] = {"colour", 0, "[=auto|always|never]", NULL}, /* --color, spelt so */
    [O_NOW] = CFV_OPT_NOW,
    [O_BASELINE] = {"baseline", 0, "FILE",
                    "report and count only findings not in FILE; list its\n"
                    "stale entries (docs/baseline.md)"},
    [O_WRITE_BASELINE] = {"write-baseline", 0, "FILE",
                          "record the findings in FILE (atomically); they then pass.\n"
                          "Safety rules are never recorded"},
    [O_AGAINST] = {"against", 0, "PREVIOUS",
                   "release gate: same channel, higher content_version, and a\n"
                   "summary of instance changes (docs/release-gate.md)"},
    [O_HELP] = CFV_OPT_HELP,
};

void cfv_check_usage(cfv_buf *b) { CFV_ARGS_USAGE(b, head, opts, tail); }

static int parse_format(cfv_check_args *a, const char *v, cfv_err *e)
{
    if (strcmp(v, "text") == 0)
        a->format = CFV_FORMAT_TEXT;
    else if (strcmp(v, "json") == 0)
        a->format = CFV_FORMAT_JSON;
    else if (strcmp(v, "sarif") == 0)
        a->format = CFV_FORMAT_SARIF;
    else {
        cfv_err_set(e, "--format: unknown format '%s' (expected text, json or sarif)", v);
        return -1;
    }
    return 0;
}

static int parse_color(cfv_check_args *a, const char *v, cfv_err *e)
{
    if (strcmp(v, "auto") == 0)
        a->color = CFV_COLOR_AUTO;
    else if (strcmp(v, "always") == 0)
        a->color = CFV_COLOR_ALWAYS;
    else if (strcmp(v, "never") == 0)
        a->color = CFV_COLOR_NEVER;
    else {
        cfv_err_set(e, "--color: unknown value '%s' (expected auto, always or never)", v);
        return -1;
    }
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

/* Applies option k with its value v (NULL for a flag). */
static int apply(cfv_check_args *a, int k, const char *v, cfv_err *e)
{
    switch (k) {
    case O_CONFIG: a->config = v; break;
    case O_PRINT_CONFIG: a->print_config = 1; break;
    case O_DEFS: a->defs_path = v; break;
    case O_SENSOR: a->sensors[a->nsensors++] = v; break;
    case O_FORMAT: return parse_format(a, v, e);
    case O_OUTPUT: a->output = v; break;
    case O_WERROR: a->werror = 1; break;
    case O_QUIET: a->quiet = 1; break;
    case O_COLOR:
    case O_COLOUR:
        if (v)
            return parse_color(a, v, e);
        a->color = CFV_COLOR_ALWAYS;
        break;
    case O_BASELINE: a->baseline = v; break;
    case O_WRITE_BASELINE: a->write_baseline = v; break;
    case O_AGAINST: a->against = v; break;
    case O_HELP: a->help = 1; break;
    case O_MAX_SIZE:
        a->have_max_size = 1;
        return cfv_opt_max_size(v, &a->max_size, e);
    case O_MAX_DIAG: return cfv_opt_max_diagnostics(v, &a->max_diagnostics, e);
    case O_NOW:
        a->have_now = 1;
        return cfv_opt_now(v, &a->now, e);
    }
    return 0;
}

int cfv_check_args_parse(cfv_check_args *a, int argc, char **argv, cfv_err *e)
{
    memset(a, 0, sizeof *a);
    a->format = CFV_FORMAT_TEXT;
    a->max_size = CFV_DEFAULT_MAX_SIZE;
    a->max_diagnostics = CFV_DEFAULT_MAX_DIAGNOSTICS;
    /* Every argument is at most one file or one sensor: size both for argc. */
    size_t cap = argc > 0 ? (size_t)argc : 1;
    a->files = calloc(cap, sizeof *a->files);
    a->sensors = calloc(cap, sizeof *a->sensors);
    if (!a->files || !a->sensors) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    cfv_args s;
    cfv_args_init(&s, argc, argv, opts, sizeof opts / sizeof opts[0]);
    const char *v;
    int k;
    while ((k = cfv_args_next(&s, &v, e)) != CFV_ARG_END) {
        if (k == -1)
            return -1;
        if (k == CFV_ARG_OPERAND)
            a->files[a->nfiles++] = v;
        else if (apply(a, k, v, e) != 0)
            return -1;
    }
    if (a->nfiles == 0 && !a->help && !a->print_config) {
        cfv_err_set(e, "no input files");
        return -1;
    }
    return 0;
}

void cfv_check_args_free(cfv_check_args *a)
{
    free(a->files);
    free(a->sensors);
    a->files = a->sensors = NULL;
}
