/* CFV056: what is and is not a nested unbounded quantifier (FORMAT.md
 * section 5), including subroutine calls and recursion. */
#include "fixture.h"
#include "test_regex_util.h"

/* Each case: the pattern, then where the analyzer finds a nested unbounded
 * quantifier (RE_SAFE: none; RE_REJECTED: PCRE2 and the analyzer refuse it). */
static const re_case cases[] = {
    /* FORMAT.md's own examples */
    /* spec plus in plus */
    RE_CASE("(a+)+", 0),
    /* spec two stars in star */
    RE_CASE("(x*y*)*", 0),
    /* spec alternative in star */
    RE_CASE("(?:ab+|c)*", 0),
    /* "contains" means at any depth */
    /* contained at depth */
    RE_CASE("((a+)b)*", 0),
    RE_CASE("(?:(?:a+)?)+", 0),
    RE_CASE("(?:x|(?:y|(?:z(a*))))+", 0),
    /* brace unbounded counts both ways */
    RE_CASE("(a+){2,}", 0),
    RE_CASE("(a{3,})*", 0),
    RE_CASE("(a{0,}){1,}", 0),
    /* offset is the outer groups paren */
    RE_CASE("x(?:y(a+))*", 1),
    RE_CASE("((a+)+)+", 0),
    /* leftmost offender is reported */
    RE_CASE("(ab)*c(d+)+e(f*)*", 6),
    /* optional group is not nested */
    RE_CASE("(a+)?", RE_SAFE),
    RE_CASE("(a*)??", RE_SAFE),
    /* bounded repeat is not nested */
    RE_CASE("(a+){2,5}", RE_SAFE),
    RE_CASE("(a+){3}", RE_SAFE),
    RE_CASE("(a+){0,100}", RE_SAFE),
    RE_CASE("(a+){0}", RE_SAFE),
    /* group without unbounded inside is not nested */
    RE_CASE("(ab)*", RE_SAFE),
    RE_CASE("(a{2}b?){1,}", RE_SAFE),
    RE_CASE("(?:a|b{1,9})+", RE_SAFE),
    /* sequence of quantifiers is not nested */
    RE_CASE("a+b+", RE_SAFE),
    RE_CASE("(a)+(b)+", RE_SAFE),
    RE_CASE("(a+)(b)+", RE_SAFE),
    RE_CASE("(a+)x*", RE_SAFE),
    /* class is not a group */
    RE_CASE("[a+]*", RE_SAFE),
    /* escaped parens are not a group */
    RE_CASE("\\(a+\\)+", RE_SAFE),
    /* The definition is syntactic; PCRE2 might not backtrack into these, but
     * the strict reading flags them. */
    /* possessive and atomic are flagged */
    RE_CASE("(a++)+", 0),
    RE_CASE("(a+)++", 0),
    RE_CASE("(?>a+)*", 0),
    RE_CASE("(*atomic:a+)+", 0),
    RE_CASE("(a*+)*+", 0),
    /* lazy quantifiers are flagged */
    RE_CASE("(a+?)+?", 0),
    RE_CASE("(a{2,}?)*?", 0),
    /* lookarounds are flagged */
    RE_CASE("(?=a+)*", 0),
    RE_CASE("(?!a+)+", 0),
    RE_CASE("(*pla:a+)+", 0),
    /* conditional group is flagged */
    RE_CASE("(?(1)a+|b)*(x)", 0),
    RE_CASE("(?(?=a+)b|c)*", 0),
    RE_CASE("(?(R)a+|b)+", 0),
    /* call to unbounded group repeated */
    RE_CASE("(a+)(?1)*", 4),
    RE_CASE("(a)(?1)*", RE_SAFE),
    RE_CASE("(a{2})(?1)*", RE_SAFE),
    /* call forms */
    RE_CASE("(?<n>a+)(?&n)+", 8),
    RE_CASE("(?P<n>a+)(?P>n)+", 9),
    RE_CASE("(a+)\\g<1>+", 4),
    RE_CASE("(?<n>a+)\\g'n'+", 8),
    RE_CASE("(a+)(?-1)+", 4),
    RE_CASE("(?+1)+(a+)", 0),
    /* call inside repeated group */
    RE_CASE("(a+)(?:x(?1))*", 4),
    /* call reaches through calls */
    RE_CASE("(a+)(b(?1))(?2)*", 11),
    RE_CASE("(?(DEFINE)(?<d>\\d+))(?&d)+", 20),
    /* recursion counts the whole pattern */
    RE_CASE("a(?R)*", 1),
    RE_CASE("(a(?1)*)", 2),
    RE_CASE("b+(?:x(?0))*", 2),
    RE_CASE("a(?R)?", RE_SAFE),
    /* Conservative: any group that has the number (branch reset) or the name
     * (duplicate names) is taken as the target. */
    /* ambiguous targets are taken together */
    RE_CASE("(?|(a)|(b+))(?1)+", 12),
    RE_CASE("(?J)(?<n>a)(?<n>b+)(?&n)+", 19),
    /* backreference is not a call */
    RE_CASE("(a+)\\1+", RE_SAFE),
    RE_CASE("(?<n>a+)\\k<n>*", RE_SAFE),
    RE_CASE("(a+)\\g{1}+", RE_SAFE),
    RE_CASE("(a+)\\g{-1}*", RE_SAFE),
    RE_CASE("(?<n>a+)(?P=n)+", RE_SAFE),
};

RE_TABLE_MAIN(cases)
