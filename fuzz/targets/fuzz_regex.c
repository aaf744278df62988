/* The PCRE2 cache the fuzz targets validate with, and the validator options
 * that use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"

/* Inputs between two resets of the cache: mutants share their seeds'
 * patterns, so most look-ups hit, and the cache (which never drops an
 * entry) stays small. Under AFL++ every input starts with an empty cache:
 * a pattern compiled and analysed on the first run of an input and found
 * cached on the next would make the analyser's edges unstable (stability
 * 68 % before). Plain patterns need no cache either way. */
#ifdef __AFL_COMPILER
#define RESET_EVERY 1u
#else
#define RESET_EVERY 4096u
#endif

/* Global state forced by the engines' API: LLVMFuzzerTestOneInput carries
 * no user pointer, and compiling every REGEX operand afresh for each input
 * took 90% of the validator's time on files that have some. The cache is
 * transparent (a verdict does not depend on what it holds) and is dropped
 * every RESET_EVERY inputs. */
static struct {
    cfv_regex_cache *cache;
    unsigned inputs;
} shared;

cfv_regex_cache *cfv_fz_regex_cache(void)
{
    if (!shared.cache)
        /* A fixed hash key: a run repeats exactly (libFuzzer -seed, AFL++
         * stability); NULL: checks without caching. */
        shared.cache = cfv_regex_cache_new_keyed(0x6366765f66757a7aull, 0x15);
    return shared.cache;
}

/* The plain subset says OK without PCRE2 (so only an OK verdict can be
 * its): every pattern the fuzzers make is also compiled and analysed (once,
 * through the cache) and must agree, so each campaign tests the subset's
 * soundness. */
static void plain_agrees(cfv_regex_cache *cache, const uint8_t *pattern, size_t len, int nocase,
                         const cfv_re_verdict *out)
{
    cfv_re_verdict full;
    if (cache && out->status == CFV_RE_OK && cfv_regex_is_plain(pattern, len) &&
        (!cfv_regex_cache_code(cache, pattern, len, nocase, &full) || full.status != CFV_RE_OK)) {
        fprintf(stderr, "fuzz: the plain subset took [%.*s] (nocase %d), but compiled it is %d: %s\n",
                (int)len, (const char *)pattern, nocase, full.status, full.message);
        abort();
    }
}

void cfv_fz_regex_check(void *user, const uint8_t *pattern, size_t len, int nocase,
                        cfv_re_verdict *out)
{
    cfv_fz_regex *re = user;
    re->cache = cfv_fz_regex_cache();
    cfv_regex_check(re->cache, pattern, len, nocase, out);
    plain_agrees(re->cache, pattern, len, nocase, out);
}

/* The trusted in-place entry, as cfv check runs it: its verdict must be
 * written whole and safe (the core does not mend it) and be the copying
 * entry's, whatever the bytes after the operand's NUL. */
void cfv_fz_regex_check_nul(void *user, const uint8_t *pattern, size_t len, int nocase,
                            cfv_re_verdict *out)
{
    cfv_fz_regex *re = user;
    re->cache = cfv_fz_regex_cache();
    memset(out, 0xA5, sizeof *out); /* nothing of the caller's may stand in for a store */
    cfv_regex_check_nul(re->cache, pattern, len, nocase, out);
    cfv_re_verdict copy;
    cfv_regex_check(re->cache, pattern, len, nocase, &copy);
    if (out->status > CFV_RE_UNCHECKED || !memchr(out->message, 0, sizeof out->message) ||
        out->status != copy.status ||
        (out->status != CFV_RE_OK && (out->offset != copy.offset || strcmp(out->message, copy.message)))) {
        fprintf(stderr, "fuzz: the in-place entry said %d at %u for [%.*s] (nocase %d), the copying one %d at %u\n",
                out->status, out->offset, (int)len, (const char *)pattern, nocase, copy.status, copy.offset);
        abort();
    }
    plain_agrees(re->cache, pattern, len, nocase, out);
}

void cfv_fz_regex_free(cfv_fz_regex *re)
{
    re->cache = NULL;
    if (++shared.inputs % RESET_EVERY == 0 && shared.cache) {
        cfv_regex_cache_free(shared.cache);
        shared.cache = NULL;
    }
}

cfv_workspace *cfv_fz_workspace(void)
{
#ifdef __AFL_COMPILER
    /* Under AFL++ every run starts from zeroed state, as the cache starts
     * empty: AFL++ builds instrument workspace.c too (no ignorelist), and
     * its reset's loop counts are the previous input's (stability). */
    return NULL;
#endif
    /* Global state forced by the engines' API, as the cache above: made
     * once, kept for the process (a run resets what it reads). */
    static cfv_workspace *ws;
    if (!ws) {
        void *mem = malloc(cfv_workspace_size());
        if (!mem || !(ws = cfv_workspace_init(mem, cfv_workspace_size())))
            abort();
    }
    return ws;
}

void cfv_fz_options(cfv_options *o, const cfv_defs *d, size_t size, cfv_fz_regex *re)
{
    memset(o, 0, sizeof *o);
    o->workspace = cfv_fz_workspace();
    o->defs = d;
    o->sensors = (d->nsensors >= 32 ? 0 : UINT32_C(1) << d->nsensors) - 1;
    o->real_size = size;
    o->regex = cfv_fz_regex_check;
    o->regex_nul = cfv_fz_regex_check_nul;
    o->regex_user = re;
}
