/* Shared by the replica tests: the shipped definitions, channel files built
 * with cfv_writer, loading them, and replaying one event. */
#ifndef CFV_TEST_REPLICA_FIXTURE_H
#define CFV_TEST_REPLICA_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/writer.h"
#include "cfv_replica.h"
#include "fixture.h"

#define RT_CREATED TF_JULY_CREATED
#define RT_MAX_VERDICTS 64

/* Type ids and channels of grammar/cff.defs (FORMAT.md section 7). */
enum { RT_PROCESS_START = 1, RT_FILE_WRITE = 2, RT_NETWORK_CONNECT = 3, RT_NAMED_PIPE = 4 };
enum { RT_CH_PROCESS_START = 261, RT_CH_NAMED_PIPE = 291 };

int rt_sensor(const cfv_defs *d, const char *name);
/* Inputs sensor `sensor` supplies for the type with this id. */
uint32_t rt_supplied(const cfv_defs *d, const char *sensor, uint16_t type);

cfv_writer *rt_writer(uint32_t channel);
/* rt_writer with one ENABLED instance (id 1, index 0), all criteria ANY. */
cfv_writer *rt_one(uint32_t channel, uint16_t type, uint8_t nfields, const char *name);

/* Loads trusting and asserts it worked. */
cfv_replica *rt_load(const uint8_t *buf, size_t len);
cfv_replica *rt_load_writer(cfv_writer *w);

typedef struct rt_verdicts {
    size_t n;
    uint32_t id[RT_MAX_VERDICTS];
    cfv_replica_verdict v[RT_MAX_VERDICTS];
    uint32_t field[RT_MAX_VERDICTS];
    cfv_replica_counts counts;
} rt_verdicts;

/* Replays one event: the m values are copied into cfv_replica_inputs_new(m). */
rt_verdicts rt_eval(cfv_replica *r, uint16_t type, const cfv_replica_input *values, uint32_t m,
                    cfv_replica_mode mode);
/* The verdict for instance `id` in v, or -1 when it was not evaluated. */
int rt_verdict_of(const rt_verdicts *v, uint32_t id);

/* Slots for every field of a type: str fields "", u32 fields 0. n >= fields. */
void rt_blank_inputs(const cfv_defs *d, uint16_t type, cfv_replica_input *out, size_t n);
cfv_replica_input rt_str(const char *s);
cfv_replica_input rt_u32(uint32_t v);

/* 1 in a build with AddressSanitizer. */
int rt_asan(void);

/* Runs fn(arg) in a child process (no core file, default signal actions) and
 * returns how it ended; its stderr is returned malloc'd in *err. */
typedef struct rt_child {
    int signaled, sig, exited, code;
    char *err;
} rt_child;
rt_child rt_fork(void (*fn)(void *), void *arg);

#endif
