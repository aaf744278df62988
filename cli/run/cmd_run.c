/* cfv run: replay JSON Lines telemetry through the interpreter replica
 * (replica/) as one sensor would, faithful to July 2024 or hardened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "cfv_replica.h"
#include "defs_load.h"
#include "escape.h"
#include "out.h"
#include "read_input.h"
#include "report.h"
#include "run_args.h"
#include "run_report.h"
#include "sensors.h"
#include "usage.h"

typedef struct run_event {
    cfv_replica_event ev;
    size_t line;
} run_event;

/* Everything one run owns, released in one place. */
typedef struct run_ctx {
    cfv_run_args args;
    cfv_defs *defs;
    int sensor;
    cfv_input channel, events;
    run_event *ev;
    size_t nev;
    cfv_replica *replica;
} run_ctx;

static int fail(const char *msg)
{
    fprintf(stderr, "cfv: %s\n", msg);
    return 2;
}

static int pick_sensor(run_ctx *c)
{
    cfv_err e;
    uint32_t mask;
    const char *names[1] = {c->args.sensor};
    if (cfv_select_sensors(c->defs, names, 1, &mask, &e) != 0)
        return fail(e.msg);
    c->sensor = __builtin_ctz(mask);
    return 0;
}

static int read_file(const char *path, cfv_input *in)
{
    cfv_err e;
    if (cfv_read_input(path, CFV_DEFAULT_MAX_SIZE, in, &e) != 0)
        return fail(e.msg);
    if (in->over_limit) {
        cfv_err_path(&e, cfv_input_name(path), "larger than %u MiB, not read",
                     CFV_DEFAULT_MAX_SIZE >> 20);
        return fail(e.msg);
    }
    return 0;
}

/* "FILE:LINE[:COLUMN]: message", the file name escaped to stay one line. */
static int event_error(const run_ctx *c, size_t line, const cfv_replica_event_error *err)
{
    const char *name = cfv_input_name(c->args.events_file);
    cfv_buf b = {0};
    cfv_esc_text(&b, name, strlen(name));
    cfv_buf_printf(&b, ":%zu", line);
    if (err->column)
        cfv_buf_printf(&b, ":%u", err->column);
    cfv_buf_printf(&b, ": %s", err->message);
    cfv_buf_putc(&b, '\0');
    fail(b.oom ? "out of memory" : b.data);
    cfv_buf_free(&b);
    return 2;
}

/* Every line must be an event for the sensor before anything runs. */
static int parse_events(run_ctx *c)
{
    const char *p = (const char *)c->events.data, *end = p + c->events.len;
    size_t cap = 0;
    for (size_t line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (c->nev == cap) {
            cap = cap ? 2 * cap : 64;
            run_event *v = realloc(c->ev, cap * sizeof *v);
            if (!v)
                return fail("out of memory");
            c->ev = v;
        }
        cfv_replica_event_error err;
        if (n == 0) {
            snprintf(err.message, sizeof err.message, "empty line: expected an event");
            err.column = 0;
            return event_error(c, line, &err);
        }
        if (cfv_replica_event_parse(&c->ev[c->nev].ev, p, n, c->defs, c->sensor, &err) != 0)
            return event_error(c, line, &err);
        c->ev[c->nev++].line = line;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

static void print_diag(void *user, const cfv_diag *d)
{
    cfv_report *rep = user;
    cfv_report_text_line(rep, rep->out, d);
}

/* 0 loaded; 1 the file was rejected (said on stderr); 2 out of memory. */
static int load(run_ctx *c)
{
    const char *name = cfv_input_name(c->args.channel_file);
    cfv_buf diags = {0};
    cfv_report rep;
    cfv_report_init(&rep, CFV_FORMAT_TEXT, &diags, c->defs, CFV_DEFAULT_MAX_DIAGNOSTICS);
    rep.ops->file_begin(&rep, name);
    cfv_replica_load_options opt = {
        .mode = c->args.guarded ? CFV_LOAD_GUARDED : CFV_LOAD_TRUSTING,
        .defs = c->defs,
        .sensor = c->sensor,
        .emit = print_diag,
        .emit_user = &rep,
    };
    static const uint8_t nothing[1];
    cfv_replica_error err;
    cfv_replica_status st = cfv_replica_load(&c->replica, c->channel.data ? c->channel.data : nothing,
                                             c->channel.len, &opt, &err);
    cfv_buf_putc(&diags, '\0');
    if (st == CFV_REPLICA_REJECTED && !diags.oom)
        fputs(diags.data, stderr);
    cfv_report_free(&rep);
    cfv_buf_free(&diags);
    if (st == CFV_REPLICA_OK)
        return 0;
    cfv_err e;
    if (st == CFV_REPLICA_MALFORMED)
        cfv_err_path(&e, name, "not loaded: %s (at offset %llu)", err.message,
                     (unsigned long long)err.offset);
    else
        cfv_err_path(&e, name, "not loaded: %s", err.message);
    fail(e.msg);
    return st == CFV_REPLICA_REJECTED || st == CFV_REPLICA_MALFORMED ? 1 : 2;
}

/* One event through the interpreter, its inputs laid out as the sensor's. */
static int replay(run_ctx *c, cfv_run_report *rep, const run_event *re)
{
    const cfv_replica_event *ev = &re->ev;
    cfv_replica_input *inputs = cfv_replica_inputs_new(ev->count);
    if (!inputs)
        return -1;
    memcpy(inputs, ev->values, ev->count * sizeof *inputs);
    cfv_run_report_event_begin(rep, re->line, ev->type_index);
    cfv_replica_eval(c->replica, (uint16_t)c->defs->types[ev->type_index].id, inputs, ev->count,
                     c->args.faithful ? CFV_REPLICA_FAITHFUL : CFV_REPLICA_HARDENED,
                     cfv_run_report_verdict, rep);
    cfv_run_report_event_end(rep);
    cfv_replica_inputs_free(inputs, ev->count);
    return 0;
}

static int run_events(run_ctx *c)
{
    cfv_out out;
    cfv_err e;
    cfv_run_report rep;
    if (cfv_out_open(&out, NULL, &e) != 0)
        return fail(e.msg);
    if (cfv_run_report_init(&rep, &out.buf, c->args.json, c->defs, c->sensor,
                            cfv_input_name(c->args.events_file), c->replica) != 0) {
        cfv_out_abort(&out);
        cfv_run_report_free(&rep);
        return fail("out of memory");
    }
    cfv_run_report_begin(&rep);
    int rc = 0;
    for (size_t i = 0; i < c->nev && rc == 0; i++) {
        rc = replay(c, &rep, &c->ev[i]) == 0 ? 0 : fail("out of memory");
        cfv_out_maybe_flush(&out);
    }
    cfv_run_report_end(&rep, c->args.faithful ? "faithful" : "hardened");
    if (rc != 0) {
        cfv_out_abort(&out);
    } else if (cfv_out_commit(&out, &e) != 0) {
        rc = fail(e.msg);
    } else if (rep.refusals) {
        rc = 1;
    }
    cfv_run_report_free(&rep);
    return rc;
}

static int run(run_ctx *c)
{
    cfv_err e;
    int rc;
    c->defs = cfv_defs_load(c->args.defs_path, &e);
    if (!c->defs)
        return fail(e.msg);
    if ((rc = pick_sensor(c)) != 0 || (rc = read_file(c->args.channel_file, &c->channel)) != 0 ||
        (rc = read_file(c->args.events_file, &c->events)) != 0 || (rc = parse_events(c)) != 0 ||
        (rc = load(c)) != 0)
        return rc;
    return run_events(c);
}

static void fini(run_ctx *c)
{
    cfv_replica_free(c->replica);
    for (size_t i = 0; i < c->nev; i++)
        cfv_replica_event_free(&c->ev[i].ev);
    free(c->ev);
    cfv_input_free(&c->channel);
    cfv_input_free(&c->events);
    free(c->defs);
}

CFV_CLI_COMMAND(run, run_ctx, args, cfv_run_args_parse, cfv_run_usage, run, fini)
