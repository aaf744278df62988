/* The byte-view runtime generated validators call (validator/core/
 * rt_bytes.c): the empty view reads nothing, views past their buffer read
 * only what is there, and a REGEX operand reaches the caller's checker only
 * when it fits, with any answer outside cfv_re_status taken as unchecked
 * (fail closed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cfv_rt.h"
#include "cfv/utf8.h"
#include "fixture.h"

static void the_empty_view_reads_nothing(void **state)
{
    (void)state;
    const cfv_bytes none = { NULL, 0, 0, 5 }; /* a length, no buffer */
    assert_int_equal(cfv_rt_first_nonzero(none), 5);
    assert_int_equal(cfv_rt_find_nul(none), 5);
    assert_int_equal(cfv_rt_utf8_valid(none), 1);
    assert_int_equal(cfv_rt_utf8_bad(none), 5);
    assert_int_equal(cfv_rt_cstr(none, 9).n, 0);
}

static void views_find_what_they_hold(void **state)
{
    (void)state;
    static const uint8_t buf[] = "abc\0\xff\xfe";
    const cfv_bytes b = { buf, sizeof buf - 1, 0, sizeof buf - 1 };
    assert_int_equal(cfv_rt_first_nonzero(b), 0);
    assert_int_equal(cfv_rt_find_nul(b), 3);
    assert_int_equal(cfv_rt_cstr(b, 1).n, 2);
    assert_int_equal(cfv_rt_utf8_valid(b), 0);
    assert_int_equal(cfv_rt_utf8_bad(b), 4);
    const cfv_bytes ascii = { buf, sizeof buf - 1, 0, 3 };
    assert_int_equal(cfv_rt_utf8_bad(ascii), 3); /* valid: the view's length */
}

/* The word-at-a-time search finds the first NUL wherever it is: at each
 * position of a 40-byte buffer (or before the view: none), from each start, with bytes 0x80/0x01 (the
 * values the zero-byte test is most likely to confuse) around it, or no
 * NUL at all in the view. */
static void find_nul_finds_the_first_nul_at_every_position(void **state)
{
    (void)state;
    uint8_t buf[40];
    for (unsigned nul = 0; nul <= sizeof buf; nul++)
        for (unsigned off = 0; off < 9; off++) {
            for (unsigned i = 0; i < sizeof buf; i++)
                buf[i] = (uint8_t)(i % 3 == 0 ? 0x80 : i % 3 == 1 ? 0x01 : 'a');
            if (nul < sizeof buf)
                buf[nul] = 0;
            if (off % 2 && nul >= off && nul + 1 < sizeof buf)
                buf[nul + 1] = 0; /* a second NUL right after the first */
            const cfv_bytes b = { buf, sizeof buf, off, sizeof buf - off };
            const uint64_t want = nul < off || nul == sizeof buf ? b.n : nul - off;
            assert_int_equal(cfv_rt_find_nul(b), want);
            assert_int_equal(cfv_rt_cstr(b, 0).n, want);
        }
}

/* With 64 readable bytes at the view's start, the first 64 are tested at
 * once (cfv_rt_nul_len): a NUL at every position of a 160-byte buffer (or
 * none), from each start, in views that end before the buffer does (a NUL
 * past the view's end, even within the 64, is none), agrees with a byte at
 * a time. */
static uint64_t nul_by_bytes(const uint8_t *p, uint64_t off, uint64_t n)
{
    uint64_t i = 0;
    while (i < n && p[off + i] != 0)
        i++;
    return i;
}

static void find_nul_agrees_with_a_byte_at_a_time_past_64_bytes(void **state)
{
    (void)state;
    uint8_t buf[160];
    static const uint64_t lens[] = { 0, 1, 15, 63, 64, 65, 80, 127, 128, 129, 150 };
    const size_t nlens = sizeof lens / sizeof lens[0];
    for (unsigned nul = 0; nul <= sizeof buf; nul++)
        for (unsigned off = 0; off < 9; off++)
            for (size_t l = 0; l <= nlens; l++) {
                const uint64_t n = l < nlens ? lens[l] : sizeof buf - off;
                if (off + n > sizeof buf)
                    continue;
                for (unsigned i = 0; i < sizeof buf; i++)
                    buf[i] = (uint8_t)(i % 3 == 0 ? 0x80 : i % 3 == 1 ? 0x01 : 'a');
                if (nul < sizeof buf)
                    buf[nul] = 0;
                const cfv_bytes b = { buf, sizeof buf, off, n };
                assert_int_equal(cfv_rt_find_nul(b), nul_by_bytes(buf, off, n));
            }
    /* a view past its buffer's 64 readable bytes (no view the runtime
     * makes): nothing read there, so the NUL at 110 is not found */
    buf[110] = 0;
    const cfv_bytes past = { buf, 64, 100, 60 };
    assert_int_equal(cfv_rt_find_nul(past), 60);
}

/* The search for the first non-NUL byte (CFV002's all-zero checks) finds
 * it wherever it is: one nonzero byte at each position of a 40-byte zero
 * buffer (or none), from each start. */
static void first_nonzero_finds_it_at_every_position(void **state)
{
    (void)state;
    uint8_t buf[40];
    for (unsigned at = 0; at <= sizeof buf; at++)
        for (unsigned off = 0; off < 9; off++) {
            memset(buf, 0, sizeof buf);
            if (at < sizeof buf)
                buf[at] = (uint8_t)(at % 2 ? 0x80 : 0x01);
            const cfv_bytes b = { buf, sizeof buf, off, sizeof buf - off };
            const uint64_t want = at < off || at == sizeof buf ? b.n : at - off;
            assert_int_equal(cfv_rt_first_nonzero(b), want);
            assert_int_equal(cfv_rt_all_zero(b), want == b.n);
        }
}

/* The string-table check agrees with a walk a string at a time (the fast
 * tier's old loop, the diagnostic tier's): NUL count, where the last string
 * ends, and the verdict, over random tables of short and long strings with
 * ASCII, valid and broken UTF-8, at every length bound either side of a
 * word, from any start, with the table's end before or past the input's. */
static int walk_table(const uint8_t *p, uint64_t len, uint64_t from, uint64_t end, uint64_t max, int utf8,
                      uint64_t *count, uint64_t *next)
{
    const uint64_t e = end < len ? end : len;
    uint64_t pos = from, n = 0;
    int dirty = 0;
    while (pos < e) {
        const uint64_t z = cfv_rt_nul_at(p, pos, e);
        if (z == UINT64_MAX)
            break;
        dirty |= (utf8 && !cfv_utf8_valid_range(p, (size_t)pos, (size_t)z, NULL)) || z - pos > max;
        n++;
        pos = z + 1;
    }
    *count = n;
    *next = pos;
    return dirty ? CFV_DIRTY : CFV_OK;
}

static void string_tables_agree_with_a_walk_per_string(void **state)
{
    (void)state;
    static const uint8_t pieces[][4] = { { 'a' }, { 0 }, { 0xC3, 0xA9 }, { 0xE2, 0x82, 0xAC }, { 0xF0, 0x9F, 0x98, 0x80 },
                                         { 0x80 }, { 0xC3 }, { 0xED, 0xA0, 0x80 } };
    static const uint8_t piece_len[] = { 1, 1, 2, 3, 4, 1, 1, 3 };
    static const uint64_t maxes[] = { 0, 3, 6, 7, 8, 9, 15, 16, 40, UINT64_MAX };
    uint8_t buf[96];
    uint64_t seed = 12345;
    int dirty = 0, clean = 0;
    for (int round = 0; round < 20000; round++) {
        seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        const unsigned density = (unsigned)(seed >> 60);          /* NULs: 1 in 2..17 pieces */
        const int utf = (int)(seed >> 59 & 1), broken = (int)(seed >> 58 & 1) && round % 4 == 0;
        uint64_t len = 0, r = seed;
        while (len < sizeof buf) {
            r = r * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            unsigned k = (unsigned)(r >> 33) % (density + 2) == 0 ? 1 : 0;
            if (!k && utf)
                k = 2 + (unsigned)(r >> 40) % (broken ? 6 : 3);
            for (unsigned j = 0; j < piece_len[k] && len < sizeof buf; j++)
                buf[len++] = pieces[k][j];
        }
        const uint64_t have = sizeof buf - (seed >> 20) % 9;  /* the input may end before the table */
        const uint64_t from = (seed >> 24) % 11, end = sizeof buf - (seed >> 28) % 13;
        const uint64_t max = maxes[(seed >> 32) % (sizeof maxes / sizeof maxes[0])];
        const int check_utf8 = (int)(seed >> 36 & 1) || broken;
        cfv_gctx g;
        memset(&g, 0, sizeof g);
        g.buf = buf;
        g.len = have;
        uint64_t n1 = 0, at1 = 0, n2 = 0, at2 = 0;
        const int v1 = cfv_rt_cstr_table(&g, from, end, max, check_utf8, &n1, &at1);
        const int v2 = walk_table(buf, have, from, end, max, check_utf8, &n2, &at2);
        assert_int_equal(v1, v2);
        assert_int_equal(n1, n2);
        assert_int_equal(at1, at2);
        dirty += v1 == CFV_DIRTY;
        clean += v1 == CFV_OK;
    }
    assert_true(dirty > 1000 && clean > 1000); /* both verdicts exercised */
}

/* Long tables: the SSE2 path's 32-byte steps (max >= 30), its rounds of
 * 127 steps whose NULs are summed at the end of each, and the gap of a
 * string spanning steps and rounds, against the walk a string at a time. */
static void long_string_tables_agree_with_a_walk_per_string(void **state)
{
    (void)state;
    static uint8_t buf[9000];
    static const uint64_t maxes[] = { 29, 30, 31, 33, 64, 1024, 5000 };
    uint64_t seed = 777;
    int dirty = 0, clean = 0;
    for (int round = 0; round < 300; round++) {
        seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        const uint64_t gap = 1 + (seed >> 40) % 80;  /* mean string length */
        const int utf = (int)(seed >> 39 & 1);
        uint64_t r = seed;
        for (size_t k = 0; k < sizeof buf; k++) {
            r = r * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            buf[k] = (r >> 33) % gap == 0 ? 0 : utf && (r >> 50) % 50 == 0 ? 0xC3 : (uint8_t)('a' + (r >> 45) % 26);
        }
        if (round % 7 == 0)   /* one string longer than every max but the last */
            for (size_t k = 1000; k < 7000; k++)
                buf[k] = 'x';
        if (round % 11 == 0)  /* empty strings: a NUL in every lane of every step */
            memset(buf + 100, 0, 8500);
        const uint64_t from = (seed >> 8) % 40, end = sizeof buf - (seed >> 16) % 40;
        const uint64_t max = maxes[(seed >> 24) % (sizeof maxes / sizeof maxes[0])];
        cfv_gctx g;
        memset(&g, 0, sizeof g);
        g.buf = buf;
        g.len = sizeof buf - (seed >> 32) % 3;
        uint64_t n1 = 0, at1 = 0, n2 = 0, at2 = 0;
        const int v1 = cfv_rt_cstr_table(&g, from, end, max, utf, &n1, &at1);
        const int v2 = walk_table(buf, g.len, from, end, max, utf, &n2, &at2);
        assert_int_equal(v1, v2);
        assert_int_equal(n1, n2);
        assert_int_equal(at1, at2);
        dirty += v1 == CFV_DIRTY;
        clean += v1 == CFV_OK;
    }
    assert_true(dirty > 30 && clean > 30);
}

/* A string of every length near a bound, ending at every byte of a 32-byte
 * step, after a NUL or from the table's start: the SSE2 path tests a
 * step's gap only when the bytes since the last step with a NUL could
 * exceed the bound, so a string just over it must still be found. */
static void strings_just_over_their_bound_are_found(void **state)
{
    (void)state;
    static uint8_t buf[256];
    int dirty = 0;
    for (uint64_t lead = 0; lead < 34; lead++)
        for (uint64_t k = 28; k < 100; k++) {
            memset(buf, 'x', sizeof buf);
            for (uint64_t j = 0; j < lead; j += 3)
                buf[j] = 0;
            if (lead)
                buf[lead - 1] = 0;
            buf[lead + k] = 0;
            for (uint64_t j = lead + k + 4; j < sizeof buf; j += 5)
                buf[j] = 0;
            const uint64_t maxes[] = { 30, 31, k - 1, k, k + 1 };
            for (size_t m = 0; m < sizeof maxes / sizeof maxes[0]; m++) {
                cfv_gctx g;
                memset(&g, 0, sizeof g);
                g.buf = buf;
                g.len = sizeof buf;
                uint64_t n1 = 0, at1 = 0, n2 = 0, at2 = 0;
                const int v1 = cfv_rt_cstr_table(&g, 0, sizeof buf, maxes[m], 0, &n1, &at1);
                const int v2 = walk_table(buf, sizeof buf, 0, sizeof buf, maxes[m], 0, &n2, &at2);
                assert_int_equal(v1, v2);
                assert_int_equal(n1, n2);
                assert_int_equal(at1, at2);
                dirty += v1 == CFV_DIRTY;
            }
        }
    assert_true(dirty > 1000);
}

/* The cases by hand: a table shorter than a word, a NUL-free run, and the
 * verdict each check gives alone. */
static void string_tables_by_hand(void **state)
{
    (void)state;
    static const uint8_t t[] = "ab\0c\0\xC3\xA9\0tail";
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = t;
    g.len = 6;
    uint64_t n = 9, at = 9;
    assert_int_equal(cfv_rt_cstr_table(&g, 0, 6, 1024, 1, &n, &at), CFV_OK); /* "ab", "c": under a word */
    assert_int_equal(n, 2);
    assert_int_equal(at, 5);
    assert_int_equal(cfv_rt_cstr_table(&g, 0, 6, 1, 1, &n, &at), CFV_DIRTY); /* "ab" over 1 byte */
    g.len = sizeof t - 1;
    assert_int_equal(cfv_rt_cstr_table(&g, 0, g.len, 1024, 1, &n, &at), CFV_OK); /* U+00E9, then the tail */
    assert_int_equal(n, 3);
    assert_int_equal(at, 8);
    assert_int_equal(cfv_rt_cstr_table(&g, 5, g.len, 1024, 1, &n, &at), CFV_OK);
    assert_int_equal(cfv_rt_cstr_table(&g, 6, g.len, 1024, 1, &n, &at), CFV_DIRTY); /* a stray continuation */
    assert_int_equal(cfv_rt_cstr_table(&g, 6, g.len, 1024, 0, &n, &at), CFV_OK);    /* UTF-8 not asked */
    assert_int_equal(cfv_rt_cstr_table(&g, 8, g.len, 1024, 1, &n, &at), CFV_OK);    /* only a tail: no string */
    assert_int_equal(n, 0);
    assert_int_equal(at, 8);
    g.buf = NULL; /* no input: nothing read */
    g.len = 0;
    assert_int_equal(cfv_rt_cstr_table(&g, 0, 100, 1024, 1, &n, &at), CFV_OK);
    assert_int_equal(n, 0);
    assert_int_equal(at, 0);
}

typedef struct checker {
    int calls;
    uint8_t status;
    uint8_t seen[CFV_RT_REGEX_MAX];
    size_t len;
    uint8_t slack; /* check_nul: the slack's bytes ORed */
} checker;

static void check(void *user, const uint8_t *pattern, size_t len, int nocase, cfv_re_verdict *out)
{
    checker *c = user;
    (void)nocase;
    c->calls++;
    c->len = len;
    memcpy(c->seen, pattern, len);
    out->status = c->status;
    memset(out->message, 'x', sizeof out->message); /* unterminated */
}

/* A run whose checker is check(), counting its calls in user, over the
 * buffer of the view over (NULL: none). */
static void checked_run(cfv_gctx *g, const cfv_bytes *over, checker *user)
{
    memset(g, 0, sizeof *g);
    if (over) {
        g->buf = over->base;
        g->len = over->cap;
    }
    g->regex = check;
    g->regex_user = user;
}

/* The verdict of cfv_rt_regex (the fast tier's), after asserting that
 * cfv_rt_regex_inline (the diagnostic tier's, the pattern read in place),
 * and cfv_rt_regex and cfv_rt_regex_last over a run whose buffer the view
 * is of (the memo's key names it: cfv_rt_regex_keyed, _keyed_last) hand
 * the checker the same bytes and give the same verdict. */
static cfv_re_verdict regex(checker *c, cfv_bytes pattern)
{
    checker in = *c, keyed = *c, last = *c;
    cfv_gctx g;
    cfv_re_verdict u, v, w, l;
    checked_run(&g, &pattern, &keyed);
    memset(&u, 0, sizeof u); /* as w below: a refusal before the checker sets only message[0] */
    cfv_rt_regex(&g, pattern, 0, &u);
    checked_run(&g, NULL, &in);
    memset(&w, 0, sizeof w); /* a refusal before the checker sets only message[0]; check() fills it all */
    cfv_rt_regex_inline(&g, pattern, 0, &w);
    checked_run(&g, &pattern, &last); /* cfv_rt_regex_last over the run's buffer: the same */
    memset(&l, 0, sizeof l);
    cfv_rt_regex_last(&g, pattern, 0, &l);
    assert_int_equal(g.re_undo, 0); /* only the trusted entry's miss leaves a key to take back */
    checked_run(&g, NULL, c);
    cfv_rt_regex(&g, pattern, 0, &v);
    assert_int_equal(last.calls, c->calls);
    assert_int_equal(last.len, c->len);
    assert_memory_equal(last.seen, c->seen, c->len);
    assert_int_equal(l.status, v.status);
    assert_int_equal(in.calls, c->calls);
    assert_int_equal(in.len, c->len);
    assert_memory_equal(in.seen, c->seen, c->len);
    assert_int_equal(w.status, v.status);
    assert_int_equal(w.message[sizeof w.message - 1], 0);
    assert_int_equal(keyed.calls, c->calls);
    assert_int_equal(keyed.len, c->len);
    assert_memory_equal(keyed.seen, c->seen, c->len);
    assert_int_equal(u.status, v.status);
    assert_int_equal(u.message[sizeof u.message - 1], 0);
    return v;
}

static void regex_operands_fail_closed(void **state)
{
    (void)state;
    static uint8_t big[CFV_RT_REGEX_MAX + 1];
    checker c = { .status = CFV_RE_OK };
    cfv_re_verdict v = regex(&c, (cfv_bytes){ big, sizeof big, 0, sizeof big });
    assert_int_equal(v.status, CFV_RE_UNCHECKED); /* too long: never handed over */
    assert_int_equal(c.calls, 0);
    v = regex(&c, (cfv_bytes){ big, sizeof big, 1, CFV_RT_REGEX_MAX }); /* the longest */
    assert_int_equal(v.status, CFV_RE_OK);
    assert_int_equal(c.len, CFV_RT_REGEX_MAX);
    c.status = 7; /* not a cfv_re_status */
    v = regex(&c, (cfv_bytes){ (const uint8_t *)"a+", 2, 0, 2 });
    assert_int_equal(c.calls, 2);
    assert_int_equal(v.status, CFV_RE_UNCHECKED);
    assert_int_equal(v.message[sizeof v.message - 1], 0); /* terminated for the caller */
    cfv_gctx g; /* no checker: unchecked, from either entry */
    memset(&g, 0, sizeof g);
    cfv_rt_regex_inline(&g, (cfv_bytes){ (const uint8_t *)"a+", 2, 0, 2 }, 0, &v);
    assert_int_equal(v.status, CFV_RE_UNCHECKED);
    cfv_rt_regex(&g, (cfv_bytes){ (const uint8_t *)"a+", 2, 0, 2 }, 1, &v);
    assert_int_equal(v.status, CFV_RE_UNCHECKED);
    static const uint8_t input[] = "xa+";
    g.buf = input; /* a view of the run's buffer (a memo key), no checker */
    g.len = 3;
    cfv_rt_regex(&g, (cfv_bytes){ input, 3, 1, 2 }, 0, &v);
    assert_int_equal(v.status, CFV_RE_UNCHECKED);
    /* a pattern of the input the checker called OK: remembered, so the
     * diagnostic tier's second look clears the verdict without a call */
    checker ok = { .status = CFV_RE_OK };
    g.regex = check;
    g.regex_user = &ok;
    const cfv_bytes p = { input, 3, 1, 2 };
    cfv_rt_regex_inline(&g, p, 0, &v);
    v.status = 9;
    v.message[0] = 'x';
    cfv_rt_regex_inline(&g, p, 0, &v);
    assert_int_equal(ok.calls, 1);
    assert_int_equal(v.status, CFV_RE_OK);
    assert_int_equal(v.message[0], 0);
}

/* A trusted in-place entry (cfv/regex.h): asserts its contract (the NUL
 * after the operand, the slack readable) and writes a safe verdict. */
static void check_nul(void *user, const uint8_t *pattern, size_t len, int nocase, cfv_re_verdict *out)
{
    checker *c = user;
    (void)nocase;
    assert_int_equal(pattern[len], 0);
    c->slack = 0; /* read: ASan would see a read past the buffer */
    for (size_t k = 0; k < CFV_REGEX_SLACK; k++)
        c->slack |= pattern[len + k];
    c->calls++;
    c->len = len;
    memcpy(c->seen, pattern, len);
    out->status = c->status;
    out->offset = 0;
    memcpy(out->message, "refused", 8);
}

/* The trusted entry takes an operand of the run's buffer followed by its
 * NUL and CFV_REGEX_SLACK bytes, its verdict as it comes (an OK one
 * remembered); any other operand goes to the checker's cfv_regex_fn,
 * mended (fail closed). */
static const uint8_t nul_input[] = "xa+\0b+c0123456789abcdefghij"; /* "a+", then "b" followed by "+" */

/* A run over nul_input whose checker has both entries, each counting its
 * calls in user */
static void trusted_run(cfv_gctx *g, checker *user)
{
    memset(g, 0, sizeof *g);
    g->buf = nul_input;
    g->len = sizeof nul_input - 1;
    g->regex = check;
    g->regex_nul = check_nul;
    g->regex_user = user;
}

static void regex_operands_followed_by_a_nul_are_checked_in_place(void **state)
{
    (void)state;
    const uint8_t *const input = nul_input;
    cfv_gctx g;
    checker fn = { .status = 7 }, nul = { .status = CFV_RE_COMPILE_ERROR };
    trusted_run(&g, &nul);
    const cfv_bytes ab = { input, g.len, 1, 2 }, b = { input, g.len, 4, 1 };
    cfv_re_verdict v;
    cfv_rt_regex(&g, ab, 0, &v); /* "a+" then its NUL: in place, a refusal as it comes */
    assert_int_equal(nul.calls, 1);
    assert_int_equal(nul.len, 2);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    assert_string_equal(v.message, "refused");
    nul.status = CFV_RE_OK; /* not remembered before: asked again, and now remembered */
    cfv_rt_regex(&g, ab, 0, &v);
    cfv_rt_regex(&g, ab, 0, &v);
    assert_int_equal(nul.calls, 2);
    assert_int_equal(v.status, CFV_RE_OK);
    fn.status = 7; /* "b" then "+": no NUL after it, so the cfv_regex_fn, mended */
    g.regex_user = &fn;
    cfv_rt_regex(&g, b, 0, &v);
    assert_int_equal(fn.calls, 1);
    assert_int_equal(v.status, CFV_RE_UNCHECKED);
    assert_int_equal(v.message[sizeof v.message - 1], 0);
    g.len = 3 + CFV_REGEX_SLACK - 1; /* a NUL, but the slack is not all in the buffer */
    cfv_rt_regex(&g, (cfv_bytes){ input, g.len, 1, 2 }, 1, &v);
    assert_int_equal(fn.calls, 2);
    assert_int_equal(fn.len, 2);
    g.len = 3 + CFV_REGEX_SLACK; /* now it is */
    g.regex_user = &nul;
    cfv_rt_regex(&g, (cfv_bytes){ input, g.len, 1, 2 }, 1, &v);
    assert_int_equal(nul.calls, 3);
}

/* cfv_rt_regex_last's trusted miss remembers the key before the checker's
 * call; a run that ends dirty takes it back (cfv_rt_clean), restoring what
 * the slot held, and an OK verdict stays remembered. */
static void a_refusal_remembered_before_its_verdict_is_taken_back(void **state)
{
    (void)state;
    const uint8_t *const input = nul_input;
    cfv_gctx g;
    checker nul = { .status = CFV_RE_COMPILE_ERROR };
    trusted_run(&g, &nul);
    const cfv_bytes ab = { input, g.len, 1, 2 }, b = { input, g.len, 4, 1 };
    const uint64_t s1 = cfv_rt_re_slot(1, CFV_RT_RE_MUL1), s2 = cfv_rt_re_slot(1, CFV_RT_RE_MUL2);
    cfv_re_verdict v;
    cfv_rt_regex_last(&g, ab, 0, &v);
    assert_int_equal(nul.calls, 1);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    assert_true(cfv_rt_re_known(&g, ab, 0)); /* until the run ends */
    assert_false(cfv_rt_clean(&g, CFV_DIRTY));
    assert_false(cfv_rt_re_known(&g, ab, 0));
    assert_int_equal(g.re_memo[s1], 0);
    cfv_rt_regex_undo(&g); /* nothing left to take back */
    assert_int_equal(g.re_memo[s1], 0);
    g.re_memo[s1] = 5; /* the first slot taken: the second, whose key comes back */
    g.re_memo[s2] = 7;
    cfv_rt_regex_last(&g, ab, 0, &v);
    assert_int_equal(nul.calls, 2);
    assert_true(cfv_rt_re_known(&g, ab, 0));
    cfv_rt_regex_undo(&g);
    assert_int_equal(g.re_memo[s1], 5);
    assert_int_equal(g.re_memo[s2], 7);
    memset(g.re_memo, 0, sizeof g.re_memo);
    nul.status = CFV_RE_OK; /* OK: kept past a clean end, not asked again */
    int frame = 0;
    g.frame = &frame; /* a workspace's run: the slot logged */
    cfv_rt_regex_last(&g, ab, 0, &v);
    assert_int_equal(v.status, CFV_RE_OK);
    assert_int_equal(g.re_logged, 1);
    assert_int_equal(g.re_log[0], s1);
    assert_true(cfv_rt_clean(&g, CFV_OK));
    cfv_rt_regex_last(&g, ab, 0, &v);
    assert_int_equal(nul.calls, 3);
    assert_true(cfv_rt_re_known(&g, ab, 0));
    checker fn = { .status = CFV_RE_NESTED_UNBOUNDED }; /* no NUL after "b": the copying entry, nothing to take back */
    g.regex_user = &fn;
    cfv_rt_regex_last(&g, b, 0, &v);
    assert_int_equal(fn.calls, 1);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(g.re_undo, 0);
    assert_false(cfv_rt_clean(&g, CFV_DIRTY));
    assert_true(cfv_rt_re_known(&g, ab, 0)); /* the OK one stays */
}

/* A view longer than its buffer (or with none) hands over zero bytes for
 * what is not there, never a read past the buffer. */
static void regex_operand_past_its_buffer_reads_zeros(void **state)
{
    (void)state;
    static const uint8_t buf[] = { 'a', 'b' };
    checker c = { .status = CFV_RE_OK };
    cfv_re_verdict v = regex(&c, (cfv_bytes){ buf, sizeof buf, 1, 3 });
    assert_int_equal(v.status, CFV_RE_OK);
    assert_int_equal(c.len, 3);
    assert_memory_equal(c.seen, "b\0\0", 3);
    v = regex(&c, (cfv_bytes){ NULL, 0, 0, 2 });
    assert_int_equal(c.len, 2);
    assert_memory_equal(c.seen, "\0\0", 2);
    /* words while whole words are there, then bytes, then zeros */
    static const uint8_t twelve[] = "abcdefghijkl";
    v = regex(&c, (cfv_bytes){ twelve, 12, 1, 20 });
    assert_int_equal(c.len, 20);
    assert_memory_equal(c.seen, "bcdefghijkl\0\0\0\0\0\0\0\0\0", 20);
    /* inside its buffer: words, the last one overlapping the one before */
    v = regex(&c, (cfv_bytes){ twelve, 12, 2, 9 });
    assert_int_equal(c.len, 9);
    assert_memory_equal(c.seen, "cdefghijk", 9);
    /* an offset whose end wraps past 2^64: zeros, not a word taken as the last */
    memset(c.seen, 0xAA, sizeof c.seen);
    v = regex(&c, (cfv_bytes){ twelve, 12, UINT64_MAX - 3, 16 });
    assert_int_equal(c.len, 16);
    assert_memory_equal(c.seen, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
}

/* The pattern handed over is the view's bytes, zeros where the buffer has
 * none (past its end, or past 2^64), for views of every length up to the
 * longest checked, from every start, inside, across and past a buffer of
 * every length up to 64 bytes: read in place inside it, copied across or
 * past it. */
static void regex_operands_are_copied_exactly(void **state)
{
    (void)state;
    static uint8_t buf[64];
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7 + 1);
    static const uint64_t lens[] = { 0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 40, 47, 48, 63, 64, 65, 100,
                                     CFV_RT_REGEX_MAX };
    static const uint64_t offs[] = { 0, 1, 3, 8, 15, 16, 17, 30, 48, 63, 64, 70, UINT64_MAX - 20, UINT64_MAX };
    checker c = { .status = CFV_RE_OK };
    uint8_t want[CFV_RT_REGEX_MAX];
    for (uint64_t cap = 0; cap <= sizeof buf; cap += 3)
        for (size_t o = 0; o < sizeof offs / sizeof offs[0]; o++)
            for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
                const uint64_t off = offs[o], n = lens[l];
                for (uint64_t k = 0; k < n; k++)
                    want[k] = off + k >= off && off + k < cap ? buf[off + k] : 0;
                memset(c.seen, 0xAA, sizeof c.seen);
                c.len = 0;
                (void)regex(&c, (cfv_bytes){ buf, cap, off, n });
                assert_int_equal(c.len, n);
                assert_memory_equal(c.seen, want, n);
            }
}

/* Within a run an OK verdict is remembered for its view: the same bytes
 * (same buffer, offset, length, nocase) are not handed over again, and a
 * memo never answers for another view, even one that lands on its slot
 * (more views than slots, so some must), nor remembers anything but OK. */
static void regex_memo_answers_only_for_the_same_view(void **state)
{
    (void)state;
    static uint8_t buf[CFV_RT_REGEX_MAX], other[CFV_RT_REGEX_MAX];
    checker c = { .status = CFV_RE_OK };
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = buf; /* the run's buffer: only its views are remembered */
    g.len = sizeof buf;
    g.regex = check;
    g.regex_user = &c;
    cfv_re_verdict v;
    const cfv_bytes a = { buf, sizeof buf, 0, 3 };
    cfv_rt_regex(&g, a, 0, &v);
    cfv_rt_regex(&g, a, 0, &v);
    assert_int_equal(c.calls, 1);
    assert_int_equal(v.status, CFV_RE_OK);
    cfv_rt_regex(&g, a, 1, &v);                                       /* nocase */
    cfv_rt_regex(&g, (cfv_bytes){ other, sizeof other, 0, 3 }, 0, &v); /* another buffer */
    assert_int_equal(c.calls, 3);
    cfv_rt_regex(&g, (cfv_bytes){ other, sizeof other, 0, 3 }, 0, &v); /* ... is never remembered */
    assert_int_equal(c.calls, 4);
    cfv_rt_regex(&g, a, 1, &v);
    assert_int_equal(c.calls, 4);
    /* a key sits in either of its two slots: two views of one offset
     * (the same slots) are both remembered, the second in the second slot */
    const cfv_bytes x = { buf, sizeof buf, 2, 1 }, y = { buf, sizeof buf, 2, 2 };
    cfv_rt_regex(&g, x, 0, &v);
    cfv_rt_regex(&g, y, 0, &v);
    cfv_rt_regex(&g, y, 0, &v);
    cfv_rt_regex(&g, x, 0, &v);
    assert_int_equal(c.calls, 6);
    /* a view past 2^52 (no key) is never remembered, and reads nothing */
    const cfv_bytes far = { buf, sizeof buf, UINT64_C(1) << 52, 3 };
    cfv_rt_regex(&g, far, 0, &v);
    cfv_rt_regex(&g, far, 0, &v);
    assert_int_equal(c.calls, 8);
    /* views that share a slot (one offset, many lengths) each get their own
     * verdict: none answers for another */
    enum { SHARED = 192 };
    for (uint64_t n = 1; n <= SHARED; n++)
        cfv_rt_regex(&g, (cfv_bytes){ buf, sizeof buf, 1, n }, 0, &v);
    assert_int_equal(c.calls, 8 + SHARED);
    c.status = CFV_RE_NESTED_UNBOUNDED;
    const cfv_bytes b = { buf, sizeof buf, 7, 9 };
    cfv_rt_regex(&g, b, 0, &v);
    cfv_rt_regex(&g, b, 0, &v);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(c.calls, 10 + SHARED);
}

/* A window inside both its limit and the input is the input's own bytes;
 * one that is not (past the limit, past the input, longer than either, at
 * an offset that would wrap, longer than the zero block) is zeros and
 * latches the run's fault, at the first such offset (cfv_rt.h). */
static void windows_outside_the_input_read_zeros_and_latch(void **state)
{
    (void)state;
    static uint8_t buf[CFV_RT_WINDOW_MAX + 8];
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i + 1);
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = buf;
    g.len = 8;
    assert_ptr_equal(cfv_rt_window(&g, 4, 4, 8), buf + 4);        /* the last four */
    assert_ptr_equal(cfv_rt_window(&g, 0, 8, UINT64_MAX), buf);   /* the input ends first */
    assert_ptr_equal(cfv_rt_window(&g, 8, 0, 8), buf + 8);        /* nothing, at the end */
    assert_int_equal(g.fault, 0);
    assert_ptr_equal(cfv_rt_window(&g, 5, 4, 8), cfv_rt_zeros);   /* one byte past the input */
    assert_int_equal(g.fault, 1);
    assert_int_equal(g.fault_off, 5);
    assert_ptr_equal(cfv_rt_window(&g, 2, 4, 5), cfv_rt_zeros);   /* past the limit */
    assert_ptr_equal(cfv_rt_window(&g, 0, 9, 100), cfv_rt_zeros);  /* longer than the input */
    assert_ptr_equal(cfv_rt_window(&g, UINT64_MAX, 1, UINT64_MAX), cfv_rt_zeros);
    assert_int_equal(g.fault_off, 5);   /* still the first */
    for (unsigned i = 0; i < CFV_RT_WINDOW_MAX; i++)
        assert_int_equal(cfv_rt_zeros[i], 0);

    memset(&g, 0, sizeof g);
    g.buf = buf;
    g.len = sizeof buf;
    assert_ptr_equal(cfv_rt_window(&g, 1, CFV_RT_WINDOW_MAX, g.len), buf + 1);   /* the longest */
    assert_int_equal(g.fault, 0);
    assert_ptr_equal(cfv_rt_window(&g, 0, CFV_RT_WINDOW_MAX + 1, g.len), cfv_rt_zeros);
    assert_int_equal(g.fault, 1);
    assert_int_equal(g.fault_off, 0);
}

/* A loop's windows (cfv-gen's batched loop): the stop is tested once, then
 * each record's window is the input's below it, zeros and the fault at or
 * past it; no window fits when the limit, the input or the zero block is
 * shorter than one record. A require's window is the input's or NULL. */
static void loop_windows_stop_where_a_record_no_longer_fits(void **state)
{
    (void)state;
    static uint8_t buf[16];
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = buf;
    g.len = sizeof buf;
    const uint64_t stop = cfv_rt_window_stop(&g, 8, 12);   /* the limit ends first */
    assert_int_equal(stop, 5);
    assert_ptr_equal(cfv_rt_window_below(&g, 0, stop), buf);
    assert_ptr_equal(cfv_rt_window_below(&g, 4, stop), buf + 4);   /* the last that fits */
    assert_int_equal(g.fault, 0);
    assert_ptr_equal(cfv_rt_window_below(&g, 5, stop), cfv_rt_zeros);
    assert_int_equal(g.fault, 1);
    assert_int_equal(g.fault_off, 5);
    assert_int_equal(cfv_rt_window_stop(&g, 8, UINT64_MAX), 9);   /* the input ends first */
    assert_int_equal(cfv_rt_window_stop(&g, 17, UINT64_MAX), 0);  /* longer than the input */
    assert_int_equal(cfv_rt_window_stop(&g, 8, 7), 0);            /* longer than the limit */
    g.len = CFV_RT_WINDOW_MAX + 8;   /* not read: no window is handed out */
    assert_int_equal(cfv_rt_window_stop(&g, CFV_RT_WINDOW_MAX + 1, g.len), 0);   /* past the zeros */
    assert_int_equal(cfv_rt_window_stop(&g, CFV_RT_WINDOW_MAX, g.len), 9);
    assert_ptr_equal(cfv_rt_window_below(&g, 0, 0), cfv_rt_zeros);   /* nothing fits */
    /* A require's window (`require len(self) >= n` at a record's start):
     * the input's n bytes when they fit below the limit and the input's
     * end, else NULL and no fault (the require fails, nothing is read). */
    g.fault = 0;
    g.len = sizeof buf;
    assert_ptr_equal(cfv_rt_window_if(&g, 4, 8, 12), buf + 4);   /* ends at the limit */
    assert_null(cfv_rt_window_if(&g, 5, 8, 12));                  /* past the limit */
    assert_ptr_equal(cfv_rt_window_if(&g, 8, 8, UINT64_MAX), buf + 8);
    assert_null(cfv_rt_window_if(&g, 9, 8, UINT64_MAX));          /* past the input */
    assert_null(cfv_rt_window_if(&g, 0, 17, UINT64_MAX));         /* longer than the input */
    g.len = CFV_RT_WINDOW_MAX + 8;   /* not read */
    assert_null(cfv_rt_window_if(&g, 0, CFV_RT_WINDOW_MAX + 1, g.len));   /* past the zeros */
    assert_int_equal(g.fault, 0);
}

/* The batched loop's whole-run skip (cfv_rt_same_rows): from index i, the
 * records equal to their clean rows, four a time while four fit, then one
 * at a time; it stops at a record that differs, a row not clean, the
 * array's count, the rows' capacity and the input's end. */
static uint64_t same_rows(const cfv_gctx *g, uint64_t *pos, uint64_t size, const uint64_t *rows,
                          const uint8_t *ok, uint64_t i, uint64_t n, uint64_t cap)
{
    return cfv_rt_same_rows(g, pos, cfv_rt_window_stop(g, 4 * size, g->len), cfv_rt_window_stop(g, size, g->len),
                            size, rows, ok, i, n, cap);
}

/* Twelve 8-byte records of distinct bytes in buf, each row clean and
 * equal to its record; g reads buf. */
static void clean_records(cfv_gctx *g, uint8_t buf[8 * 12], uint64_t rows[16], uint8_t ok[16])
{
    for (int i = 0; i < 12; i++) {
        for (int b = 0; b < 8; b++)
            buf[8 * i + b] = (uint8_t)(16 * i + b);
        rows[i] = cfv_le64(buf + 8 * i);
        ok[i] = 1;
    }
    memset(g, 0, sizeof *g);
    g->buf = buf;
    g->len = 8 * 12;
}

static void runs_of_clean_records_are_skipped(void **state)
{
    (void)state;
    static uint8_t buf[8 * 12];
    static uint64_t rows[16];
    static uint8_t ok[16];
    cfv_gctx g;
    clean_records(&g, buf, rows, ok);
    uint64_t pos = 0;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 0, 10, 16), 10);   /* two fours, then two */
    assert_int_equal(pos, 80);
    pos = 8;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 1, 12, 6), 6);     /* the rows' capacity */
    assert_int_equal(pos, 48);
    for (uint64_t j = 0; j < 12; j++) {   /* a record that differs, wherever it is in its four */
        rows[j] ^= UINT64_C(1) << (8 * (j % 8));
        pos = 0;
        assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 0, 12, 16), j);
        assert_int_equal(pos, 8 * j);
        rows[j] ^= UINT64_C(1) << (8 * (j % 8));
    }
    ok[5] = 0;   /* a row not clean */
    pos = 0;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 0, 12, 16), 5);
    assert_int_equal(pos, 40);
    pos = 40;   /* the first record alone: not clean, then not equal */
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 5, 12, 16), 5);
    ok[5] = 1;
    rows[5] ^= 1;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 5, 12, 16), 5);
    assert_int_equal(pos, 40);
    rows[5] ^= 1;
    g.len = 8 * 10 + 4;   /* the input ends inside record 10: three fit past the last four */
    pos = 8;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 1, 12, 16), 10);
    assert_int_equal(pos, 80);
    pos = 64;   /* fewer than four left: one at a time, up to the count */
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 8, 9, 16), 9);
    assert_int_equal(pos, 72);
    pos = 64;
    ok[9] = 0;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 8, 12, 16), 9);
    ok[9] = 1;
    pos = 72;
    rows[9] ^= 1;
    assert_int_equal(same_rows(&g, &pos, 8, rows, ok, 9, 12, 16), 9);
    assert_int_equal(pos, 72);
}

/* The diagnostic tier's clean tail (cfv_rt_walked): how many of an
 * array's records it walks, the rest each equal to its clean row; a record
 * that differs, a row not clean, a record past the window's stop and an
 * array longer than the rows end the tail. */
static void a_clean_tail_is_not_walked(void **state)
{
    (void)state;
    static struct {
        uint8_t buf[8 * 12];
        uint64_t rows[16];
        uint8_t ok[16];
    } t;
    uint64_t *const rows = t.rows;
    uint8_t *const ok = t.ok;
    cfv_gctx g;
    clean_records(&g, t.buf, rows, ok);
    const uint64_t stop = cfv_rt_window_stop(&g, 8, g.len);
    assert_int_equal(cfv_rt_walked(&g, 0, stop, 8, rows, ok, 12, 16), 0);   /* all clean */
    assert_int_equal(cfv_rt_walked(&g, 0, stop, 8, rows, ok, 0, 16), 0);    /* none */
    rows[7] ^= 1;   /* the walk ends with the record that differs */
    assert_int_equal(cfv_rt_walked(&g, 0, stop, 8, rows, ok, 12, 16), 8);
    rows[7] ^= 1;
    ok[9] = 0;
    assert_int_equal(cfv_rt_walked(&g, 0, stop, 8, rows, ok, 12, 16), 10);
    ok[9] = 1;
    assert_int_equal(cfv_rt_walked(&g, 8, stop, 8, rows + 1, ok + 1, 11, 16), 0);   /* from record 1 */
    assert_int_equal(cfv_rt_walked(&g, 0, stop, 8, rows, ok, 12, 11), 12);   /* longer than the rows */
    assert_int_equal(cfv_rt_walked(&g, 0, stop, 16, rows, ok, 6, 16), 6);    /* no record value */
    assert_int_equal(cfv_rt_walked(&g, UINT64_MAX - 64, stop, 8, rows, ok, 12, 16), 12);   /* would wrap */
    assert_int_equal(cfv_rt_walked(&g, 0, 8 * 10 + 1, 8, rows, ok, 12, 16), 12);   /* records 11, 12 past the stop */
    assert_int_equal(cfv_rt_walked(&g, 0, 8 * 10 + 1, 8, rows, ok, 11, 16), 0);
    assert_int_equal(g.fault, 0);
    assert_int_equal(cfv_rt_tail_capped(&g, 3, 12), 0);   /* under the cap: the walk goes on */
    g.res.truncated = 1;
    assert_int_equal(cfv_rt_tail_capped(&g, 3, 12), 1);   /* the tail's first element would abort */
    assert_int_equal(cfv_rt_tail_capped(&g, 12, 12), 0);  /* no tail: the loop's own test did */
    g.res.truncated = 0;
    uint64_t narrow[8];   /* records of 2 bytes: their little-endian values */
    uint8_t nok[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
    for (int i = 0; i < 8; i++)
        narrow[i] = cfv_le16(t.buf + 2 * i);
    narrow[2] ^= 1;
    assert_int_equal(cfv_rt_walked(&g, 0, cfv_rt_window_stop(&g, 2, g.len), 2, narrow, nok, 8, 8), 3);
}

/* Records of 1, 2 and 4 bytes: rows hold their little-endian values. */
static void runs_of_narrow_records_are_skipped(void **state)
{
    (void)state;
    static uint8_t buf[24];
    static uint64_t rows[24];
    static uint8_t ok[24];
    for (int i = 0; i < 24; i++)
        buf[i] = (uint8_t)(3 * i + 1);
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = buf;
    g.len = sizeof buf;
    static const uint64_t sizes[] = { 1, 2, 4 };
    for (int s = 0; s < 3; s++) {
        const uint64_t size = sizes[s], n = sizeof buf / size;
        for (uint64_t i = 0; i < n; i++) {
            rows[i] = cfv_rt_record(buf + i * size, size);
            ok[i] = 1;
        }
        rows[n - 1] ^= 1;   /* the last differs */
        uint64_t pos = 0;
        assert_int_equal(same_rows(&g, &pos, size, rows, ok, 0, n, 24), n - 1);
        assert_int_equal(pos, (n - 1) * size);
    }
    assert_int_equal(cfv_rt_record(buf, 2), (uint64_t)buf[0] | (uint64_t)buf[1] << 8);
}

/* An index below the memo is its own row; every index past it shares the
 * last row (grammars whose counts fit in a byte never get there). */
static void indexes_past_the_memo_share_its_last_row(void **state)
{
    (void)state;
    assert_int_equal(cfv_rt_row(0, 256), 0);
    assert_int_equal(cfv_rt_row(255, 256), 255);
    assert_int_equal(cfv_rt_row(256, 256), 256);
    assert_int_equal(cfv_rt_row(UINT64_MAX, 256), 256);
}

/* A count within its array's capacity is itself; one over it is the
 * capacity, latching the fault at the offset given. */
static void counts_over_their_capacity_are_clamped_and_latch(void **state)
{
    (void)state;
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    assert_int_equal(cfv_rt_cap(&g, 0, 8, 3), 0);
    assert_int_equal(cfv_rt_cap(&g, 8, 8, 3), 8);
    assert_int_equal(g.fault, 0);
    assert_int_equal(cfv_rt_cap(&g, 9, 8, 3), 8);
    assert_int_equal(cfv_rt_cap(&g, UINT64_MAX, 8, 4), 8);
    assert_int_equal(g.fault, 1);
    assert_int_equal(g.fault_off, 3);
}

typedef tf_events events;

/* A run's state that hands every event to tf_events_count into ev, max_diag
 * at most. */
static cfv_gctx counting_gctx(events *ev, uint32_t max_diag)
{
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.sink = tf_events_count;
    g.sink_user = ev;
    g.max_diag = max_diag;
    return g;
}

/* A latched fault makes the fast tier's verdict "not clean" whatever its
 * walk returned, and the diagnostic tier's entry report the internal rule
 * (0, an error, the title as its text) at the first fault's offset. */
static void a_latched_fault_is_never_clean_and_is_reported(void **state)
{
    (void)state;
    events ev = { 0 };
    cfv_gctx g = counting_gctx(&ev, 10);
    assert_true(cfv_rt_clean(&g, CFV_OK));
    assert_false(cfv_rt_clean(&g, CFV_DIRTY));
    assert_int_equal(cfv_rt_settle(&g, CFV_OK), CFV_OK);
    assert_int_equal(cfv_rt_settle(&g, CFV_STOP), CFV_STOP);
    assert_int_equal(ev.n, 0);
    (void)cfv_rt_window(&g, 12, 4, 0);   /* g.len is 0: nothing fits */
    assert_false(cfv_rt_clean(&g, CFV_OK));
    assert_int_equal(cfv_rt_settle(&g, CFV_OK), CFV_STOP);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.last.rule, 0);
    assert_int_equal(ev.last.severity, CFV_SEV_ERROR);
    assert_int_equal(ev.last.message, 0xFFFF);
    assert_int_equal(ev.last.offset, 12);
    assert_null(ev.last.path);
    assert_int_equal(g.res.errors, 1);
}

/* The saturating arithmetic generated checks compute with: a result that
 * would wrap is UINT64_MAX (so `a + b <= limit` cannot pass by wrapping),
 * a division by zero is 0. */
static void arithmetic_saturates_instead_of_wrapping(void **state)
{
    (void)state;
    assert_int_equal(cfv_rt_add(2, 3), 5);
    assert_int_equal(cfv_rt_add(UINT64_MAX - 1, 2), UINT64_MAX);
    assert_int_equal(cfv_rt_sub(2, 3), 0);
    assert_int_equal(cfv_rt_sub(3, 2), 1);
    assert_int_equal(cfv_rt_mul(0, UINT64_MAX), 0);
    assert_int_equal(cfv_rt_mul(16, 8), 128);
    assert_int_equal(cfv_rt_mul(UINT64_C(1) << 32, UINT64_C(1) << 32), UINT64_MAX);
    assert_int_equal(cfv_rt_div(7, 2), 3);
    assert_int_equal(cfv_rt_div(7, 0), 0);
    assert_int_equal(cfv_rt_mod(7, 2), 1);
    assert_int_equal(cfv_rt_mod(7, 0), 0);
    assert_int_equal(cfv_rt_align8(9), 16);
    assert_int_equal(cfv_rt_align8(16), 16);
    assert_int_equal(cfv_rt_align8(UINT64_MAX - 3), UINT64_MAX);
}

/* Views never reach past their buffer: a view whose end wraps or passes
 * its buffer ends at the buffer's end, a byte outside the view or the
 * buffer (or of a view without one) is 0, a prefix never grows a view. */
static void view_accessors_stay_inside_the_buffer(void **state)
{
    (void)state;
    static const uint8_t buf[4] = { 1, 2, 3, 4 };
    cfv_gctx g;
    memset(&g, 0, sizeof g);
    g.buf = buf;
    g.len = sizeof buf;
    const cfv_bytes v = cfv_rt_view(&g, 1, 9);   /* clamped to the input: 2, 3, 4 */
    assert_int_equal(v.off, 1);
    assert_int_equal(v.n, 3);
    assert_int_equal(cfv_rt_view(&g, 3, 2).n, 0);
    assert_int_equal(cfv_rt_view_end(v), 4);
    assert_int_equal(cfv_rt_view_end((cfv_bytes){ buf, 4, 2, 5 }), 4);            /* past cap */
    assert_int_equal(cfv_rt_view_end((cfv_bytes){ buf, 4, 2, UINT64_MAX }), 4);   /* wraps */
    assert_int_equal(cfv_rt_byte(v, 0), 2);
    assert_int_equal(cfv_rt_byte(v, 3), 0);                                      /* past the view */
    assert_int_equal(cfv_rt_byte((cfv_bytes){ buf, 4, 3, 3 }, 1), 0);            /* past the buffer */
    assert_int_equal(cfv_rt_byte((cfv_bytes){ NULL, 0, 0, 3 }, 1), 0);           /* no buffer */
    assert_int_equal(cfv_rt_prefix(v, 2).n, 2);
    assert_int_equal(cfv_rt_prefix(v, 7).n, 3);
    assert_int_equal(cfv_rt_file_byte(&g, 3), 4);
    assert_int_equal(cfv_rt_file_byte(&g, 4), 0);
    assert_ptr_equal(cfv_rt_ptr(v), buf + 1);
    assert_null(cfv_rt_ptr((cfv_bytes){ buf, 4, 4, 0 }));
    assert_null(cfv_rt_ptr(cfv_rt_span(NULL, 5)));
    assert_int_equal(cfv_rt_span(NULL, 5).n, 0);
    static const char unterminated[3] = { 'a', 'b', 'c' };
    assert_int_equal(cfv_rt_str(unterminated, sizeof unterminated).n, 3);   /* stops at cap */
    assert_int_equal(cfv_rt_str("ab\0c", 4).n, 2);
    assert_int_equal(cfv_rt_str("", 4).n, 0);
}

/* A report is counted inline (cfv_rt_counted) and its event built only
 * when the sink takes it: past max_diag nothing is counted and the result is
 * truncated; with want() every report counts and only the taken ones reach
 * the sink; without a sink nothing is built, even when cfv_rt_emit is asked. */
static int take_every_other(void *user, unsigned rule, unsigned severity, int sensor)
{
    int *asked = user;
    (void)rule, (void)severity, (void)sensor;
    return (*asked)++ % 2 == 0;
}

static void reports_are_counted_and_built_only_for_the_sink(void **state)
{
    (void)state;
    events ev = { 0 };
    int asked = 0;
    cfv_gctx g = counting_gctx(&ev, 2);
    cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0);
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);
    cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0); /* over the cap */
    assert_int_equal(g.res.errors, 1);
    assert_int_equal(g.res.warnings, 1);
    assert_int_equal(g.res.truncated, 1);
    assert_int_equal(ev.n, 2);
    assert_int_equal(ev.last.rule, 62);
    assert_int_equal(ev.last.sensor, 3);
    memset(&g.res, 0, sizeof g.res);
    g.max_diag = UINT32_MAX;
    g.want = take_every_other;
    g.want_user = &asked;
    for (int i = 0; i < 5; i++)
        if (cfv_rt_counted(&g, 51, CFV_SEV_ERROR, -1))
            cfv_rt_emit(&g, 51, CFV_SEV_ERROR, 39, 0, 1, NULL, "op", -1, NULL, 0);
    assert_int_equal(g.res.errors, 5);
    assert_int_equal(asked, 5);
    assert_int_equal(ev.n, 2 + 3);
    assert_int_equal(ev.last.rule, 51);
    g.sink = NULL;
    assert_int_equal(cfv_rt_counted(&g, 52, CFV_SEV_ERROR, -1), 0);
    cfv_rt_emit(&g, 52, CFV_SEV_ERROR, 42, 0, 1, NULL, "op", -1, NULL, 0);
    assert_int_equal(g.res.errors, 6);
    assert_int_equal(ev.n, 5);
}

/* CFV_WANT_MUTE: the reports of the same rule, severity and sensor right
 * after a muted one are counted without asking want; the next other report
 * hands their number to muted first, as does cfv_rt_unmute (the run's end).
 * Without muted they are only counted. */
/* No cap; want() answers mu->answer and muted() adds up in mu. */
static cfv_gctx muting_gctx(events *ev, tf_muting *mu)
{
    cfv_gctx g = counting_gctx(ev, UINT32_MAX);
    g.want = tf_muting_want;
    g.want_user = mu;
    g.muted = tf_muting_count;
    return g;
}

static void a_muted_rule_is_counted_without_want(void **state)
{
    (void)state;
    events ev = { 0 };
    tf_muting mu = { CFV_WANT_MUTE, 0, 0, 0, 0, 0, 0 };
    cfv_gctx g = muting_gctx(&ev, &mu);
    for (int i = 0; i < 4; i++)
        cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0);
    assert_int_equal(mu.asked, 1);          /* the first only */
    assert_int_equal(mu.calls, 0);          /* not yet handed */
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);  /* another key */
    assert_int_equal(mu.asked, 2);
    assert_int_equal(mu.calls, 1);
    assert_int_equal(mu.muted, 3);
    assert_int_equal(mu.rule, 50);
    assert_int_equal(mu.severity, CFV_SEV_ERROR);
    assert_int_equal(mu.sensor, -1);
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);
    cfv_rt_unmute(&g);
    assert_int_equal(mu.calls, 2);
    assert_int_equal(mu.muted, 4);
    assert_int_equal(mu.sensor, 3);
    cfv_rt_unmute(&g);                      /* nothing left: not called */
    assert_int_equal(mu.calls, 2);
    assert_int_equal(g.res.errors, 4);
    assert_int_equal(g.res.warnings, 2);
    assert_int_equal(ev.n, 0);
    mu.answer = 1;                          /* the run's end ended the mute: asked again */
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);
    assert_int_equal(ev.n, 2);
    mu.answer = CFV_WANT_MUTE;
    g.muted = NULL;                         /* only counted */
    for (int i = 0; i < 3; i++)
        cfv_rt_report(&g, 51, CFV_SEV_ERROR, 39, 0, 1, NULL, "op", -1, NULL, 0);
    cfv_rt_unmute(&g);
    assert_int_equal(mu.asked, 5);
    assert_int_equal(mu.calls, 2);
    assert_int_equal(g.res.errors, 7);
}

/* The diagnostic tier's memo of runs: a run is kept when every report it
 * made was muted, or it made none (nothing built, asked, capped or
 * faulted); the same bytes again, in a frame filled since, count its
 * reports at once while that mute holds and the cap leaves room. */
static void a_kept_run_counts_as_muted(void **state)
{
    (void)state;
    static const uint8_t buf[40] = { 9, 0, 0, 0, 1, 2, 3, 4, 9, 0, 0, 0, 1, 2, 3, 4,
                                     9, 0, 0, 0, 1, 2, 3, 5, 7, 7, 7, 9, 0, 0, 0, 1, 2 };
    events ev = { 0 };
    tf_muting mu = { CFV_WANT_MUTE, 0, 0, 0, 0, 0, 0 };
    cfv_gctx g = muting_gctx(&ev, &mu);
    g.buf = buf;
    g.len = sizeof buf;
    cfv_rt_run r = { 0, 0, 0, 0, 0 };
    assert_false(cfv_rt_rerun(&g, 1, &r, 0, 8));                    /* nothing kept */
    cfv_rt_mark(&g);
    cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0);
    cfv_rt_run_keep(&g, &r, 0, 8);
    assert_int_equal(r.ok, 0);                                       /* want() was asked */
    cfv_rt_mark(&g);
    cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0);
    cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0);
    cfv_rt_run_keep(&g, &r, 0, 8);
    assert_int_equal(r.ok, 1);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.key, cfv_rt_mute_key(50, CFV_SEV_ERROR, -1));
    assert_false(cfv_rt_rerun(&g, 0, &r, 8, 8));                    /* the frame was refilled */
    assert_false(cfv_rt_rerun(&g, 1, &r, 8, 16));                   /* another length */
    assert_false(cfv_rt_rerun(&g, 1, &r, 16, 8));                   /* other bytes (a word) */
    assert_false(cfv_rt_rerun(&g, 1, &r, 36, 8));                   /* past the input */
    g.res.truncated = 1;                                             /* past the cap */
    assert_false(cfv_rt_rerun(&g, 1, &r, 8, 8));
    g.res.truncated = 0;
    assert_int_equal(g.res.errors, 3);
    assert_true(cfv_rt_rerun(&g, 1, &r, 8, 8));
    assert_int_equal(g.res.errors, 5);
    assert_int_equal(g.mute_n, 4);
    assert_int_equal(mu.asked, 1);
    g.max_diag = 6;                                                  /* no room for both */
    assert_false(cfv_rt_rerun(&g, 1, &r, 8, 8));
    g.max_diag = UINT32_MAX;
    cfv_rt_mark(&g);
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);   /* muted now */
    assert_false(cfv_rt_rerun(&g, 1, &r, 8, 8));                    /* the old mute is gone */
    assert_int_equal(mu.muted, 4);
    cfv_rt_mark(&g);
    cfv_rt_report(&g, 62, CFV_SEV_WARNING, 41, 0, 1, NULL, "op", 3, NULL, 0);
    cfv_rt_run_keep(&g, &r, 27, 5);
    assert_int_equal(r.n, 1);
    assert_false(cfv_rt_rerun(&g, 1, &r, 26, 5));                   /* other bytes (the tail) */
    assert_true(cfv_rt_rerun(&g, 1, &r, 0, 5));
    assert_int_equal(g.res.warnings, 3);
    cfv_rt_mark(&g);                                                 /* a clean run */
    cfv_rt_run_keep(&g, &r, 0, 4);
    assert_true(cfv_rt_rerun(&g, 1, &r, 8, 4));
    assert_int_equal(g.res.warnings + g.res.errors, 3 + 5);
    cfv_rt_unmute(&g);
    assert_int_equal(mu.muted, 4 + 2);
    assert_int_equal(ev.n, 0);
    cfv_rt_run none = { 0, 0, 0, 0, 0 };
    g.want = NULL;                                                   /* counted, not muted */
    cfv_rt_mark(&g);
    cfv_rt_report(&g, 50, CFV_SEV_ERROR, 38, 0, 1, NULL, "op", -1, NULL, 0);
    cfv_rt_run_keep(&g, &none, 0, 8);
    cfv_rt_mark(&g);
    g.fault = 1;                                                     /* a fault: walked again */
    cfv_rt_run_keep(&g, &none, 0, 8);
    g.fault = 0;
    g.res.truncated = 1;                                             /* capped: likewise */
    cfv_rt_run_keep(&g, &none, 0, 8);
    assert_int_equal(none.ok, 0);
    assert_false(cfv_rt_same_bytes(&g, 41, 0, 0));                  /* a past the input */
    assert_false(cfv_rt_same_bytes(&g, 0, 41, 0));
    assert_false(cfv_rt_same_bytes(&g, 36, 0, 8));                  /* a's run past it */
    assert_false(cfv_rt_same_bytes(&g, 0, 36, 8));                  /* b's */
    assert_true(cfv_rt_same_bytes(&g, 40, 40, 0));
    assert_true(cfv_rt_same_bytes(&g, 0, 0, 40));                   /* a word, four, none left */
    uint8_t twice[80];
    memcpy(twice, buf, 40);
    memcpy(twice + 40, buf, 40);
    g.buf = twice;
    g.len = sizeof twice;
    assert_true(cfv_rt_same_bytes(&g, 0, 40, 40));
    assert_true(cfv_rt_same_bytes(&g, 0, 40, 19));                  /* a word, a word, three bytes */
    assert_true(cfv_rt_same_bytes(&g, 0, 40, 5));                   /* bytes only */
    twice[40 + 20] ^= 1;                                             /* in the four words */
    assert_false(cfv_rt_same_bytes(&g, 0, 40, 40));
    twice[40 + 20] ^= 1;
    twice[40 + 3] ^= 1;                                              /* in the first word */
    assert_false(cfv_rt_same_bytes(&g, 0, 40, 40));
    assert_false(cfv_rt_same_bytes(&g, 0, 40, 5));                  /* in the bytes */
    twice[40 + 3] ^= 1;
    twice[40 + 12] ^= 1;                                             /* in a word past the first */
    assert_false(cfv_rt_same_bytes(&g, 0, 40, 19));
    twice[40 + 12] ^= 1;
    twice[40 + 17] ^= 1;                                             /* in the bytes after them */
    assert_false(cfv_rt_same_bytes(&g, 0, 40, 19));
}

/* A verdict's message goes to cfv_rt_report unmeasured: the sink gets it
 * as bytes up to its NUL (or the whole array without one); a report only
 * counted leaves it as it was; the other arguments pass unchanged. */
static void a_message_argument_is_measured_only_for_the_sink(void **state)
{
    (void)state;
    events ev = { 0 };
    cfv_gctx g = counting_gctx(&ev, UINT32_MAX);
    char msg[8] = "abc";
    const char whole[4] = { 'w', 'x', 'y', 'z' };
    cfv_arg a[3] = { cfv_rt_arg_cstr(msg, sizeof msg), cfv_rt_arg_u64(7),
                     cfv_rt_arg_cstr(whole, sizeof whole) };
    cfv_rt_report(&g, 56, CFV_SEV_ERROR, 50, 0, 0, NULL, "operand", -1, a, 3);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.last.nargs, 3);
    assert_int_equal(ev.last.args[0].kind, CFV_ARG_BYTES);
    assert_int_equal(ev.last.args[0].u, 3);
    assert_ptr_equal(ev.last.args[0].p, (const uint8_t *)msg);
    assert_int_equal(ev.last.args[1].kind, CFV_ARG_U64);
    assert_int_equal(ev.last.args[1].u, 7);
    assert_int_equal(ev.last.args[2].kind, CFV_ARG_BYTES);
    assert_int_equal(ev.last.args[2].u, 4);
    g.sink = NULL;
    cfv_arg b[1] = { cfv_rt_arg_cstr(msg, sizeof msg) };
    cfv_rt_report(&g, 56, CFV_SEV_ERROR, 50, 0, 0, NULL, "operand", -1, b, 1);
    assert_int_equal(b[0].kind, CFV_RT_ARG_CSTR);
    assert_int_equal(b[0].u, sizeof msg);
    assert_int_equal(g.res.errors, 2);
}

int main(void)
{
    return TF_RUN_EACH(NULL, NULL, a_message_argument_is_measured_only_for_the_sink, the_empty_view_reads_nothing, views_find_what_they_hold,
                       find_nul_finds_the_first_nul_at_every_position,
                       find_nul_agrees_with_a_byte_at_a_time_past_64_bytes, first_nonzero_finds_it_at_every_position,
                       regex_operands_are_copied_exactly,
                       string_tables_agree_with_a_walk_per_string, long_string_tables_agree_with_a_walk_per_string,
                       strings_just_over_their_bound_are_found, string_tables_by_hand,
                       regex_operands_fail_closed, regex_operand_past_its_buffer_reads_zeros,
                       regex_operands_followed_by_a_nul_are_checked_in_place,
                       a_refusal_remembered_before_its_verdict_is_taken_back,
                       regex_memo_answers_only_for_the_same_view,
                       windows_outside_the_input_read_zeros_and_latch,
                       loop_windows_stop_where_a_record_no_longer_fits, runs_of_clean_records_are_skipped,
                       a_clean_tail_is_not_walked,
                       runs_of_narrow_records_are_skipped, indexes_past_the_memo_share_its_last_row,
                       counts_over_their_capacity_are_clamped_and_latch,
                       a_latched_fault_is_never_clean_and_is_reported,
                       arithmetic_saturates_instead_of_wrapping,
                       view_accessors_stay_inside_the_buffer,
                       reports_are_counted_and_built_only_for_the_sink,
                       a_muted_rule_is_counted_without_want,
                       a_kept_run_counts_as_muted);
}
