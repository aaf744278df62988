/* What `cfv run` prints: per event, the instances that matched and those
 * the hardened interpreter refused, as text lines or the JSON contract
 *     {"events":[{"line":1,"matched":[10,11],"refused":[13]}]}
 * A refusal is also explained once per instance on stderr. */
#ifndef CFV_CLI_RUN_REPORT_H
#define CFV_CLI_RUN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cfv_replica.h"

typedef struct cfv_run_report {
    cfv_buf *out;
    int json;
    const cfv_defs *defs;
    int sensor;
    const char *events_name;    /* as shown in messages */
    const cfv_replica *replica;
    uint8_t *told;              /* per instance: its refusal was explained */
    size_t line;                /* the event being reported */
    int type_index;
    cfv_buf matched, refused;   /* its verdicts, formatted */
    size_t nmatched, nrefused;
    size_t events;
    uint64_t matches, refusals;
} cfv_run_report;

/* -1 when out of memory. */
int cfv_run_report_init(cfv_run_report *r, cfv_buf *out, int json, const cfv_defs *defs,
                        int sensor, const char *events_name, const cfv_replica *replica);
void cfv_run_report_free(cfv_run_report *r);

void cfv_run_report_begin(cfv_run_report *r);
void cfv_run_report_event_begin(cfv_run_report *r, size_t line, int type_index);
/* A cfv_replica_verdict_fn; user is the cfv_run_report. */
void cfv_run_report_verdict(void *user, const cfv_replica_instance *in, cfv_replica_verdict v,
                            uint32_t field);
void cfv_run_report_event_end(cfv_run_report *r);
void cfv_run_report_end(cfv_run_report *r, const char *mode);

#endif
