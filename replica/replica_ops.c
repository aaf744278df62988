/* What each op means (FORMAT.md section 5), before NEGATE. Without NOCASE
 * the string ops compare bytes; with it, PCRE2 compares (replica_compile.c).
 * CANNOT (-1) is for what only a trusting load lets through, or PCRE2 gives
 * up on: a string op on a slot without a string, an integer op on one with
 * a string, an unknown op, an operand that did not compile, a PCRE2 error
 * such as the match limit. Such a criterion never holds, NEGATE or not: a
 * failure to evaluate is not a detection. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "cff_layout.h"
#include "replica_internal.h"

#define CANNOT (-1)

static int pcre2_holds(cfv_replica *r, const pcre2_code *code, const cfv_replica_input *v)
{
    if (!code)
        return CANNOT;
    int rc = pcre2_match(code, (PCRE2_SPTR)v->str, v->len, 0, 0, r->md, r->mctx);
    return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : CANNOT;
}

static int bytes_hold(uint8_t op, const char *s, size_t n, const char *pat, size_t m)
{
    switch (op) {
    case CFF_OP_EQUALS: return n == m && memcmp(s, pat, m) == 0;
    case CFF_OP_PREFIX: return n >= m && memcmp(s, pat, m) == 0;
    case CFF_OP_SUFFIX: return n >= m && memcmp(s + n - m, pat, m) == 0;
    default: return m == 0 || memmem(s, n, pat, m) != NULL;
    }
}

int cfv_rp_apply(cfv_replica *r, const cfv_replica_criterion *c, const cfv_replica_input *v)
{
    switch (c->op) {
    case CFF_OP_EQUALS:
    case CFF_OP_PREFIX:
    case CFF_OP_SUFFIX:
    case CFF_OP_CONTAINS:
        if (!v->str)
            return CANNOT;
        if (c->flags & CFF_CRITERION_FLAG_NOCASE)
            return pcre2_holds(r, c->code, v);
        return bytes_hold(c->op, v->str, v->len, c->str, c->len);
    case CFF_OP_REGEX:
        return v->str ? pcre2_holds(r, c->code, v) : CANNOT;
    case CFF_OP_INT_EQ:
        return v->str ? CANNOT : v->value == c->operand;
    case CFF_OP_INT_MASK:
        return v->str ? CANNOT : (v->value & c->operand) != 0;
    default:
        return CANNOT;
    }
}
