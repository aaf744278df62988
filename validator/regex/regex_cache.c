/* The cache: each distinct (pattern bytes, nocase) is compiled and judged
 * once. An open-addressing table keyed by SipHash with a per-cache key
 * (random, or the caller's for reproducible runs); it grows with the
 * distinct patterns seen (so with the input) and never drops an entry.
 * Patterns of the plain subset (regex_plain.c) are judged without it: their
 * verdict is CFV_RE_OK, and they are compiled only when the replica asks
 * for their code.
 *
 * The per-file bound (cfv_regex_cache_begin_file): within one file, at most
 * cfv_regex_file_bound(size) distinct patterns outside the plain subset get
 * a verdict from PCRE2; every further distinct one is refused as unsafe
 * without compiling (CFV056, fail closed). Each entry carries the number of
 * the last file that counted it, so the count is of the file's own distinct
 * patterns in file order, whatever earlier files left in the cache: the
 * verdict of a file never depends on which files came before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "cfv/arena.h"
#include "cfv/le.h"
#include "regex_internal.h"

#define CFV_RX_RECENT_BITS 14
#define CFV_RX_RECENT (1u << CFV_RX_RECENT_BITS)
#define CFV_RX_COUNTED_BITS 16

typedef struct entry {
    uint64_t hash;
    uint8_t *pattern; /* own copy; NULL marks an empty slot */
    size_t len;
    int nocase;
    uint64_t file; /* the last file (cache->file) that counted it */
    pcre2_code *code; /* NULL unless verdict.status is CFV_RE_OK */
    cfv_re_verdict verdict;
} entry;

/* An entry's verdict: an OK one has no offset or message to copy. */
static void give(cfv_re_verdict *out, const entry *e)
{
    if (e->verdict.status != CFV_RE_OK) {
        *out = e->verdict;
        return;
    }
    out->status = CFV_RE_OK;
    out->offset = 0;
    out->message[0] = 0;
}

struct cfv_regex_cache {
    cfv_rx_cache_head head; /* first: cfv_regex_check reads it (regex_plain.c) */
    entry *slot;
    size_t cap; /* a power of two, at least twice count */
    size_t count;
    uint64_t k0, k1;
    uint64_t file;          /* files begun so far; 0: no bound */
    uint64_t file_compiled; /* distinct patterns this file counted */
    uint64_t file_bound;
    char over_bound[sizeof(((cfv_re_verdict *)0)->message)]; /* the refusal's message */
    /* Recently seen keys by a cheap unkeyed hash: slot index + 1, 0 empty.
     * A hit is confirmed by comparing the whole key, so a collision only
     * costs the keyed path; it spares a SipHash per REGEX criterion when a
     * file cycles through more distinct patterns than the core's per-run
     * memo holds. */
    uint32_t recent[CFV_RX_RECENT]; /* 2^32 entries would not fit in memory anyway */
    /* The patterns this file counted, as a Bloom filter of their cheap
     * hash (two bits each, cleared by cfv_regex_cache_begin_file): a
     * pattern whose bits are not both set was not counted, so once the
     * file's bound is spent it is refused without the keyed hash or the
     * table (a false positive only takes the exact path). */
    uint64_t counted[(1u << CFV_RX_COUNTED_BITS) / 64];
    /* What the cache keeps until it is freed (pattern copies, compiled
     * codes, PCRE2's contexts): carved from an arena (cfv/arena.h), so a
     * new pattern costs no malloc of its own and libFuzzer does not run
     * every input that brought one again to look for a leak. PCRE2
     * allocates through cc (its memory functions are the arena's). */
    cfv_arena keep;
    pcre2_compile_context *cc;
};

/* PCRE2's memory functions: the cache's arena. A free gives back only the
 * last piece carved (a code the analysis refused, PCRE2's temporaries);
 * any other stays until the cache is freed. */
static void *keep_alloc(size_t n, void *user) { return cfv_arena_alloc(&((cfv_regex_cache *)user)->keep, n); }
static void keep_free(void *p, void *user) { cfv_arena_release(&((cfv_regex_cache *)user)->keep, p); }

static void seed(cfv_regex_cache *c)
{
    uint64_t k[2];
#ifdef CFV_REGEX_FIXED_KEY
    /* Fuzzing builds (cmake/CfvFlavor.cmake, CFV_FUZZ_AFL): every cache,
     * the replica's too, probes its table the same way in every run, so a
     * run repeats exactly (AFL++ stability, libFuzzer -seed). */
    c->k0 = 0x6366765f66757a7aull;
    c->k1 = 0x15;
    return;
#endif
    if (getrandom(k, sizeof k, GRND_NONBLOCK) != (ssize_t)sizeof k) {
        /* No entropy yet: still unpredictable enough to an attacker who
         * cannot see the address space or the clock. */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        k[0] = (uint64_t)(uintptr_t)c ^ ((uint64_t)ts.tv_nsec << 32) ^ (uint64_t)ts.tv_sec;
        k[1] = cfv_rx_siphash(k[0], (uint64_t)(uintptr_t)&ts, (const uint8_t *)&ts, sizeof ts);
    }
    c->k0 = k[0];
    c->k1 = k[1];
}

static void cache_free(cfv_regex_cache *c)
{
    cfv_arena_free(&c->keep);
    free(c->slot);
    free(c);
}

static cfv_regex_cache *cache_new(void)
{
    cfv_regex_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cap = 64;
    c->slot = calloc(c->cap, sizeof *c->slot);
    pcre2_general_context *gc = c->slot ? pcre2_general_context_create(keep_alloc, keep_free, c) : NULL;
    c->cc = gc ? pcre2_compile_context_create(gc) : NULL;
    if (!c->cc) {
        cache_free(c);
        return NULL;
    }
    c->head.plain_ok = cfv_rx_library_ok();
    return c;
}

cfv_regex_cache *cfv_regex_cache_new(void)
{
    cfv_regex_cache *c = cache_new();
    if (c)
        seed(c);
    return c;
}

cfv_regex_cache *cfv_regex_cache_new_keyed(uint64_t k0, uint64_t k1)
{
    cfv_regex_cache *c = cache_new();
    if (c) {
        c->k0 = k0;
        c->k1 = k1;
    }
    return c;
}

void cfv_regex_cache_free(cfv_regex_cache *c)
{
    if (c)
        cache_free(c); /* the patterns, codes and contexts are in its blocks */
}

static uint64_t key_hash(const cfv_regex_cache *c, const uint8_t *pattern, size_t len, int nocase)
{
    /* nocase is part of the key: the same bytes compile differently */
    return cfv_rx_siphash(c->k0 ^ (nocase ? 0x9e3779b97f4a7c15ull : 0), c->k1, pattern, len);
}

/* The slot holding the key, or the empty slot where it belongs. */
static entry *find(const cfv_regex_cache *c, uint64_t h, const uint8_t *pattern, size_t len,
                   int nocase)
{
    size_t mask = c->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        entry *e = &c->slot[i];
        if (!e->pattern)
            return e;
        if (e->hash == h && e->len == len && e->nocase == nocase &&
            (len == 0 || memcmp(e->pattern, pattern, len) == 0))
            return e;
    }
}

static int grow(cfv_regex_cache *c)
{
    if (c->cap > SIZE_MAX / 2 / sizeof(entry))
        return -1;
    size_t cap = c->cap * 2;
    entry *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < c->cap; i++) {
        entry *e = &c->slot[i];
        if (!e->pattern)
            continue;
        size_t j = (size_t)e->hash & (cap - 1);
        while (slot[j].pattern)
            j = (j + 1) & (cap - 1);
        slot[j] = *e;
    }
    free(c->slot);
    c->slot = slot;
    c->cap = cap;
    memset(c->recent, 0, sizeof c->recent); /* the entries moved */
    return 0;
}

/* The cheap unkeyed hash of the recent table and the counted filter;
 * nocase is left out: both cases of a pattern share a slot (rare). */
static uint64_t cheap_hash(const uint8_t *p, size_t len)
{
    uint64_t h = (uint64_t)len;
    size_t i = 0;
    for (; len - i > 8; i += 8)
        h = (h ^ cfv_le64(p + i)) * 0x9e3779b97f4a7c15ull;
    if (len >= 8) /* the last word overlaps the one before it (len is mixed in) */
        return (h ^ cfv_le64(p + len - 8)) * 0x9e3779b97f4a7c15ull;
    for (; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static size_t recent_slot(uint64_t h)
{
    return (size_t)(h >> (64 - CFV_RX_RECENT_BITS));
}

/* Filter bit k (0 or 1) of cheap hash h: two 16-bit fields of its high
 * half (a product's high bits depend on every bit below them; the recent
 * slot shares some of them, which costs the filter nothing: a false
 * positive only takes the exact path). */
static size_t counted_bit(uint64_t h, unsigned k)
{
    return (size_t)(h >> (48 - 16 * k)) & (((size_t)1 << CFV_RX_COUNTED_BITS) - 1);
}

static void count_mark(cfv_regex_cache *c, uint64_t h)
{
    for (unsigned k = 0; k < 2; k++)
        c->counted[counted_bit(h, k) / 64] |= UINT64_C(1) << (counted_bit(h, k) % 64);
}

/* 0: this file certainly did not count the pattern of cheap hash h. Two
 * tests, not one of both bits: the first bit is mostly clear (a file over
 * its bound counted a few hundred patterns in 65 536 bits), and a bit
 * tested for a branch is one instruction (bt). */
static int count_maybe(const cfv_regex_cache *c, uint64_t h)
{
    const size_t b1 = counted_bit(h, 0), b2 = counted_bit(h, 1);
    if (!((c->counted[b1 / 64] >> (b1 % 64)) & 1))
        return 0;
    return (int)((c->counted[b2 / 64] >> (b2 % 64)) & 1);
}

/* The entry that recent slot r names if it holds the key, else NULL. */
static entry *recent_entry(const cfv_regex_cache *c, size_t r, const uint8_t *pattern, size_t len,
                           int nocase)
{
    entry *e = c->recent[r] ? &c->slot[c->recent[r] - 1] : NULL; /* a slot that has a key */
    return e && e->len == len && e->nocase == nocase && memcmp(e->pattern, pattern, len) == 0 ? e
                                                                                             : NULL;
}

/* The entry for the key (of hash h), compiled on first sight; NULL when
 * out of memory. */
static entry *lookup(cfv_regex_cache *c, uint64_t h, const uint8_t *pattern, size_t len,
                     int nocase)
{
    entry *e = find(c, h, pattern, len, nocase);
    if (e->pattern)
        return e;
    if ((c->count + 1) * 2 > c->cap) {
        if (grow(c) != 0)
            return NULL;
        e = find(c, h, pattern, len, nocase);
    }
    uint8_t *copy = cfv_arena_alloc(&c->keep, len ? len : 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, pattern, len);
    e->code = cfv_rx_verdict(pattern, len, nocase, c->head.plain_ok, c->cc, &e->verdict);
    e->pattern = copy;
    e->len = len;
    e->nocase = nocase != 0;
    e->hash = h;
    c->count++;
    return e;
}

uint64_t cfv_regex_file_bound(uint64_t file_size)
{
    return CFV_REGEX_FILE_BOUND_BASE + file_size / CFV_REGEX_FILE_BOUND_BYTES;
}

void cfv_regex_cache_begin_file(cfv_regex_cache *c, uint64_t file_size)
{
    if (!c)
        return;
    c->file++;
    c->file_compiled = 0;
    c->file_bound = cfv_regex_file_bound(file_size);
    /* 77 to 96 bytes: file_bound has 1 to 20 digits */
    (void)snprintf(c->over_bound, sizeof c->over_bound,
                   "not analysed: over the file's bound of %llu patterns that need a compile: unsafe",
                   (unsigned long long)c->file_bound);
    memset(c->counted, 0, sizeof c->counted);
}

/* A refusal without a compile (CFV056): over the bound, or not analysed.
 * message has len bytes and a NUL, fewer than out->message holds; copied,
 * not formatted (a file over its bound has one per REGEX criterion). */
static void refuse(cfv_re_verdict *out, const char *message, size_t len)
{
    out->status = CFV_RE_NESTED_UNBOUNDED;
    out->offset = 0;
    memcpy(out->message, message, len + 1);
}

/* The refusal over the file's bound: its message copied whole, a size the
 * compiler knows (a few vector moves, no call; the bytes past its NUL are
 * the cache's own, never read). */
static void refuse_over_bound(cfv_re_verdict *out, const cfv_regex_cache *c)
{
    out->status = CFV_RE_NESTED_UNBOUNDED;
    out->offset = 0;
    memcpy(out->message, c->over_bound, sizeof out->message);
}

/* The per-file bound: 1 if this file may have the verdict of the pattern
 * (e: what find() gave for it) from PCRE2, counting it once per file; 0 if
 * it is one distinct pattern too many. */
static int within_bound(cfv_regex_cache *c, const entry *e)
{
    if (c->file == 0)
        return 1; /* no file begun: no bound */
    if (e->pattern && e->file == c->file)
        return 1;
    if (c->file_compiled >= c->file_bound)
        return 0;
    c->file_compiled++; /* the caller stamps the entry */
    return 1;
}

/* A pattern outside the plain subset that check_compiled could not
 * answer (of cheap hash ch, recent slot r): the keyed table, the bound and
 * PCRE2. Out of line, so that the refusal of a file over its bound,
 * one per REGEX criterion there, runs in a small function that saves few
 * registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void check_cache(cfv_regex_cache *c, const uint8_t *pattern, size_t len, int nocase,
                        cfv_re_verdict *out, uint64_t ch, size_t r)
{
    entry *e;
    const uint64_t h = c ? key_hash(c, pattern, len, nocase) : 0;
    e = c ? find(c, h, pattern, len, nocase) : NULL; /* the key's entry, or the empty slot it would take */
    if (c && !within_bound(c, e)) {
        refuse_over_bound(out, c);
        return;
    }
    if (c && !e->pattern)
        e = lookup(c, h, pattern, len, nocase); /* compiles it (find again: it may grow) */
    if (e) {
        e->file = c->file;
        count_mark(c, ch);
        c->recent[r] = (uint32_t)(e - c->slot) + 1;
        give(out, e);
        return;
    }
    /* The cache could not grow: fail closed. An OK not kept would be
     * counted against the file's bound again at each repeat and could
     * turn into a refusal, while the fast tier, which remembers a clean
     * record, would keep the OK: the tiers would disagree. */
    if (c) {
        static const char oom[] = "not analysed: out of memory for the regex cache; treated as unsafe";
        refuse(out, oom, sizeof oom - 1);
        return;
    }
    /* No cache: the verdict is exact, just not kept. */
    pcre2_code_free(cfv_rx_verdict(pattern, len, nocase, cfv_rx_library_ok(), NULL, out));
}

/* A pattern that check_compiled did not refuse (of cheap hash ch): a
 * recent hit this file counted gets its verdict, check_cache the rest.
 * Out of line, so that the refusal saves no registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void check_recent(cfv_regex_cache *c, const uint8_t *pattern, size_t len, int nocase,
                         cfv_re_verdict *out, uint64_t ch)
{
    const size_t r = recent_slot(ch);
    entry *e = c ? recent_entry(c, r, pattern, len, nocase) : NULL;
    if (e && (c->file == 0 || e->file == c->file)) { /* seen, and counted in this file */
        give(out, e);
        return;
    }
    check_cache(c, pattern, len, nocase, out, ch, r);
}

/* A pattern outside the plain subset. The bound spent and the pattern not
 * counted by this file: within_bound would refuse it, and it stays refused
 * for the rest of the file (the count never falls within a file), so no
 * keyed hash, no table; and no recent hit either (one this file did not
 * count answers nothing here). Else check_recent. */
void cfv_rx_check_compiled(void *user, const uint8_t *pattern, size_t len, int nocase,
                           cfv_re_verdict *out)
{
    cfv_regex_cache *c = user;
    const uint64_t ch = c ? cheap_hash(pattern, len) : 0;
    if (c && c->file != 0 && c->file_compiled >= c->file_bound && !count_maybe(c, ch)) {
        refuse_over_bound(out, c);
        return;
    }
    check_recent(c, pattern, len, nocase, out, ch);
}

const pcre2_code *cfv_regex_cache_code(cfv_regex_cache *c, const uint8_t *pattern, size_t len,
                                       int nocase, cfv_re_verdict *out)
{
    const entry *e = c ? lookup(c, key_hash(c, pattern, len, nocase != 0), pattern, len, nocase != 0)
                       : NULL;
    if (e) {
        *out = e->verdict;
        return e->code;
    }
    /* no cache, or none kept it (rare): asked here */
    pcre2_code_free(cfv_rx_verdict(pattern, len, nocase != 0, cfv_rx_library_ok(), NULL, out));
    if (out->status == CFV_RE_OK) {
        /* Nowhere to keep the code: report it as PCRE2 reports its own
         * allocation failures, a compile error, so no caller matches with
         * code it does not have. */
        out->status = CFV_RE_COMPILE_ERROR;
        out->offset = 0;
        strcpy(out->message, c ? "out of memory: the compiled pattern could not be cached"
                               : "no cache to keep the compiled pattern in");
    }
    return NULL;
}
