/* cfv: strict validator for CFF v1 channel files (FORMAT.md).
 * The core is freestanding: no malloc, no stdio, no globals. */
#ifndef CFV_CFV_H
#define CFV_CFV_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/diag.h"
#include "cfv/previous.h"
#include "cfv/regex.h"

#define CFV_VERSION "0.1.0"
#define CFV_DEFAULT_MAX_SIZE (64u * 1024u * 1024u)
#define CFV_DEFAULT_MAX_DIAGNOSTICS 100u

typedef struct cfv_options {
    const cfv_defs *defs;       /* required */
    uint32_t sensors;           /* bit s selects defs->sensors[s] for CFV060..CFV063 */
    uint64_t real_size;         /* size of the file; may exceed len when over max_size */
    uint64_t max_size;          /* CFV013; 0 means CFV_DEFAULT_MAX_SIZE */
    uint64_t now_utc;           /* reference time for CFV008; 0 skips CFV008 */
    const char *file_name;      /* base name for CFV070; NULL skips CFV070 */
    size_t file_name_len;
    uint32_t max_diagnostics;   /* 0 means CFV_DEFAULT_MAX_DIAGNOSTICS */
    cfv_regex_fn regex;         /* NULL: REGEX operands are not compiled */
    void *regex_user;
    /* NULL, or regex's trusted in-place entry (cfv/regex.h; the library's:
     * cfv_regex_check_nul), called with regex_user */
    cfv_regex_fn regex_nul;
    cfv_sink_fn sink;           /* structured events (the core); may be NULL */
    void *sink_user;
    cfv_diag_fn emit;           /* rendered diagnostics (cfv_validate, host); may be NULL */
    void *emit_user;
    /* NULL: diagnostics are built and emitted until max_diagnostics, where
     * validation stops (truncated). Set: validation never stops early,
     * every diagnostic is counted, max_diagnostics is ignored, and want
     * (called with emit_user) picks the ones to build and emit. */
    cfv_diag_want_fn want;
    /* With want: told how many reports a CFV_WANT_MUTE answer muted
     * (diag.h), called with emit_user; NULL: they are only counted. */
    cfv_diag_muted_fn muted;
    /* The release gate's previous release (cfv_validate_release); unused
     * by cfv_validate. */
    const cfv_previous *previous;
    /* NULL: each run starts from state of its own, cleared whole (about
     * 16 KiB). Set: the run's state lives here and is reset, not cleared
     * (cfv_workspace_init). */
    struct cfv_workspace *workspace;
} cfv_options;

/* A run's state kept from one validation to the next, for a caller that
 * validates many small files one after another (a fuzzer): a run resets
 * what it reads before writing (flags, and the REGEX memo's slots the last
 * run set) instead of clearing all of it. Verdicts and diagnostics are the
 * same either way. One run at a time; any entry, any options. */
typedef struct cfv_workspace cfv_workspace;
/* The bytes a workspace takes. */
size_t cfv_workspace_size(void);
/* Makes a workspace in mem (size bytes, aligned as malloc aligns): NULL
 * when size is under cfv_workspace_size() or mem is misaligned. mem is the
 * caller's to free after its last run. Freestanding. */
cfv_workspace *cfv_workspace_init(void *mem, size_t size);

typedef struct cfv_result {
    uint32_t errors;
    uint32_t warnings;
    uint32_t truncated;         /* 1 when max_diagnostics stopped validation early */
} cfv_result;

/* Validates buf[0..len). len must equal real_size unless the file is over
 * max_size, in which case buf may be empty. Reports every broken rule to
 * opt->sink as structured events. Freestanding. */
cfv_result cfv_validate_events(const uint8_t *buf, size_t len, const cfv_options *opt);

/* The two tiers cfv_validate_events runs, for tests and fuzzers that compare
 * them (docs/performance.md states the contract): cfv_validate_clean is the
 * fast tier, 1 exactly when cfv_validate_diagnose would report nothing for
 * the same buf, len and opt (no sink is called, no diagnostic built);
 * cfv_validate_diagnose is the diagnostic tier alone. cfv_validate_events is
 * cfv_validate_clean, then cfv_validate_diagnose only when it returned 0. */
int cfv_validate_clean(const uint8_t *buf, size_t len, const cfv_options *opt);
cfv_result cfv_validate_diagnose(const uint8_t *buf, size_t len, const cfv_options *opt);

/* The same, host side: events are rendered with the catalog's templates and
 * handed to opt->emit as cfv_diag (validator/render). */
cfv_result cfv_validate(const uint8_t *buf, size_t len, const cfv_options *opt);

/* The release gate's rules (CFV080..CFV082; grammar entry Release): buf
 * against opt->previous (required), the release it replaces. Reports to
 * opt->sink (the _events form) or, rendered, to opt->emit; opt's defs name
 * the fields in messages, want and max_diagnostics apply as for
 * cfv_validate_events. Freestanding. */
cfv_result cfv_validate_release_events(const uint8_t *buf, size_t len, const cfv_options *opt);
/* Its two tiers apart, as cfv_validate_clean and cfv_validate_diagnose are
 * ChannelFile's (tests/validator/test_release.c holds them to agreeing). */
int cfv_validate_release_clean(const uint8_t *buf, size_t len, const cfv_options *opt);
cfv_result cfv_validate_release_diagnose(const uint8_t *buf, size_t len, const cfv_options *opt);
cfv_result cfv_validate_release(const uint8_t *buf, size_t len, const cfv_options *opt);

#endif
