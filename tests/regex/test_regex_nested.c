/* CFV056: what is and is not a nested unbounded quantifier (FORMAT.md
 * section 5), including subroutine calls and recursion. */
#include "test_regex_util.h"

/* FORMAT.md's own examples */
static void spec_plus_in_plus(void **state)
{
    (void)state;
    NESTED("(a+)+", 0);
}

static void spec_two_stars_in_star(void **state)
{
    (void)state;
    NESTED("(x*y*)*", 0);
}

static void spec_alternative_in_star(void **state)
{
    (void)state;
    NESTED("(?:ab+|c)*", 0);
}

/* "contains" means at any depth */
static void contained_at_depth(void **state)
{
    (void)state;
    NESTED("((a+)b)*", 0);
    NESTED("(?:(?:a+)?)+", 0);
    NESTED("(?:x|(?:y|(?:z(a*))))+", 0);
}

static void brace_unbounded_counts_both_ways(void **state)
{
    (void)state;
    NESTED("(a+){2,}", 0);
    NESTED("(a{3,})*", 0);
    NESTED("(a{0,}){1,}", 0);
}

static void offset_is_the_outer_groups_paren(void **state)
{
    (void)state;
    NESTED("x(?:y(a+))*", 1);
    NESTED("((a+)+)+", 0);
}

static void leftmost_offender_is_reported(void **state)
{
    (void)state;
    NESTED("(ab)*c(d+)+e(f*)*", 6);
}

static void optional_group_is_not_nested(void **state)
{
    (void)state;
    SAFE("(a+)?");
    SAFE("(a*)??");
}

static void bounded_repeat_is_not_nested(void **state)
{
    (void)state;
    SAFE("(a+){2,5}");
    SAFE("(a+){3}");
    SAFE("(a+){0,100}");
    SAFE("(a+){0}");
}

static void group_without_unbounded_inside_is_not_nested(void **state)
{
    (void)state;
    SAFE("(ab)*");
    SAFE("(a{2}b?){1,}");
    SAFE("(?:a|b{1,9})+");
}

static void sequence_of_quantifiers_is_not_nested(void **state)
{
    (void)state;
    SAFE("a+b+");
    SAFE("(a)+(b)+");
    SAFE("(a+)(b)+");
    SAFE("(a+)x*");
}

static void class_is_not_a_group(void **state)
{
    (void)state;
    SAFE("[a+]*");
}

static void escaped_parens_are_not_a_group(void **state)
{
    (void)state;
    SAFE("\\(a+\\)+");
}

/* The definition is syntactic; PCRE2 might not backtrack into these, but
 * the strict reading flags them. */
static void possessive_and_atomic_are_flagged(void **state)
{
    (void)state;
    NESTED("(a++)+", 0);
    NESTED("(a+)++", 0);
    NESTED("(?>a+)*", 0);
    NESTED("(*atomic:a+)+", 0);
    NESTED("(a*+)*+", 0);
}

static void lazy_quantifiers_are_flagged(void **state)
{
    (void)state;
    NESTED("(a+?)+?", 0);
    NESTED("(a{2,}?)*?", 0);
}

static void lookarounds_are_flagged(void **state)
{
    (void)state;
    NESTED("(?=a+)*", 0);
    NESTED("(?!a+)+", 0);
    NESTED("(*pla:a+)+", 0);
}

static void conditional_group_is_flagged(void **state)
{
    (void)state;
    NESTED("(?(1)a+|b)*(x)", 0);
    NESTED("(?(?=a+)b|c)*", 0);
    NESTED("(?(R)a+|b)+", 0);
}

static void call_to_unbounded_group_repeated(void **state)
{
    (void)state;
    NESTED("(a+)(?1)*", 4);
    SAFE("(a)(?1)*");
    SAFE("(a{2})(?1)*");
}

static void call_forms(void **state)
{
    (void)state;
    NESTED("(?<n>a+)(?&n)+", 8);
    NESTED("(?P<n>a+)(?P>n)+", 9);
    NESTED("(a+)\\g<1>+", 4);
    NESTED("(?<n>a+)\\g'n'+", 8);
    NESTED("(a+)(?-1)+", 4);
    NESTED("(?+1)+(a+)", 0);
}

static void call_inside_repeated_group(void **state)
{
    (void)state;
    NESTED("(a+)(?:x(?1))*", 4);
}

static void call_reaches_through_calls(void **state)
{
    (void)state;
    NESTED("(a+)(b(?1))(?2)*", 11);
    NESTED("(?(DEFINE)(?<d>\\d+))(?&d)+", 20);
}

static void recursion_counts_the_whole_pattern(void **state)
{
    (void)state;
    NESTED("a(?R)*", 1);
    NESTED("(a(?1)*)", 2);
    NESTED("b+(?:x(?0))*", 2);
    SAFE("a(?R)?");
}

/* Conservative: any group that has the number (branch reset) or the name
 * (duplicate names) is taken as the target. */
static void ambiguous_targets_are_taken_together(void **state)
{
    (void)state;
    NESTED("(?|(a)|(b+))(?1)+", 12);
    NESTED("(?J)(?<n>a)(?<n>b+)(?&n)+", 19);
}

static void backreference_is_not_a_call(void **state)
{
    (void)state;
    SAFE("(a+)\\1+");
    SAFE("(?<n>a+)\\k<n>*");
    SAFE("(a+)\\g{1}+");
    SAFE("(a+)\\g{-1}*");
    SAFE("(?<n>a+)(?P=n)+");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_plus_in_plus),
        cmocka_unit_test(spec_two_stars_in_star),
        cmocka_unit_test(spec_alternative_in_star),
        cmocka_unit_test(contained_at_depth),
        cmocka_unit_test(brace_unbounded_counts_both_ways),
        cmocka_unit_test(offset_is_the_outer_groups_paren),
        cmocka_unit_test(leftmost_offender_is_reported),
        cmocka_unit_test(optional_group_is_not_nested),
        cmocka_unit_test(bounded_repeat_is_not_nested),
        cmocka_unit_test(group_without_unbounded_inside_is_not_nested),
        cmocka_unit_test(sequence_of_quantifiers_is_not_nested),
        cmocka_unit_test(class_is_not_a_group),
        cmocka_unit_test(escaped_parens_are_not_a_group),
        cmocka_unit_test(possessive_and_atomic_are_flagged),
        cmocka_unit_test(lazy_quantifiers_are_flagged),
        cmocka_unit_test(lookarounds_are_flagged),
        cmocka_unit_test(conditional_group_is_flagged),
        cmocka_unit_test(call_to_unbounded_group_repeated),
        cmocka_unit_test(call_forms),
        cmocka_unit_test(call_inside_repeated_group),
        cmocka_unit_test(call_reaches_through_calls),
        cmocka_unit_test(recursion_counts_the_whole_pattern),
        cmocka_unit_test(ambiguous_targets_are_taken_together),
        cmocka_unit_test(backreference_is_not_a_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
