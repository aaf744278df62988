#include "run_report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

int cfv_run_report_init(cfv_run_report *r, cfv_buf *out, int json, const cfv_defs *defs,
                        int sensor, const char *events_name, const cfv_replica *replica)
{
    *r = (cfv_run_report){.out = out, .json = json, .defs = defs, .sensor = sensor,
                          .events_name = events_name, .replica = replica};
    r->told = calloc(cfv_replica_count(replica) + 1, 1);
    return r->told ? 0 : -1;
}

void cfv_run_report_free(cfv_run_report *r)
{
    free(r->told);
    cfv_buf_free(&r->matched);
    cfv_buf_free(&r->refused);
}

void cfv_run_report_begin(cfv_run_report *r)
{
    if (r->json)
        cfv_buf_puts(r->out, "{\"events\":[");
}

void cfv_run_report_event_begin(cfv_run_report *r, size_t line, int type_index)
{
    r->line = line;
    r->type_index = type_index;
    cfv_buf_clear(&r->matched);
    cfv_buf_clear(&r->refused);
    r->nmatched = r->nrefused = 0;
}

/* One instance in a list: `10` (JSON) or `10 "name"` (text). */
static void item(const cfv_run_report *r, cfv_buf *b, size_t n, const cfv_replica_instance *in)
{
    if (n)
        cfv_buf_puts(b, r->json ? "," : ", ");
    cfv_buf_printf(b, "%" PRIu32, in->id);
    if (r->json)
        return;
    cfv_buf_puts(b, " \"");
    cfv_esc_text(b, in->name, strlen(in->name));
    cfv_buf_putc(b, '"');
}

/* Once per instance, on stderr: why the hardened interpreter refused it. */
static void explain(cfv_run_report *r, const cfv_replica_instance *in, uint32_t field)
{
    size_t k = (size_t)(in - cfv_replica_instance_at(r->replica, 0));
    if (r->told[k])
        return;
    r->told[k] = 1;
    const cfv_type_def *t = &r->defs->types[r->type_index];
    const char *fname = field < t->nfields ? r->defs->fields[t->first_field + field].name : "?";
    cfv_buf name = {0};
    cfv_esc_text(&name, in->name, strlen(in->name));
    cfv_buf_putc(&name, '\0');
    fprintf(stderr,
            "cfv: refused instance %" PRIu32 " \"%s\": its criterion on field %" PRIu32
            " (%s) would read past the %" PRIu32 " %s inputs sensor %s supplies\n",
            in->id, name.oom ? "?" : name.data, field, fname,
            cfv_defs_supplied(r->defs, r->sensor, r->type_index), t->name,
            r->defs->sensors[r->sensor].name);
    cfv_buf_free(&name);
}

void cfv_run_report_verdict(void *user, const cfv_replica_instance *in, cfv_replica_verdict v,
                            uint32_t field)
{
    cfv_run_report *r = user;
    if (v == CFV_VERDICT_MATCH) {
        item(r, &r->matched, r->nmatched++, in);
        r->matches++;
    } else if (v == CFV_VERDICT_REFUSED) {
        item(r, &r->refused, r->nrefused++, in);
        r->refusals++;
        explain(r, in, field);
    }
}

static void json_event(cfv_run_report *r)
{
    cfv_buf *b = r->out;
    cfv_buf_printf(b, "%s{\"line\":%zu,\"matched\":[", r->events ? "," : "", r->line);
    cfv_buf_put(b, r->matched.data, r->matched.len);
    cfv_buf_puts(b, "],\"refused\":[");
    cfv_buf_put(b, r->refused.data, r->refused.len);
    cfv_buf_puts(b, "]}");
}

static void text_event(cfv_run_report *r)
{
    cfv_buf *b = r->out;
    cfv_esc_text(b, r->events_name, strlen(r->events_name));
    cfv_buf_printf(b, ":%zu: %s: ", r->line, r->defs->types[r->type_index].name);
    if (r->nmatched) {
        cfv_buf_puts(b, "matched ");
        cfv_buf_put(b, r->matched.data, r->matched.len);
    } else {
        cfv_buf_puts(b, "no match");
    }
    if (r->nrefused) {
        cfv_buf_puts(b, "; refused ");
        cfv_buf_put(b, r->refused.data, r->refused.len);
    }
    cfv_buf_putc(b, '\n');
}

void cfv_run_report_event_end(cfv_run_report *r)
{
    if (r->json)
        json_event(r);
    else
        text_event(r);
    r->events++;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void cfv_run_report_end(cfv_run_report *r, const char *mode)
{
    if (r->json) {
        cfv_buf_puts(r->out, "]}\n");
        return;
    }
    cfv_buf_printf(r->out,
                   "cfv: %zu %s run as sensor %s (%s): %" PRIu64 " %s, %" PRIu64 " %s\n",
                   r->events, plural(r->events, "event", "events"),
                   r->defs->sensors[r->sensor].name, mode, r->matches,
                   plural(r->matches, "match", "matches"), r->refusals,
                   plural(r->refusals, "refusal", "refusals"));
}
