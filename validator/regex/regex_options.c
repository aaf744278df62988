/* The PCRE2 compile options for REGEX operands, shared by the validator and
 * the interpreter replica so both compile exactly the same program. */
#include "cfv/regex_pcre2.h"

uint32_t cfv_regex_compile_options(int nocase)
{
    /* PCRE2_UTF: FORMAT.md section 5. PCRE2_NO_UTF_CHECK is deliberately
     * absent: an ill-formed UTF-8 pattern is a compile error (CFV055).
     * PCRE2_NEVER_BACKSLASH_C: \C matches one code unit and can leave the
     * matcher inside a UTF-8 character; no channel file needs it, so it is
     * refused at compile time here and in the interpreter alike. */
    return PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | (nocase ? PCRE2_CASELESS : 0u);
}
