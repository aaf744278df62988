/* PCRE2 syntax that must not be taken for a group or a quantifier (and the
 * group forms that must be), as PCRE2 10.42 parses it. */
#include "fixture.h"
#include "test_regex_util.h"

/* Each case: the pattern, then where the analyzer finds a nested unbounded
 * quantifier (RE_SAFE: none; RE_REJECTED: PCRE2 and the analyzer refuse it). */
static const re_case cases[] = {
    /* backslash paren is literal */
    RE_CASE("\\(a+\\)+", RE_SAFE),
    RE_CASE("\\((a+)+", 2),
    /* hex octal and unicode escapes are characters */
    RE_CASE("\\x{28}a+\\x{29}+", RE_SAFE),
    RE_CASE("\\x28a+\\x29+", RE_SAFE),
    RE_CASE("\\o{50}a+\\o{51}+", RE_SAFE),
    RE_CASE("\\N{U+28}a+\\N{U+29}+", RE_SAFE),
    RE_CASE("\\x{41}(a+)+", 6),
    /* property escapes are single items */
    RE_CASE("\\p{L}+\\P{Lu}*", RE_SAFE),
    RE_CASE("\\pL+(\\p{^N})+", RE_SAFE),
    RE_CASE("(\\p{Latin}+)+", 0),
    /* 10.40+ loose matching: '_', '-' and spaces in a property name do not
     * count against its 30-character limit. */
    /* property names skip separators */
    RE_CASE("(\\p{ L - u _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ }+)+", 0),
    RE_CASE("\\p{\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\rL}+", RE_SAFE),
    /* \cX swallows the next character, '(' and ')' included. */
    /* control escape swallows one character */
    RE_CASE("(\\c)a+)+", 0),
    RE_CASE("\\c(a+)+", RE_REJECTED),
    /* quote runs are literal */
    RE_CASE("\\Q(a+)+\\E", RE_SAFE),
    RE_CASE("\\Q(a+)+", RE_SAFE), /* \Q runs to the end */
    RE_CASE("\\Q(\\E(a+)+", 5),
    /* An empty \Q\E or a stray \E between an item and its quantifier is ignored. */
    /* empty quote is transparent */
    RE_CASE("(a+)\\Q\\E+", 0),
    RE_CASE("(a+)\\E+", 0),
    /* named backreferences are items */
    RE_CASE("(?<n>a)\\k<n>+\\k'n'*\\k{n}+\\g{n}*", RE_SAFE),
    RE_CASE("(a)\\g{1}+\\g1*\\g{-1}+\\g-1*", RE_SAFE),
    /* octal and backreference digits */
    RE_CASE("\\12(a+)+", 3),
    RE_CASE("(a)\\1+\\0+\\011*", RE_SAFE),
    RE_CASE("[\\1(\\2]+", RE_SAFE),
    /* class does not open groups */
    RE_CASE("[(a+)]+", RE_SAFE),
    RE_CASE("[[(a+)]+", RE_SAFE),
    /* bracket first in class is literal */
    RE_CASE("[]a+(]+", RE_SAFE),
    RE_CASE("[^](a+)]+", RE_SAFE),
    RE_CASE("[]](a+)+", 3),
    /* escapes inside class */
    RE_CASE("[a\\](b+)+]", RE_SAFE),
    RE_CASE("[\\x{5d}(a+)+]", RE_SAFE),
    RE_CASE("[\\Q]\\E(a+)+]", RE_SAFE),
    RE_CASE("[\\Q\\E](a+)+]", RE_SAFE),
    RE_CASE("[\\]](a+)+", 4),
    /* posix classes inside class */
    RE_CASE("[[:alpha:](]+", RE_SAFE),
    RE_CASE("[[:^digit:]()+]*", RE_SAFE),
    RE_CASE("[[:alpha:]](a+)+", 11),
    /* non capturing and named groups */
    RE_CASE("(?:a+)+", 0),
    RE_CASE("(?<n>a+)+", 0),
    RE_CASE("(?P<n>a+)+", 0),
    RE_CASE("(?'n'a+)+", 0),
    /* lookaround atomic and reset groups */
    RE_CASE("(?=a+)+", 0),
    RE_CASE("(?!a+)+", 0),
    RE_CASE("(?>a+)+", 0),
    RE_CASE("(?|a+|b)+", 0),
    RE_CASE("(?*a+)+", 0),
    RE_CASE("(?<=a)+b+(?<!c)*", RE_SAFE), /* lookbehinds are fixed length */
    /* option groups */
    RE_CASE("(?i:a+)+", 0),
    RE_CASE("(?^:a+)+", 0),
    RE_CASE("(?i-s:a+)*", 0),
    RE_CASE("x(?i)(a+)+", 5),
    /* (?i) sets options; it is not an item a quantifier could repeat. */
    /* option setting is not a group */
    RE_CASE("(?i)a+(?-i)+", RE_REJECTED),
    RE_CASE("(?i)*", RE_REJECTED),
    /* A comment runs to the first ')'. Between an item and its quantifier it
     * is ignored. */
    /* comments */
    RE_CASE("a(?#(b+)", RE_SAFE),
    RE_CASE("(a+)(?#c)+", 0),
    RE_CASE("(?#(a+)+)x", RE_REJECTED),
    /* conditionals */
    RE_CASE("(?(1)(a+)+|b)(c)", 5),
    RE_CASE("(?(<n>)a|b)(?<n>c)+", RE_SAFE),
    RE_CASE("(?('n')a|b+)(?<n>c)", RE_SAFE),
    RE_CASE("(?(R)a|b)(?(R1)c|d+)(x)", RE_SAFE),
    RE_CASE("(?(R&n)a|b+)(?<n>c)", RE_SAFE),
    RE_CASE("(?(VERSION>=10.4)a+|b)", RE_SAFE),
    RE_CASE("(?(DEFINE)(a+))(?1)+", 15),
    RE_CASE("(?(?C1)(?=a)b+|c)+", 0),
    /* verbs are items not groups */
    RE_CASE("(*MARK:x)a+(*PRUNE)b+(*SKIP)(*THEN)(*COMMIT)", RE_SAFE),
    RE_CASE("a+(*ACCEPT)+", RE_SAFE),
    RE_CASE("(*:(a+)b+", RE_SAFE), /* a verb's argument runs to the first ')' */
    RE_CASE("(*MARK:(a+)+)", RE_REJECTED), /* ...so '+' then has nothing to repeat */
    RE_CASE("(*F)+", RE_REJECTED),
    /* leading option items */
    RE_CASE("(*UTF)(*LIMIT_MATCH=10)(a+)+", 23),
    RE_CASE("(*NO_AUTO_POSSESS)(*LIMIT_DEPTH=5)(*LIMIT_HEAP=9)(a+)+", 49),
    RE_CASE("(*UCP)(*NOTEMPTY)(*NO_JIT)a+", RE_SAFE),
    /* callouts */
    RE_CASE("(?C1)(a+)+", 5),
    RE_CASE("(?C\"(a+)+\")x", RE_SAFE),
    RE_CASE("(?C{(a+)+})x", RE_SAFE),
    RE_CASE("(?C'it''s (a+)+')x", RE_SAFE),
    RE_CASE("(?C1)*", RE_REJECTED),
    /* quantifier forms */
    RE_CASE("(a+){2,}+", 0),
    RE_CASE("(a+){1,}?", 0),
    RE_CASE("(a*)*?", 0),
    RE_CASE("(a+){2}+", RE_SAFE),
    /* 10.42: {,m}, {}, {x}, {1,x} and an unclosed brace are literal text. */
    /* malformed braces are literals */
    RE_CASE("(a+){,5}", RE_SAFE),
    RE_CASE("(a{,5})+", RE_SAFE),
    RE_CASE("(a+){1,x}", RE_SAFE),
    RE_CASE("(a+){}", RE_SAFE),
    RE_CASE("(a+){2", RE_SAFE),
    RE_CASE("(a+)\\{2,\\}", RE_SAFE),
    RE_CASE("(a{,}b+){3,}", 0),
    /* quantifier errors */
    RE_CASE("a**", RE_REJECTED),
    RE_CASE("^*", RE_REJECTED),
    RE_CASE("\\b+", RE_REJECTED),
    RE_CASE("a{2,1}", RE_REJECTED),
    RE_CASE("a{65536}", RE_REJECTED),
};

RE_TABLE_MAIN(cases)
