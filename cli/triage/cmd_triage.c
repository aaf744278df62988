/* cfv triage: runs crash inputs through the plain faithful replica in a
 * child process, classifies and deduplicates the crashes (triage/). */
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common_opts.h"
#include "usage.h"
#include "cfv_triage.h"
#include "defs_load.h"
#include "exe_path.h"
#include "num.h"
#include "out.h"
#include "sensors.h"

/* Where the children sit relative to an installed bin/cfv (CMake computes
 * it from the install directories), e.g. "../libexec/cfv". */
#ifndef CFV_LIBEXEC_FROM_BIN
#define CFV_LIBEXEC_FROM_BIN "../libexec/cfv"
#endif

#define MAX_INPUTS 4096

static const char head[] =
    "Usage: cfv triage [OPTIONS] CRASH_FILE...|DIR...\n"
    "Run crash inputs through the faithful Content Interpreter replica (plain,\n"
    "unsanitized, in a child process), classify each crash from its signal, fault\n"
    "address and Capstone-disassembled instruction, and group them into buckets:\n"
    "one line per bucket with the count, class, function, faulting instruction and\n"
    "the smallest input that shows it. A DIR stands for the files in it.\n"
    "\n"
    "Options:\n";

static const char tail[] =
    "\n"
    "Exit status: 0 nothing crashed, 1 at least one bucket, 2 usage or I/O error.\n";

enum { O_SENSOR, O_FORMAT, O_ASAN, O_ASAN_LOG, O_TIMEOUT, O_VERBOSE, O_OUTPUT, O_DEFS, O_CHILD,
       O_HELP };
static const cfv_arg_opt opts[] = {
    [O_SENSOR] = {"sensor", 0, "NAME",
                  "evaluate as this sensor only (default: every sensor in the\n"
                  "definitions, in order, until one crashes)"},
    [O_FORMAT] = CFV_OPT_FORMAT_TEXT_JSON(
        "json: {\"buckets\":[{\"class\",\"instruction\",\"function\",\n"
        "\"count\",\"reproducer\",\"inputs\",...}],\"not_reproduced\":[...]}"),
    [O_ASAN] = {"asan", 0, NULL,
                "also run each input in the AddressSanitizer-built replica\n"
                "and fold its report into the same buckets"},
    [O_ASAN_LOG] = {"asan-log", 0, "FILE",
                    "fold the AddressSanitizer reports in FILE (e.g. a libFuzzer\n"
                    "log) into the buckets; may be repeated, needs no inputs"},
    [O_TIMEOUT] = {"timeout", 0, "SEC", "per child run (default 10)"},
    [O_VERBOSE] = {"verbose", 'v', NULL, "text: each bucket's addresses, frames and ASan verdict"},
    [O_OUTPUT] = {"output", 0, "FILE", "write the report to FILE (replaced atomically)"},
    [O_DEFS] = CFV_OPT_DEFS,
    [O_CHILD] = {"child", 0, "PATH", "the replica child (default: cfv-replica-child beside cfv,\n"
                                     "else in ../libexec/cfv/ from it, where it is installed)"},
    [O_HELP] = CFV_OPT_HELP,
};

typedef struct triage_args {
    const char *defs, *sensor, *output, *child;
    int json, asan, verbose, help;
    unsigned timeout_s;
    const char *logs[64];
    size_t nlogs;
    const char *paths[MAX_INPUTS];
    size_t npaths;
} triage_args;

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("cfv: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

static int option(triage_args *a, int k, const char *v)
{
    uint64_t n;
    switch (k) {
    case O_SENSOR: a->sensor = v; break;
    case O_ASAN: a->asan = 1; break;
    case O_VERBOSE: a->verbose = 1; break;
    case O_OUTPUT: a->output = v; break;
    case O_DEFS: a->defs = v; break;
    case O_CHILD: a->child = v; break;
    case O_HELP: a->help = 1; break;
    case O_FORMAT:
        if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0)
            return fail("--format: unknown format '%s' (expected text or json)", v);
        a->json = strcmp(v, "json") == 0;
        break;
    case O_TIMEOUT:
        if (cfv_parse_uint(v, 3600, &n) != 0 || n == 0)
            return fail("--timeout: '%s' is not a number of seconds in 1..3600", v);
        a->timeout_s = (unsigned)n;
        break;
    case O_ASAN_LOG:
        if (a->nlogs == sizeof a->logs / sizeof a->logs[0])
            return fail("too many --asan-log files");
        a->logs[a->nlogs++] = v;
        break;
    }
    return 0;
}

static int parse_args(triage_args *a, int argc, char **argv)
{
    cfv_args s;
    cfv_err e;
    const char *v;
    int k;
    cfv_args_init(&s, argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cfv_args_next(&s, &v, &e)) != CFV_ARG_END) {
        if (k == -1)
            return cfv_cli_usage_error("triage", &e);
        if (k != CFV_ARG_OPERAND) {
            if (option(a, k, v) != 0)
                return 2;
        } else if (a->npaths == MAX_INPUTS) {
            return fail("more than %d inputs", MAX_INPUTS);
        } else {
            a->paths[a->npaths++] = v;
        }
    }
    if (!a->help && a->npaths == 0 && a->nlogs == 0)
        return fail("give crash files or a directory of them\nTry 'cfv triage --help' for more "
                    "information.");
    return 0;
}

static char *usage_text(void)
{
    cfv_buf b = {0};
    CFV_ARGS_USAGE(&b, head, opts, tail);
    return cfv_buf_take(&b);
}

/* A replica child relative to this cfv: beside it (a build tree), else
 * in the installed libexec directory; so a tree moved elsewhere still works. */
static char *find_child(const char *name)
{
    char beside[PATH_MAX], installed[PATH_MAX];
    snprintf(beside, sizeof beside, "%s", name);
    snprintf(installed, sizeof installed, "%s/%s", CFV_LIBEXEC_FROM_BIN, name);
    const char *const rels[] = {beside, installed};
    return cfv_exe_find(rels, 2);
}

static int triage_one(cfv_triage *t, const char *path, int *crashed)
{
    cfv_triage_error err;
    cfv_triage_outcome o;
    if (cfv_triage_input(t, path, &o, NULL, &err) != 0)
        return fail("%s", err.message);
    *crashed |= o == CFV_TRIAGE_CRASHED;
    return 0;
}

/* A directory: its regular files, by name, dot files skipped. */
static int triage_dir(cfv_triage *t, const char *dir, int *crashed)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0)
        return fail("%s: cannot list the directory", dir);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX];
        struct stat st;
        int len = snprintf(path, sizeof path, "%s%s%s", dir,
                           dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]->d_name);
        if (rc == 0 && names[i]->d_name[0] != '.' && len > 0 && (size_t)len < sizeof path &&
            stat(path, &st) == 0 && S_ISREG(st.st_mode))
            rc = triage_one(t, path, crashed);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int run_all(cfv_triage *t, const triage_args *a, int *crashed)
{
    for (size_t i = 0; i < a->npaths; i++) {
        struct stat st;
        if (stat(a->paths[i], &st) != 0)
            return fail("%s: no such file or directory", a->paths[i]);
        int rc = S_ISDIR(st.st_mode) ? triage_dir(t, a->paths[i], crashed)
                                     : triage_one(t, a->paths[i], crashed);
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < a->nlogs; i++) {
        cfv_triage_error err;
        int n = cfv_triage_asan_log(t, a->logs[i], &err);
        if (n < 0)
            return fail("%s", err.message);
        *crashed |= n > 0;
    }
    return 0;
}

static int write_report(const triage_args *a, char *text)
{
    if (!text)
        return fail("out of memory");
    cfv_out o;
    cfv_err e;
    if (cfv_out_open(&o, a->output, &e) != 0) {
        free(text);
        return fail("%s", e.msg);
    }
    cfv_buf_puts(&o.buf, text);
    free(text);
    return cfv_out_commit(&o, &e) == 0 ? 0 : fail("%s", e.msg);
}

static int triage(const triage_args *a, const cfv_defs *defs, int sensor)
{
    char *child = a->child ? strdup(a->child) : find_child("cfv-replica-child");
    char *asan = a->asan ? find_child("cfv-replica-child-asan") : NULL;
    if (!child || (a->asan && !asan)) {
        free(child);
        free(asan);
        return fail("cannot find %s (build it, or pass --child PATH)",
                    child ? "cfv-replica-child-asan" : "cfv-replica-child");
    }
    cfv_triage_options opt = {defs, sensor, child, asan, a->timeout_s * 1000u};
    cfv_triage *t;
    cfv_triage_error err;
    int rc = cfv_triage_new(&t, &opt, &err) == 0 ? 0 : fail("%s", err.message);
    int crashed = 0;
    if (rc == 0 && (rc = run_all(t, a, &crashed)) == 0)
        rc = write_report(a, a->json ? cfv_triage_render_json(t) : cfv_triage_render_text(t, a->verbose));
    if (rc == 0 && crashed)
        rc = 1;
    cfv_triage_free(t);
    free(child);
    free(asan);
    return rc;
}

int cfv_cmd_triage(int argc, char **argv)
{
    triage_args *a = calloc(1, sizeof *a);
    if (!a)
        return fail("out of memory");
    int rc = parse_args(a, argc, argv);
    if (rc == 0 && a->help) {
        rc = write_report(a, usage_text());
    } else if (rc == 0) {
        cfv_err e;
        cfv_defs *defs = cfv_defs_load(a->defs, &e);
        uint32_t mask = 0;
        if (!defs)
            rc = fail("%s", e.msg);
        else if (a->sensor && cfv_select_sensors(defs, &a->sensor, 1, &mask, &e) != 0)
            rc = fail("%s", e.msg);
        else
            rc = triage(a, defs, a->sensor ? __builtin_ctz(mask) : -1);
        free(defs);
    }
    free(a);
    return rc;
}
