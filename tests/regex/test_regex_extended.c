/* Extended mode ((?x), (?xx), PCRE2_EXTENDED): white space and # comments
 * are skipped, a comment ends at a newline of the pattern's newline
 * convention, and the setting ends with the enclosing group. */
#include "test_regex_util.h"

/* Each case: the pattern, then where the analyzer finds a nested unbounded
 * quantifier (RE_SAFE: none; RE_REJECTED: PCRE2 and the analyzer refuse it). */
static const re_case cases[] = {
    /* comment hides the rest of the line */
    RE_CASE("(?x) ( a + ) # )+", RE_SAFE),
    RE_CASE("(?x)(a+)#)+", RE_SAFE),
    /* newline ends the comment */
    RE_CASE("(?x) ( a + ) # )+\n+", 5),
    RE_CASE("(?x)(a+)#c\n*", 4),
    /* space between item and quantifier is skipped */
    RE_CASE("(?x)(a+) +", 4),
    RE_CASE("(?x)( a + ) \t *", 4),
    RE_CASE("(?x)(a+)\v+", 4),
    /* space between quantifier and suffix is skipped */
    RE_CASE("(?x)(a+) + ?", 4),
    RE_CASE("(?x)(a+) * #c\n +", 4),
    /* unicode white space is skipped */
    RE_CASE("(?x)(a+)\xc2\x85+", 4), /* NEL */
    RE_CASE("(?x)(a+)\xe2\x80\x8e+", 4), /* LEFT-TO-RIGHT MARK */
    RE_CASE("(?x)(a+)\xe2\x80\xa8+", 4), /* LINE SEPARATOR */
    /* escaped space is a literal */
    RE_CASE("(?x)(a+)\\ +", RE_SAFE),
    RE_CASE("(?x)(a+)\\#+", RE_SAFE),
    /* setting ends with the group */
    RE_CASE("(?:(?x) )(a+) +", RE_SAFE),
    RE_CASE("(?x)(?:)(a+) +", 8),
    RE_CASE("(?x:)(a+) +", RE_SAFE),
    /* unsetting and caret turn it off */
    RE_CASE("(?x)(?-x)(a+) +", RE_SAFE),
    RE_CASE("(?x)(?^)(a+) +", RE_SAFE),
    RE_CASE("(?xx)(?-x)(a+) +", RE_SAFE),
    /* (?xx) also skips spaces and tabs inside classes, so "[ ]" opens a class
     * whose first data character is the ']'. */
    /* double x skips space in classes */
    RE_CASE("[ ](a+)+]", 3),
    RE_CASE("(?xx)[ ](a+)+]", RE_SAFE),
    RE_CASE("(?x)[ ](a+)+", 7),
    /* hash in class is not a comment */
    RE_CASE("(?x)[#](a+)+", 7),
    /* The newline convention decides where a # comment ends. */
    /* newline convention cr */
    RE_CASE("(*CR)(?x)(a+)#c\n+", RE_SAFE),
    RE_CASE("(*CR)(?x)(a+)#c\r+", 9),
    /* newline convention crlf */
    RE_CASE("(*CRLF)(?x)(a+)#c\n+", RE_SAFE),
    RE_CASE("(*CRLF)(?x)(a+)#c\r+", RE_SAFE),
    RE_CASE("(*CRLF)(?x)(a+)#c\r\n+", 11),
    /* newline convention any */
    RE_CASE("(*ANY)(?x)(a+)#c\xc2\x85+", 10),
    RE_CASE("(*ANY)(?x)(a+)#c\xe2\x80\xa8+", 10),
    RE_CASE("(?x)(a+)#c\xc2\x85+", RE_SAFE), /* NEL is no newline under LF */
    RE_CASE("(*ANYCRLF)(?x)(a+)#c\r+", 14),
    /* newline convention nul */
    RE_CASE("(*NUL)(?x)(a+)#c\n+", RE_SAFE),
    RE_CASE("(*NUL)(?x)(a+)#c\0+", 10),
};

static void extended_cases(void **state)
{
    (void)state;
    EXPECT_CASES(cases);
}

static void compile_option_turns_it_on(void **state)
{
    (void)state;
    uint32_t x = cfv_regex_compile_options(0) | PCRE2_EXTENDED;
    NESTED_OPTS("(a+) +", x, 0);
    SAFE_OPTS("(a+)#)\n", x);
    NESTED_OPTS("(a+)#)\n+", x, 0);
    SAFE_OPTS("(?-x)(a+) +", x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extended_cases),
        cmocka_unit_test(compile_option_turns_it_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
