#include "run_args.h"

#include <string.h>

const char cfv_run_usage[] =
    "Usage: cfv run --sensor NAME [OPTIONS] CHANNEL_FILE EVENTS_FILE\n"
    "Replay telemetry through a model of the sensor's Content Interpreter.\n"
    "EVENTS_FILE is JSON Lines, one event a line:\n"
    "  {\"type\":\"NamedPipe\",\"inputs\":[\"\\\\\\\\.\\\\pipe\\\\x\",\"a.exe\",...,4,...]}\n"
    "with exactly as many inputs as the sensor supplies for the type: strings\n"
    "for str fields, integers 0..4294967295 for u32 fields. A file name '-' is stdin.\n"
    "\n"
    "Options:\n"
    "  --sensor NAME     the sensor version to run as (required), e.g. 7.11\n"
    "  --hardened        refuse an instance whose criteria would read past the\n"
    "                    sensor's inputs (the RCA's runtime check; the default)\n"
    "  --faithful        no bounds check, as in July 2024: such an instance reads\n"
    "                    past the input array and the process dies\n"
    "  --guarded         validate the file for the sensor first and run it only\n"
    "                    if it has no errors (the RCA's content validator fix)\n"
    "  --format text|json\n"
    "                    text: one line per event; json:\n"
    "                    {\"events\":[{\"line\":1,\"matched\":[10,11],\"refused\":[13]}]}\n"
    "  --defs FILE       Template Type Definitions (default: the shipped cff.defs)\n"
    "  -h, --help        show this help\n"
    "\n"
    "Exit status: 0 the events ran, 1 an instance was refused or the file was\n"
    "rejected (not a channel file, or --guarded found errors), 2 usage, input or I/O error.\n";

/* --name or --name=value: the value, from the same argument or the next. */
static int value(int argc, char **argv, int *i, const char *name, const char **v, cfv_err *e)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        *v = arg + n + 1;
    else if (*i + 1 < argc)
        *v = argv[++*i];
    else
        *v = NULL;
    if (!*v || !**v) {
        cfv_err_set(e, "%s needs a value", name);
        return -1;
    }
    return 0;
}

static int named(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int flag(const char *arg, const char *name, int *out, cfv_err *e)
{
    if (arg[strlen(name)] == '=') {
        cfv_err_set(e, "%s takes no value", name);
        return -1;
    }
    *out = 1;
    return 0;
}

static int option(cfv_run_args *a, int argc, char **argv, int *i, int *hardened, cfv_err *e)
{
    const char *arg = argv[*i], *v;
    if (strcmp(arg, "-h") == 0) {
        a->help = 1;
        return 0;
    }
    if (named(arg, "--help"))
        return flag(arg, "--help", &a->help, e);
    if (named(arg, "--faithful"))
        return flag(arg, "--faithful", &a->faithful, e);
    if (named(arg, "--hardened"))
        return flag(arg, "--hardened", hardened, e);
    if (named(arg, "--guarded"))
        return flag(arg, "--guarded", &a->guarded, e);
    if (named(arg, "--sensor"))
        return value(argc, argv, i, "--sensor", &a->sensor, e);
    if (named(arg, "--defs"))
        return value(argc, argv, i, "--defs", &a->defs_path, e);
    if (named(arg, "--format")) {
        if (value(argc, argv, i, "--format", &v, e) != 0)
            return -1;
        if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0) {
            cfv_err_set(e, "--format: unknown format '%s' (expected text or json)", v);
            return -1;
        }
        a->json = strcmp(v, "json") == 0;
        return 0;
    }
    cfv_err_set(e, "unknown option '%s'", arg);
    return -1;
}

static int positional(cfv_run_args *a, const char *arg, cfv_err *e)
{
    if (!a->channel_file) {
        a->channel_file = arg;
    } else if (!a->events_file) {
        a->events_file = arg;
    } else {
        cfv_err_set(e, "unexpected argument '%s': give one channel file and one events file", arg);
        return -1;
    }
    return 0;
}

static int complete(const cfv_run_args *a, int hardened, cfv_err *e)
{
    if (a->faithful && hardened)
        cfv_err_set(e, "--faithful and --hardened exclude each other");
    else if (!a->sensor)
        cfv_err_set(e, "--sensor is required: the sensor version to run as");
    else if (!a->events_file)
        cfv_err_set(e, "give a channel file and an events file");
    else if (strcmp(a->channel_file, "-") == 0 && strcmp(a->events_file, "-") == 0)
        cfv_err_set(e, "only one of the two files can be stdin ('-')");
    else
        return 0;
    return -1;
}

int cfv_run_args_parse(cfv_run_args *a, int argc, char **argv, cfv_err *e)
{
    memset(a, 0, sizeof *a);
    int hardened = 0, only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (!only_files && strcmp(arg, "--") == 0) {
            only_files = 1;
            rc = 0;
        } else if (!only_files && arg[0] == '-' && arg[1] != '\0') {
            rc = option(a, argc, argv, &i, &hardened, e);
        } else {
            rc = positional(a, arg, e);
        }
        if (rc != 0)
            return -1;
    }
    return a->help ? 0 : complete(a, hardened, e);
}
