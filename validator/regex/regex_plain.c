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
 * PCRE2 and the analyser. */
#include <string.h>

#include "cfv/utf8.h"
#include "regex_internal.h"

/* What a quantifier here repeats; GROUP_UNB: a group holding an unbounded
 * quantifier at some depth, which no unbounded one may repeat (CFV056) */
enum { NOTHING, CHAR_ITEM, GROUP_ITEM, GROUP_UNB };
enum { OUTSIDE, CHARACTER, ASSERTION, BACKREF }; /* escape kinds */

/* Weights: every byte of the pattern weighs one, and a counted quantifier
 * after a group adds its extra copies of the group (the compiler writes
 * a repeated group out once per copy). So the root's weight is len plus
 * the extras, a group's is its span plus the extras inside it, and no
 * step but a counted one needs weighing: literal runs cost nothing but
 * finding their end. Weights only grow and the root's bounds them all, so
 * a pattern is refused exactly when len + extras passes the bound (checked
 * as each extra is added, so none overflows). */
typedef struct scan {
    const uint8_t *p;
    size_t len;
    unsigned depth;
    uint8_t cur_unb; /* the innermost open group holds an unbounded quantifier */
    uint64_t extras; /* weighted bytes past len so far, at most MAX_LEN - len */
    uint32_t captures, max_ref;
    /* the enclosing groups', while a group is open */
    uint8_t unb[CFV_RX_PLAIN_MAX_DEPTH + 1];
    uint32_t open_at[CFV_RX_PLAIN_MAX_DEPTH + 1];
    uint64_t extras_at[CFV_RX_PLAIN_MAX_DEPTH + 1];
} scan;

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

/* What a byte starts outside a class, one table load a byte (the scan's
 * dispatch; a switch on the byte itself compiled to a range check and a
 * jump table per step). LIT: printable ASCII other than the metacharacters,
 * and every byte >= 0x80: a valid UTF-8 character is a literal of as many
 * weighted bytes as it has, and an invalid one is refused by the UTF-8
 * check at the end whatever the scan made of it. */
enum { LIT, BAD, OPEN, CLOSE, BARE, REPEAT, CLASS, ESCAPE }; /* 8: kind & 7 needs no range check */
#define B BAD
static const uint8_t kind[256] = {
    B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0x00 */
    B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, /* 0x10 */
    /* 0x20 */ LIT, LIT, LIT, LIT, BARE, LIT, LIT, LIT, OPEN, CLOSE, REPEAT, REPEAT, LIT, LIT, LIT, LIT,
    /* 0x30 */ LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, REPEAT,
    /* 0x40 */ LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT,
    /* 0x50 */ LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, CLASS, ESCAPE, B, BARE, LIT,
    /* 0x60 */ LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT,
    /* 0x70 */ LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, LIT, REPEAT, BARE, B, LIT, B,
    /* 0x80 and up: LIT (0) */
};
#undef B

/* What a byte may be inside a class, after a quantifier and after "(?",
 * one table load instead of a chain of comparisons. MEMBER: printable ASCII a class
 * may hold as itself (a ']' never gets here: it closes the class, and is
 * no range's end); FIRST: a member that may start a one-range class read
 * at once (not ^ : . = ] -); LAST: a member that may end a range (not -);
 * SUFFIX: ? and +, a lazy or possessive quantifier's suffix; GROUP: what
 * may follow "(?" in a group or an option setting of the subset
 * (! # ) - : = > i m s U), so that the groups outside it, the commonest
 * reason a pattern is not plain, are refused at once. */
enum { MEMBER = 1, FIRST = 2, LAST = 4, SUFFIX = 8, GROUP = 16 };
#define M MEMBER
#define E LAST
#define R (MEMBER | FIRST | LAST)
#define S SUFFIX
#define G GROUP
static const uint8_t cls[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x20 */ R, R|G, R, R|G, R, R, R, R, R, R|G, R, R|S, R, M|G, M|E, R,
    /* 0x30 */ R, R, R, R, R, R, R, R, R, R, M|E|G, R, R, M|E|G, R|G, R|S,
    /* 0x40 */ R, R, R, R, R, R, R, R, R, R, R, R, R, R, R, R,
    /* 0x50 */ R, R, R, R, R, R|G, R, R, R, R, R, 0, 0, M|E, M|E, R,
    /* 0x60 */ R, R, R, R, R, R, R, R, R, R|G, R, R, R, R|G, R, R,
    /* 0x70 */ R, R, R, R|G, R, R, R, R, R, R, R, R, R, R, R, 0,
    /* 0x80 and up: 0 */
};
#undef M
#undef E
#undef R
#undef S
#undef G

static int class_literal(uint8_t c)
{
    return cls[c] & MEMBER;
}

/* The scan reads a copy of the pattern followed by PAD zero bytes: a NUL
 * is no literal, class member, digit or quantifier, so every look-ahead
 * past the end reads a byte that ends what it reads, as the length checks
 * it replaces did, and no step tests the length but a comment's (which
 * may hold a NUL). */
#define PAD 16

#if defined(__SSE2__)
#include <emmintrin.h>
/* 16 bytes of q into p; returns them. */
static __m128i move16(uint8_t *p, const uint8_t *q)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    _mm_storeu_si128((__m128i *)(void *)p, v);
    return v;
}
#endif

/* The bytes the copy moved ORed together (their top bits tell whether a
 * byte >= 0x80 may be there), or "may be" where it moved them otherwise;
 * read only for a pattern the scan took. */
#if defined(__SSE2__)
typedef __m128i high_bits;
#define HIGH_UNKNOWN _mm_set1_epi8(-1)
static int may_have_high(high_bits h)
{
    return _mm_movemask_epi8(h) != 0;
}
#else
typedef int high_bits;
#define HIGH_UNKNOWN 1
static int may_have_high(high_bits h)
{
    return h;
}
#endif

/* Copies len bytes of pattern to p and PAD zeros after them: 16 to 64
 * bytes in two or four overlapping 16-byte moves where SSE2 is there, so
 * that a pattern refused at its first bytes, as most patterns outside the
 * subset are, costs little more than a scan in place did; else a word at
 * a time, the last word overlapping the one before it. *high: see
 * high_bits (has_high then tells where they are HIGH_UNKNOWN). */
static void copy_padded(uint8_t *p, const uint8_t *pattern, size_t len, high_bits *high)
{
    memset(p + len, 0, PAD);
    *high = HIGH_UNKNOWN;
#if defined(__SSE2__)
    if (len >= 16 && len <= 64) {
        __m128i v = move16(p, pattern);
        if (len > 32)
            v = _mm_or_si128(v, move16(p + 16, pattern + 16));
        if (len > 48)
            v = _mm_or_si128(v, move16(p + 32, pattern + 32));
        *high = _mm_or_si128(v, move16(p + len - 16, pattern + len - 16));
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

/* 1 if the copy p[0 .. len) has a byte >= 0x80 (then the pattern needs the
 * full UTF-8 check): asked only of a pattern the scan took, 16 bytes or a
 * word at a time up to the zeros after it. */
static int has_high(const uint8_t *p, size_t len)
{
#if defined(__SSE2__)
    __m128i v = _mm_setzero_si128();
    for (size_t k = 0; k < len; k += 16)
        v = _mm_or_si128(v, _mm_loadu_si128((const __m128i *)(const void *)(p + k)));
    return _mm_movemask_epi8(v) != 0;
#else
    uint64_t high = 0, w;
    for (size_t k = 0; k < len; k += 8) {
        memcpy(&w, p + k, 8);
        high |= w;
    }
    return (high & UINT64_C(0x8080808080808080)) != 0;
#endif
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
static int escape(const uint8_t *p, size_t i, int in_class, size_t *n, uint32_t *ref)
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
 * closing ']' before the end: the NUL after it is no class member). */
static size_t class_len(const uint8_t *p, size_t i)
{
    size_t start = i + 1, n;
    uint32_t ref;
    /* The commonest class, one range ("[0-9]", "[a-z]"), at once: what the
     * walk below makes of it when its first byte is a plain literal */
    const uint8_t a = p[i + 1], b = p[i + 3];
    if (p[i + 2] == '-' && p[i + 4] == ']' && (cls[a] & FIRST) && b != ']')
        return (cls[b] & LAST) && b >= a ? 5 : 0;
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
    return (cls[p[k]] / SUFFIX) & 1;
}

/* The counted quantifier at p[i] == '{': its length with a ? or + suffix,
 * or 0 if outside the subset; *unbounded set when it has no upper bound,
 * *copies to how many copies of a repeated group the compiler makes. */
static size_t counted_len(const uint8_t *p, size_t i, int *unbounded, uint32_t *copies)
{
    size_t k = i + 1, d = k;
    uint32_t min = 0, max = 0;
    /* The commonest ones, "{n}" and "{n,m}" of one digit each, at once:
     * what the loops below make of them */
    const unsigned n1 = (unsigned)p[i + 1] - '0', m1 = (unsigned)p[i + 3] - '0';
    if (n1 < 10 && p[i + 2] == '}') {
        *unbounded = 0;
        *copies = n1 ? n1 : 1;
        return 3 + suffix(p, i + 3);
    }
    if (n1 < 10 && p[i + 2] == ',' && m1 < 10 && p[i + 4] == '}') {
        *unbounded = 0;
        *copies = m1 ? m1 : 1;
        return m1 < n1 ? 0 : 5 + suffix(p, i + 5);
    }
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
    k++;
    return k + suffix(p, k) - i;
}

/* "(?" options ")" or "(?" options ":" at p[i]: the length of what is
 * read, *opens set for the ':' form; 0 if outside the subset. */
static size_t option_setting(const uint8_t *p, size_t i, int *opens)
{
    int minus = 0;
    for (size_t k = i + 2;; k++) {
        uint8_t c = p[k];
        if (c == ')' || c == ':') {
            *opens = c == ':';
            return k + 1 - i;
        }
        if (c == '-' && !minus)
            minus = 1;
        else if (c != 'i' && c != 'm' && c != 's' && c != 'U')
            return 0;
    }
}

/* The group or option setting at p[i] == '(': its length, *item what it
 * leaves a quantifier to repeat; 0 if outside the subset. */
static size_t paren(scan *s, size_t i, int *item)
{
    const uint8_t *p = s->p;
    size_t n = 1;
    uint8_t c1 = p[i + 1], c2 = p[i + 2];
    *item = NOTHING;
    if (c1 == '*')
        return 0; /* verbs */
    if (c1 != '?')
        s->captures++;
    else if (c2 == ':')
        n = 3;
    else if (!(cls[c2] & GROUP))
        return 0; /* a lookbehind, a named group, a conditional, ... */
    else if (c2 == '>' || c2 == '=' || c2 == '!')
        n = 3;
    else if (c2 == '#') {
        n = 3;
        while (i + n < s->len && p[i + n] != ')')
            n++; /* a comment may hold any byte, a NUL too */
        if (i + n == s->len)
            return 0;
        /* a quantifier after a comment is left to PCRE2: item stays NOTHING */
        return n + 1;
    } else {
        int opens;
        if ((n = option_setting(p, i, &opens)) == 0)
            return 0;
        if (!opens)
            return n;
    }
    if (s->depth == CFV_RX_PLAIN_MAX_DEPTH)
        return 0;
    s->unb[s->depth] = s->cur_unb;
    s->open_at[s->depth] = (uint32_t)i;
    s->extras_at[s->depth] = s->extras;
    s->depth++;
    s->cur_unb = 0;
    return n;
}

/* The counted quantifier at p[i] after `item`: its length, 0 if outside
 * the subset. */
static size_t quantify(scan *s, size_t i, int item)
{
    int unbounded;
    uint32_t copies;
    size_t n = item == NOTHING ? 0 : counted_len(s->p, i, &unbounded, &copies);
    if (n == 0 || (item == GROUP_UNB && unbounded))
        return 0;
    if (item >= GROUP_ITEM) {
        /* the compiler writes a repeated group out once per copy. The
         * group closed at i - 1 (a group is the item only right after its
         * ')'), its entries are still at depth, and no extra was added
         * since: its weight is its span and the extras inside it, at most
         * 2 * MAX_LEN, times 65 536 copies at most: no overflow */
        const uint64_t group_weight =
            i - s->open_at[s->depth] + (s->extras - s->extras_at[s->depth]);
        s->extras += group_weight * (copies - 1);
        if (s->extras > CFV_RX_PLAIN_MAX_LEN - s->len)
            return 0;
    }
    s->cur_unb |= (uint8_t)unbounded;
    return n;
}

/* ---- The byte machine: the commonest members decided in one table load
 * a byte. Its states are the scan's contexts (what a quantifier would
 * repeat, inside "(?", an escape, a one-range class, a one-digit counted
 * quantifier), each twice: without and with an unbounded quantifier
 * already in the innermost open group (cur_unb). A group's opening and
 * closing, the end, and the tokens it does not model (other classes,
 * counts and escapes, read by the full scan's own class_len(),
 * counted_len() and escape()) are its actions; a comment, a back
 * reference or a counted quantifier after a group (which weighs) answers
 * UNSURE, and the full scan below decides the pattern from its start. So
 * it only ever answers 1 for a pattern full_scan takes and 0 for one it
 * refuses (test_regex_plain_ref compares both with the scan of 01a46e5). */
enum {
    M_NOTHING, M_CHAR, M_QUANT, M_GROUP, M_GROUP_UNB, M_ESC, M_OPEN, M_OPENQ, M_OPT, M_OPTM,
    M_CL, M_CL0, M_CL0D, M_CLA, M_CLAD, M_CLL, M_CLLD, M_CLEND,
    M_Q, M_Q0, M_Q1, M_QN, M_Q0C, M_Q1C, M_QNC, M_QM, M_BASES
};
/* The actions' rows come after the states': each leads to itself
 * whatever the byte, so a second step taken after an action still names
 * it (the loop takes two steps before it looks). */
enum {
    M_POP = 2 * M_BASES, M_PUSH, M_PUSH_CAPTURE, M_END, M_CLASS, M_COUNTED, M_ESCAPE, M_REJECT,
    M_UNSURE, M_ROWS
};
enum { UNSURE = 2 };
/* A state's row: its base twice, + 1 with cur_unb set (M_GROUP_UNB
 * implies it); a table entry is the next row's offset, row * 256 */
#define ROW(b, u) (2 * (b) + (u))
#define ST(b, u) (ROW(b, u) << 8)
#define A_FIRST A_POP /* every row from here is an action's */
#define A_END (M_END << 8)
#define A_POP (M_POP << 8)
#define A_PUSH (M_PUSH << 8)
#define A_PUSH_CAPTURE (M_PUSH_CAPTURE << 8)
#define A_CLASS (M_CLASS << 8)
#define A_COUNTED (M_COUNTED << 8)
#define A_ESCAPE (M_ESCAPE << 8)
#define A_REJECT (M_REJECT << 8)
#define A_UNSURE (M_UNSURE << 8)

/* The table in ISO C: each row is B256(F, ...), F(c, ...) for every byte
 * c, F a constant expression of the byte saying where it leads. */
#define B16(F, hi, ...)                                                                            \
    F((hi) + 0, __VA_ARGS__), F((hi) + 1, __VA_ARGS__), F((hi) + 2, __VA_ARGS__),                 \
        F((hi) + 3, __VA_ARGS__), F((hi) + 4, __VA_ARGS__), F((hi) + 5, __VA_ARGS__),             \
        F((hi) + 6, __VA_ARGS__), F((hi) + 7, __VA_ARGS__), F((hi) + 8, __VA_ARGS__),             \
        F((hi) + 9, __VA_ARGS__), F((hi) + 10, __VA_ARGS__), F((hi) + 11, __VA_ARGS__),           \
        F((hi) + 12, __VA_ARGS__), F((hi) + 13, __VA_ARGS__), F((hi) + 14, __VA_ARGS__),          \
        F((hi) + 15, __VA_ARGS__)
#define B256(F, ...)                                                                               \
    {                                                                                              \
        B16(F, 0x00, __VA_ARGS__), B16(F, 0x10, __VA_ARGS__), B16(F, 0x20, __VA_ARGS__),          \
            B16(F, 0x30, __VA_ARGS__), B16(F, 0x40, __VA_ARGS__), B16(F, 0x50, __VA_ARGS__),      \
            B16(F, 0x60, __VA_ARGS__), B16(F, 0x70, __VA_ARGS__), B16(F, 0x80, __VA_ARGS__),      \
            B16(F, 0x90, __VA_ARGS__), B16(F, 0xa0, __VA_ARGS__), B16(F, 0xb0, __VA_ARGS__),      \
            B16(F, 0xc0, __VA_ARGS__), B16(F, 0xd0, __VA_ARGS__), B16(F, 0xe0, __VA_ARGS__),      \
            B16(F, 0xf0, __VA_ARGS__)                                                             \
    }
#define IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
/* After an item or none: the kind[] table's steps, and what a quantifier
 * does after this item (star: '*', plus: '+', qmark: '?', brace: '{'). */
#define ITEM(c, u, star, plus, qmark, brace)                                                       \
    ((c) == 0 ? A_END                                                                              \
     : (c) < 0x20 || (c) == 0x7f || (c) == ']' || (c) == '}' ? A_REJECT                          \
     : (c) == '(' ? ST(M_OPEN, u)                                                                  \
     : (c) == ')' ? A_POP                                                                          \
     : (c) == '|' || (c) == '^' || (c) == '$' ? ST(M_NOTHING, u)                                   \
     : (c) == '[' ? ST(M_CL, u)                                                                    \
     : (c) == '\\' ? ST(M_ESC, u)                                                                  \
     : (c) == '*' ? (star)                                                                         \
     : (c) == '+' ? (plus)                                                                         \
     : (c) == '?' ? (qmark)                                                                        \
     : (c) == '{' ? (brace)                                                                        \
                  : ST(M_CHAR, u))
/* After '\\' outside a class: the character escapes and ASCII punctuation
 * are an item, the assertions none; the rest (\x, back references, what
 * is outside the subset) goes to escape() */
#define ESC(c, u)                                                                                  \
    (IN(c, 0x20, 0x2f) || IN(c, 0x3a, 0x40) || IN(c, 0x5b, 0x60) || IN(c, 0x7b, 0x7e) ||          \
             (c) == 'd' || (c) == 'D' || (c) == 'w' || (c) == 'W' || (c) == 's' || (c) == 'S' ||  \
             (c) == 'h' || (c) == 'H' || (c) == 'v' || (c) == 'V' || (c) == 'n' || (c) == 't' ||  \
             (c) == 'r'                                                                            \
         ? ST(M_CHAR, u)                                                                           \
     : (c) == 'b' || (c) == 'B' || (c) == 'A' || (c) == 'z' || (c) == 'Z' || (c) == 'G'           \
         ? ST(M_NOTHING, u)                                                                        \
         : A_ESCAPE)
/* After "(": "(?" goes on, "(*" is a verb; anything else opens a capture
 * group and is read again inside it (paren()) */
#define OPEN(c, u) ((c) == '?' ? ST(M_OPENQ, u) : (c) == '*' ? A_REJECT : A_PUSH_CAPTURE)
/* After "(?": cls[]'s GROUP bytes; a comment is left to the full scan */
#define IS_OPTION(c) ((c) == 'i' || (c) == 'm' || (c) == 's' || (c) == 'U')
#define OPENQ(c, u)                                                                                \
    ((c) == ':' || (c) == '>' || (c) == '=' || (c) == '!' ? A_PUSH                                 \
     : (c) == '#'                                       ? A_UNSURE                                 \
     : (c) == ')'                                       ? ST(M_NOTHING, u)                         \
     : (c) == '-'                                       ? ST(M_OPTM, u)                            \
     : IS_OPTION(c)                                     ? ST(M_OPT, u)                             \
                                                        : A_REJECT)
/* An option setting (option_setting()), before and after its '-' */
#define OPT(c, u, minus, letter)                                                                   \
    ((c) == ':'    ? A_PUSH                                                                        \
     : (c) == ')'  ? ST(M_NOTHING, u)                                                              \
     : (c) == '-'  ? (minus)                                                                       \
     : IS_OPTION(c) ? ST(letter, u)                                                                \
                    : A_REJECT)
/* The bytes from..last to state `to`, else `other` */
#define RANGE(c, from, last, to, other) (IN(c, from, last) ? (to) : (other))
/* After '[': the one-range classes [0-d], [A-X], [a-x] (a range from the
 * lowest of its kind is ascending: class_len()'s first test); any other
 * class goes to class_len() */
#define CL(c, u)                                                                                   \
    ((c) == '0' ? ST(M_CL0, u) : (c) == 'A' ? ST(M_CLA, u) : (c) == 'a' ? ST(M_CLL, u) : A_CLASS)
/* After '{' following a character (counted_len()'s one-digit forms): n
 * of 0, 1 or more, then "}" or ",", then "}" (unbounded) or m >= n; any
 * other count goes to counted_len() */
#define Q(c, u)                                                                                    \
    ((c) == '0' ? ST(M_Q0, u) : (c) == '1' ? ST(M_Q1, u) : IN(c, '2', '9') ? ST(M_QN, u) : A_COUNTED)
#define QN(c, u, comma) ((c) == '}' ? ST(M_QUANT, u) : (c) == ',' ? ST(comma, u) : A_COUNTED)
#define QC(c, u, lo) ((c) == '}' ? ST(M_QUANT, 1) : IN(c, lo, '9') ? ST(M_QM, u) : A_COUNTED)
#define SELF(c, m) ((m) << 8)
#define ROWS(u)                                                                                    \
    [ROW(M_NOTHING, u)] = B256(ITEM, u, A_REJECT, A_REJECT, A_REJECT, A_REJECT),                   \
    [ROW(M_CHAR, u)] = B256(ITEM, u, ST(M_QUANT, 1), ST(M_QUANT, 1), ST(M_QUANT, u), ST(M_Q, u)),  \
    [ROW(M_QUANT, u)] = B256(ITEM, u, A_REJECT, ST(M_NOTHING, u), ST(M_NOTHING, u), A_REJECT),     \
    [ROW(M_GROUP, u)] = B256(ITEM, u, ST(M_QUANT, 1), ST(M_QUANT, 1), ST(M_QUANT, u), A_UNSURE),   \
    [ROW(M_GROUP_UNB, u)] = B256(ITEM, 1, A_REJECT, A_REJECT, ST(M_QUANT, 1), A_UNSURE),           \
    [ROW(M_ESC, u)] = B256(ESC, u), [ROW(M_OPEN, u)] = B256(OPEN, u),                              \
    [ROW(M_OPENQ, u)] = B256(OPENQ, u), [ROW(M_OPT, u)] = B256(OPT, u, ST(M_OPTM, u), M_OPT),      \
    [ROW(M_OPTM, u)] = B256(OPT, u, A_REJECT, M_OPTM), [ROW(M_CL, u)] = B256(CL, u),               \
    [ROW(M_CL0, u)] = B256(RANGE, '-', '-', ST(M_CL0D, u), A_CLASS),                               \
    [ROW(M_CL0D, u)] = B256(RANGE, '0', '9', ST(M_CLEND, u), A_CLASS),                             \
    [ROW(M_CLA, u)] = B256(RANGE, '-', '-', ST(M_CLAD, u), A_CLASS),                               \
    [ROW(M_CLAD, u)] = B256(RANGE, 'A', 'Z', ST(M_CLEND, u), A_CLASS),                             \
    [ROW(M_CLL, u)] = B256(RANGE, '-', '-', ST(M_CLLD, u), A_CLASS),                               \
    [ROW(M_CLLD, u)] = B256(RANGE, 'a', 'z', ST(M_CLEND, u), A_CLASS),                             \
    [ROW(M_CLEND, u)] = B256(RANGE, ']', ']', ST(M_CHAR, u), A_CLASS),                             \
    [ROW(M_Q, u)] = B256(Q, u), [ROW(M_Q0, u)] = B256(QN, u, M_Q0C),                               \
    [ROW(M_Q1, u)] = B256(QN, u, M_Q1C), [ROW(M_QN, u)] = B256(QN, u, M_QNC),                      \
    [ROW(M_Q0C, u)] = B256(QC, u, '0'), [ROW(M_Q1C, u)] = B256(QC, u, '1'),                        \
    [ROW(M_QNC, u)] = B256(RANGE, '}', '}', ST(M_QUANT, 1), A_COUNTED),                            \
    [ROW(M_QM, u)] = B256(RANGE, '}', '}', ST(M_QUANT, u), A_COUNTED)
#define STICKY(m) [m] = B256(SELF, m)
static const uint16_t next_state[M_ROWS][256] = {
    ROWS(0), ROWS(1), STICKY(M_END), STICKY(M_POP), STICKY(M_PUSH), STICKY(M_PUSH_CAPTURE),
    STICKY(M_CLASS), STICKY(M_COUNTED), STICKY(M_ESCAPE), STICKY(M_REJECT), STICKY(M_UNSURE)
};

#if defined(__GNUC__)
#define CFV_RX_LIKELY(x) __builtin_expect((x), 1)
#else
#define CFV_RX_LIKELY(x) (x)
#endif
/* The token whose action `a` the machine took at p[at], with the full
 * scan's own readers: the position after it (2 or more) and *s the state
 * there; 0 if it is outside the subset, 1 for a back reference (left to
 * the full scan, which counts the groups). Out of the machine's loop,
 * which calls it for the rarer tokens. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t read_token(const uint8_t *p, size_t at, size_t a, size_t *s)
{
    const size_t unb = *s & ST(0, 1); /* cur_unb, as a row offset */
    size_t i = at, n;
    if (a == A_ESCAPE) {
        uint32_t ref = 0;
        const int e = escape(p, --i, 0, &n, &ref); /* from its '\\' */
        /* the assertions have states of their own: anything but a
         * character is outside (0) or a back reference (1) */
        if (e != CHARACTER)
            return e != OUTSIDE;
        *s = ST(M_CHAR, 0) | unb;
        return i + n;
    }
    if (a == A_CLASS) {
        while (p[--i] != '[')
            ; /* since its '[' the states read only digits, letters and '-' */
        if ((n = class_len(p, i)) == 0)
            return 0;
        *s = ST(M_CHAR, 0) | unb;
        return i + n;
    }
    int unbounded; /* A_COUNTED */
    uint32_t copies;
    while (p[--i] != '{')
        ; /* since its '{' the states read only digits and ',' */
    if ((n = counted_len(p, i, &unbounded, &copies)) == 0)
        return 0; /* (unbounded is set only for a count it takes) */
    *s = ST(M_NOTHING, (size_t)unbounded) | unb; /* its ? or + suffix is read */
    return i + n;
}

/* Where the machine stopped for read_token(): the state, the token's
 * position and action, and the group stack (a word of bits: a 1 at the
 * bottom, then each open group's enclosing cur_unb; at most 32 open
 * groups, the scan's limit). */
typedef struct machine_at {
    size_t s, at, a;
    uint64_t stack;
} machine_at;
enum { TOKEN = 3 };

/* The machine from state s at p[at] with the group stack `stack`: 1 or 0
 * as full_scan would answer, UNSURE, or TOKEN with *m where it stopped. Two steps at a
 * time (the zeros after the copy keep the second in bounds), then the
 * first action taken, if any, at q with the state before it in s. It
 * calls nothing in its loop, so that the registers it keeps stay few
 * (every call with a value live after it costs a saved register). */
static inline int machine(const uint8_t *p, size_t len, high_bits high, size_t s, size_t at,
                          uint64_t stack, machine_at *m)
{
    const uint16_t *const t = &next_state[0][0];
    const uint8_t *q = p + at;
    size_t a;
    for (;;) {
        /* two rounds of two steps, so that no register copy ends a round */
        a = t[s + q[0]];
        size_t b = t[a + q[1]];
        if (CFV_RX_LIKELY(b < A_FIRST)) {
            a = t[b + q[2]];
            const size_t d = t[a + q[3]];
            if (CFV_RX_LIKELY(d < A_FIRST)) {
                s = d;
                q += 4;
                continue;
            }
            s = b;
            b = d;
            q += 2;
        }
        if (a < A_FIRST) {
            s = a;
            q++;
            a = b;
        }
        /* the actions by their rows' order: two tests for each */
        if (a <= A_PUSH_CAPTURE) {
            if (a == A_POP) {
                if (stack == 1)
                    return 0;
                s = s & ST(0, 1) ? ST(M_GROUP_UNB, 1) : ST(M_GROUP, (size_t)(stack & 1));
                stack >>= 1;
                q++;
                continue;
            }
            if (stack >> CFV_RX_PLAIN_MAX_DEPTH)
                return 0; /* paren(): one group too deep */
            stack = stack << 1 | (s >> 8 & 1);
            s = ST(M_NOTHING, 0);
            q += a == A_PUSH; /* a capture group's first byte is read again, inside it */
        } else if (a == A_END) {
            size_t bad;
            if (q != p + len || stack != 1)
                return 0;
            return !may_have_high(high) || !has_high(p, len) || cfv_utf8_valid(p, len, &bad);
        } else if (a >= A_REJECT) {
            return a == A_REJECT ? 0 : UNSURE; /* UNSURE: a comment, a count after a group */
        } else {
            m->s = s;
            m->at = (size_t)(q - p);
            m->a = a;
            m->stack = stack;
            return TOKEN;
        }
    }
}

/* The whole subset over the padded copy p of len bytes: what the byte
 * machine above leaves undecided. */
#if defined(__GNUC__)
__attribute__((noinline)) /* its frame and saved registers only where it runs */
#endif
static int full_scan(const uint8_t *p, size_t len, high_bits high)
{
    scan s;
    int item = NOTHING;
    size_t i = 0, n;
    s.p = p;
    s.len = len;
    s.depth = 0;
    s.cur_unb = 0;
    s.extras = 0;
    s.captures = s.max_ref = 0;
    /* Each step leaves i after what it read, at most at len (the NUL
     * there ends every step), and k the kind of the byte there (the
     * literal loop has loaded it already); only a counted quantifier
     * after a group weighs anything (quantify). */
    uint8_t k = kind[p[0]];
    for (;;) {
        switch (k & 7) {
        case LIT:
            /* the commonest step: a run of literals, one table load a byte */
            while ((k = kind[p[++i]]) == LIT)
                ;
            item = CHAR_ITEM;
            continue;
        case BARE: /* | ^ $ */
            item = NOTHING;
            k = kind[p[++i]];
            continue;
        case REPEAT: {
            const uint8_t c = p[i];
            if (c == '{') {
                n = quantify(&s, i, item); /* weighs the copies */
                item = NOTHING;
                break;
            }
            /* * + ? with an optional ? or + suffix: one copy, so the
             * weight is the quantifier's own bytes */
            int unbounded = c != '?';
            if (item == NOTHING || (item == GROUP_UNB && unbounded))
                return 0;
            s.cur_unb |= (uint8_t)unbounded;
            item = NOTHING;
            i += 1 + suffix(p, i + 1);
            k = kind[p[i]];
            continue;
        }
        case OPEN:
            n = paren(&s, i, &item);
            break;
        case CLOSE:
            if (s.depth == 0)
                return 0;
            s.depth--; /* its entries stay for a quantifier after it (quantify) */
            item = GROUP_ITEM + s.cur_unb;
            s.cur_unb |= s.unb[s.depth];
            k = kind[p[++i]];
            continue;
        case CLASS:
            n = class_len(p, i);
            item = CHAR_ITEM;
            break;
        case ESCAPE: {
            uint32_t ref = 0;
            int e = escape(p, i, 0, &n, &ref);
            if (e == OUTSIDE)
                return 0;
            s.max_ref = ref > s.max_ref ? ref : s.max_ref;
            item = e == ASSERTION ? NOTHING : CHAR_ITEM;
            break;
        }
        default: /* BAD: control bytes, DEL, a lone ] or }; the NUL at len ends the scan */
            if (i != len)
                return 0;
            /* a reference to a group the pattern lacks is a compile
             * error; the full UTF-8 check only for a pattern with a byte
             * >= 0x80 */
            size_t bad;
            return s.depth == 0 && s.max_ref <= s.captures &&
                   (!may_have_high(high) || !has_high(p, len) || cfv_utf8_valid(p, len, &bad));
        }
        if (n == 0)
            return 0;
        i += n;
        k = kind[p[i]];
    }
}

/* The machine's answer from a token it stopped at, on (the rarer
 * patterns: out of cfv_rx_plain, which keeps its registers few). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int after_token(const uint8_t *p, size_t len, high_bits high, machine_at m)
{
    int r;
    do {
        size_t next = m.s; /* not m.s itself: its address would keep m in memory */
        const size_t at = read_token(p, m.at, m.a, &next);
        if (at < 2)
            return at == 0 ? 0 : full_scan(p, len, high);
        m.s = next;
        m.at = at;
    } while ((r = machine(p, len, high, m.s, m.at, m.stack, &m)) == TOKEN);
    return r == UNSURE ? full_scan(p, len, high) : r;
}

/* gcc would split the length test off into a wrapper: three more
 * instructions a pattern */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-partial-inlining")))
#endif
int cfv_rx_plain(const uint8_t *pattern, size_t len)
{
    uint8_t p[CFV_RX_PLAIN_MAX_LEN + PAD];
    if (len > CFV_RX_PLAIN_MAX_LEN)
        return 0;
    /* A pattern that opens with a group the subset lacks ("(?<", "(?P",
     * "(?(", as the compiled classes do: the commonest reason a pattern
     * is not plain) is refused before it is copied: paren()'s test, read
     * in place. */
    if (len >= 3 && pattern[0] == '(' && pattern[1] == '?' && !(cls[pattern[2]] & GROUP))
        return 0;
    high_bits high;
    copy_padded(p, pattern, len, &high);
    machine_at m;
    const int r = machine(p, len, high, ST(M_NOTHING, 0), 0, 1, &m);
    if (r == TOKEN)
        return after_token(p, len, high, m);
    return r == UNSURE ? full_scan(p, len, high) : r;
}

int cfv_regex_is_plain(const uint8_t *pattern, size_t len)
{
    return cfv_rx_library_ok() && cfv_rx_plain(pattern, len);
}
