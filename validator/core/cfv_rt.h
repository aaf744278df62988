/* The runtime that generated validator code (NAME_validate.c) calls: bounded
 * byte views, saturating arithmetic, regex verdicts, structured diagnostics.
 * Format-agnostic; freestanding (no libc, no globals). */
#ifndef CFV_RT_H
#define CFV_RT_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/asan.h"
#include "cfv/cfv.h"
#include "cfv/le.h"
#include "cfv/utf8.h"


/* A function whose result depends only on its arguments and the memory
 * they point to: two calls with the same arguments and no store between
 * are one (a String's `require find_nul(self) < len(self)` and its
 * cstring field measure the same bytes). */
#if defined(__GNUC__) || defined(__clang__)
#define CFV_RT_PURE __attribute__((pure))
#else
#define CFV_RT_PURE
#endif

/* A branch's likely side, for the layout of a generated loop. */
#if defined(__GNUC__) || defined(__clang__)
#define CFV_RT_EXPECT(e, v) __builtin_expect((e), (v))
#else
#define CFV_RT_EXPECT(e, v) (e)
#endif

/* A byte view: base[off .. off + n) of a buffer with cap readable bytes,
 * off + n <= cap. Reads index base with an absolute index checked against
 * cap (or an end clamped to it) in the function that reads, so a static
 * analyser sees every read in bounds without relating pointers to lengths
 * (proof/README.md). The zero view is empty, with a NULL base, which every
 * reader tests where it reads. */
typedef struct cfv_bytes {
    const uint8_t *base;
    uint64_t cap;
    uint64_t off;
    uint64_t n;
} cfv_bytes;

/* A REGEX verdict of RE_OK remembered for one view of the run's buffer
 * (the bytes behind a view do not change during a run): a slot holds the
 * view's key (cfv_rt_re_key), 0 when empty. 8 bytes a slot, so that enough
 * slots for every pattern the per-file bound lets an 8 MiB file compile
 * (576) cost an 8 KiB clear per run, not 32 KiB. */
#define CFV_RT_REGEX_MEMO_BITS 10
#define CFV_RT_REGEX_MEMO (1u << CFV_RT_REGEX_MEMO_BITS)
#define CFV_RT_REGEX_LOG 64

/* The fast tier's memo of clean records by value (cfv-gen's batched loop,
 * behind its memo of the last clean record per index): a record seen clean
 * at an index of a frame is clean there again, whatever came between (the
 * per-index memo's argument, cfv-gen's emit_batch), so a file cycling
 * through more records per index than "the last one" (as many distinct
 * patterns as the per-file bound allows, say) checks each once. A slot:
 * the record, and a tag: the frame fill (generation) it was seen in, in the
 * high half, a bit per index below 32 it was clean at in the low half; a
 * record sits in one of two slots (the first if it was free). The table is
 * the entry's (on its stack, not zeroed there). The memo is off from the
 * start for an input under CFV_RT_SEEN_MIN_LEN bytes (a fuzz target's: one
 * test a record checked in full, nothing else); else the table is cleared
 * once the run has checked CFV_RT_SEEN_WAIT records in full, and the memo
 * is off for the run once its misses outweigh its hits two to one (content
 * that does not repeat pays a few thousand look-ups, then a test a record). */
#define CFV_RT_SEEN_BITS 11
#define CFV_RT_SEEN (1u << CFV_RT_SEEN_BITS)
#define CFV_RT_SEEN_WAIT 256
#ifdef __FRAMAC__   /* the proof's inputs are smaller: it analyses the memo's paths still */
#define CFV_RT_SEEN_MIN_LEN 0
#else
#define CFV_RT_SEEN_MIN_LEN 65536
#endif
#define CFV_RT_SEEN_CREDIT 4096
typedef struct cfv_rt_seen_slot {
    uint64_t rec, tag;   /* tag 0: empty */
} cfv_rt_seen_slot;
typedef struct cfv_rt_seen {
    cfv_rt_seen_slot slot[CFV_RT_SEEN];
} cfv_rt_seen;

/* The state generated validators run with. Nothing in it is specific to a
 * format: the domain lives behind env, which generated code only passes on
 * to the grammar's externs. */
typedef struct cfv_gctx {
    const uint8_t *buf;
    uint64_t len;               /* bytes available in buf */
    const void *env;            /* the externs' environment (CFF: cfv_options) */
    const uint64_t *per_v;      /* the values of the entry's `per` parameter */
    uint64_t per_n;
    cfv_regex_fn regex;         /* REGEX operands; NULL: not compiled */
    void *regex_user;
    cfv_regex_fn regex_nul;     /* NULL, or regex's trusted in-place entry (cfv/regex.h) */
    cfv_sink_fn sink;           /* may be NULL (counts only) */
    void *sink_user;
    cfv_diag_want_fn want;      /* NULL, or: no cap, and only what want() takes reaches the sink */
    void *want_user;
    uint32_t max_diag;
    cfv_result res;
    /* A check the grammar proves failed after all (cfv_rt_window, cfv_rt_cap:
     * a generator bug); sticky for the run, reported once by the entry. */
    uint8_t fault;
    uint64_t fault_off;         /* where the first one was */
    cfv_diag_muted_fn muted;    /* NULL: muted reports are only counted */
    /* The reports want muted last (cfv_rt_mute_key; 0: none) and how many
     * more of them came since, not yet handed to muted. */
    uint64_t mute_key;
    uint32_t mute_n;
    uint32_t rec_muted;         /* reports muted since cfv_rt_mark; CFV_RT_UNMUTED: others too */
    /* The fast tier's record memo (cfv_rt_seen): the entry's table, the last
     * frame generation handed out, the records checked in full before it is
     * cleared, and its credit: 0 not yet on, > 0 on, < 0 off for the run. */
    cfv_rt_seen *seen;
    uint32_t seen_gen, seen_wait;
    int32_t seen_credit;
    /* The REGEX memo's slot + 1 that cfv_rt_regex_keyed_last set before
     * its checker's call (0: none), and the key it held there. */
    uint64_t re_undo, re_old;
    /* The entry's frame in a workspace (cfv_workspace), kept from the last
     * run and reset by the entry; NULL: the entry's own, zeroed. */
    void *frame;
    /* Last, in this order: a workspace's run zeroes what comes before
     * re_logged and clears only the memo slots the last run set. The memo
     * starts zeroed (both tiers of a run share it, so a pattern used by
     * many criteria is handed to the checker once per run); re_log holds
     * the slots set, re_logged counts them (past CFV_RT_REGEX_LOG: clear
     * the memo whole). */
    uint32_t re_logged;
    uint16_t re_log[CFV_RT_REGEX_LOG];
    uint64_t re_memo[CFV_RT_REGEX_MEMO];
} cfv_gctx;

/* The state a run in workspace ws starts from (workspace.c): the REGEX
 * memo's slots its last run set cleared, what precedes them zeroed, the
 * entry's frame in frame (the entry resets it). */
cfv_gctx *cfv_rt_workspace_state(struct cfv_workspace *ws);

/* Under AddressSanitizer a frame fill clears its row flags eight at a time
 * (one checked store each, not eight); elsewhere byte by byte, which GCC
 * stores inline in fewer instructions. */
#define CFV_RT_WIDE_CLEAR CFV_ASAN

/* A generated validator's frames hold one value per member of the entry's
 * `per` set for at most this many members; a larger set is cut to it. */
#define CFV_RT_PER_MAX 32

/* Parse outcome of one generated struct parser; CFV_DIRTY only in the fast
 * tier: the diagnostic tier would report something here. */
enum { CFV_OK = 0, CFV_STOP = 1, CFV_ABORT = 2, CFV_DIRTY = 3 };

/* ---- arithmetic: saturating, so no check can be fooled by wrap-around */
static inline uint64_t cfv_rt_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }
static inline uint64_t cfv_rt_sub(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }
static inline uint64_t cfv_rt_mul(uint64_t a, uint64_t b)
{
    return (a != 0 && b > UINT64_MAX / a) ? UINT64_MAX : a * b;
}
static inline uint64_t cfv_rt_div(uint64_t a, uint64_t b) { return b ? a / b : 0; }
static inline uint64_t cfv_rt_mod(uint64_t a, uint64_t b) { return b ? a % b : 0; }
static inline uint64_t cfv_rt_align8(uint64_t a) { return a > UINT64_MAX - 7 ? UINT64_MAX : (a + 7) & ~(uint64_t)7; }

/* ---- byte views (every access is bounds-checked) */
static inline cfv_bytes cfv_rt_view(const cfv_gctx *g, uint64_t from, uint64_t to)
{
    cfv_bytes b = { g->buf, g->len, 0, 0 };
    if (to > g->len) to = g->len;
    if (from > to) from = to;
    b.off = from;
    b.n = to - from;
    return b;
}
/* Where a view ends in its buffer: off + n, never past cap. */
static inline uint64_t cfv_rt_view_end(cfv_bytes b)
{
    uint64_t end = b.off + b.n;
    if (end < b.off || end > b.cap)
        end = b.cap;
    return end;
}
static inline uint64_t cfv_rt_byte(cfv_bytes b, uint64_t i)
{
    if (i >= b.n || !b.base)
        return 0;
    uint64_t at = b.off + i;
    return at < b.cap ? b.base[at] : 0;
}
/* The first n bytes of b (n <= b.n). */
static inline cfv_bytes cfv_rt_prefix(cfv_bytes b, uint64_t n)
{
    if (n < b.n)
        b.n = n;
    return b;
}
/* A view of a caller's plain pointer and length (NULL: empty). */
static inline cfv_bytes cfv_rt_span(const uint8_t *p, uint64_t n)
{
    cfv_bytes b = { p, p ? n : 0, 0, p ? n : 0 };
    return b;
}
/* The view's first byte as a plain pointer, for a caller outside the core
 * (NULL when empty); the bytes readable from it are cfv_rt_view_end - off. */
static inline const uint8_t *cfv_rt_ptr(cfv_bytes b)
{
    return b.base && b.off < b.cap ? b.base + b.off : NULL;
}
static inline uint64_t cfv_rt_file_byte(const cfv_gctx *g, uint64_t i) { return i < g->len ? g->buf[i] : 0; }
static inline cfv_bytes cfv_rt_str(const char *s, size_t cap)
{
    uint64_t n = 0;   /* set inside the loop, so an analyser sees n <= cap */
    for (uint64_t i = 0; i < cap && s[i]; i++)
        n = i + 1;
    cfv_bytes b = { (const uint8_t *)s, n, 0, n }; /* nothing past the string is read */
    return b;
}
uint64_t cfv_rt_all_zero(cfv_bytes b);
uint64_t cfv_rt_first_nonzero(cfv_bytes b);
/* The absolute index of the first NUL in base[from .. end), or UINT64_MAX.
 * Views reach it in registers: a view passed by value to a function that is
 * not inlined goes through the stack, and reading it back as a whole right
 * after its fields were stored one by one stalls (store forwarding): that
 * was most of the time of a table of tiny strings. */
uint64_t cfv_rt_nul_at(const uint8_t *base, uint64_t from, uint64_t end) CFV_RT_PURE;
/* The length of the string at base[off .. off + n), up to its first NUL
 * (n if none), where base is not NULL and has cap readable bytes; it reads
 * none past cap, whatever off and n say. A view's fields in registers and
 * the length back: the call and find_nul's NULL test are all a caller
 * inlines (a REGEX operand measured in the fast tier's loop: no more code
 * there). */
uint64_t cfv_rt_nul_len(const uint8_t *base, uint64_t off, uint64_t n, uint64_t cap) CFV_RT_PURE;
/* Index of the first NUL, or b.n. */
static inline uint64_t cfv_rt_find_nul(cfv_bytes b)
{
    return b.base ? cfv_rt_nul_len(b.base, b.off, b.n, b.cap) : b.n;
}
/* The NUL-terminated string at off (empty if off out of range). */
static inline cfv_bytes cfv_rt_cstr(cfv_bytes b, uint64_t off)
{
    cfv_bytes s = b;
    if (off >= b.n) {
        s.n = 0;
        return s;
    }
    s.off = b.off + off;
    s.n = b.n - off;
    s.n = cfv_rt_find_nul(s);
    return s;
}
static inline uint64_t cfv_rt_utf8_valid(cfv_bytes b)
{
    const size_t end = (size_t)cfv_rt_view_end(b);
    return !b.base || cfv_utf8_short_ascii(b.base, (size_t)b.off, end) ||
           cfv_utf8_valid_range(b.base, (size_t)b.off, end, NULL);
}
uint64_t cfv_rt_utf8_bad(cfv_bytes b);
/* A table of NUL-terminated strings in buf[from .. end) (end clamped to the
 * input), each valid UTF-8 (if utf8) and at most max bytes long: CFV_OK or
 * CFV_DIRTY. *count: the NULs; *next: one past the last NUL (from if none);
 * the bytes after it (an unterminated tail) are the caller's. */
int cfv_rt_cstr_table(const cfv_gctx *g, uint64_t from, uint64_t end, uint64_t max, int utf8,
                      uint64_t *count, uint64_t *next);
/* A table the fast tier found clean, kept in the frame both tiers share:
 * the diagnostic tier, which would walk it string by string only to report
 * nothing, takes its count and end instead (cfv_rt_cstr_table is a function
 * of the bytes and its arguments, the same in both tiers). */
typedef struct cfv_rt_table_memo {
    uint64_t from, end, count, next;
    unsigned char ok;
} cfv_rt_table_memo;
static inline void cfv_rt_table_keep(cfv_rt_table_memo *t, uint64_t from, uint64_t end, uint64_t count,
                                     uint64_t next)
{
    t->from = from;
    t->end = end;
    t->count = count;
    t->next = next;
    t->ok = 1;
}
/* 1 when buf[from .. end) is a clean table (as cfv_rt_cstr_table says
 * CFV_OK), its count and end in *count and *next: from the memo when it
 * holds this table, else checked here. One memo per table field: its
 * max and utf8 are the field's constants. */
static inline int cfv_rt_table_clean(const cfv_gctx *g, const cfv_rt_table_memo *t, uint64_t from,
                                     uint64_t end, uint64_t max, int utf8, uint64_t *count,
                                     uint64_t *next)
{
    if (t->ok & (t->from == from) & (t->end == end)) {
        *count = t->count;
        *next = t->next;
        return 1;
    }
    return cfv_rt_cstr_table(g, from, end, max, utf8, count, next) == CFV_OK;
}

/* ---- REGEX operands, through the caller's cfv_regex_fn. A pattern over
 * CFV_RT_REGEX_MAX bytes (the grammar's MAX_REGEX, reported as CFV056
 * before this is called) is never handed over: it stays CFV_RE_UNCHECKED. */
#define CFV_RT_REGEX_MAX 256
/* A view's key in the run's REGEX memo: offset + 1, length and nocase in
 * one word, 0 (never remembered) for a view of another buffer, past 2^52
 * or longer than a checked operand. A key may sit in either of two slots
 * (the first if it was empty): a file that cycles through as many distinct
 * patterns as the per-file bound lets it compile (576 at 8 MiB) finds
 * about 9 in 10 of them here, where one slot a key found 6 in 10
 * (colliding keys evicted each other on every round). */
static inline uint64_t cfv_rt_re_key(const cfv_gctx *g, cfv_bytes p, uint64_t nocase)
{
    return p.base == g->buf && p.off < (UINT64_C(1) << 52) && p.n <= CFV_RT_REGEX_MAX
               ? (p.off + 1) << 10 | p.n << 1 | (nocase != 0)
               : 0;
}
/* A key's offset and length, as cfv_rt_re_key packs them (off < 2^52:
 * off + n does not wrap) */
static inline uint64_t cfv_rt_re_key_off(uint64_t key) { return (key >> 10) - 1; }
static inline uint64_t cfv_rt_re_key_len(uint64_t key) { return key >> 1 & 511; }
static inline uint64_t cfv_rt_re_slot(uint64_t off, uint64_t mul)
{
    return (off * mul) >> (64 - CFV_RT_REGEX_MEMO_BITS);
}
#define CFV_RT_RE_MUL1 UINT64_C(0x9E3779B97F4A7C15)
#define CFV_RT_RE_MUL2 UINT64_C(0xC2B2AE3D27D4EB4F)
/* The checker's path (a memo miss), the view's fields in registers. */
void cfv_rt_regex_check(cfv_gctx *g, const uint8_t *base, uint64_t off, uint64_t n, uint64_t end,
                        uint64_t nocase, cfv_re_verdict *out);
/* The same for the view of g->buf that key names (cfv_rt_re_key, not 0:
 * its offset, length and nocase) and that ends at end: the caller made the
 * key for its probe, and it is not made again. */
void cfv_rt_regex_keyed(cfv_gctx *g, uint64_t end, uint64_t key, cfv_re_verdict *out);
/* The same for cfv_rt_regex_last: the trusted entry's key is remembered
 * before its call (which then ends this one), its slot noted in re_undo. */
void cfv_rt_regex_keyed_last(cfv_gctx *g, uint64_t end, uint64_t key, cfv_re_verdict *out);
/* The memo as it was before the last cfv_rt_regex_keyed_last that
 * remembered a key before its verdict (none: nothing to do). */
void cfv_rt_regex_undo(cfv_gctx *g);
/* The checker's verdict made safe (fail closed: an answer outside
 * cfv_re_status is "unchecked"; the message terminated); 1 when it is OK,
 * the only verdict remembered. */
static inline int cfv_rt_verdict_safe(cfv_re_verdict *out)
{
    if (out->status > CFV_RE_UNCHECKED)
        out->status = CFV_RE_UNCHECKED;
    out->message[sizeof out->message - 1] = 0;
    return out->status == CFV_RE_OK;
}
/* The verdict made safe, and an OK one remembered for the view
 * base[off .. off + n) (cfv_rt_regex_keep). */
void cfv_rt_regex_keep(cfv_gctx *g, const uint8_t *base, uint64_t off, uint64_t n, uint64_t nocase);
static inline void cfv_rt_regex_done(cfv_gctx *g, const uint8_t *base, uint64_t off, uint64_t n,
                                     uint64_t nocase, cfv_re_verdict *out)
{
    if (cfv_rt_verdict_safe(out))
        cfv_rt_regex_keep(g, base, off, n, nocase);
}
/* A verdict before its operand is checked: RE_OK, an empty message. Only
 * the message's first byte is set (not 120 zeroed per REGEX criterion): a
 * message is read, up to its NUL, only for a refusal, whose message the
 * checker wrote (cfv_rt_regex_check sets its first and last byte around the
 * call); the rest may be copied with the record, never read. The analyser
 * (proof/) gets it zeroed whole: it does not tie a status to the path that
 * wrote the message. */
static inline void cfv_rt_verdict_clear(cfv_re_verdict *v)
{
#ifdef __FRAMAC__
    static const cfv_re_verdict none;
    *v = none;
#else
    v->status = CFV_RE_OK;
    v->offset = 0;
    v->message[0] = 0;
#endif
}
/* 1 when the run's REGEX memo holds the view: its verdict is RE_OK (an OK
 * verdict's offset and message are never shown). */
static inline int cfv_rt_re_known(const cfv_gctx *g, cfv_bytes pattern, uint64_t nocase)
{
    const uint64_t key = cfv_rt_re_key(g, pattern, nocase);
    return key != 0 && (g->re_memo[cfv_rt_re_slot(pattern.off, CFV_RT_RE_MUL1)] == key ||
                        g->re_memo[cfv_rt_re_slot(pattern.off, CFV_RT_RE_MUL2)] == key);
}
/* A REGEX operand's verdict: the memo's, else the checker's. Inline, so a
 * hit costs no call and the view is never stored to be read back whole
 * (the fast tier's: a miss is one call, which keeps its loop small). last:
 * cfv_rt_regex_last's miss. */
static inline void cfv_rt_regex_at(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out, int last)
{
    /* cfv_rt_re_known's probe, spelled out: its key goes on to the miss.
     * (A shared helper taking the key made GCC lay out the fast tier's
     * loop otherwise: the typical file +1.3 % instructions.) */
    const uint64_t key = cfv_rt_re_key(g, pattern, nocase);
    if (key != 0 && (g->re_memo[cfv_rt_re_slot(pattern.off, CFV_RT_RE_MUL1)] == key ||
                     g->re_memo[cfv_rt_re_slot(pattern.off, CFV_RT_RE_MUL2)] == key)) {
        cfv_rt_verdict_clear(out);
        return;
    }
    const uint64_t end = cfv_rt_view_end(pattern);
#ifndef __FRAMAC__
    if (CFV_RT_EXPECT(key != 0, 1)) { /* the key names the view: four arguments in registers */
        if (last)
            cfv_rt_regex_keyed_last(g, end, key, out);
        else
            cfv_rt_regex_keyed(g, end, key, out);
        return;
    }
#else
    (void)last;
#endif
    cfv_rt_regex_check(g, pattern.base, pattern.off, pattern.n, end, nocase, out);
}
static inline void cfv_rt_regex(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out)
{
    cfv_rt_regex_at(g, pattern, nocase, out, 0);
}
/* The same for a caller whose run ends dirty on any verdict but OK (cfv-gen's
 * fast tier, where the checks right after the call cover every refusal):
 * the trusted entry's miss remembers the key before the checker's call, so
 * that the call ends it (no frame kept around it), and cfv_rt_clean takes
 * it back when the run ends dirty; nothing looks the memo up in between. */
static inline void cfv_rt_regex_last(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out)
{
    cfv_rt_regex_at(g, pattern, nocase, out, 1);
}
static inline void cfv_rt_regex_inline(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out)
{
    if (cfv_rt_re_known(g, pattern, nocase)) {
        cfv_rt_verdict_clear(out);
        return;
    }
#ifdef __FRAMAC__
    cfv_rt_regex_check(g, pattern.base, pattern.off, pattern.n, cfv_rt_view_end(pattern), nocase, out);
#else
    /* in place when the view lies inside its buffer: off + n neither wraps
     * nor passes cap (what off <= end && n <= end - off says of its
     * cfv_rt_view_end, with one test less) */
    const uint64_t last = pattern.off + pattern.n;
    if (!g->regex || pattern.n > CFV_RT_REGEX_MAX || !pattern.base || last < pattern.off ||
        last > pattern.cap) {
        cfv_rt_regex_check(g, pattern.base, pattern.off, pattern.n, cfv_rt_view_end(pattern), nocase, out);
        return;
    }
    out->status = CFV_RE_UNCHECKED;
    out->offset = 0;
    out->message[0] = 0;
    g->regex(g->regex_user, pattern.base + pattern.off, (size_t)pattern.n, nocase != 0, out);
    cfv_rt_regex_done(g, pattern.base, pattern.off, pattern.n, nocase, out);
#endif
}

/* ---- diagnostics: structured facts to the caller's sink.
 * Once max_diagnostics are out, reports set res.truncated and are dropped;
 * generated parsers stop at the next array element (cfv_rt_capped), so the
 * work after the cap is bounded by one element. With a want() callback there
 * is no cap: every report is counted, and only those want() takes go on. */
static inline cfv_arg cfv_rt_arg_u64(uint64_t v) { cfv_arg a = { CFV_ARG_U64, 0, v, NULL }; return a; }
static inline cfv_arg cfv_rt_arg_hex(uint64_t v) { cfv_arg a = { CFV_ARG_HEX, 0, v, NULL }; return a; }
static inline cfv_arg cfv_rt_arg_enum(uint64_t v, unsigned e) { cfv_arg a = { CFV_ARG_ENUM, (uint8_t)e, v, NULL }; return a; }
static inline cfv_arg cfv_rt_arg_per(uint64_t v) { cfv_arg a = { CFV_ARG_SENSOR, 0, v, NULL }; return a; }
static inline cfv_arg cfv_rt_arg_bytes(cfv_bytes b)
{
    const uint64_t end = cfv_rt_view_end(b);
    cfv_arg a = { CFV_ARG_BYTES, 0, end > b.off ? end - b.off : 0, cfv_rt_ptr(b) };
    return a;
}
/* A NUL-terminated char array of cap bytes (a regex verdict's message),
 * handed unmeasured: cfv_rt_emit measures it (cfv_rt_str) and makes it
 * CFV_ARG_BYTES only for an event it builds, so the sink never sees this
 * kind. A file over the per-file regex bound reports one per REGEX
 * criterion, and most reports are only counted. */
#define CFV_RT_ARG_CSTR 0x80
static inline cfv_arg cfv_rt_arg_cstr(const char *s, size_t cap)
{
    cfv_arg a = { CFV_RT_ARG_CSTR, 0, cap, (const uint8_t *)s };
    return a;
}
/* A report's rule, severity and sensor as one nonzero word: a constant
 * where the sensor is, so a muted report costs one comparison. */
static inline uint64_t cfv_rt_mute_key(unsigned rule, unsigned severity, int64_t per)
{
    return (uint64_t)(rule & 0xFFFFu) << 48 | (uint64_t)(severity & 0xFFu) << 40 |
           (uint64_t)1 << 39 | (uint32_t)per;
}
/* cfv_gctx.rec_muted's flag: a report since cfv_rt_mark was not muted. */
#define CFV_RT_UNMUTED 0x80000000u
/* The muted reports not yet handed to muted, handed (none: nothing). */
void cfv_rt_unmute(cfv_gctx *g);
/* want asked about a report the mute does not cover (the muted ones
 * before it handed over first): 1 when the sink takes it. */
int cfv_rt_ask(cfv_gctx *g, unsigned rule, unsigned severity, int64_t per);
/* One report counted (or, past the cap, the result marked truncated): 1 when
 * the sink takes it. Inline, so that a report nobody builds costs a few
 * instructions and its arguments (extern calls among them) are computed only
 * for cfv_rt_emit. */
static inline int cfv_rt_counted(cfv_gctx *g, unsigned rule, unsigned severity, int64_t per)
{
    if (g->res.errors + g->res.warnings >= g->max_diag) {
        g->res.truncated = 1;
        return 0;
    }
    if (severity == CFV_SEV_WARNING)
        g->res.warnings++;
    else
        g->res.errors++;
    if (!g->want || !g->sink) {
        g->rec_muted |= CFV_RT_UNMUTED;
        return g->sink != NULL;
    }
    if (g->mute_key == cfv_rt_mute_key(rule, severity, per)) {
        g->mute_n++;
        g->rec_muted++;
        return 0;
    }
    return cfv_rt_ask(g, rule, severity, per);
}
/* The diagnostic tier's memo of runs (cfv-gen, for the arrays of elements
 * the fast tier checks in one batched loop): an array's run of records is
 * marked before it is walked (cfv_rt_mark) and remembered after it when
 * every report it made was counted under the mute in force, or it made
 * none (cfv_rt_run_keep: nothing built, asked, capped or faulted). The
 * next array of the same frame with the same bytes makes the same reports
 * (the memo's premise, as the fast tier's: a record's checks read its
 * bytes, its index and the frame) and, while that mute holds, is counted
 * at once instead of walked (cfv_rt_rerun). Muted reports are never built,
 * so nothing is lost; a run that does not qualify leaves the memo as it
 * was (what it holds stays true of the run it names). */
typedef struct cfv_rt_run {
    uint64_t pos, len, key;     /* where the run was, its bytes, its mute */
    uint32_t n;                 /* its reports */
    unsigned char ok;
} cfv_rt_run;
static inline void cfv_rt_mark(cfv_gctx *g) { g->rec_muted = 0; }
/* The run at pos of len bytes just walked, remembered when it qualifies. */
static inline void cfv_rt_run_keep(const cfv_gctx *g, cfv_rt_run *r, uint64_t pos, uint64_t len)
{
    if ((g->rec_muted & CFV_RT_UNMUTED) || g->fault || g->res.truncated)
        return;
    r->pos = pos;
    r->len = len;
    r->key = g->mute_key;
    r->n = g->rec_muted;
    r->ok = 1;
}
/* A counted report's event to the sink (args of kind CFV_RT_ARG_CSTR are
 * measured in place first). */
void cfv_rt_emit(cfv_gctx *g, unsigned rule, unsigned severity, unsigned message, uint64_t offset,
                 uint64_t length, const cfv_path *path, const char *field, int64_t per,
                 cfv_arg *args, uint32_t nargs);
/* Both: cfv_rt_counted, then cfv_rt_emit when the sink takes it. Inline,
 * so that the arguments a report nobody builds would get are dropped by
 * the compiler. */
static inline void cfv_rt_report(cfv_gctx *g, unsigned rule, unsigned severity, unsigned message,
                                 uint64_t offset, uint64_t length, const cfv_path *path,
                                 const char *field, int64_t per, cfv_arg *args, uint32_t nargs)
{
    if (cfv_rt_counted(g, rule, severity, per))
        cfv_rt_emit(g, rule, severity, message, offset, length, path, field, per, args, nargs);
}
/* The same for a report that shows a verdict's message (two or three
 * arguments, the first a view: the pattern): handed by value, so that the
 * array cfv_rt_emit reads, and the view's bounds behind its argument, are
 * made only on the side that builds the event (a file over the per-file
 * regex bound makes one per REGEX criterion, most of them only counted);
 * with an array the caller fills, or the first argument made by the
 * caller, the compiler computed every argument before the count. */
static inline void cfv_rt_report_v(cfv_gctx *g, unsigned rule, unsigned severity, unsigned message,
                                   uint64_t offset, uint64_t length, const cfv_path *path,
                                   const char *field, int64_t per, uint32_t nargs, cfv_bytes v0,
                                   cfv_arg a1, cfv_arg a2)
{
    if (cfv_rt_counted(g, rule, severity, per)) {
        cfv_arg args[3] = { cfv_rt_arg_bytes(v0), a1, a2 };
        cfv_rt_emit(g, rule, severity, message, offset, length, path, field, per, args, nargs);
    }
}
static inline int cfv_rt_capped(const cfv_gctx *g) { return g->res.truncated != 0; }
/* A read the grammar did not guard: a grammar bug, reported (never silent). */
int cfv_rt_unguarded(cfv_gctx *g, uint64_t offset, const cfv_path *path, const char *field);

/* ---- defence in depth without branches in generated code. Where cfv-gen
 * proved a bound from the grammar's requires, it states the bound again
 * through one of these accessors, for a static analyser (proof/) and in case
 * the proof was wrong. They never fail open: should a bound not hold, the
 * run latches a fault (cfv_gctx.fault), the read gets zero bytes or the
 * count its capacity (so no loop runs longer), the fast tier's verdict is
 * "not clean" and the diagnostic tier reports CFV000 (the internal rule) at
 * the first fault's offset when its entry returns. The one branch each
 * lives here, tested both ways (tests/core/test_rt_bytes.c). */
#define CFV_RT_WINDOW_MAX 256   /* the largest window cfv_rt_window hands out */
extern const uint8_t cfv_rt_zeros[CFV_RT_WINDOW_MAX];
/* Latches a fault at offset; returns cfv_rt_zeros. */
const uint8_t *cfv_rt_fault(cfv_gctx *g, uint64_t offset);
/* Where windows below limit must end: limit, within the input. */
static inline uint64_t cfv_rt_window_end(const cfv_gctx *g, uint64_t limit)
{
    return limit < g->len ? limit : g->len;
}
/* The n bytes at pos, inside both limit and the input: a pointer valid for
 * n bytes, the input's or (fault) zeros. */
static inline const uint8_t *cfv_rt_window(cfv_gctx *g, uint64_t pos, uint64_t n, uint64_t limit)
{
    const uint64_t w = cfv_rt_window_end(g, limit);
    if (n <= w && pos <= w - n && n <= CFV_RT_WINDOW_MAX)
        return g->buf + pos;
    return cfv_rt_fault(g, pos);
}
/* The n bytes at pos if they lie inside both limit and the input, else
 * NULL: cfv-gen's `require len(self) >= n` at a record's start, the test
 * and the window it states in one (pos is where self starts). */
static inline const uint8_t *cfv_rt_window_if(const cfv_gctx *g, uint64_t pos, uint64_t n, uint64_t limit)
{
    const uint64_t w = cfv_rt_window_end(g, limit);
    return n <= w && pos <= w - n && n <= CFV_RT_WINDOW_MAX ? g->buf + pos : NULL;
}
/* A loop's windows of n bytes below limit (cfv-gen's batched loop): what
 * does not depend on pos, tested once. One past the last pos whose n bytes
 * fit; 0 when none does. */
static inline uint64_t cfv_rt_window_stop(const cfv_gctx *g, uint64_t n, uint64_t limit)
{
    const uint64_t w = cfv_rt_window_end(g, limit);
    return n <= w && n <= CFV_RT_WINDOW_MAX ? w - n + 1 : 0;
}
/* Then the n bytes at pos, for pos below that stop (one comparison a
 * record), or zeros and the fault. */
static inline const uint8_t *cfv_rt_window_below(cfv_gctx *g, uint64_t pos, uint64_t stop)
{
    if (pos < stop)
        return g->buf + pos;
    return cfv_rt_fault(g, pos);
}
/* A frame's index row for an array's index: the index itself below cap,
 * else row cap, which every index past the memo shares (never marked). */
static inline uint64_t cfv_rt_row(uint64_t index, uint64_t cap) { return index < cap ? index : cap; }
/* A record of size 1, 2, 4 or 8 bytes as a little-endian value: what
 * cfv-gen's batched loop remembers of a clean record (its memo's rows). */
static inline uint64_t cfv_rt_record(const uint8_t *p, uint64_t size)
{
    return size == 8 ? cfv_le64(p) : size == 4 ? cfv_le32(p) : size == 2 ? cfv_le16(p) : p[0];
}
/* The batched loop's whole-run skip: from index i, the records of size
 * bytes at *pos that equal their clean rows (rows[j] with ok[j] set, j <
 * cap; the memo holds cap + 1 rows), up to the array's n records. Returns the
 * index of the first that does not, whose window does not fit (stop:
 * cfv_rt_window_stop(g, size, limit); the loop's own window then faults on
 * it), or n; *pos is moved past the skipped ones. Four records a time while
 * their 4 * size bytes fit (stop4: cfv_rt_window_stop(g, 4 * size, limit)),
 * one comparison of their ok bytes and one OR of differences, the first
 * record tested alone before them so that a record seen for the first time
 * (content that does not repeat) costs one test. */
static inline uint64_t cfv_rt_same_rows(const cfv_gctx *g, uint64_t *pos, uint64_t stop4, uint64_t stop,
                                        uint64_t size, const uint64_t *rows, const uint8_t *ok, uint64_t i,
                                        uint64_t n, uint64_t cap)
{
    uint64_t p = *pos;
    const uint64_t k = n < cap ? n : cap;
    while (i + 4 <= k && p < stop4) {
        const uint8_t *r = g->buf + p;
        if (!ok[i] || cfv_rt_record(r, size) != rows[i]) {
            *pos = p;
            return i;
        }
        if ((cfv_le32(ok + i) ^ UINT32_C(0x01010101)) | (cfv_rt_record(r + size, size) ^ rows[i + 1]) |
            (cfv_rt_record(r + 2 * size, size) ^ rows[i + 2]) | (cfv_rt_record(r + 3 * size, size) ^ rows[i + 3]))
            break;
        i += 4;
        p += 4 * size;
    }
    const uint8_t *const buf = g->buf;   /* once: GCC reloaded it for every record of this loop */
    while (i < k && p < stop && ok[i] && cfv_rt_record(buf + p, size) == rows[i]) {
        i++;
        p += size;
    }
    *pos = p;
    return i;
}
/* ---- the record memo (cfv_rt_seen), lent by the entry: nothing cleared
 * yet, so nothing is looked up until cfv_rt_seen_start clears it. The
 * analyser gets the entry's table zeroed where it is declared
 * (CFV_RT_SEEN_INIT): it does not tie the credit to the clear. */
#ifdef __FRAMAC__
#define CFV_RT_SEEN_INIT = { 0 }
#else
#define CFV_RT_SEEN_INIT
#endif
void cfv_rt_seen_clear(cfv_rt_seen *t);
static inline void cfv_rt_seen_lend(cfv_gctx *g, cfv_rt_seen *t)
{
    g->seen = t;
    g->seen_gen = 0;
    g->seen_wait = 0;
    g->seen_credit = g->len >= CFV_RT_SEEN_MIN_LEN ? 0 : -1;   /* a small input: off from the start */
}
/* A frame's tag, taken when it is filled: a new generation in the high
 * half, so the records seen in its earlier fills are other frames' (0 once
 * the count wraps, which turns the memo off). */
static inline uint64_t cfv_rt_seen_frame(cfv_gctx *g)
{
    if (++g->seen_gen == 0)
        g->seen_credit = -1;
    return (uint64_t)g->seen_gen << 32;
}
/* A record's two slots (either may hold it). */
static inline uint64_t cfv_rt_seen_at(uint64_t r, uint64_t mul) { return (r * mul) >> (64 - CFV_RT_SEEN_BITS); }
/* The memo's miss (out of line): record r remembered as seen at index, at
 * a credit's cost (none left: off for the run); and, once
 * CFV_RT_SEEN_WAIT records were counted, the memo cleared and on (if the
 * entry lent one). */
void cfv_rt_seen_add(cfv_gctx *g, uint64_t ftag, uint64_t index, uint64_t r);
void cfv_rt_seen_start(cfv_gctx *g);
/* 1 when record r was seen at index in the frame tagged ftag (a hit earns
 * two credits, up to CFV_RT_SEEN_CREDIT); else 0, and r is remembered as
 * seen there: the caller checks it in full, and a record found broken ends
 * the fast tier's run (CFV_DIRTY is its verdict), so no later look-up of
 * that run reads what was remembered of it. */
static inline int cfv_rt_seen_check(cfv_gctx *g, uint64_t ftag, uint64_t index, uint64_t r)
{
    if (g->seen_credit <= 0 || index >= 32) {
        if (g->seen_credit == 0 && ++g->seen_wait == CFV_RT_SEEN_WAIT)
            cfv_rt_seen_start(g);
        return 0;
    }
    const uint64_t bit = UINT64_C(1) << index, mask = ~(uint64_t)UINT32_MAX | bit, want = ftag | bit;
    const cfv_rt_seen_slot *const a = &g->seen->slot[cfv_rt_seen_at(r, CFV_RT_RE_MUL1)];
    if (a->rec != r || (a->tag & mask) != want) {   /* the second slot only then */
        const cfv_rt_seen_slot *const b = &g->seen->slot[cfv_rt_seen_at(r, CFV_RT_RE_MUL2)];
        if (b->rec != r || (b->tag & mask) != want) {
            cfv_rt_seen_add(g, ftag, index, r);
            return 0;
        }
    }
    if (g->seen_credit < CFV_RT_SEEN_CREDIT)
        g->seen_credit += 2;
    return 1;
}
/* The diagnostic tier's skip of an array's clean tail: of the n records of
 * size bytes at pos, how many it walks, the rest (counted back from the
 * last) each equal to its index's clean row (rows[j] with ok[j] set, j <
 * cap, as cfv_rt_same_rows reads them): a record equal to the fast tier's
 * last clean record at its index makes no report (that tier's premise), so
 * the walk stops before them. A record past stop (cfv_rt_window_stop(g,
 * size, limit)) ends the tail: the walk reaches it and faults as before.
 * An array longer than cap is walked whole. */
static inline uint64_t cfv_rt_walked(cfv_gctx *g, uint64_t pos, uint64_t stop, uint64_t size,
                                     const uint64_t *rows, const uint8_t *ok, uint64_t n, uint64_t cap)
{
    if (n > cap || size > 8 || pos > UINT64_MAX - 8 * cap)   /* no sum below wraps */
        return n;
    uint64_t k = n;
    for (; k > 0; k--) {
        const uint64_t p = pos + (k - 1) * size;
        if (p >= stop || !ok[k - 1] || cfv_rt_record(cfv_rt_window_below(g, p, stop), size) != rows[k - 1])
            break;
    }
    return k;
}
/* After a walk that stopped before its clean tail (walked < n): 1 when
 * the cap was reached, where the tail's first element would have aborted
 * the walk (cfv-gen returns CFV_ABORT then). */
static inline int cfv_rt_tail_capped(const cfv_gctx *g, uint64_t walked, uint64_t n)
{
    return walked < n && cfv_rt_capped(g);
}
/* The len bytes at a and at b of the input are the same (either past the
 * input: not). */
static inline int cfv_rt_same_bytes(cfv_gctx *g, uint64_t a, uint64_t b, uint64_t len)
{
    if (a > g->len || b > g->len || len > g->len - a || len > g->len - b)
        return 0;
    /* a word at a time (no libc in the core), each read through a window
     * (stated again for the analyser; it cannot fail past the test above) */
    const uint64_t stop32 = cfv_rt_window_stop(g, 32, g->len), stop = cfv_rt_window_stop(g, 8, g->len);
    uint64_t i = 0, diff = 0;
    if (len >= 8) {   /* the first word alone: a miss costs one test */
        diff = cfv_le64(cfv_rt_window_below(g, a, stop)) ^ cfv_le64(cfv_rt_window_below(g, b, stop));
        i = 8;
    }
    for (; i + 32 <= len && !diff; i += 32) {   /* then four words a test */
        const uint8_t *const p = cfv_rt_window_below(g, a + i, stop32), *const q = cfv_rt_window_below(g, b + i, stop32);
        diff = (cfv_le64(p) ^ cfv_le64(q)) | (cfv_le64(p + 8) ^ cfv_le64(q + 8)) |
               (cfv_le64(p + 16) ^ cfv_le64(q + 16)) | (cfv_le64(p + 24) ^ cfv_le64(q + 24));
    }
    for (; i + 8 <= len && !diff; i += 8)
        diff = cfv_le64(cfv_rt_window_below(g, a + i, stop)) ^ cfv_le64(cfv_rt_window_below(g, b + i, stop));
    for (; i < len && !diff; i++)
        diff = (uint64_t)(cfv_rt_window(g, a + i, 1, g->len)[0] ^ cfv_rt_window(g, b + i, 1, g->len)[0]);
    return !diff;
}
/* The run at pos of len bytes, in the frame r was kept in, filled still
 * (filled; a refill forgets r): 1 when it is r's again and its reports
 * were counted at once. Past the cap the run is walked (and stops). */
static inline int cfv_rt_rerun(cfv_gctx *g, int filled, const cfv_rt_run *r, uint64_t pos, uint64_t len)
{
    if (!filled || !r->ok || g->res.truncated || r->len != len || !cfv_rt_same_bytes(g, r->pos, pos, len))
        return 0;
    if (r->n == 0)
        return 1;
    if (g->mute_key != r->key || (uint64_t)g->res.errors + g->res.warnings + r->n > g->max_diag)
        return 0;
    if ((r->key >> 40 & 0xFFu) == CFV_SEV_WARNING)
        g->res.warnings += r->n;
    else
        g->res.errors += r->n;
    g->mute_n += r->n;
    return 1;
}
/* The same view (a frame remembers the one its records were checked with);
 * without a branch. */
static inline int cfv_rt_same_view(cfv_bytes a, cfv_bytes b)
{
    return (a.base == b.base) & (a.cap == b.cap) & (a.off == b.off) & (a.n == b.n);
}
/* A count that must not exceed a stored array's capacity: the count, or
 * (fault, at offset) the capacity. */
static inline uint64_t cfv_rt_cap(cfv_gctx *g, uint64_t n, uint64_t cap, uint64_t offset)
{
    if (n <= cap)
        return n;
    (void)cfv_rt_fault(g, offset);
    return cap;
}
/* The fast tier's verdict from its entry's return code: clean, unless it
 * found something or a fault was latched. Dirty, its last REGEX verdict
 * may have been a refusal whose key cfv_rt_regex_last remembered: taken
 * back before the diagnostic tier reads the memo. */
static inline int cfv_rt_clean(cfv_gctx *g, int rc)
{
    if (rc == CFV_DIRTY)
        cfv_rt_regex_undo(g);
    return rc != CFV_DIRTY && !g->fault;
}
/* The diagnostic tier's entry returns through this: a latched fault is
 * reported as CFV000 (and the run stops: CFV_STOP), else rc. */
int cfv_rt_settle(cfv_gctx *g, int rc);

#endif
