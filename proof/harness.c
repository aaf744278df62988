/* Frama-C EVA harness: cfv_validate_events and cfv_validate_release_events
 * on every input of at most CFV_PROOF_N bytes (nondeterministic length and
 * bytes), every option value, every selection of sensors, any summary of a
 * previous release, and the definitions chosen by CFV_PROOF_DEFS (see
 * proof/README.md). Not compiled into anything. */
#include <stddef.h>
#include <stdint.h>

#include "__fc_builtin.h"
#include "cfv/cfv.h"

#ifndef CFV_PROOF_N
#define CFV_PROOF_N 256
#endif
#ifdef CFV_PROOF_EXACT
#define NAME_CAP 32 /* C-<8>-<8>-<8>.sys: the only length the name is read at */
#else
#define NAME_CAP 40
#endif

/* Two analyses (CFV_PROOF_EXACT or not, proof/README.md):
 * - every length 0..N: the input starts its N-byte array, so any read
 *   outside the array (before the input, or past N) is an invalid access;
 * - exactly N bytes: the array IS the input, so any read past the input's
 *   end is one. */
static uint8_t input[CFV_PROOF_N];
static char name[NAME_CAP];
static cfv_defs defs;
/* A workspace (cfv_workspace), or none: the run's state reset instead of
 * zeroed, both entries' frames in the same memory. */
static uint64_t workspace[(1 << 16) / sizeof(uint64_t)];

/* The previous release's summary for the Release entry (cfv/previous.h):
 * arrays of any contents (sorted or not: a lookup stays inside them either
 * way) and any counts up to their sizes. */
#define PREV_CAP 4
static cfv_prev_instance prev_instances[PREV_CAP];
static uint8_t prev_ops[4 * PREV_CAP];
static cfv_prev_type prev_types[PREV_CAP];

#ifdef CFV_PROOF_SHIPPED_DEFS
#include "shipped_defs.h" /* static const char cfv_proof_defs_text[]; made by scripts/prove.sh */
#endif

/* The REGEX checker (PCRE2 behind validator/regex/) is not analysed: its
 * contract is that it reads the pattern's len bytes and fills the verdict.
 * EVA checks the precondition at every call; the body stands for "any
 * verdict at all", built in a local and stored whole: with `out` one of
 * two criterion slots, writes through out->message[i] would be one
 * imprecise range covering what lies between them. */
/*@ requires len == 0 || \valid_read(pattern + (0 .. len - 1));
    requires \valid(out);
    assigns *out \from pattern[0 .. len - 1], len, nocase; */
void cfv_proof_regex(void *user, const uint8_t *pattern, size_t len, int nocase,
                     cfv_re_verdict *out)
{
    (void)user;
    (void)pattern;
    (void)len;
    (void)nocase;
    cfv_re_verdict v;
    v.status = Frama_C_unsigned_char_interval(0, 255);
    v.offset = Frama_C_unsigned_int_interval(0, UINT32_MAX);
    Frama_C_make_unknown(v.message, sizeof v.message);
    *out = v;
}

/* The caller's event sink: reads the event and its arguments, keeps
 * nothing (rendering is the host's, validator/render, not analysed). */
/*@ requires \valid_read(e);
    requires e->nargs == 0 || \valid_read(e->args + (0 .. e->nargs - 1));
    assigns \nothing; */
void cfv_proof_sink(void *user, const cfv_event *e);

/* The caller's choice of diagnostics (cfv_options.want): any answer. */
/*@ assigns \result \from rule, severity, sensor; */
int cfv_proof_want(void *user, unsigned rule, unsigned severity, int sensor);

int main(void)
{
    cfv_options opt = { 0 };
#ifdef CFV_PROOF_SHIPPED_DEFS
    cfv_defs_error err;
    if (cfv_defs_parse(&defs, cfv_proof_defs_text, sizeof cfv_proof_defs_text - 1, &err) != 0)
        return 1;
#else
    /* Any cfv_defs at all, even one not built by cfv_defs_parse. */
    Frama_C_make_unknown((char *)&defs, sizeof defs);
#endif
#ifdef CFV_PROOF_EXACT
    size_t len = CFV_PROOF_N;
#else
    size_t len = Frama_C_size_t_interval(0, CFV_PROOF_N);
#endif
    Frama_C_make_unknown((char *)input, CFV_PROOF_N);

#ifdef CFV_PROOF_EXACT
    size_t name_len = NAME_CAP;
#else
    size_t name_len = Frama_C_size_t_interval(0, NAME_CAP);
#endif
    Frama_C_make_unknown(name, NAME_CAP);

    opt.defs = &defs;
    opt.sensors = Frama_C_unsigned_int_interval(0, UINT32_MAX);
    opt.real_size = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
    opt.max_size = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
    opt.now_utc = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
    opt.file_name = Frama_C_nondet(0, 1) ? name : NULL;
    opt.file_name_len = opt.file_name ? name_len : 0;
    opt.max_diagnostics = Frama_C_unsigned_int_interval(0, UINT32_MAX);
    opt.regex = Frama_C_nondet(0, 1) ? cfv_proof_regex : NULL;
    opt.sink = Frama_C_nondet(0, 1) ? cfv_proof_sink : NULL;
    opt.want = Frama_C_nondet(0, 1) ? cfv_proof_want : NULL;
    opt.workspace = Frama_C_nondet(0, 1) ? cfv_workspace_init(workspace, sizeof workspace) : NULL;

    cfv_previous prev;
    Frama_C_make_unknown((char *)prev_instances, sizeof prev_instances);
    Frama_C_make_unknown((char *)prev_ops, sizeof prev_ops);
    Frama_C_make_unknown((char *)prev_types, sizeof prev_types);
    prev.channel_id = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
    prev.content_version = Frama_C_unsigned_long_long_interval(0, UINT64_MAX);
    prev.name = name;
    prev.name_len = name_len;
    prev.instances = prev_instances;
    prev.ninstances = Frama_C_size_t_interval(0, PREV_CAP);
    prev.ops = prev_ops;
    prev.nops = Frama_C_size_t_interval(0, sizeof prev_ops);
    prev.types = prev_types;
    prev.ntypes = Frama_C_size_t_interval(0, PREV_CAP);
    opt.previous = &prev;

    /* No buffer at all (len 0) is its own call: the core then reads a
     * one-byte stand-in, which must not share an abstract state with input. */
    cfv_result r;
    switch (Frama_C_interval(0, 2)) {
    case 0:
        r = cfv_validate_events(input, len, &opt);
        break;
    case 1:
        r = cfv_validate_events(NULL, 0, &opt);
        break;
    default: /* the Release entry: the file against any previous release's summary */
        r = cfv_validate_release_events(input, len, &opt);
        break;
    }
    return r.errors == 0 && r.warnings == 0 ? 0 : 1;
}
