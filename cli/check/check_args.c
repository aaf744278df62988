#include "check_args.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfv/cfv.h"
#include "num.h"

const char cfv_check_usage[] =
    "Usage: cfv check [OPTIONS] FILE|DIR...\n"
    "Validate CFF v1 channel files before they are published. FILE '-' reads stdin;\n"
    "a directory is walked for *.sys and *.cff (the configuration's include).\n"
    "\n"
    "Options:\n"
    "  --config FILE          configuration (default: the .cfv.yaml found from each\n"
    "                         file's directory up to the repository root)\n"
    "  --print-config         show the effective configuration and where each value\n"
    "                         came from, then exit\n"
    "  --defs FILE            Template Type Definitions (default: the shipped cff.defs)\n"
    "  --sensor NAME          check against this sensor profile; repeatable\n"
    "                         (default: every sensor in the definitions)\n"
    "  --format text|json|sarif|github|gcc|junit\n"
    "                         report format (default: text); github: workflow commands\n"
    "                         (annotations); gcc: FILE:1:COLUMN: for problem matchers,\n"
    "                         the column being the byte offset + 1; junit: JUnit XML\n"
    "  --output FILE          write the report to FILE, replaced atomically (default: stdout)\n"
    "  --sarif-output FILE, --json-output FILE, --junit-output FILE\n"
    "                         also write that report to FILE (atomically), in the same run\n"
    "  --max-size BYTES       larger files are not read and fail with CFV013\n"
    "                         (default: 64M; K, M, G suffixes allowed; at most 4G)\n"
    "  --max-diagnostics N    print at most N diagnostics per file, errors first\n"
    "                         (default: 100); every one is still checked and counted,\n"
    "                         and JSON and SARIF carry every error\n"
    "  --werror               warnings fail the check too\n"
    "  -q, --quiet            text: print errors and the summary only\n"
    "  --color[=auto|always|never]\n"
    "                         colour the text report (default: auto: on a terminal,\n"
    "                         unless NO_COLOR is set)\n"
    "  --now EPOCH            reference time for CFV008, in Unix seconds\n"
    "                         (default: now; 0 skips CFV008)\n"
    "  --baseline FILE        report and count only findings not in FILE; list its\n"
    "                         stale entries (docs/baseline.md)\n"
    "  --write-baseline FILE  record the findings in FILE (atomically); they then pass.\n"
    "                         Safety rules are never recorded\n"
    "  --against PREVIOUS     release gate: same channel, higher content_version, and a\n"
    "                         summary of instance changes (docs/release-gate.md)\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 no errors (notes never fail), 1 errors found (or warnings with\n"
    "--werror), 2 usage, configuration or I/O error (and any attempt to weaken a\n"
    "safety rule: cfv rules lists them).\n";

/* Splits "--name=value"; returns the option name length. */
static size_t name_len(const char *arg)
{
    const char *eq = strchr(arg, '=');
    return eq ? (size_t)(eq - arg) : strlen(arg);
}

static int is_opt(const char *arg, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(arg, name, n) == 0;
}

static int parse_format(cfv_check_args *a, const char *v, cfv_err *e)
{
    if (strcmp(v, "text") == 0)
        a->format = CFV_FORMAT_TEXT;
    else if (strcmp(v, "json") == 0)
        a->format = CFV_FORMAT_JSON;
    else if (strcmp(v, "sarif") == 0)
        a->format = CFV_FORMAT_SARIF;
    else if (strcmp(v, "github") == 0)
        a->format = CFV_FORMAT_GITHUB;
    else if (strcmp(v, "gcc") == 0)
        a->format = CFV_FORMAT_GCC;
    else if (strcmp(v, "junit") == 0)
        a->format = CFV_FORMAT_JUNIT;
    else {
        cfv_err_set(e, "--format: unknown format '%s' (expected text, json, sarif, github, gcc "
                    "or junit)", v);
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

static int bad_number(const char *opt, const char *v, const char *what, cfv_err *e)
{
    if (v[0] == '-')
        cfv_err_set(e, "%s: '%s' is negative; expected %s", opt, v, what);
    else
        cfv_err_set(e, "%s: '%s' is not %s", opt, v, what);
    return -1;
}

/* Applies one option that takes a value. */
static int apply(cfv_check_args *a, const char *opt, const char *v, cfv_err *e)
{
    uint64_t n;
    if (strcmp(opt, "--defs") == 0) {
        a->defs_path = v;
    } else if (strcmp(opt, "--sensor") == 0) {
        a->sensors[a->nsensors++] = v;
    } else if (strcmp(opt, "--format") == 0) {
        return parse_format(a, v, e);
    } else if (strcmp(opt, "--output") == 0) {
        a->output = v;
    } else if (strcmp(opt, "--against") == 0) {
        a->against = v;
    } else if (strcmp(opt, "--sarif-output") == 0) {
        a->also[CFV_ALSO_SARIF] = v;
    } else if (strcmp(opt, "--json-output") == 0) {
        a->also[CFV_ALSO_JSON] = v;
    } else if (strcmp(opt, "--junit-output") == 0) {
        a->also[CFV_ALSO_JUNIT] = v;
    } else if (strcmp(opt, "--config") == 0) {
        a->config = v;
    } else if (strcmp(opt, "--baseline") == 0) {
        a->baseline = v;
    } else if (strcmp(opt, "--write-baseline") == 0) {
        a->write_baseline = v;
    } else if (strcmp(opt, "--max-size") == 0) {
        if (cfv_parse_size(v, CFV_MAX_SIZE_LIMIT, &n) != 0 || n == 0)
            return bad_number(opt, v, "a size from 1 byte to 4G", e);
        a->max_size = n;
        a->have_max_size = 1;
    } else if (strcmp(opt, "--max-diagnostics") == 0) {
        if (cfv_parse_uint(v, UINT32_MAX, &n) != 0 || n == 0)
            return bad_number(opt, v, "a count from 1 to 4294967295", e);
        a->max_diagnostics = (uint32_t)n;
    } else if (strcmp(opt, "--now") == 0) {
        if (cfv_parse_uint(v, UINT64_MAX, &n) != 0)
            return bad_number(opt, v, "a time in Unix seconds", e);
        a->now = n;
        a->have_now = 1;
    }
    return 0;
}

static const char *const valued[] = {"--defs",     "--sensor",          "--format", "--output",
                                     "--max-size", "--max-diagnostics", "--now",    "--against",
                                     "--config", "--baseline", "--write-baseline",
                                     "--sarif-output", "--json-output", "--junit-output"};

static int option(cfv_check_args *a, int argc, char **argv, int *i, cfv_err *e)
{
    const char *arg = argv[*i];
    size_t n = name_len(arg);
    if (is_opt(arg, n, "--help") || is_opt(arg, n, "-h")) {
        a->help = 1;
        return 0;
    }
    if (is_opt(arg, n, "-q") || is_opt(arg, n, "--quiet")) {
        if (arg[n] == '=') {
            cfv_err_set(e, "%.*s takes no value", (int)n, arg);
            return -1;
        }
        a->quiet = 1;
        return 0;
    }
    if (is_opt(arg, n, "--print-config")) {
        if (arg[n] == '=') {
            cfv_err_set(e, "--print-config takes no value");
            return -1;
        }
        a->print_config = 1;
        return 0;
    }
    if (is_opt(arg, n, "--color") || is_opt(arg, n, "--colour"))
        return arg[n] == '=' ? parse_color(a, arg + n + 1, e) : (a->color = CFV_COLOR_ALWAYS, 0);
    if (is_opt(arg, n, "--werror")) {
        if (arg[n] == '=') {
            cfv_err_set(e, "--werror takes no value");
            return -1;
        }
        a->werror = 1;
        return 0;
    }
    for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++) {
        if (!is_opt(arg, n, valued[k]))
            continue;
        const char *v;
        if (arg[n] == '=') {
            v = arg + n + 1;
        } else if (*i + 1 < argc) {
            v = argv[++*i];
        } else {
            cfv_err_set(e, "%s needs a value", valued[k]);
            return -1;
        }
        if (v[0] == '\0') {
            cfv_err_set(e, "%s: empty value", valued[k]);
            return -1;
        }
        return apply(a, valued[k], v, e);
    }
    cfv_err_set(e, "unknown option '%s'", arg);
    return -1;
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
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_files && strcmp(arg, "--") == 0) {
            only_files = 1;
        } else if (!only_files && arg[0] == '-' && arg[1] != '\0') {
            if (option(a, argc, argv, &i, e) != 0)
                return -1;
        } else {
            a->files[a->nfiles++] = arg;
        }
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
