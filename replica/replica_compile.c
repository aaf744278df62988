/* Compiled operands. REGEX comes from the regex cache (cfv/regex_pcre2.h),
 * so the interpreter runs the very code the validator checked. NOCASE on
 * EQUALS/PREFIX/SUFFIX/CONTAINS is PCRE2 too: the operand as a
 * PCRE2_LITERAL pattern with the REGEX options' UTF and CASELESS bits,
 * anchored per op. So NOCASE means exactly what it means in a REGEX:
 * Unicode simple case folding, PCRE2's caseless sets included (k, K and
 * KELVIN SIGN U+212A all match each other; so do s, S and U+017F). */
#include <stdlib.h>

#include "cff_layout.h"
#include "replica_internal.h"

/* The only main options PCRE2 accepts next to PCRE2_LITERAL that change matching. */
#define LITERAL_OPTIONS (PCRE2_UTF | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF)

static uint32_t anchoring(uint8_t op)
{
    switch (op) {
    case CFF_OP_EQUALS: return PCRE2_ANCHORED | PCRE2_ENDANCHORED;
    case CFF_OP_PREFIX: return PCRE2_ANCHORED;
    case CFF_OP_SUFFIX: return PCRE2_ENDANCHORED;
    default: return 0;
    }
}

/* Compiles into r->owned. A pattern that does not compile leaves c->code
 * NULL; -1 only when out of memory. */
static int compile_owned(cfv_replica *r, cfv_replica_criterion *c, uint32_t options)
{
    if (r->nowned == r->owned_cap) {
        size_t cap = r->owned_cap ? 2 * r->owned_cap : 16;
        pcre2_code **p = realloc(r->owned, cap * sizeof *p);
        if (!p)
            return -1;
        r->owned = p;
        r->owned_cap = cap;
    }
    int code;
    PCRE2_SIZE at;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)c->str, c->len, options, &code, &at, NULL);
    if (!re)
        return code == PCRE2_ERROR_HEAP_FAILED ? -1 : 0;
    r->owned[r->nowned++] = re;
    c->code = re;
    return 0;
}

int cfv_rp_compile(cfv_replica *r, cfv_replica_criterion *c)
{
    int nocase = (c->flags & CFF_CRITERION_FLAG_NOCASE) != 0;
    if (c->op == CFF_OP_REGEX) {
        cfv_re_verdict v;
        c->code = cfv_regex_cache_code(r->cache, (const uint8_t *)c->str, c->len, nocase, &v);
        if (c->code || v.status != CFV_RE_NESTED_UNBOUNDED)
            return 0;
        /* The validator refuses it (CFV056); the 2024 sensor ran it, and the
         * match limit is what stops it from backtracking for ever. */
        return compile_owned(r, c, cfv_regex_compile_options(nocase));
    }
    if (nocase && c->op >= CFF_OP_EQUALS && c->op <= CFF_OP_CONTAINS)
        return compile_owned(r, c, (cfv_regex_compile_options(1) & LITERAL_OPTIONS) |
                                       PCRE2_LITERAL | anchoring(c->op));
    return 0;
}
