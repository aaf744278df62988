#include "run_args.h"

#include <string.h>

#include "common_opts.h"

static const char head[] =
    "Usage: cfv run --sensor NAME [OPTIONS] CHANNEL_FILE EVENTS_FILE\n"
    "Replay telemetry through a model of the sensor's Content Interpreter.\n"
    "EVENTS_FILE is JSON Lines, one event a line:\n"
    "  {\"type\":\"NamedPipe\",\"inputs\":[\"\\\\\\\\.\\\\pipe\\\\x\",\"a.exe\",...,4,...]}\n"
    "with exactly as many inputs as the sensor supplies for the type: strings\n"
    "for str fields, integers 0..4294967295 for u32 fields. A file name '-' is stdin.\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "Exit status: 0 the events ran, 1 an instance was refused or the file was\n"
    "rejected (not a channel file, or --guarded found errors), 2 usage, input or I/O error.\n";

enum { O_SENSOR, O_HARDENED, O_FAITHFUL, O_GUARDED, O_FORMAT, O_DEFS, O_HELP };
static const cfv_arg_opt opts[] = {
    [O_SENSOR] = {"sensor", 0, "NAME", "the sensor version to run as (required), e.g. 7.11"},
    [O_HARDENED] = {"hardened", 0, NULL,
                    "refuse an instance whose criteria would read past the\n"
                    "sensor's inputs (the RCA's runtime check; the default)"},
    [O_FAITHFUL] = {"faithful", 0, NULL,
                    "no bounds check, as in July 2024: such an instance reads\n"
                    "past the input array and the process dies"},
    [O_GUARDED] = {"guarded", 0, NULL,
                   "validate the file for the sensor first and run it only\n"
                   "if it has no errors (the RCA's content validator fix)"},
    [O_FORMAT] = CFV_OPT_FORMAT_TEXT_JSON(
        "text: one line per event; json:\n"
        "{\"events\":[{\"line\":1,\"matched\":[10,11],\"refused\":[13]}]}"),
    [O_DEFS] = CFV_OPT_DEFS,
    [O_HELP] = CFV_OPT_HELP,
};

void cfv_run_usage(cfv_buf *b) { CFV_ARGS_USAGE(b, head, opts, tail); }

static int option(cfv_run_args *a, int k, const char *v, int *hardened, cfv_err *e)
{
    switch (k) {
    case O_SENSOR: a->sensor = v; break;
    case O_HARDENED: *hardened = 1; break;
    case O_FAITHFUL: a->faithful = 1; break;
    case O_GUARDED: a->guarded = 1; break;
    case O_DEFS: a->defs_path = v; break;
    case O_HELP: a->help = 1; break;
    case O_FORMAT:
        if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0) {
            cfv_err_set(e, "--format: unknown format '%s' (expected text or json)", v);
            return -1;
        }
        a->json = strcmp(v, "json") == 0;
        break;
    }
    return 0;
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
    int hardened = 0, k;
    const char *v;
    cfv_args s;
    cfv_args_init(&s, argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cfv_args_next(&s, &v, e)) != CFV_ARG_END) {
        if (k == -1)
            return -1;
        if ((k == CFV_ARG_OPERAND ? positional(a, v, e) : option(a, k, v, &hardened, e)) != 0)
            return -1;
    }
    return a->help ? 1 : complete(a, hardened, e);
}
