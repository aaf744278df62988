/* The plain subset: REGEX operands whose verdict is CFV_RE_OK without
 * compiling them. A file of many distinct patterns would otherwise cost a
 * PCRE2 compile (~4.5 us) each; most content regexes are literals, classes,
 * plain groups, alternation, anchors and quantifiers, and for those the
 * answer follows from the syntax alone.
 *
 * The subset is chosen so that PCRE2 10.42 compiles every member with the
 * REGEX options (UTF, NEVER_BACKSLASH_C, with or without CASELESS) and the
 * CFV056 analysis finds no nested unbounded quantifier in it:
 *   - valid UTF-8 (PCRE2's UTF check), no control bytes, at most
 *     CFV_RX_PLAIN_MAX_LEN bytes and CFV_RX_PLAIN_MAX_DEPTH nested groups
 *     (far below PCRE2's 250 and its 64 Ki code units: no item here
 *     compiles to more than ~16 code units per pattern byte);
 *   - literals: printable ASCII other than the metacharacters, UTF-8
 *     characters, \n \t \r and a backslash before ASCII punctuation;
 *   - . \d \D \w \W \s \S, and the assertions ^ $ \b \B (never repeated);
 *   - [..] and [^..] of printable ASCII: literals, ascending ranges of two
 *     plain literals, the escapes above, '-' first or last; no '[' inside
 *     (POSIX classes), no ']' first, no ':' '.' '=' right after the '['
 *     (PCRE2 refuses "[:alpha:]" outside a class);
 *   - ( ) and (?: ), alternation |;
 *   - * + ? {n} {n,} {n,m} (n <= m <= 65535), with a ? or + suffix, after
 *     a character item; after a group only * + ? (a counted group is
 *     copied by the compiler, so its size would no longer be bounded by the
 *     pattern's), and an unbounded one only if the group contains no
 *     unbounded quantifier at any depth (CFV056, read as regex_nested.c
 *     reads it).
 * Anything else answers 0: the caller then compiles and analyses as
 * before, so the subset only ever saves work and never decides a
 * rejection. test_regex_plain checks every member it generates against
 * PCRE2 and the analyser. */
#include "cfv/utf8.h"
#include "regex_internal.h"

enum { NOTHING, CHAR_ITEM, GROUP_ITEM }; /* what a quantifier here repeats */

static int is_alnum(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Printable ASCII a class may hold as itself (a ']' never gets here: it
 * closes the class, and is no range's end). */
static int class_literal(uint8_t c)
{
    return c >= 0x20 && c < 0x7f && c != '\\' && c != '[';
}

/* An escape at p[i] == '\\': 1 for a character item, 2 for an assertion
 * (\b \B, outside classes only), 0 if outside the subset. */
static int escape(const uint8_t *p, size_t len, size_t i, int in_class)
{
    if (i + 1 >= len)
        return 0;
    switch (p[i + 1]) {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'n': case 't': case 'r':
        return 1;
    case 'b': case 'B':
        return in_class ? 0 : 2;
    default:
        return p[i + 1] >= 0x20 && p[i + 1] < 0x7f && !is_alnum(p[i + 1]);
    }
}

/* The class at p[i] == '[': its length, or 0 if outside the subset. */
static size_t class_len(const uint8_t *p, size_t len, size_t i)
{
    size_t start = i + 1;
    /* "[:", "[." and "[=" may open a POSIX item, which PCRE2 refuses
     * outside a class */
    if (start < len && (p[start] == ':' || p[start] == '.' || p[start] == '='))
        return 0;
    if (start < len && p[start] == '^')
        start++;
    if (start >= len || p[start] == ']')
        return 0;
    for (size_t k = start; k < len;) {
        uint8_t c = p[k];
        if (c == ']')
            return k + 1 - i;
        if (c == '\\') {
            if (!escape(p, len, k, 1))
                return 0;
            k += 2;
            if (k < len && p[k] == '-' && !(k + 1 < len && p[k + 1] == ']'))
                return 0; /* an escape is never a range's end here */
            continue;
        }
        if (!class_literal(c))
            return 0;
        if (c == '-' && k != start && !(k + 1 < len && p[k + 1] == ']'))
            return 0; /* '-' only first or last */
        if (c != '-' && k + 2 < len && p[k + 1] == '-' && p[k + 2] != ']') {
            uint8_t hi = p[k + 2];
            if (!class_literal(hi) || hi == '-' || hi < c)
                return 0;
            k += 3;
            continue;
        }
        k++;
    }
    return 0; /* no closing ']' */
}

/* The quantifier at p[i]: its length with a ? or + suffix, or 0 if outside
 * the subset; *unbounded set when it has no upper bound, *counted when it
 * is a {..} form. */
static size_t quantifier_len(const uint8_t *p, size_t len, size_t i, int *unbounded, int *counted)
{
    size_t k = i + 1;
    *unbounded = p[i] != '?';
    *counted = p[i] == '{';
    if (p[i] == '{') {
        uint32_t min = 0, max = 0;
        size_t d = k;
        for (; k < len && k - d < 5 && p[k] >= '0' && p[k] <= '9'; k++)
            min = min * 10 + (uint32_t)(p[k] - '0');
        if (k == d || k >= len)
            return 0;
        max = min;
        *unbounded = 0;
        if (p[k] == ',') {
            d = ++k;
            max = 0;
            for (; k < len && k - d < 5 && p[k] >= '0' && p[k] <= '9'; k++)
                max = max * 10 + (uint32_t)(p[k] - '0');
            *unbounded = k == d;
        }
        if (k >= len || p[k] != '}' || min > CFV_RX_MAX_NUMBER ||
            (!*unbounded && (max > CFV_RX_MAX_NUMBER || max < min)))
            return 0;
        k++;
    }
    if (k < len && (p[k] == '?' || p[k] == '+'))
        k++;
    return k - i;
}

int cfv_rx_plain(const uint8_t *p, size_t len)
{
    uint8_t unb[CFV_RX_PLAIN_MAX_DEPTH + 1]; /* per open group: holds an unbounded quantifier */
    unsigned depth = 0;
    int item = NOTHING, group_unb = 0;
    size_t bad;
    if (len > CFV_RX_PLAIN_MAX_LEN || (len && !cfv_utf8_valid(p, len, &bad)))
        return 0;
    unb[0] = 0;
    for (size_t i = 0; i < len;) {
        uint8_t c = p[i];
        size_t n = 1;
        int unbounded, counted, kind;
        switch (c) {
        case '(':
            if (i + 1 < len && (p[i + 1] == '?' || p[i + 1] == '*')) {
                if (p[i + 1] == '*' || i + 2 >= len || p[i + 2] != ':')
                    return 0;
                n = 3;
            }
            if (depth == CFV_RX_PLAIN_MAX_DEPTH)
                return 0;
            unb[++depth] = 0;
            item = NOTHING;
            break;
        case ')':
            if (depth == 0)
                return 0;
            group_unb = unb[depth--];
            unb[depth] |= (uint8_t)group_unb;
            item = GROUP_ITEM;
            break;
        case '|':
        case '^':
        case '$':
            item = NOTHING;
            break;
        case '*':
        case '+':
        case '?':
        case '{':
            n = item == NOTHING ? 0 : quantifier_len(p, len, i, &unbounded, &counted);
            if (n == 0 || (item == GROUP_ITEM && (counted || (unbounded && group_unb))))
                return 0;
            unb[depth] |= (uint8_t)unbounded;
            item = NOTHING;
            break;
        case '[':
            n = class_len(p, len, i);
            if (n == 0)
                return 0;
            item = CHAR_ITEM;
            break;
        case '\\':
            kind = escape(p, len, i, 0);
            if (kind == 0)
                return 0;
            n = 2;
            item = kind == 1 ? CHAR_ITEM : NOTHING;
            break;
        case ']':
        case '}':
            return 0;
        default:
            if (c < 0x20 || c == 0x7f)
                return 0;
            /* One whole character: the UTF-8 was checked above. */
            n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            item = CHAR_ITEM;
            break;
        }
        i += n;
    }
    return depth == 0;
}

int cfv_regex_is_plain(const uint8_t *pattern, size_t len)
{
    return cfv_rx_library_ok() && cfv_rx_plain(pattern, len);
}
