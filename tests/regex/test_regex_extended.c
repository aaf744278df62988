/* Extended mode ((?x), (?xx), PCRE2_EXTENDED): white space and # comments
 * are skipped, a comment ends at a newline of the pattern's newline
 * convention, and the setting ends with the enclosing group. */
#include "test_regex_util.h"

static void comment_hides_the_rest_of_the_line(void **state)
{
    (void)state;
    SAFE("(?x) ( a + ) # )+");
    SAFE("(?x)(a+)#)+");
}

static void newline_ends_the_comment(void **state)
{
    (void)state;
    NESTED("(?x) ( a + ) # )+\n+", 5);
    NESTED("(?x)(a+)#c\n*", 4);
}

static void space_between_item_and_quantifier_is_skipped(void **state)
{
    (void)state;
    NESTED("(?x)(a+) +", 4);
    NESTED("(?x)( a + ) \t *", 4);
    NESTED("(?x)(a+)\v+", 4);
}

static void space_between_quantifier_and_suffix_is_skipped(void **state)
{
    (void)state;
    NESTED("(?x)(a+) + ?", 4);
    NESTED("(?x)(a+) * #c\n +", 4);
}

static void unicode_white_space_is_skipped(void **state)
{
    (void)state;
    NESTED("(?x)(a+)\xc2\x85+", 4);     /* NEL */
    NESTED("(?x)(a+)\xe2\x80\x8e+", 4); /* LEFT-TO-RIGHT MARK */
    NESTED("(?x)(a+)\xe2\x80\xa8+", 4); /* LINE SEPARATOR */
}

static void escaped_space_is_a_literal(void **state)
{
    (void)state;
    SAFE("(?x)(a+)\\ +");
    SAFE("(?x)(a+)\\#+");
}

static void setting_ends_with_the_group(void **state)
{
    (void)state;
    SAFE("(?:(?x) )(a+) +");
    NESTED("(?x)(?:)(a+) +", 8);
    SAFE("(?x:)(a+) +");
}

static void unsetting_and_caret_turn_it_off(void **state)
{
    (void)state;
    SAFE("(?x)(?-x)(a+) +");
    SAFE("(?x)(?^)(a+) +");
    SAFE("(?xx)(?-x)(a+) +");
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

/* (?xx) also skips spaces and tabs inside classes, so "[ ]" opens a class
 * whose first data character is the ']'. */
static void double_x_skips_space_in_classes(void **state)
{
    (void)state;
    NESTED("[ ](a+)+]", 3);
    SAFE("(?xx)[ ](a+)+]");
    NESTED("(?x)[ ](a+)+", 7);
}

static void hash_in_class_is_not_a_comment(void **state)
{
    (void)state;
    NESTED("(?x)[#](a+)+", 7);
}

/* The newline convention decides where a # comment ends. */
static void newline_convention_cr(void **state)
{
    (void)state;
    SAFE("(*CR)(?x)(a+)#c\n+");
    NESTED("(*CR)(?x)(a+)#c\r+", 9);
}

static void newline_convention_crlf(void **state)
{
    (void)state;
    SAFE("(*CRLF)(?x)(a+)#c\n+");
    SAFE("(*CRLF)(?x)(a+)#c\r+");
    NESTED("(*CRLF)(?x)(a+)#c\r\n+", 11);
}

static void newline_convention_any(void **state)
{
    (void)state;
    NESTED("(*ANY)(?x)(a+)#c\xc2\x85+", 10);
    NESTED("(*ANY)(?x)(a+)#c\xe2\x80\xa8+", 10);
    SAFE("(?x)(a+)#c\xc2\x85+"); /* NEL is no newline under LF */
    NESTED("(*ANYCRLF)(?x)(a+)#c\r+", 14);
}

static void newline_convention_nul(void **state)
{
    (void)state;
    SAFE("(*NUL)(?x)(a+)#c\n+");
    NESTED("(*NUL)(?x)(a+)#c\0+", 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comment_hides_the_rest_of_the_line),
        cmocka_unit_test(newline_ends_the_comment),
        cmocka_unit_test(space_between_item_and_quantifier_is_skipped),
        cmocka_unit_test(space_between_quantifier_and_suffix_is_skipped),
        cmocka_unit_test(unicode_white_space_is_skipped),
        cmocka_unit_test(escaped_space_is_a_literal),
        cmocka_unit_test(setting_ends_with_the_group),
        cmocka_unit_test(unsetting_and_caret_turn_it_off),
        cmocka_unit_test(compile_option_turns_it_on),
        cmocka_unit_test(double_x_skips_space_in_classes),
        cmocka_unit_test(hash_in_class_is_not_a_comment),
        cmocka_unit_test(newline_convention_cr),
        cmocka_unit_test(newline_convention_crlf),
        cmocka_unit_test(newline_convention_any),
        cmocka_unit_test(newline_convention_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
