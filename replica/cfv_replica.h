/* cfv_replica: a model of the 2024 sensor's channel-file loader and Content
 * Interpreter (FORMAT.md section 6), to replay telemetry against a channel
 * file and watch it match, get refused, or crash as Channel File 291 did.
 *
 * Loader modes: TRUSTING follows the file as the 2024 sensor did; GUARDED
 * runs cfv_validate for one sensor first. Interpreter modes: FAITHFUL has
 * the defect (no bounds check on the input index); HARDENED has the RCA's
 * runtime check. A cfv_replica is not thread-safe: one per thread. */
#ifndef CFV_REPLICA_H
#define CFV_REPLICA_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/diag.h"
#include "cfv/regex_pcre2.h"

/* PCRE2 match limit for REGEX and NOCASE criteria: a trusting load may hold
 * a pattern the validator would reject as unsafe (CFV056). */
#define CFV_REPLICA_MATCH_LIMIT 100000u
#define CFV_REPLICA_DEPTH_LIMIT 10000u

/* ------------------------------------------------------------ input array */

/* One input slot, 16 bytes on 64-bit hosts, as the sensor passes them. A
 * str field has str != NULL (its len bytes, UTF-8, not NUL-terminated); a
 * u32 field has str == NULL and its value in value. */
typedef struct cfv_replica_input {
    const char *str;
    uint32_t len;
    uint32_t value;
} cfv_replica_input;

/* An array of exactly m slots, laid out so that reading slot m fails the
 * way the sensor did: in a plain build the block ends at a page boundary
 * and a PROT_NONE guard page follows (SIGSEGV); under AddressSanitizer it
 * is a heap block of exactly m slots (heap-buffer-overflow). Slots start
 * zeroed. NULL when out of memory. Free with cfv_replica_inputs_free(p, m). */
cfv_replica_input *cfv_replica_inputs_new(uint32_t m);
void cfv_replica_inputs_free(cfv_replica_input *inputs, uint32_t m);

/* ----------------------------------------------------------------- loader */

typedef enum cfv_replica_load_mode {
    CFV_LOAD_TRUSTING = 0,      /* the magic, then offsets and counts as given */
    CFV_LOAD_GUARDED = 1        /* cfv_validate for one sensor; load only if no errors */
} cfv_replica_load_mode;

typedef struct cfv_replica_criterion {
    uint8_t op;                 /* CFF_OP_*, as stored (a trusting load keeps unknown ops) */
    uint8_t flags;              /* CFF_CRITERION_FLAG_* as stored */
    uint32_t operand;
    const char *str;            /* string ops: the operand, NUL-terminated; else NULL */
    size_t len;
    /* REGEX, and string ops with NOCASE: the compiled operand; NULL when it
     * does not compile (the criterion then never holds, before NEGATE). */
    const pcre2_code *code;
} cfv_replica_criterion;

typedef struct cfv_replica_instance {
    uint32_t id;
    uint16_t type;              /* template_type as stored */
    uint8_t field_count;        /* as stored: the interpreter trusts it */
    uint8_t flags;              /* CFF_INSTANCE_FLAG_ENABLED ... */
    const char *name;           /* NUL-terminated */
    const cfv_replica_criterion *criteria; /* field_count entries */
    uint64_t offset;            /* of the record in the file */
} cfv_replica_instance;

typedef struct cfv_replica_load_options {
    cfv_replica_load_mode mode;
    const cfv_defs *defs;       /* GUARDED: required; TRUSTING: unused */
    int sensor;                 /* GUARDED: index into defs->sensors */
    cfv_diag_fn emit;           /* GUARDED: receives the validator's diagnostics; may be NULL */
    void *emit_user;
    cfv_regex_cache *cache;     /* TRUSTING: may be NULL; else REGEX codes from this cache,
                                   borrowed for the replica's life, instead of one of its
                                   own per load. GUARDED: must be NULL (else BAD_ARGS): a
                                   lent cache carries its lender's per-file REGEX bound
                                   (cfv_regex_cache_begin_file) into the validation */
} cfv_replica_load_options;

typedef enum cfv_replica_status {
    CFV_REPLICA_OK = 0,
    CFV_REPLICA_REJECTED = 1,   /* GUARDED: the validator reported errors */
    CFV_REPLICA_MALFORMED = 2,  /* the loader could not follow the file (see below) */
    CFV_REPLICA_NOMEM = 3,
    CFV_REPLICA_BAD_ARGS = 4
} cfv_replica_status;

typedef struct cfv_replica_error {
    cfv_replica_status status;
    uint32_t errors;            /* REJECTED: the validator's error count */
    uint64_t offset;            /* MALFORMED: byte offset of the field it stopped at */
    char message[200];          /* NUL-terminated, one line */
} cfv_replica_error;

typedef struct cfv_replica cfv_replica;

/* Loads buf[0..len) (copied; buf may be freed afterwards). Returns
 * CFV_REPLICA_OK and *out, or another status with *out NULL and err filled.
 * The trusting loader checks the magic, then follows the section table, the
 * first STRINGS and INSTANCES sections, the instance count, each
 * field_count and every sref as given, without any other check. It stops
 * (MALFORMED) only where following the file would leave the file itself:
 * the replica models one out-of-bounds read, the interpreter's inputs[i]. */
cfv_replica_status cfv_replica_load(cfv_replica **out, const uint8_t *buf, size_t len,
                                    const cfv_replica_load_options *opt,
                                    cfv_replica_error *err);
void cfv_replica_free(cfv_replica *r);

uint32_t cfv_replica_channel(const cfv_replica *r);
size_t cfv_replica_count(const cfv_replica *r);
/* Instances in file order; NULL when i >= count. */
const cfv_replica_instance *cfv_replica_instance_at(const cfv_replica *r, size_t i);

/* ------------------------------------------------------------ interpreter */

typedef enum cfv_replica_mode {
    CFV_REPLICA_FAITHFUL = 0,   /* no bounds check on i: the 2024 defect */
    CFV_REPLICA_HARDENED = 1    /* refuses an instance that would read inputs[i >= m] */
} cfv_replica_mode;

typedef enum cfv_replica_verdict {
    CFV_VERDICT_NO_MATCH = 0,
    CFV_VERDICT_MATCH = 1,
    CFV_VERDICT_REFUSED = 2     /* HARDENED only: nothing of the instance was read */
} cfv_replica_verdict;

/* Called for each ENABLED instance of the event's type, in file order.
 * field: REFUSED, the first non-wildcard criterion at or past m; else 0. */
typedef void (*cfv_replica_verdict_fn)(void *user, const cfv_replica_instance *inst,
                                       cfv_replica_verdict verdict, uint32_t field);

typedef struct cfv_replica_counts {
    uint32_t evaluated, matched, refused;
} cfv_replica_counts;

/* Evaluates an event of template type `type` whose input array holds m
 * slots (what the sensor supplies for the type). Each criterion i is
 * evaluated in turn, as FORMAT.md section 6 says (no short cut: whether an
 * instance reads past its inputs does not depend on the event's values):
 * ANY never reads inputs[i]; any other op reads inputs[i], applies the op,
 * then NEGATE. FAITHFUL reads inputs[i] whatever i is. fn may be NULL.
 *
 * Ops: EQUALS/PREFIX/SUFFIX/CONTAINS compare bytes; with NOCASE they are
 * PCRE2_CASELESS matches of the operand as a literal (Unicode simple case
 * folding in UTF mode, the same as NOCASE on a REGEX: e matches E, é
 * matches É, k matches U+212A KELVIN SIGN, σ matches Σ and ς; no full
 * folding, so ß does not match SS). REGEX runs the regex cache's code with
 * CFV_REPLICA_MATCH_LIMIT. A criterion that cannot be evaluated (the match
 * limit, an operand that does not compile, an op that does not fit its
 * slot, an unknown op: a trusting load lets them through) never holds,
 * NEGATE or not. */
cfv_replica_counts cfv_replica_eval(cfv_replica *r, uint16_t type,
                                    const cfv_replica_input *inputs, uint32_t m,
                                    cfv_replica_mode mode, cfv_replica_verdict_fn fn,
                                    void *user);

/* ----------------------------------------------------------------- events */

#define CFV_EVENT_LINE_MAX (1024u * 1024u)

/* One JSON Lines event: {"type":"NamedPipe","inputs":["\\\\.\\pipe\\x",4,...]} */
typedef struct cfv_replica_event {
    int type_index;             /* into defs->types */
    uint32_t count;             /* == what the sensor supplies for the type */
    cfv_replica_input *values;  /* count slots (plain heap: copy them into
                                   cfv_replica_inputs_new(count) to replay) */
    char *bytes;                /* the decoded strings the values point into */
} cfv_replica_event;

typedef struct cfv_replica_event_error {
    uint32_t column;            /* 1-based byte column of a syntax error; 0: the event as a whole */
    char message[200];
} cfv_replica_event_error;

/* Parses one line (without its line end) strictly: valid UTF-8, RFC 8259
 * syntax, exactly the keys "type" and "inputs", string escapes including
 * \uXXXX surrogate pairs, nothing after the object. The type must be one the
 * sensor supports, with exactly as many inputs as it supplies: strings for
 * str fields, integers 0..4294967295 for u32 fields. Returns 0, or -1 with
 * *err filled and *ev empty. */
int cfv_replica_event_parse(cfv_replica_event *ev, const char *line, size_t len,
                            const cfv_defs *defs, int sensor, cfv_replica_event_error *err);
void cfv_replica_event_free(cfv_replica_event *ev);

#endif
