/* The plain subset: REGEX operands whose verdict is CFV_RE_OK without
 * compiling them. A file of many distinct patterns would otherwise cost a
 * PCRE2 compile (~4.5 us) each; most content regexes are literals, classes,
 * groups, alternation, anchors, options and quantifiers, and for those the
 * answer follows from the syntax alone.
 *
 * The subset is chosen so that PCRE2 10.42 compiles every member with the
 * REGEX options (UTF, NEVER_BACKSLASH_C, with or without CASELESS) and the
 * CFV056 analysis finds no nested unbounded quantifier in it:
 *   - valid UTF-8 (PCRE2's UTF check), no control bytes, at most
 *     CFV_RX_PLAIN_MAX_LEN bytes and CFV_RX_PLAIN_MAX_DEPTH nested groups,
 *     and a *weight* (the length with every counted group written out as
 *     many times as the compiler copies it) of at most CFV_RX_PLAIN_MAX_LEN:
 *     no item here compiles to more than ~16 code units per weighted byte,
 *     so PCRE2's 64 Ki code units (link size 2) and its nesting limit 250
 *     stay far away;
 *   - literals: printable ASCII other than the metacharacters, UTF-8
 *     characters, \n \t \r, a backslash before ASCII punctuation, \xHH and
 *     \x{H..H} (at most 6 digits, a Unicode scalar value);
 *   - . \d \D \w \W \s \S \h \H \v \V, back references \1 to \9 (not before
 *     a digit) to a capture group the pattern has, and the assertions
 *     ^ $ \b \B \A \z \Z \G (never repeated);
 *   - [..] and [^..] of printable ASCII: literals, ascending ranges of two
 *     plain literals, the escapes above but \x of ASCII only, '-' first or
 *     last; no '[' inside (POSIX classes), no ']' first, no ':' '.' '='
 *     right after the '[' (PCRE2 refuses "[:alpha:]" outside a class);
 *   - ( ), (?: ), (?> ), (?= ), (?! ), alternation |, comments (?#..) (never
 *     followed by a quantifier), and the options i m s U: (?i) (?-s) (?i-m)
 *     and (?i: ); never x or xx (they change how the rest is read), n (it
 *     changes the group numbers back references name) or J;
 *   - * + ? {n} {n,} {n,m} (n <= m <= 65535), with a ? or + suffix, after a
 *     character item or a group; an unbounded one after a group only if the
 *     group contains no unbounded quantifier at any depth (CFV056, read as
 *     regex_nested.c reads it).
 * Anything else answers 0: the caller then compiles and analyses as
 * before, so the subset only ever saves work and never decides a
 * rejection. test_regex_plain checks every member it generates against
 * PCRE2 and the analyser. The checker's entries, cfv_regex_check and its
 * in-place twin cfv_regex_check_nul, are here too: the scan first, the
 * cache (regex_cache.c) for the rest. */
#include <string.h>

#include "cfv/cfv.h"
#include "cfv/utf8.h"
#include "regex_internal.h"

/* The steps are inlined into the scan, and the small entries into their
 * callers: with two callers GCC would keep them out of line. The scan
 * itself is one function for all its entries (its dispatch table of label
 * addresses cannot be copied), ALIGNED: its layout then depends on its own
 * code alone, not on what the linker puts before it. Where a hot jump
 * stands against 32-byte boundaries matters on Skylake-family cores (their
 * JCC erratum fix keeps a jump that crosses or ends on one out of the
 * decoded-instruction cache): the run's jump ending on one cost the
 * distinct-regex file 12 % (docs/performance.md, session 11). So GCC
 * aligns the scan's labels to 32 bytes too: a step (a few instructions
 * and its jump) then sits in a window of its own, whatever an edit moves
 * (distinct regexes 4 % faster, session 12; 8-byte alignment made the
 * scan 25 % slower). Clang has no such option. */
#if defined(__GNUC__)
#define STEP static inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#if defined(__clang__)
#define ALIGNED __attribute__((aligned(64)))
#else
#define ALIGNED __attribute__((aligned(64), optimize("align-labels=32")))
#endif
#else
#define STEP static inline
#define NOINLINE
#define ALIGNED
#endif

/* What a quantifier here repeats, read only by a quantifier (after a run
 * of literals, its last byte tells); GROUP_UNB: a group holding an
 * unbounded quantifier at some depth, which no unbounded one may repeat
 * (CFV056) */
enum { CHAR_ITEM, GROUP_ITEM, GROUP_UNB, NOTHING }; /* * + test item > GROUP_ITEM */
enum { OUTSIDE, CHARACTER, ASSERTION, BACKREF }; /* escape kinds */

/* Weights: every byte of the pattern weighs one, and a counted quantifier
 * after a group adds its extra copies of the group (the compiler writes
 * a repeated group out once per copy). So the root's weight is len plus
 * the extras, a group's is its span plus the extras inside it, and no
 * step but a counted one needs weighing: literal runs cost nothing but
 * finding their end. Weights only grow and the root's bounds them all, so
 * a pattern is refused exactly when len + extras passes the bound (checked
 * as each extra is added, so none overflows). */

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(uint8_t c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int hex_digit(uint8_t c)
{
    return is_digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* What a byte starts outside a class: the scan's steps by byte (its step
 * table, or a switch on kind[] where there is none). LIT: printable ASCII
 * other than the metacharacters.
 * Every byte >= 0x80 is a literal too, but BAD here: it ends a run, and the
 * BAD step notes it and goes on with a run (so the scan knows whether the
 * pattern needs the UTF-8 check, at no cost to an ASCII one): a valid UTF-8
 * character is a literal of as many weighted bytes as it has, and an
 * invalid one is refused by that check at the end whatever the scan made
 * of it. */
enum { LIT, BARE, BAD, OPEN, CLOSE, REPEAT, CLASS, ESCAPE };
/* The table with L for a literal, A for | ^ $, B for BAD, O ( C ) S * +
 * Q ? N { K [ and E \ : kind[], and the scan's tables of steps
 * (scan_padded). */
#define KINDS(L, A, B, O, C, S, Q, N, K, E) \
    { \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0x00 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0x10 */ \
        L, L, L, L, A, L, L, L, O, C, S, S, L, L, L, L, /* 0x20 */ \
        L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, Q, /* 0x30 */ \
        L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0x40 */ \
        L, L, L, L, L, L, L, L, L, L, L, K, E, B, A, L, /* 0x50 */ \
        L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0x60 */ \
        L, L, L, L, L, L, L, L, L, L, L, N, A, B, L, B, /* 0x70 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0x80 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0x90 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0xA0 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0xB0 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0xC0 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0xD0 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0xE0 */ \
        B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0xF0 */ \
    }
static const uint8_t kind[256] =
    KINDS(LIT, BARE, BAD, OPEN, CLOSE, REPEAT, REPEAT, REPEAT, CLASS, ESCAPE);

/* What a byte may be inside a class, after a quantifier and after "(?",
 * one table load instead of a chain of comparisons. MEMBER: printable ASCII a class
 * may hold as itself (a ']' never gets here: it closes the class, and is
 * no range's end); FIRST: a member that may start a one-range class read
 * at once (not ^ : . = ] -); LAST: a member that may end a range (not -
 * or ]: a pattern with "[a-]]" is refused, read as the class "[a-]" and a
 * lone ']', so the scan's one-range class read may refuse it at once);
 * SUFFIX: ? and +, a lazy or possessive quantifier's suffix; GROUP: what
 * may follow "(?" in a group or an option setting of the subset
 * (! # ) - : = > i m s U), so that the groups outside it, the commonest
 * reason a pattern is not plain, are refused at once; NONCAP: those of
 * them that open a group of three bytes, "(?:" "(?>" "(?=" "(?!";
 * OPTION: the option letters i m s U. SUFFIX is bit 0: suffix() needs no
 * shift. */
enum { SUFFIX = 1, MEMBER = 2, FIRST = 4, LAST = 8, GROUP = 16, NONCAP = 32, OPTION = 64 };
#define M MEMBER
#define E LAST
#define R (MEMBER | FIRST | LAST)
#define S SUFFIX
#define G GROUP
#define N (GROUP | NONCAP)
#define P (GROUP | OPTION)
static const uint8_t cls[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x20 */ R, R|N, R, R|G, R, R, R, R, R, R|G, R, R|S, R, M|G, M|E, R,
    /* 0x30 */ R, R, R, R, R, R, R, R, R, R, M|E|N, R, R, M|E|N, R|N, R|S,
    /* 0x40 */ R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R,
    /* 0x50 */ R, R, R, R, R, R|P, R, R, R, R, R, 0, 0, M, M|E, R,
    /* 0x60 */ R, R, R, R, R, R, R, R, R, R|P, R, R, R, R|P, R, R,
    /* 0x70 */ R, R, R, R|P, R, R, R, R, R, R, R, R, R, R, R, 0,
    /* 0x80 and up: 0 */
};
#undef M
#undef E
#undef R
#undef S
#undef G
#undef N
#undef P

static int class_literal(uint8_t c)
{
    return cls[c] & MEMBER;
}

/* The scan reads the pattern followed by a NUL and PAD - 1 more bytes (a
 * padded copy's zeros, or in place what follows the operand): a NUL is no
 * literal, class member, digit or quantifier, so every look-ahead past the
 * end stops at it, as the length checks it replaces did, and no step tests
 * the length but a comment's (which may hold a NUL). */
#define PAD 16

#if defined(__SSE2__)
#include <emmintrin.h>
/* 16 bytes of q into p. */
static void move16(uint8_t *p, const uint8_t *q)
{
    _mm_storeu_si128((__m128i *)(void *)p, _mm_loadu_si128((const __m128i *)(const void *)q));
}
#endif

/* Copies len bytes of pattern to p and PAD zeros after them: 16 to 64
 * bytes in two or four overlapping 16-byte moves where SSE2 is there, so
 * that a pattern refused at its first bytes, as most patterns outside the
 * subset are, costs little more than a scan in place did; else a word at
 * a time, the last word overlapping the one before it. */
STEP void copy_padded(uint8_t *p, const uint8_t *pattern, size_t len)
{
    memset(p + len, 0, PAD);
#if defined(__SSE2__)
    if (len >= 16 && len <= 64) {
        move16(p, pattern);
        if (len > 32)
            move16(p + 16, pattern + 16);
        if (len > 48)
            move16(p + 32, pattern + 32);
        move16(p + len - 16, pattern + len - 16);
        return;
    }
#endif
    if (len >= 8) {
        uint64_t w;
        for (size_t k = 0; len - k > 8; k += 8) {
            memcpy(&w, pattern + k, 8);
            memcpy(p + k, &w, 8);
        }
        memcpy(&w, pattern + len - 8, 8);
        memcpy(p + len - 8, &w, 8);
    } else
        for (size_t k = 0; k < len; k++)
            p[k] = pattern[k];
}

/* \xHH or \x{H..H} at p[i] == '\\', p[i + 1] == 'x': its length, *cp its
 * code point; 0 if outside the subset. */
static size_t hex_escape(const uint8_t *p, size_t i, uint32_t *cp)
{
    size_t k = i + 2;
    *cp = 0;
    if (p[k] == '{') {
        size_t d = ++k;
        for (; k - d < 7 && hex_digit(p[k]) >= 0; k++)
            *cp = *cp * 16 + (uint32_t)hex_digit(p[k]);
        if (k == d || k - d > 6 || p[k] != '}' || *cp > 0x10FFFF ||
            (*cp >= 0xD800 && *cp <= 0xDFFF))
            return 0;
        return k + 1 - i;
    }
    if (hex_digit(p[k]) < 0 || hex_digit(p[k + 1]) < 0)
        return 0; /* exactly two digits: \x and \xH read on into what follows */
    *cp = (uint32_t)(hex_digit(p[k]) * 16 + hex_digit(p[k + 1]));
    return 4;
}

/* The escape at p[i] == '\\': its kind and *n its length (OUTSIDE if
 * outside the subset, a NUL past the end included); *ref the number of a
 * back reference. */
STEP int escape(const uint8_t *p, size_t i, int in_class, size_t *n, uint32_t *ref)
{
    uint32_t cp;
    *n = 2;
    uint8_t c = p[i + 1];
    switch (c) {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h': case 'H': case 'v':
    case 'V': case 'n': case 't': case 'r':
        return CHARACTER;
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':
        return in_class ? OUTSIDE : ASSERTION;
    case 'x':
        *n = hex_escape(p, i, &cp);
        return *n && (!in_class || cp < 0x80) ? CHARACTER : OUTSIDE;
    default:
        if (c >= '1' && c <= '9') {
            *ref = (uint32_t)(c - '0');
            /* "\12" may be octal: only a lone digit is surely a reference */
            return in_class || is_digit(p[i + 2]) ? OUTSIDE : BACKREF;
        }
        return c >= 0x20 && c < 0x7f && !is_alnum(c) ? CHARACTER : OUTSIDE;
    }
}

/* The class at p[i] == '[': its length, or 0 if outside the subset (no
 * closing ']' before the end: the NUL after it is no class member). The
 * scan reads the commonest, one range, itself. */
STEP size_t class_len(const uint8_t *p, size_t i)
{
    size_t start = i + 1, n;
    uint32_t ref;
    /* "[:", "[." and "[=" may open a POSIX item, which PCRE2 refuses
     * outside a class */
    if (p[start] == ':' || p[start] == '.' || p[start] == '=')
        return 0;
    if (p[start] == '^')
        start++;
    if (p[start] == ']')
        return 0;
    for (size_t k = start;;) {
        uint8_t c = p[k];
        if (c == ']')
            return k + 1 - i;
        if (c == '\\') {
            if (escape(p, k, 1, &n, &ref) != CHARACTER)
                return 0;
            k += n;
            if (p[k] == '-' && p[k + 1] != ']')
                return 0; /* an escape is never a range's end here */
            continue;
        }
        if (!class_literal(c))
            return 0;
        if (c == '-' && k != start && p[k + 1] != ']')
            return 0; /* '-' only first or last */
        if (c != '-' && p[k + 1] == '-' && p[k + 2] != ']') {
            uint8_t hi = p[k + 2];
            if (!class_literal(hi) || hi == '-' || hi < c)
                return 0;
            k += 3;
            continue;
        }
        k++;
    }
}

/* A ? or + after a quantifier ending before p[k] (lazy, possessive): 1 if
 * there is one. */
static size_t suffix(const uint8_t *p, size_t k)
{
    return cls[p[k]] & SUFFIX;
}

/* The counted quantifier at p[i] == '{' but its suffix: its length, or 0
 * if outside the subset; *unbounded set when it has no upper bound,
 * *copies to how many copies of a repeated group the compiler makes. Out
 * of line: counted_len() reads the common ones itself. */
NOINLINE static size_t counted_any(const uint8_t *p, size_t i, int *unbounded, uint32_t *copies)
{
    size_t k = i + 1, d = k;
    uint32_t min = 0, max = 0;
    for (; k - d < 5 && is_digit(p[k]); k++)
        min = min * 10 + (uint32_t)(p[k] - '0');
    if (k == d)
        return 0;
    max = min;
    *unbounded = 0;
    if (p[k] == ',') {
        d = ++k;
        max = 0;
        for (; k - d < 5 && is_digit(p[k]); k++)
            max = max * 10 + (uint32_t)(p[k] - '0');
        *unbounded = k == d;
    }
    if (p[k] != '}' || min > CFV_RX_MAX_NUMBER ||
        (!*unbounded && (max > CFV_RX_MAX_NUMBER || max < min)))
        return 0;
    /* {n,m}: m copies (n of them required); {n,}: n + 1 */
    *copies = *unbounded ? min + 1 : max ? max : 1;
    return k + 1 - i;
}

/* The counted quantifier at p[i] == '{': its length with a ? or + suffix,
 * or 0 if outside the subset; *unbounded and *copies as counted_any()
 * sets them. */
STEP size_t counted_len(const uint8_t *p, size_t i, int *unbounded, uint32_t *copies)
{
    size_t n;
    /* The commonest ones, "{n}" and "{n,m}" of one digit each, at once:
     * what counted_any() makes of them */
    const unsigned n1 = (unsigned)p[i + 1] - '0', m1 = (unsigned)p[i + 3] - '0';
    if (n1 < 10 && p[i + 2] == '}') {
        *unbounded = 0;
        *copies = n1 ? n1 : 1;
        n = 3;
    } else if (n1 < 10 && p[i + 2] == ',' && m1 < 10 && p[i + 4] == '}') {
        if (m1 < n1)
            return 0;
        *unbounded = 0;
        *copies = m1 ? m1 : 1;
        n = 5;
    } else {
        int u; /* apart from *unbounded and *copies, so those stay in registers */
        uint32_t c;
        if ((n = counted_any(p, i, &u, &c)) == 0)
            return 0;
        *unbounded = u;
        *copies = c;
    }
    return n + suffix(p, i + n);
}

/* "(?" options ")" or "(?" options ":" at p[i]: the length of what is
 * read, *opens set for the ':' form; 0 if outside the subset. */
static size_t option_setting(const uint8_t *p, size_t i, int *opens)
{
    size_t k = i + 2;
    while (cls[p[k]] & OPTION) /* letters, at most one '-' among them */
        k++;
    if (p[k] == '-')
        while (cls[p[++k]] & OPTION)
            ;
    if (p[k] != ')' && p[k] != ':')
        return 0;
    *opens = p[k] == ':';
    return k + 1 - i;
}

/* A pattern that opens with a group the subset lacks ("(?<", "(?P",
 * "(?(", as the compiled classes do: the commonest reason a pattern is
 * not plain) is refused before it is copied: the OPEN step's test, read
 * in place. */
STEP int opens_outside(const uint8_t *pattern, size_t len)
{
    return len >= 3 && pattern[0] == '(' && pattern[1] == '?' && !(cls[pattern[2]] & GROUP);
}

/* The step dispatch: each step ends by jumping straight to the step of
 * the byte at p[at], through a table of label addresses a byte where the
 * compiler has them (GNU C: one load and an indirect jump, where a switch
 * on kind[] costs a table load, a mask, a load and an add more on each
 * step), else through a switch on kind[]. */
#if defined(__GNUC__) && !defined(__STRICT_ANSI__)
#define STEP_TABLE 1
#define NEXT(at) goto *step[0][p[at]]
#else
#define STEP_TABLE 0
#define NEXT(at) \
    do { \
        k = kind[p[at]]; \
        goto dispatch; \
    } while (0)
#endif

/* What the checker's user says of the library: its cache's head, or
 * asked. */
STEP int plain_ok(void *user)
{
    const cfv_rx_cache_head *c = user;
    return c ? c->plain_ok != 0 : cfv_rx_library_ok();
}

STEP void verdict_ok(cfv_re_verdict *out)
{
    out->status = CFV_RE_OK; /* no offset or message to give */
    out->offset = 0;
    out->message[0] = 0;
}

/* The scan of p[0 .. len) (len <= CFV_RX_PLAIN_MAX_LEN, else 0), a
 * pattern that opens_outside() let through, followed by a NUL and PAD more
 * bytes it may read: the padded copy's zeros, or in place whatever follows
 * the operand (every look-ahead reads on only past a byte that is not NUL,
 * so it has stopped before what follows the NUL could change its answer).
 * Its state lives in locals, not in a struct the steps share: so it stays
 * in registers. 1 if the pattern is plain; with out (the in-place
 * checker's entry, once plain_ok(user), user its cache), the verdict too:
 * CFV_RE_OK at once for a plain pattern, the cache's for any other, so
 * that the distinct plain patterns of a file, each scanned once, pay one
 * call frame (its parameters in the checker's order: the entry jumps here
 * as it is). */
NOINLINE ALIGNED static int scan_padded(void *user, const uint8_t *p, size_t len, int nocase,
                                        cfv_re_verdict *out)
{
    /* The enclosing groups', one word each while a group is open: where it
     * opened plus the extras then, times 2 (its weight at a quantifier
     * right after its ')' is the position plus the extras there, less
     * that), plus its enclosing group's cur_unb. */
    uint32_t groups[CFV_RX_PLAIN_MAX_DEPTH];
    unsigned depth = 0;
    unsigned cur_unb = 0; /* the innermost open group holds an unbounded quantifier */
    uint64_t extras = 0; /* weighted bytes past len so far, at most MAX_LEN - len */
    /* the greatest back reference, plus HIGH once a byte >= 0x80 is seen
     * (in a run or a comment): an ASCII pattern's end tests it once */
    uint32_t captures = 0, max_ref = 0;
    const uint32_t HIGH = UINT32_C(1) << 31;
    int item = NOTHING;
    size_t i = 0, n;
    if (len > CFV_RX_PLAIN_MAX_LEN)
        goto outside;
    /* Each step leaves i after what it read, at most at len (the NUL
     * there ends every step), and goes on with the step of the byte there;
     * only a counted quantifier after a group weighs anything. */
#if STEP_TABLE
    /* a run goes on through step[1]: the same, but a literal's step (one
     * table: one register holds both) */
    static const void *const step[2][256] = {
        KINDS(&&run, &&run, &&bad, &&paren, &&close, &&star, &&opt, &&brace, &&klass, &&esc),
        KINDS(&&run_on, &&run_on, &&bad, &&paren, &&close, &&run_repeat, &&run_repeat,
              &&run_repeat, &&klass, &&esc),
    };
    NEXT(0);
#else
    unsigned k = kind[p[0]];
dispatch:
    switch (k) {
    case LIT:
    case BARE:
        goto run;
    case OPEN:
        goto paren;
    case CLOSE:
        goto close;
    case REPEAT: /* one kind: the steps apart */
        if (p[i] == '{')
            goto brace;
        if (p[i] == '?')
            goto opt;
        goto star;
    case CLASS:
        goto klass;
    case ESCAPE:
        goto esc;
    default:
        goto bad;
    }
#endif
run: /* | ^ $ too */
    /* the commonest step: a run of literals and of | ^ $, one table
     * jump a byte (those weigh nothing and open nothing); a quantifier
     * after it goes through run_repeat */
#if STEP_TABLE
run_on:
    i++;
    goto *step[1][p[i]];
#else
    while ((k = kind[p[++i]]) <= BARE)
        ;
    if (k == REPEAT)
        goto run_repeat;
    goto dispatch;
#endif
run_repeat:
    /* a quantifier right after a run repeats its last byte: a literal
     * (or a byte >= 0x80), not | ^ $ */
    if (kind[p[i - 1]] == BARE)
        goto outside;
    item = CHAR_ITEM;
    NEXT(i);
star:
    /* * + with an optional ? or + suffix: unbounded, one copy, so the
     * weight is the quantifier's own bytes */
    if (item > GROUP_ITEM) /* NOTHING or GROUP_UNB */
        goto outside;
    cur_unb = 1;
    item = NOTHING;
    i += 1 + suffix(p, i + 1);
    NEXT(i);
opt:
    /* ? with an optional ? or + suffix: bounded, one copy */
    if (item == NOTHING)
        goto outside;
    item = NOTHING;
    i += 1 + suffix(p, i + 1);
    NEXT(i);
brace: {
    int unbounded;
    uint32_t copies;
    if (item == CHAR_ITEM) {
        /* apart, so that nothing here counts copies */
        if ((n = counted_len(p, i, &unbounded, &copies)) == 0)
            goto outside;
    } else {
        if (item == NOTHING || (n = counted_len(p, i, &unbounded, &copies)) == 0 ||
            (item == GROUP_UNB && unbounded))
            goto outside;
        /* the compiler writes a repeated group out once per copy. The
         * group closed at i - 1 (a group is the item only right after
         * its ')'), its word is still at depth, and no extra was added
         * since: its weight is its span and the extras inside it, at
         * most 2 * MAX_LEN, times 65 536 copies at most: no overflow */
        extras += (i + extras - (groups[depth] >> 1)) * (copies - 1);
        if (extras > CFV_RX_PLAIN_MAX_LEN - len)
            goto outside;
    }
    cur_unb |= (unsigned)unbounded;
    item = NOTHING;
    i += n;
    NEXT(i);
}
paren: {
    /* a group or an option setting */
    const uint8_t c1 = p[i + 1], c2 = p[i + 2];
    item = NOTHING;
    if (c1 != '?') {
        if (c1 == '*')
            goto outside; /* verbs */
        captures++;
        n = 1;
    } else if (cls[c2] & NONCAP)
        n = 3;
    else if (!(cls[c2] & GROUP))
        goto outside; /* a lookbehind, a named group, a conditional, ... */
    else if (c2 == '#') {
        n = 3;
        while (i + n < len && p[i + n] != ')')
            max_ref |= (uint32_t)(p[i + n++] & 0x80) << 24; /* any byte, a NUL too */
        if (i + n == len)
            goto outside;
        /* a quantifier after a comment is left to PCRE2: item stays NOTHING */
        i += n + 1;
        NEXT(i);
    } else {
        int opens;
        if ((n = option_setting(p, i, &opens)) == 0)
            goto outside;
        if (!opens) {
            i += n;
            NEXT(i);
        }
    }
    if (depth == CFV_RX_PLAIN_MAX_DEPTH)
        goto outside;
    groups[depth++] = (uint32_t)((i + extras) << 1 | cur_unb);
    cur_unb = 0;
    i += n;
    NEXT(i);
}
close:
    if (depth == 0)
        goto outside;
    depth--; /* its word stays for a quantifier after it */
    item = GROUP_ITEM + (int)cur_unb;
    cur_unb |= groups[depth] & 1;
    i++;
    NEXT(i);
klass: {
    /* The commonest class, one range ("[0-9]", "[a-z]"), at once: what
     * class_len() makes of it when its first byte is a plain literal */
    const uint8_t a = p[i + 1], b = p[i + 3];
    if (p[i + 2] == '-' && p[i + 4] == ']' && (cls[a] & FIRST)) {
        if (!(cls[b] & LAST) || b < a) /* "[a-]]": see LAST */
            goto outside;
        n = 5;
    } else if ((n = class_len(p, i)) == 0)
        goto outside;
    item = CHAR_ITEM;
    i += n;
    NEXT(i);
}
esc: {
    uint32_t ref = 0;
    size_t en;
    const int e = escape(p, i, 0, &en, &ref);
    if (e == OUTSIDE)
        goto outside;
    if (ref > (max_ref & ~HIGH))
        max_ref = (max_ref & HIGH) | ref;
    item = e == ASSERTION ? NOTHING : CHAR_ITEM;
    i += en;
    NEXT(i);
}
bad: /* control bytes, DEL, a lone ] or }; the NUL at len ends the scan */
    if (i == len) {
        /* a reference to a group the pattern lacks is a compile error;
         * the full UTF-8 check only for a pattern with a byte >= 0x80 */
        size_t at;
        if (depth == 0 && (max_ref <= captures ||
                           ((max_ref & ~HIGH) <= captures && cfv_utf8_valid(p, len, &at)))) {
            if (out)
                verdict_ok(out);
            return 1;
        }
        goto outside;
    }
    if (p[i] < 0x80)
        goto outside;
    max_ref |= HIGH; /* a literal: noted, and read as one */
    goto run;
outside:
    if (out)
        cfv_rx_check_compiled(user, p, len, nocase != 0, out);
    return 0;
}
#undef NEXT

/* The scan of a copy of the pattern, padded with zeros. */
STEP int plain_rest(const uint8_t *pattern, size_t len)
{
    uint8_t p[CFV_RX_PLAIN_MAX_LEN + PAD];
    if (len > CFV_RX_PLAIN_MAX_LEN)
        return 0;
    copy_padded(p, pattern, len);
    return scan_padded(NULL, p, len, 0, NULL);
}

/* The scan in place reads an operand followed by its NUL and PAD readable
 * bytes (the trusted entry's contract, cfv/regex.h). */
_Static_assert(PAD <= CFV_REGEX_SLACK, "the in-place scan reads PAD bytes past the operand");

int cfv_rx_plain(const uint8_t *pattern, size_t len)
{
    return !opens_outside(pattern, len) && plain_rest(pattern, len);
}

int cfv_rx_plain_nul(const uint8_t *pattern, size_t len)
{
    return !opens_outside(pattern, len) && scan_padded(NULL, pattern, len, 0, NULL);
}

int cfv_regex_is_plain(const uint8_t *pattern, size_t len)
{
    return cfv_rx_library_ok() && cfv_rx_plain(pattern, len);
}

/* The checker's entries (cfv/regex_pcre2.h): a pattern of the plain subset
 * is OK at once, any other goes to the cache (regex_cache.c). A pattern
 * that opens outside the subset goes there at once (a tail call with no
 * frame: a file over its bound has one per REGEX criterion), any other
 * through the scan's frame. */
NOINLINE static void check_scanned(void *user, const uint8_t *pattern, size_t len, int nocase,
                                   cfv_re_verdict *out)
{
    if (plain_ok(user) && plain_rest(pattern, len))
        verdict_ok(out);
    else
        cfv_rx_check_compiled(user, pattern, len, nocase != 0, out);
}

void cfv_regex_check(void *user, const uint8_t *pattern, size_t len, int nocase,
                     cfv_re_verdict *out)
{
    if (opens_outside(pattern, len))
        cfv_rx_check_compiled(user, pattern, len, nocase != 0, out);
    else
        check_scanned(user, pattern, len, nocase, out);
}

/* The same verdicts in place (cfv/regex.h's trusted entry), the scan
 * reading the operand itself, not a padded copy: every verdict here is
 * written whole and safe (the cache's come from cfv_rx_verdict or its
 * copies of them). */
void cfv_regex_check_nul(void *user, const uint8_t *pattern, size_t len, int nocase,
                         cfv_re_verdict *out)
{
    if (opens_outside(pattern, len) || !plain_ok(user))
        cfv_rx_check_compiled(user, pattern, len, nocase != 0, out);
    else
        scan_padded(user, pattern, len, nocase, out);
}

void cfv_regex_use(cfv_options *opt, cfv_regex_cache *cache)
{
    opt->regex = cfv_regex_check;
    opt->regex_nul = cfv_regex_check_nul;
    opt->regex_user = cache;
}
