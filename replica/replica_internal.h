/* What the replica's files share: the loaded file and the helpers between
 * the loader, the compiler of operands and the interpreter. */
#ifndef CFV_REPLICA_INTERNAL_H
#define CFV_REPLICA_INTERNAL_H

#include "cfv_replica.h"

struct cfv_replica {
    uint8_t *bytes;             /* a copy of the file plus one NUL, so every string ends */
    size_t len;                 /* the file's length (without that NUL) */
    uint32_t channel;
    cfv_replica_instance *inst;
    size_t ninst;
    cfv_replica_criterion *crit;
    size_t ncrit;
    cfv_regex_cache *cache;     /* owns REGEX codes, shared with the guarded validation */
    int borrowed;               /* cache is the caller's (cfv_replica_load_options.cache) */
    pcre2_code **owned;         /* codes the replica compiled itself */
    size_t nowned, owned_cap;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
};

/* The trusting walk over r->bytes: fills channel, inst and crit. */
cfv_replica_status cfv_rp_parse(cfv_replica *r, cfv_replica_error *err);

/* Sets c->code for REGEX and NOCASE string criteria. -1 only when out of memory. */
int cfv_rp_compile(cfv_replica *r, cfv_replica_criterion *c);

/* Whether the op of c holds for input v, before NEGATE: 1, 0, or -1 when
 * it cannot be evaluated (then the criterion fails whatever NEGATE says). */
int cfv_rp_apply(cfv_replica *r, const cfv_replica_criterion *c, const cfv_replica_input *v);

#endif
