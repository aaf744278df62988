/* The hosted, PCRE2-backed side of REGEX checking (CFV055, CFV056).
 *
 * The validator core calls cfv_regex_check through a cfv_regex_fn; the
 * interpreter replica asks the same cache for the compiled code, so both
 * compile every operand with the very same library and options. A cache is
 * not thread-safe: use one per thread. */
#ifndef CFV_REGEX_PCRE2_H
#define CFV_REGEX_PCRE2_H

#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "cfv/regex.h"

/* The one definition of the PCRE2 compile options for REGEX operands
 * (FORMAT.md section 5): PCRE2_UTF with PCRE2's UTF check on, plus
 * PCRE2_CASELESS when nocase. Unanchored unless the pattern anchors itself. */
uint32_t cfv_regex_compile_options(int nocase);

typedef struct cfv_regex_cache cfv_regex_cache;

/* NULL when out of memory. The hash key is random (getrandom), so patterns
 * from untrusted files cannot be chosen to collide. */
cfv_regex_cache *cfv_regex_cache_new(void);
/* The same with the caller's hash key: runs that must repeat exactly
 * (fuzzing) use a fixed one. Verdicts never depend on the key. */
cfv_regex_cache *cfv_regex_cache_new_keyed(uint64_t k0, uint64_t k1);
void cfv_regex_cache_free(cfv_regex_cache *cache);

/* The per-file bound on PCRE2 work (docs/performance.md, "The per-file
 * bound"): a file of S bytes may hold at most cfv_regex_file_bound(S) =
 * CFV_REGEX_FILE_BOUND_BASE + S / CFV_REGEX_FILE_BOUND_BYTES distinct
 * (pattern, nocase) outside the plain subset; each further distinct one is
 * CFV_RE_NESTED_UNBOUNDED ("not analysed ...: unsafe") without a compile.
 * It holds once cfv_regex_cache_begin_file(cache, S) is called before each
 * validation of a file (cfv check, cfv plan and cfv build do); a cache never
 * told of a file has no bound. */
#define CFV_REGEX_FILE_BOUND_BASE 64u
#define CFV_REGEX_FILE_BOUND_BYTES 16384u
uint64_t cfv_regex_file_bound(uint64_t file_size);
void cfv_regex_cache_begin_file(cfv_regex_cache *cache, uint64_t file_size);

/* A cfv_regex_fn (user = a cfv_regex_cache, or NULL for no caching).
 * Compiles each distinct (pattern bytes, nocase) once, except patterns of
 * the plain subset (validator/regex/regex_plain.c), whose verdict is
 * CFV_RE_OK from their syntax alone. The pattern may hold
 * any bytes, NUL included; len is passed to PCRE2 as is. Verdict:
 * CFV_RE_COMPILE_ERROR with PCRE2's message and error offset; else
 * CFV_RE_NESTED_UNBOUNDED with the offset of the offending group's '(' (or
 * of the repeated subroutine call); else CFV_RE_OK. */
void cfv_regex_check(void *cache, const uint8_t *pattern, size_t len, int nocase,
                     cfv_re_verdict *out);

/* cfv_regex_check's trusted in-place entry (cfv/regex.h), for
 * cfv_options.regex_nul with the same cache as regex_user: the same
 * verdicts, each written whole and safe; the plain subset's scan reads the
 * operand where it lies instead of a copy. */
void cfv_regex_check_nul(void *cache, const uint8_t *pattern, size_t len, int nocase,
                         cfv_re_verdict *out);

/* The library's checker on a validation's options (cfv/cfv.h), its two
 * entries and their cache set together: regex = cfv_regex_check, regex_nul
 * = cfv_regex_check_nul, regex_user = cache (NULL: checks without caching). */
struct cfv_options;
void cfv_regex_use(struct cfv_options *opt, cfv_regex_cache *cache);

/* 1 if the pattern is in the plain subset, whose verdict cfv_regex_check
 * gives as CFV_RE_OK without compiling it (validator/regex/regex_plain.c);
 * the fuzz targets check that claim against the compiled verdict. */
int cfv_regex_is_plain(const uint8_t *pattern, size_t len);

/* Same verdict, plus the cached compiled code: NULL unless out->status is
 * CFV_RE_OK. The code belongs to the cache and lives until
 * cfv_regex_cache_free; its memory functions are the cache's, so make match
 * data with pcre2_match_data_create, not from the pattern. If the cache is NULL or cannot grow (out of
 * memory) the result is NULL with CFV_RE_COMPILE_ERROR, as PCRE2 reports its
 * own allocation failures. */
const pcre2_code *cfv_regex_cache_code(cfv_regex_cache *cache, const uint8_t *pattern,
                                       size_t len, int nocase, cfv_re_verdict *out);

/* The CFV056 analysis on PCRE2 syntax (10.42 rules), parsed into a syntax
 * tree. Returns 1 if a group that contains an unbounded quantifier (*, +,
 * {n,}) at any depth is itself under an unbounded quantifier, with
 * *group_offset = the offset of that group's '(' (or of a repeated
 * subroutine call whose target contains one); 0 if there is none; -1 if the
 * analyzer cannot parse the pattern (syntax PCRE2 rejects, nesting deeper
 * than the analyzer's limit, or options it does not model: PCRE2_ALT_BSUX,
 * PCRE2_ALT_VERBNAMES). group_offset may be NULL. No recursion; time
 * linear in len, plus sorting the group names it meets. */
int cfv_regex_find_nested_unbounded(const uint8_t *pattern, size_t len, uint32_t compile_options,
                                    uint32_t *group_offset);

#endif
