/* cfv_replica_load: the guarded validation (when asked), the trusting walk,
 * and the loaded file's lifetime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "replica_internal.h"

static cfv_replica_status fail(cfv_replica_error *err, cfv_replica_status st, const char *msg)
{
    err->status = st;
    snprintf(err->message, sizeof err->message, "%s", msg);
    return st;
}

/* GUARDED: the validator for the one sensor the replica will run as. */
static cfv_replica_status validate(cfv_replica *r, const uint8_t *buf, size_t len,
                                   const cfv_replica_load_options *opt, cfv_replica_error *err)
{
    if (!opt->defs || opt->sensor < 0 || (uint32_t)opt->sensor >= opt->defs->nsensors ||
        opt->sensor >= CFV_MAX_SENSORS)
        return fail(err, CFV_REPLICA_BAD_ARGS, "guarded load needs definitions and a sensor");
    cfv_options vo;
    memset(&vo, 0, sizeof vo);
    vo.defs = opt->defs;
    vo.sensors = UINT32_C(1) << opt->sensor;
    vo.real_size = len;
    cfv_regex_use(&vo, r->cache);
    vo.emit = opt->emit;
    vo.emit_user = opt->emit_user;
    cfv_result res = cfv_validate(buf, len, &vo);
    if (res.errors == 0)
        return CFV_REPLICA_OK;
    err->errors = res.errors;
    err->status = CFV_REPLICA_REJECTED;
    snprintf(err->message, sizeof err->message,
             "rejected by the validator for sensor %s: %u error%s", opt->defs->sensors[opt->sensor].name,
             res.errors, res.errors == 1 ? "" : "s");
    return CFV_REPLICA_REJECTED;
}

static cfv_replica *alloc_replica(const uint8_t *buf, size_t len, cfv_regex_cache *cache)
{
    cfv_replica *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->len = len;
    r->bytes = malloc(len + 1);
    /* A cache of its own per load costs more than loading a small file
     * (the fuzz targets load one per accepted input). */
    r->borrowed = cache != NULL;
    r->cache = cache ? cache : cfv_regex_cache_new();
    r->md = pcre2_match_data_create(1, NULL);
    r->mctx = pcre2_match_context_create(NULL);
    if (!r->bytes || !r->cache || !r->md || !r->mctx) {
        cfv_replica_free(r);
        return NULL;
    }
    if (len)
        memcpy(r->bytes, buf, len);
    r->bytes[len] = 0;
    pcre2_set_match_limit(r->mctx, CFV_REPLICA_MATCH_LIMIT);
    pcre2_set_depth_limit(r->mctx, CFV_REPLICA_DEPTH_LIMIT);
    return r;
}

cfv_replica_status cfv_replica_load(cfv_replica **out, const uint8_t *buf, size_t len,
                                    const cfv_replica_load_options *opt,
                                    cfv_replica_error *err)
{
    memset(err, 0, sizeof *err);
    *out = NULL;
    if (!opt || (!buf && len))
        return fail(err, CFV_REPLICA_BAD_ARGS, "no options or no buffer");
    /* A lent cache carries its lender's per-file REGEX bound
     * (cfv_regex_cache_begin_file): the guarded validation would judge this
     * file by another file's bound. */
    if (opt->mode == CFV_LOAD_GUARDED && opt->cache)
        return fail(err, CFV_REPLICA_BAD_ARGS, "a lent cache is for trusting loads only");
    cfv_replica *r = alloc_replica(buf, len, opt->cache);
    if (!r)
        return fail(err, CFV_REPLICA_NOMEM, "out of memory");
    cfv_replica_status st = CFV_REPLICA_OK;
    if (opt->mode == CFV_LOAD_GUARDED)
        st = validate(r, r->bytes, len, opt, err);
    if (st == CFV_REPLICA_OK)
        st = cfv_rp_parse(r, err);
    if (st == CFV_REPLICA_OK)
        *out = r;
    else
        cfv_replica_free(r);
    return st;
}

void cfv_replica_free(cfv_replica *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nowned; i++)
        pcre2_code_free(r->owned[i]);
    free(r->owned);
    pcre2_match_context_free(r->mctx);
    pcre2_match_data_free(r->md);
    if (!r->borrowed)
        cfv_regex_cache_free(r->cache);
    free(r->crit);
    free(r->inst);
    free(r->bytes);
    free(r);
}

uint32_t cfv_replica_channel(const cfv_replica *r) { return r->channel; }

size_t cfv_replica_count(const cfv_replica *r) { return r->ninst; }

const cfv_replica_instance *cfv_replica_instance_at(const cfv_replica *r, size_t i)
{
    return i < r->ninst ? &r->inst[i] : NULL;
}
