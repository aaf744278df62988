/* Byte-view helpers for generated code: bounded, linear, no libc. */
#include "cfv_rt.h"
/* SSE2 (every x86-64) for the string table's scan; the word-at-a-time
 * code stays for other targets and for the proof (Frama-C defines
 * __FRAMAC__ and analyses that one: proof/README.md). */
#if defined(__SSE2__) && !defined(__FRAMAC__)
#define CFV_RT_SSE2 1
/* the compiler's vector types and builtin, no header: <emmintrin.h> pulls
 * in <stdlib.h>, which a freestanding build does not have */
typedef char cfv_rt_v16 __attribute__((vector_size(16)));
typedef long long cfv_rt_v2 __attribute__((vector_size(16)));
static inline unsigned cfv_rt_mask16(cfv_rt_v16 v) { return (unsigned)__builtin_ia32_pmovmskb128(v); }
/* the sums of each half's 16 byte lanes (unsigned) */
static inline cfv_rt_v2 cfv_rt_sad16(cfv_rt_v16 a, cfv_rt_v16 b) { return __builtin_ia32_psadbw128(a, b); }
#else
#define CFV_RT_SSE2 0
#endif
#if defined(__GNUC__) || defined(__clang__)
#define CFV_RT_NOINLINE __attribute__((noinline))
/* Compiled for size: GCC then keeps cfv_rt_regex_keyed_last's values in
 * the registers a call may clobber (no frame), 41 instructions, not 48. */
#define CFV_RT_SMALL __attribute__((cold))
#else
#define CFV_RT_NOINLINE
#define CFV_RT_SMALL
#endif
#include "cfv/testcase.h"
#include "cfv/utf8.h"

const uint8_t cfv_rt_zeros[CFV_RT_WINDOW_MAX] = { 0 };

const uint8_t *cfv_rt_fault(cfv_gctx *g, uint64_t offset)
{
    if (!g->fault) {   /* the first one is where it went wrong */
        g->fault = 1;
        g->fault_off = offset;
    }
    return cfv_rt_zeros;
}

uint64_t cfv_rt_all_zero(cfv_bytes b)
{
    return cfv_rt_first_nonzero(b) == b.n;
}

/* The absolute index of the first byte in base[from .. end) that is NUL
 * (want_nul) or not, or UINT64_MAX. Word at a time up to the word holding
 * it: all-zero checks run over whole files (CFV002), and every REGEX
 * criterion's pattern and every string of the table is measured, most of
 * them shorter than a word. In nul, the lowest flagged byte is the first
 * zero byte (a false flag needs a borrow from a zero byte below it);
 * lowest >> 7 is 1 << 8k for byte k, and the multiplication moves byte
 * 7 - k of the constant, k, to the top. */
static inline uint64_t first_byte(const uint8_t *base, uint64_t from, uint64_t end, int want_nul)
{
    uint64_t i = from;
#if CFV_RT_SSE2
    /* 16 bytes at a time (a REGEX operand of 40 bytes: 3 steps, not 6) */
    if (end >= 16 && i <= end - 16) {
        const cfv_rt_v16 zero = { 0 };
        const unsigned flip = want_nul ? 0u : 0xFFFFu;
        do {
            cfv_rt_v16 v;
            __builtin_memcpy(&v, base + i, sizeof v);
            const uint64_t hit = cfv_rt_mask16((cfv_rt_v16)(v == zero)) ^ flip;
            if (hit)
                return i + (uint64_t)__builtin_ctzll(hit);
            i += 16;
        } while (i <= end - 16);
    }
#endif
    if (end >= 8)
        for (; i <= end - 8; i += 8) {
            const uint64_t v = cfv_le64(base + i);
            const uint64_t nul = (v - UINT64_C(0x0101010101010101)) & ~v & UINT64_C(0x8080808080808080);
            if (want_nul && nul != 0) {
                const uint64_t lowest = nul & (~nul + 1);
                return i + (((lowest >> 7) * UINT64_C(0x0001020304050607)) >> 56);
            }
            if (!want_nul && v != 0)
                break;
        }
    for (; i < end; i++)
        if ((base[i] == 0) == want_nul)
            return i;
    return UINT64_MAX;
}

uint64_t cfv_rt_first_nonzero(cfv_bytes b)
{
    const uint64_t at = b.base ? first_byte(b.base, b.off, cfv_rt_view_end(b), 0) : UINT64_MAX;
    return at == UINT64_MAX ? b.n : at - b.off;
}

uint64_t cfv_rt_nul_at(const uint8_t *base, uint64_t from, uint64_t end)
{
    return first_byte(base, from, end, 1);
}

#if CFV_RT_SSE2
/* A bit a NUL among the 32 bytes at p + i */
static inline uint32_t nul_mask32(const uint8_t *p, uint64_t i)
{
    const cfv_rt_v16 zero = { 0 };
    cfv_rt_v16 a, b;
    __builtin_memcpy(&a, p + i, sizeof a);
    __builtin_memcpy(&b, p + i + 16, sizeof b);
    return cfv_rt_mask16((cfv_rt_v16)(a == zero)) | cfv_rt_mask16((cfv_rt_v16)(b == zero)) << 16;
}
#endif

/* cfv_rt_nul_len's search from base[from], a word or block at a time, its
 * end clamped to cap (for the proof). Apart, so that the 64-byte test
 * before it keeps no frame. */
static CFV_RT_NOINLINE uint64_t nul_len_from(const uint8_t *base, uint64_t from, uint64_t off, uint64_t n,
                                             uint64_t cap)
{
    const cfv_bytes b = { base, cap, off, n };
    const uint64_t at = first_byte(base, from, cfv_rt_view_end(b), 1);
    return at == UINT64_MAX ? n : at - off;
}

/* With 64 readable bytes at off (the buffer's: past the view's end is
 * readable too) they are tested at once, with no loop: a REGEX operand
 * under 64 bytes (the bench's are 32-39) in about 20 instructions, its
 * exit always the same branch. A NUL past off + n counts as none. */
uint64_t cfv_rt_nul_len(const uint8_t *base, uint64_t off, uint64_t n, uint64_t cap)
{
    uint64_t from = off;
#if CFV_RT_SSE2
    if (off <= cap && cap - off >= 64) {   /* a view past its buffer reads nothing here */
        const uint64_t nul = nul_mask32(base, off) | (uint64_t)nul_mask32(base, off + 32) << 32;
        if (nul != 0) {
            const uint64_t at = (uint64_t)__builtin_ctzll(nul);
            return at < n ? at : n;
        }
        if (n <= 64)
            return n;
        from = off + 64;   /* none in the first 64, all of them the view's */
    }
#endif
    return nul_len_from(base, from, off, n, cap);
}

#if CFV_RT_SSE2
/* One past the last NUL of the 32 bytes at p + i (one at least) */
static uint64_t last_nul32(const uint8_t *p, uint64_t i)
{
    return i + 32 - (uint64_t)__builtin_clz(nul_mask32(p, i));
}
#endif

/* A run of NUL-terminated strings, checked as a whole (cfv-gen's string
 * table, emit_validator.c): walking it a string at a time makes each
 * string's start wait for the previous string's NUL (about 20 cycles a
 * string whatever its length). Here every block (SSE2) or word is read
 * independently: a word's exact zero-byte mask counts the NULs, and the
 * first and last NUL of a word are all the gap test needs when max >= 7 (a
 * gap inside one word is at most 6). NUL is ASCII and never inside a multi-byte sequence, so the
 * strings are all valid UTF-8 exactly when the bytes up to the last NUL
 * are; an all-ASCII run needs no second pass. */
int cfv_rt_cstr_table(const cfv_gctx *g, uint64_t from, uint64_t end, uint64_t max, int utf8,
                      uint64_t *count, uint64_t *next)
{
    const uint64_t lo7 = UINT64_C(0x7F7F7F7F7F7F7F7F), ones = UINT64_C(0x0101010101010101);
    const uint8_t *const p = g->buf;
    uint64_t n = 0, start = from, high = 0, i = from;
    int bad = 0;
    if (end > g->len)
        end = g->len;
#if CFV_RT_SSE2
    /* 16 bytes at a time: one compare finds a block's NULs; the bytes'
     * high bits are gathered for the UTF-8 test below. With max >= 30 (a
     * gap inside 32 bytes is at most 30), 32 bytes a step: one test when
     * they hold no NUL; else only their first NUL's gap is tested and their
     * last NUL ends the run, and the NULs are counted in byte lanes (at
     * most 2 a step, 127 steps a round, then summed by psadbw), not one by
     * one (a table of tiny strings has several a block). Else, and for
     * the last block, each string's gap is tested at its own NUL. */
    if (end >= 16) {
        const cfv_rt_v16 zero = { 0 };
        cfv_rt_v16 hi = zero;
        /* After a step with a NUL, start is only bounded (lo: just past
         * that step's start; lo == from: no such step yet, lo is start): a
         * string over max can end in a step only when its bytes since lo
         * exceed max, and only then is start found, from that step again. */
        uint64_t lo = start;
        if (max >= 30 && end >= 32)
            while (i <= end - 32) {
                const uint64_t steps = (end - i) / 32;
                const uint64_t stop = i + 32 * (steps < 127 ? steps : 127);
                cfv_rt_v16 lanes = zero;
                for (; i < stop; i += 32) {
                    cfv_rt_v16 a, b;
                    __builtin_memcpy(&a, p + i, sizeof a);
                    __builtin_memcpy(&b, p + i + 16, sizeof b);
                    hi |= a | b;
                    const cfv_rt_v16 za = (cfv_rt_v16)(a == zero), zb = (cfv_rt_v16)(b == zero);
                    const uint32_t nul = cfv_rt_mask16(za) | cfv_rt_mask16(zb) << 16;
                    if (!nul)
                        continue;
                    lanes -= za; /* a NUL's lane is -1 */
                    lanes -= zb;
                    if (CFV_RT_EXPECT(i + 31 - lo > max, 0)) { /* lo <= i + 1 */
                        if (lo != from)
                            start = last_nul32(p, lo - 1);
                        bad |= i + (uint64_t)__builtin_ctzll(nul) - start > max;
                    }
                    lo = i + 1;
                }
                const cfv_rt_v2 sum = cfv_rt_sad16(lanes, zero);
                n += (uint64_t)sum[0] + (uint64_t)sum[1];
            }
        if (lo != from)
            start = last_nul32(p, lo - 1);
        for (; i <= end - 16; i += 16) {
            cfv_rt_v16 v;
            __builtin_memcpy(&v, p + i, sizeof v);
            hi |= v;
            for (unsigned nul = cfv_rt_mask16((cfv_rt_v16)(v == zero)); nul; nul &= nul - 1) {
                const uint64_t at = i + (uint64_t)__builtin_ctz(nul);
                bad |= at - start > max;
                n++;
                start = at + 1;
            }
        }
        high = cfv_rt_mask16(hi) ? UINT64_C(0x80) : 0;
    }
#endif
    if (max >= 7 && end >= 8)
        for (; i <= end - 8; i += 8) {
            const uint64_t v = cfv_le64(p + i);
            const uint64_t z = ~(((v & lo7) + lo7) | v | lo7); /* 0x80 in each NUL byte */
            high |= v;
            if (z == 0)
                continue;
            const uint64_t first = ((z & (~z + 1)) >> 7) * UINT64_C(0x0001020304050607) >> 56;
            uint64_t s = z >> 7;
            s |= s >> 8;
            s |= s >> 16;
            s |= s >> 32;
            bad |= i + first - start > max;
            n += (z >> 7) * ones >> 56;
            start = i + (s * ones >> 56); /* one past the last NUL */
        }
    for (; i < end; i++) {
        high |= p[i];
        if (p[i] == 0) {
            bad |= i - start > max;
            n++;
            start = i + 1;
        }
    }
    *count = n;
    *next = start;
    if (bad)
        return CFV_DIRTY;
    /* through a view: its clamp to the input is what an analyser bounds the reads by */
    if (utf8 && (high & UINT64_C(0x8080808080808080)) && !cfv_rt_utf8_valid(cfv_rt_view(g, from, start)))
        return CFV_DIRTY;
    return CFV_OK;
}

uint64_t cfv_rt_utf8_bad(cfv_bytes b)
{
    size_t bad = 0;
    if (!b.base || cfv_utf8_valid_range(b.base, (size_t)b.off, (size_t)cfv_rt_view_end(b), &bad))
        return b.n;
    return (uint64_t)bad - b.off;
}

/* The pattern base[off .. off + n) (n <= CFV_RT_REGEX_MAX, the caller's
 * check) into copy, zeros for what is past end: only for a view that does
 * not lie inside its buffer (past its end, or past 2^64), which no
 * generated parser makes of the input; rare, so a byte at a time. */
static void copy_pattern(uint8_t copy[CFV_RT_REGEX_MAX], const uint8_t *base, uint64_t off,
                         uint64_t n, uint64_t end)
{
    for (uint64_t k = 0; k < n; k++) {
        const uint64_t at = off + k;
        copy[k] = 0;
        if (base && at < end && at >= off) /* at < off: past 2^64, not the buffer's start */
            copy[k] = base[at];
    }
}

/* A REGEX operand through the caller's checker. Fail closed: no checker, or
 * an answer outside cfv_re_status, is "unchecked", which the grammar reports
 * (CFV055); never a silent pass. */
void cfv_rt_regex_check(cfv_gctx *g, const uint8_t *base, uint64_t off, uint64_t n, uint64_t end,
                        uint64_t nocase, cfv_re_verdict *out)
{
    out->status = CFV_RE_UNCHECKED;
    out->offset = 0;
    out->message[0] = 0;
    /* The checker gets a plain pointer and length: the view's own bytes
     * when they lie inside its buffer (read in place), else a copy with
     * zeros for what is past the buffer. The analyser takes the copy's
     * path (cfv_rt_regex_inline says why). */
    uint8_t copy[CFV_RT_REGEX_MAX];
    CFV_TESTCASE(n == sizeof copy); /* the longest operand still checked */
    if (!g->regex || n > sizeof copy)
        return;
    const uint8_t *pattern = copy;
#ifndef __FRAMAC__
    if (base && off <= end && n <= end - off)
        pattern = base + off;
    else
#endif
        copy_pattern(copy, base, off, n, end);
    g->regex(g->regex_user, pattern, (size_t)n, nocase != 0, out);
    cfv_rt_regex_done(g, base, off, n, nocase, out);
}

/* Slot i of the memo noted for the workspace's next run (workspace.c) */
static inline void log_slot(cfv_gctx *g, uint64_t i)
{
    if (g->re_logged < CFV_RT_REGEX_LOG)
        g->re_log[g->re_logged++] = (uint16_t)i;
    else
        g->re_logged = CFV_RT_REGEX_LOG + 1;
}

/* The slot keep_key puts the key of an operand at off in: the first of its
 * two if that is empty */
static inline uint64_t keep_slot(const cfv_gctx *g, uint64_t off)
{
    const uint64_t first = cfv_rt_re_slot(off, CFV_RT_RE_MUL1);
    return g->re_memo[first] == 0 ? first : cfv_rt_re_slot(off, CFV_RT_RE_MUL2);
}

/* key (nonzero) into the memo's slot i */
static inline void keep_at(cfv_gctx *g, uint64_t i, uint64_t key)
{
    g->re_memo[i] = key;
    if (g->frame) /* else not a workspace's run: the memo goes with the run */
        log_slot(g, i);
}

static void keep_key(cfv_gctx *g, uint64_t off, uint64_t key)
{
    keep_at(g, keep_slot(g, off), key);
}

void cfv_rt_regex_keep(cfv_gctx *g, const uint8_t *base, uint64_t off, uint64_t n, uint64_t nocase)
{
    const cfv_bytes view = { base, off + n, off, n }; /* only base, off and n make the key */
    const uint64_t key = cfv_rt_re_key(g, view, nocase);
    if (key != 0)
        keep_key(g, off, key);
}

/* cfv_rt_regex_keyed's paths but the trusted one: the operand past the
 * view (its copy), or through the copying entry (its verdict mended).
 * Apart, so that the keyed functions keep no frame on the trusted path. */
CFV_RT_NOINLINE static void regex_keyed_other(cfv_gctx *g, uint64_t end, uint64_t key, cfv_re_verdict *out)
{
    const uint64_t off = cfv_rt_re_key_off(key), n = cfv_rt_re_key_len(key);
    if (off + n > end) {
        cfv_rt_regex_check(g, g->buf, off, n, end, key & 1, out);
        return;
    }
    out->status = CFV_RE_UNCHECKED;
    out->offset = 0;
    out->message[0] = 0;
    if (!g->regex)
        return;
    g->regex(g->regex_user, g->buf + off, (size_t)n, (int)(key & 1), out);
    if (cfv_rt_verdict_safe(out))
        keep_key(g, off, key);
}

/* The trusted entry applies when the operand lies inside the view, is
 * followed by its NUL and by the slack the entry may read (every string of
 * a table but those at the file's very end): in place, its verdict safe as
 * it comes. */
static inline int trusted(const cfv_gctx *g, uint64_t end, uint64_t key)
{
    const uint64_t at = cfv_rt_re_key_off(key) + cfv_rt_re_key_len(key);
    return at <= end && CFV_RT_EXPECT(g->regex_nul != NULL, 1) && at + CFV_REGEX_SLACK <= g->len &&
           g->buf[at] == 0;
}

/* The trusted entry on the operand key names */
static inline void call_trusted(cfv_gctx *g, uint64_t key, cfv_re_verdict *out)
{
    g->regex_nul(g->regex_user, g->buf + cfv_rt_re_key_off(key), (size_t)cfv_rt_re_key_len(key),
                 (int)(key & 1), out);
}

void cfv_rt_regex_keyed(cfv_gctx *g, uint64_t end, uint64_t key, cfv_re_verdict *out)
{
    if (!trusted(g, end, key)) {
        regex_keyed_other(g, end, key, out);
        return;
    }
    call_trusted(g, key, out);
    if (out->status == CFV_RE_OK)
        keep_key(g, cfv_rt_re_key_off(key), key);
}

/* cfv_rt_regex_keyed_last's trusted call in a workspace's run: slot i
 * logged first (apart, so that the path without keeps no frame) */
CFV_RT_NOINLINE static void logged_call(cfv_gctx *g, uint64_t i, uint64_t key, cfv_re_verdict *out)
{
    log_slot(g, i);
    call_trusted(g, key, out);
}

CFV_RT_SMALL void cfv_rt_regex_keyed_last(cfv_gctx *g, uint64_t end, uint64_t key, cfv_re_verdict *out)
{
    if (!trusted(g, end, key)) {
        g->re_undo = 0;
        regex_keyed_other(g, end, key, out);
        return;
    }
    const uint64_t i = keep_slot(g, cfv_rt_re_key_off(key));
    g->re_undo = i + 1;
    g->re_old = g->re_memo[i];
    g->re_memo[i] = key;
    if (g->frame) {
        logged_call(g, i, key, out);
        return;
    }
    call_trusted(g, key, out);
}

void cfv_rt_regex_undo(cfv_gctx *g)
{
    if (g->re_undo)
        g->re_memo[(g->re_undo - 1) % CFV_RT_REGEX_MEMO] = g->re_old;
    g->re_undo = 0;
}
