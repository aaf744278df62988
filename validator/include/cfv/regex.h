/* The validator's view of REGEX operands. The freestanding core only calls a
 * cfv_regex_fn; the PCRE2-backed implementation (validator/regex/) compiles
 * with the very options the interpreter uses and caches each distinct
 * (pattern, nocase) once. */
#ifndef CFV_REGEX_H
#define CFV_REGEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum cfv_re_status {
    CFV_RE_OK = 0,
    CFV_RE_COMPILE_ERROR = 1,   /* CFV055 */
    CFV_RE_NESTED_UNBOUNDED = 2, /* CFV056: compiles, but a group holding an unbounded
                                    quantifier is itself under one, or the analysis could
                                    not run */
    CFV_RE_UNCHECKED = 3         /* CFV055: no checker was given (the core fails closed) */
} cfv_re_status;

typedef struct cfv_re_verdict {
    uint8_t status;             /* cfv_re_status */
    uint32_t offset;            /* offset in the pattern of the error / offending group */
    char message[120];          /* NUL-terminated, from PCRE2 or the analysis */
} cfv_re_verdict;

/* Within one validation run a checker that once said OK for (pattern,
 * nocase) must say OK every time it is asked again (a refusal may be
 * recomputed, as after an out-of-memory one): the core remembers an OK verdict
 * for the run (the REGEX memo) and the fast tier skips a clean record equal
 * to the last one at its index, so a checker whose answer changed on a
 * repeat (a budget spent, a cache that could not grow) would make the two
 * tiers disagree. cfv_regex_check keeps this: a pattern counted against the
 * per-file bound is recorded, and one it cannot record is refused. */
typedef void (*cfv_regex_fn)(void *user, const uint8_t *pattern, size_t len, int nocase,
                             cfv_re_verdict *out);

/* A checker's trusted in-place entry (cfv_options.regex_nul), optional: the
 * same verdicts as its cfv_regex_fn, for an operand the core vouches for
 * and a verdict the core does not mend. The core calls it (with
 * regex_user) only when pattern[len] is NUL and pattern[0 .. len +
 * CFV_REGEX_SLACK) is readable, so that the entry may read ahead past the
 * operand without copying it (what it reads past the NUL must not change
 * the verdict). The entry writes the whole verdict, safe: status one of
 * cfv_re_status, message NUL-terminated within its 120 bytes. A checker
 * that does not promise this leaves regex_nul NULL: every operand then goes
 * through regex, whose verdict the core mends (fail closed). */
#define CFV_REGEX_SLACK 16

#endif
