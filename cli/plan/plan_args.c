#include "plan_args.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "num.h"

const char cfv_plan_usage[] =
    "Usage: cfv plan --fleet FLEET.json [OPTIONS] FILE...\n"
    "How far may this release go? Validates each FILE once for every sensor version in\n"
    "the fleet and says, ring by ring, where it is safe to ship (FLEET.md).\n"
    "\n"
    "Options:\n"
    "  --fleet FILE           the fleet inventory: rings in order, sensors, hosts (required)\n"
    "  --through RING         exit 0 when every ring up to RING is clear\n"
    "                         (default: when every ring is clear)\n"
    "  --format text|json|sarif|markdown\n"
    "                         report format (default: text); markdown for a PR comment,\n"
    "                         sarif carries the diagnostics as cfv check does\n"
    "  --against [RING=]PREVIOUS\n"
    "                         release gate (CFV080..CFV082) against the release the rings\n"
    "                         run now; RING= for one ring; repeatable\n"
    "  --defs FILE            Template Type Definitions and sensor profiles\n"
    "                         (default: the shipped cff.defs)\n"
    "  --werror               warnings make a file unsafe too\n"
    "  --output FILE          write the report to FILE, replaced atomically\n"
    "  --max-size BYTES       larger files are not read and fail with CFV013 (default: 64M)\n"
    "  --max-diagnostics N    diagnostics per file in SARIF output (default: 100);\n"
    "                         verdicts never depend on it\n"
    "  --now EPOCH            reference time for CFV008, in Unix seconds (default: now)\n"
    "  -h, --help             show this help\n"
    "\n"
    "A sensor without a profile in the definitions blocks its ring (fail closed).\n"
    "Exit status: 0 clear (through RING), 1 a ring blocked, 2 usage, fleet file or I/O error.\n";

enum { OPT_FLEET = 256, OPT_THROUGH, OPT_FORMAT, OPT_AGAINST, OPT_DEFS, OPT_WERROR, OPT_OUTPUT,
       OPT_MAX_SIZE, OPT_MAX_DIAG, OPT_NOW };

static const struct option options[] = {
    {"fleet", required_argument, NULL, OPT_FLEET},
    {"through", required_argument, NULL, OPT_THROUGH},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"against", required_argument, NULL, OPT_AGAINST},
    {"defs", required_argument, NULL, OPT_DEFS},
    {"werror", no_argument, NULL, OPT_WERROR},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"max-diagnostics", required_argument, NULL, OPT_MAX_DIAG},
    {"now", required_argument, NULL, OPT_NOW},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

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

static int bad_number(const char *opt, const char *v, const char *what, cfv_err *e)
{
    cfv_err_set(e, "%s: '%s' is %s; expected %s", opt, v, v[0] == '-' ? "negative" : "not valid",
                what);
    return -1;
}

static int apply(cfv_plan_args *a, int opt, const char *v, cfv_err *e)
{
    uint64_t n;
    switch (opt) {
    case OPT_FLEET: a->fleet = v; break;
    case OPT_THROUGH: a->through = v; break;
    case OPT_FORMAT: return parse_format(a, v, e);
    case OPT_AGAINST: a->against[a->nagainst++] = v; break;
    case OPT_DEFS: a->defs_path = v; break;
    case OPT_WERROR: a->werror = 1; break;
    case OPT_OUTPUT: a->output = v; break;
    case OPT_MAX_SIZE:
        if (cfv_parse_size(v, 4ull << 30, &n) != 0 || n == 0)
            return bad_number("--max-size", v, "a size from 1 byte to 4G", e);
        a->max_size = n;
        break;
    case OPT_MAX_DIAG:
        if (cfv_parse_uint(v, UINT32_MAX, &n) != 0 || n == 0)
            return bad_number("--max-diagnostics", v, "a count from 1 to 4294967295", e);
        a->max_diagnostics = (uint32_t)n;
        break;
    case OPT_NOW:
        if (cfv_parse_uint(v, UINT64_MAX, &n) != 0)
            return bad_number("--now", v, "a time in Unix seconds", e);
        a->now = n;
        a->have_now = 1;
        break;
    case 'h': a->help = 1; break;
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
    opterr = 0;
    optind = 1;
    while (optind < argc) {
        const char *arg = argv[optind];
        if (arg[0] != '-' || arg[1] == '\0') {     /* files and options may mix */
            a->files[a->nfiles++] = argv[optind++];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            while (++optind < argc)
                a->files[a->nfiles++] = argv[optind];
            break;
        }
        int c = getopt_long(argc, argv, "+:h", options, NULL);
        if (c == -1)
            break;
        if (c == ':') {
            cfv_err_set(e, "%s needs a value", arg);
            return -1;
        }
        if (c == '?') {
            cfv_err_set(e, "unknown option '%s'", arg);
            return -1;
        }
        if (optarg && optarg[0] == '\0') {
            size_t n = strcspn(arg, "=");
            cfv_err_set(e, "%.*s: empty value", (int)n, arg);
            return -1;
        }
        if (apply(a, c, optarg, e) != 0)
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
