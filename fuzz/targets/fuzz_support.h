/* What the fuzz targets share: the definitions they run with, input arrays
 * whose every out-of-bounds slot faults, events synthesized from a loaded
 * file, and the check that names an input-array overrun (a Channel File 291
 * read, or another) before the faithful interpreter makes it. */
#ifndef CFV_FUZZ_SUPPORT_H
#define CFV_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cfv/cfv.h"
#include "cfv/defs.h"
#include "cfv/regex_pcre2.h"
#include "cfv_replica.h"
#include "fuzz_common.h"

/* 1 when the header's file_size is len and its CRC-32C is the file's: the
 * file arrived as its producer wrote it. */
int cfv_fz_intact(const uint8_t *buf, size_t len);

/* A cfv_regex_fn over the targets' PCRE2 cache, made on the first REGEX
 * operand and shared by the inputs (dropped every few thousand): a
 * pattern the seeds hold is compiled once, not once per mutant.
 * Zero-initialize; cfv_fz_regex_free after each input. */
typedef struct cfv_fz_regex {
    cfv_regex_cache *cache;
} cfv_fz_regex;
void cfv_fz_regex_check(void *user, const uint8_t *pattern, size_t len, int nocase,
                        cfv_re_verdict *out);
/* The trusted in-place entry (cfv_options.regex_nul), checked against the
 * copying one on every call. */
void cfv_fz_regex_check_nul(void *user, const uint8_t *pattern, size_t len, int nocase,
                            cfv_re_verdict *out);
void cfv_fz_regex_free(cfv_fz_regex *re);
/* The shared cache itself (made if need be; NULL when out of memory), e.g.
 * for a replica loaded from the same input; valid until cfv_fz_regex_free. */
cfv_regex_cache *cfv_fz_regex_cache(void);

/* Validator options for a size-byte input: these definitions, every
 * sensor selected, REGEX operands through re, the process's workspace
 * (cfv_fz_workspace); the rest zero. */
void cfv_fz_options(cfv_options *o, const cfv_defs *d, size_t size, cfv_fz_regex *re);
/* The one workspace every validation of the process runs in (cfv_workspace:
 * the run's state reset, not zeroed, per run); made on the first call
 * (LLVMFuzzerInitialize: before the first input, so that no input holds
 * its allocation); aborts when out of memory. NULL under AFL++ (each run
 * from zeroed state, for stability). */
cfv_workspace *cfv_fz_workspace(void);

/* An array of m zeroed slots in which reading any slot i >= m, up to the
 * 255 a u8 field_count can reach, faults: under AddressSanitizer the tail
 * is poisoned (ASan's own redzone covers only a few slots), otherwise the
 * replica's guard page follows the array. Made once per process and lent
 * (one at a time: NULL while another is out, or when out of memory). */
cfv_replica_input *cfv_fz_inputs_new(uint32_t m);
void cfv_fz_inputs_free(cfv_replica_input *in, uint32_t m);
/* Makes the arrays every sensor's event types need now (LLVMFuzzerInitialize). */
void cfv_fz_inputs_prepare(const cfv_defs *d);

/* A read past the input array that the faithful interpreter would make. */
typedef struct cfv_fz_overrun {
    const cfv_replica_instance *inst;
    int type_index;             /* into defs->types */
    int sensor;                 /* into defs->sensors */
    uint32_t field;             /* the first non-wildcard criterion at or past m */
    uint32_t m;                 /* inputs the sensor supplies for the type */
    int cf291;                  /* 1: the 2024 pattern (field_count as the definition
                                   says, which declares more fields than the sensor
                                   supplies); 0: a record with a wrong field_count */
} cfv_fz_overrun;

/* Calls back for each event sensor s can raise against r: each type the
 * sensor supports that some instance of r carries. in holds m slots, filled
 * from r's criteria so the string and integer ops have values that match. */
typedef int (*cfv_fz_event_fn)(void *user, cfv_replica *r, int type_index, uint16_t type_id,
                               const cfv_replica_input *in, uint32_t m);

/* Returns the first non-zero value fn returns, 0 when all events ran, -1
 * when out of memory. */
int cfv_fz_each_event(cfv_replica *r, const cfv_defs *d, int sensor, cfv_fz_event_fn fn,
                      void *user);

/* The first non-wildcard criterion of x at or past m (*field), if any. */
int cfv_fz_first_past(const cfv_replica_instance *x, uint32_t m, uint32_t *field);

/* Whether evaluating type_id with m inputs makes the faithful interpreter
 * read past them; fills *o for the first such instance. */
int cfv_fz_find_overrun(const cfv_replica *r, const cfv_defs *d, int sensor, int type_index,
                        uint16_t type_id, uint32_t m, cfv_fz_overrun *o);

/* One faithful run: the sensor it plays, the target's name for messages,
 * and what to do just before an overrun is named (may be NULL). */
typedef struct cfv_fz_faithful {
    const cfv_defs *defs;
    int sensor;
    const char *prefix;
    void (*before_overrun)(const struct cfv_fz_faithful *run);
} cfv_fz_faithful;

/* A cfv_fz_event_fn (user: a cfv_fz_faithful): the faithful interpreter on
 * one event. An overrun it is about to make is named on stderr first;
 * then the read faults, or, should it not, the run aborts. */
int cfv_fz_faithful_event(void *user, cfv_replica *r, int type_index, uint16_t type_id,
                          const cfv_replica_input *in, uint32_t m);

/* One line naming the overrun: sensor, type, instance, criterion, op, and
 * whether it is the Channel File 291 read. */
void cfv_fz_describe(FILE *f, const char *prefix, const cfv_defs *d, const cfv_fz_overrun *o);

#endif
