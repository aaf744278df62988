/* A triage session: runs inputs through the children, files the crashes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "asan.h"
#include "session.h"
#include "child_run.h"
#include "cfv/grow.h"

extern char **environ;

#define DEFAULT_TIMEOUT_MS 10000u
/* Reports on stderr, none of ASan's own exits in between, SIGABRT too. */
#define ASAN_OPTIONS "ASAN_OPTIONS=detect_leaks=0:handle_abort=1:handle_segv=1:" \
                     "allow_user_segv_handler=0:abort_on_error=0:symbolize=1"

__attribute__((format(printf, 2, 3))) static int fail(cfv_triage_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The definitions travel to each child as raw bytes on a memfd. */
static int defs_memfd(const cfv_defs *d)
{
    int fd = memfd_create("cfv-triage-defs", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    const char *p = (const char *)d;
    size_t left = sizeof *d;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 10); /* see spawn.c: clear of 3 and 4 */
    close(fd);
    return high;
}

static char **asan_environment(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "ASAN_OPTIONS=", 13) != 0)
            env[k++] = environ[i];
    env[k] = ASAN_OPTIONS;
    return env;
}

static int resolve(const char *path, char **out, cfv_triage_error *err)
{
    *out = NULL;
    if (!path)
        return 0;
    char real[PATH_MAX];
    if (!realpath(path, real) || access(real, X_OK) != 0)
        return fail(err, "%s: cannot run the triage child: %s", path, strerror(errno));
    *out = strdup(real);
    return *out ? 0 : fail(err, "out of memory");
}

int cfv_triage_new(cfv_triage **out, const cfv_triage_options *opt, cfv_triage_error *err)
{
    *out = NULL;
    if (!opt || !opt->defs || (!opt->child && !opt->asan_child))
        return fail(err, "triage needs definitions and a child program");
    cfv_triage *t = calloc(1, sizeof *t);
    if (!t)
        return fail(err, "out of memory");
    t->opt = *opt;
    t->defs_fd = -1;
    if (!t->opt.timeout_ms)
        t->opt.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (resolve(opt->child, &t->child, err) != 0 ||
        resolve(opt->asan_child, &t->asan_child, err) != 0) {
        cfv_triage_free(t);
        return -1;
    }
    t->defs_fd = defs_memfd(opt->defs);
    t->asan_env = opt->asan_child ? asan_environment() : NULL;
    if (t->defs_fd < 0 || (opt->asan_child && !t->asan_env)) {
        cfv_triage_free(t);
        return fail(err, "cannot pass the definitions to the child: %s", strerror(errno));
    }
    *out = t;
    return 0;
}

void cfv_triage_free(cfv_triage *t)
{
    if (!t)
        return;
    if (t->defs_fd >= 0)
        close(t->defs_fd);
    for (size_t i = 0; i < t->nmissed; i++) {
        free(t->missed[i].input);
        free(t->missed[i].detail);
    }
    free(t->missed);
    cfv_buckets_free(&t->buckets);
    cfv_symcache_free(&t->syms);
    free(t->asan_env);
    free(t->child);
    free(t->asan_child);
    free(t);
}

/* The first line of a child's stderr, for a not-reproduced input. */
static char *first_line(const char *s)
{
    if (!s)
        return strdup("");
    size_t n = strcspn(s, "\n");
    return strndup(s, n);
}

static int note_missed(cfv_triage *t, const char *input, cfv_triage_outcome why, char *detail)
{
    if (cfv_grow((void **)&t->missed, &t->missed_cap, t->nmissed + 1, sizeof *t->missed) != 0) {
        free(detail);
        return -1;
    }
    char *copy = strdup(input);
    if (!copy || !detail) {
        free(copy);
        free(detail);
        return -1;
    }
    t->missed[t->nmissed++] = (cfv_missed){copy, why, detail};
    return 0;
}

static cfv_triage_outcome outcome_of(const cfv_spawn_result *r, int crashed, char **detail)
{
    *detail = NULL;
    if (crashed)
        return CFV_TRIAGE_CRASHED;
    if (r->timed_out) {
        *detail = strdup("no result within the time limit; killed");
        return CFV_TRIAGE_TIMEOUT;
    }
    if (r->exited && r->code == CFV_TR_EXIT_CLEAN) {
        *detail = strdup("every synthesized event evaluated without a crash");
        return CFV_TRIAGE_CLEAN;
    }
    if (r->exited && r->code == CFV_TR_EXIT_REFUSED) {
        *detail = first_line(r->err);
        return CFV_TRIAGE_REFUSED;
    }
    if (r->signaled && asprintf(detail, "killed by signal %d without a report", r->sig) < 0)
        *detail = NULL;
    else if (!r->signaled)
        *detail = first_line(r->err);
    return CFV_TRIAGE_FAILED;
}

static int run(cfv_triage *t, const char *program, char **env, const char *input,
               cfv_spawn_result *res, cfv_triage_error *err)
{
    char sensor[16];
    char *argv[5];
    int n = 0;
    argv[n++] = (char *)program;
    if (t->opt.sensor >= 0) {
        snprintf(sensor, sizeof sensor, "%d", t->opt.sensor);
        argv[n++] = "--sensor";
        argv[n++] = sensor;
    }
    argv[n++] = (char *)input;
    argv[n] = NULL;
    if (cfv_spawn(argv, env, t->defs_fd, t->opt.timeout_ms, res) != 0)
        return fail(err, "%s: cannot run: %s", program, strerror(errno));
    return 0;
}

/* The plain run: 1 crashed (*crash filled), 0 not, -1 error. */
static int plain_run(cfv_triage *t, const char *input, cfv_triage_crash *crash,
                     cfv_triage_outcome *outcome, char **detail, cfv_triage_error *err)
{
    cfv_spawn_result res;
    if (run(t, t->child, environ, input, &res, err) != 0)
        return -1;
    int crashed = res.have_record;
    if (crashed && cfv_analyze(&t->syms, t->child, &res.rec, res.maps, res.maps_len, crash) != 0) {
        cfv_spawn_result_free(&res);
        return fail(err, "out of memory");
    }
    *outcome = outcome_of(&res, crashed, detail);
    cfv_spawn_result_free(&res);
    return crashed;
}

static int asan_run(cfv_triage *t, const char *input, cfv_triage_crash *crash,
                    cfv_triage_outcome *outcome, char **detail, cfv_triage_error *err)
{
    cfv_spawn_result res;
    if (run(t, t->asan_child, t->asan_env, input, &res, err) != 0)
        return -1;
    int crashed = res.err && cfv_asan_parse(&t->syms, res.err, res.err_len, t->asan_child, crash) == 0;
    *outcome = outcome_of(&res, crashed, detail);
    cfv_spawn_result_free(&res);
    return crashed;
}

static uint64_t size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
}

int cfv_triage_input(cfv_triage *t, const char *path, cfv_triage_outcome *outcome,
                     cfv_triage_crash *crash, cfv_triage_error *err)
{
    cfv_triage_crash c;
    cfv_triage_outcome o = CFV_TRIAGE_FAILED;
    char *detail = NULL;
    uint64_t size = size_of(path);
    t->ninputs++;
    int first = 1;
    for (int asan = 0; asan < 2; asan++) {
        if (!(asan ? t->asan_child : t->child))
            continue;
        cfv_triage_outcome oo = CFV_TRIAGE_CLEAN;  /* set by every run that returns >= 0 */
        char *dd = NULL;
        int rc = asan ? asan_run(t, path, &c, &oo, &dd, err) : plain_run(t, path, &c, &oo, &dd, err);
        if (rc < 0) {
            free(detail);
            return -1;
        }
        if (rc == 1 && cfv_buckets_add(&t->buckets, &c, path, size) != 0) {
            free(dd);
            free(detail);
            return fail(err, "out of memory");
        }
        if (first) { /* what the input did is what the first run said */
            o = oo;
            detail = dd;
            if (crash && rc == 1)
                *crash = c;
            first = 0;
        } else {
            free(dd);
        }
    }
    if (outcome)
        *outcome = o;
    if (o != CFV_TRIAGE_CRASHED)
        return note_missed(t, path, o, detail) == 0 ? 0 : fail(err, "out of memory");
    free(detail);
    return 0;
}

size_t cfv_triage_bucket_count(const cfv_triage *t) { return t->buckets.n; }

const cfv_triage_bucket *cfv_triage_bucket_at(const cfv_triage *t, size_t i)
{
    return i < t->buckets.n ? &t->buckets.b[i].pub : NULL;
}

size_t cfv_triage_missed_count(const cfv_triage *t) { return t->nmissed; }

const char *cfv_triage_missed_at(const cfv_triage *t, size_t i, cfv_triage_outcome *why,
                                 const char **detail)
{
    if (i >= t->nmissed)
        return NULL;
    if (why)
        *why = t->missed[i].why;
    if (detail)
        *detail = t->missed[i].detail;
    return t->missed[i].input;
}
