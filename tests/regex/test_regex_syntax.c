/* PCRE2 syntax that must not be taken for a group or a quantifier (and the
 * group forms that must be), as PCRE2 10.42 parses it. */
#include "test_regex_util.h"

static void backslash_paren_is_literal(void **state)
{
    (void)state;
    SAFE("\\(a+\\)+");
    NESTED("\\((a+)+", 2);
}

static void hex_octal_and_unicode_escapes_are_characters(void **state)
{
    (void)state;
    SAFE("\\x{28}a+\\x{29}+");
    SAFE("\\x28a+\\x29+");
    SAFE("\\o{50}a+\\o{51}+");
    SAFE("\\N{U+28}a+\\N{U+29}+");
    NESTED("\\x{41}(a+)+", 6);
}

static void property_escapes_are_single_items(void **state)
{
    (void)state;
    SAFE("\\p{L}+\\P{Lu}*");
    SAFE("\\pL+(\\p{^N})+");
    NESTED("(\\p{Latin}+)+", 0);
}

/* 10.40+ loose matching: '_', '-' and spaces in a property name do not
 * count against its 30-character limit. */
static void property_names_skip_separators(void **state)
{
    (void)state;
    NESTED("(\\p{ L - u _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ }+)+", 0);
    SAFE("\\p{\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\rL}+");
}

/* \cX swallows the next character, '(' and ')' included. */
static void control_escape_swallows_one_character(void **state)
{
    (void)state;
    NESTED("(\\c)a+)+", 0);
    REJECTED("\\c(a+)+");
}

static void quote_runs_are_literal(void **state)
{
    (void)state;
    SAFE("\\Q(a+)+\\E");
    SAFE("\\Q(a+)+"); /* \Q runs to the end */
    NESTED("\\Q(\\E(a+)+", 5);
}

/* An empty \Q\E or a stray \E between an item and its quantifier is ignored. */
static void empty_quote_is_transparent(void **state)
{
    (void)state;
    NESTED("(a+)\\Q\\E+", 0);
    NESTED("(a+)\\E+", 0);
}

static void named_backreferences_are_items(void **state)
{
    (void)state;
    SAFE("(?<n>a)\\k<n>+\\k'n'*\\k{n}+\\g{n}*");
    SAFE("(a)\\g{1}+\\g1*\\g{-1}+\\g-1*");
}

static void octal_and_backreference_digits(void **state)
{
    (void)state;
    NESTED("\\12(a+)+", 3);
    SAFE("(a)\\1+\\0+\\011*");
    SAFE("[\\1(\\2]+");
}

static void class_does_not_open_groups(void **state)
{
    (void)state;
    SAFE("[(a+)]+");
    SAFE("[[(a+)]+");
}

static void bracket_first_in_class_is_literal(void **state)
{
    (void)state;
    SAFE("[]a+(]+");
    SAFE("[^](a+)]+");
    NESTED("[]](a+)+", 3);
}

static void escapes_inside_class(void **state)
{
    (void)state;
    SAFE("[a\\](b+)+]");
    SAFE("[\\x{5d}(a+)+]");
    SAFE("[\\Q]\\E(a+)+]");
    SAFE("[\\Q\\E](a+)+]");
    NESTED("[\\]](a+)+", 4);
}

static void posix_classes_inside_class(void **state)
{
    (void)state;
    SAFE("[[:alpha:](]+");
    SAFE("[[:^digit:]()+]*");
    NESTED("[[:alpha:]](a+)+", 11);
}

static void non_capturing_and_named_groups(void **state)
{
    (void)state;
    NESTED("(?:a+)+", 0);
    NESTED("(?<n>a+)+", 0);
    NESTED("(?P<n>a+)+", 0);
    NESTED("(?'n'a+)+", 0);
}

static void lookaround_atomic_and_reset_groups(void **state)
{
    (void)state;
    NESTED("(?=a+)+", 0);
    NESTED("(?!a+)+", 0);
    NESTED("(?>a+)+", 0);
    NESTED("(?|a+|b)+", 0);
    NESTED("(?*a+)+", 0);
    SAFE("(?<=a)+b+(?<!c)*"); /* lookbehinds are fixed length */
}

static void option_groups(void **state)
{
    (void)state;
    NESTED("(?i:a+)+", 0);
    NESTED("(?^:a+)+", 0);
    NESTED("(?i-s:a+)*", 0);
    NESTED("x(?i)(a+)+", 5);
}

/* (?i) sets options; it is not an item a quantifier could repeat. */
static void option_setting_is_not_a_group(void **state)
{
    (void)state;
    REJECTED("(?i)a+(?-i)+");
    REJECTED("(?i)*");
}

/* A comment runs to the first ')'. Between an item and its quantifier it
 * is ignored. */
static void comments(void **state)
{
    (void)state;
    SAFE("a(?#(b+)");
    NESTED("(a+)(?#c)+", 0);
    REJECTED("(?#(a+)+)x");
}

static void conditionals(void **state)
{
    (void)state;
    NESTED("(?(1)(a+)+|b)(c)", 5);
    SAFE("(?(<n>)a|b)(?<n>c)+");
    SAFE("(?('n')a|b+)(?<n>c)");
    SAFE("(?(R)a|b)(?(R1)c|d+)(x)");
    SAFE("(?(R&n)a|b+)(?<n>c)");
    SAFE("(?(VERSION>=10.4)a+|b)");
    NESTED("(?(DEFINE)(a+))(?1)+", 15);
    NESTED("(?(?C1)(?=a)b+|c)+", 0);
}

static void verbs_are_items_not_groups(void **state)
{
    (void)state;
    SAFE("(*MARK:x)a+(*PRUNE)b+(*SKIP)(*THEN)(*COMMIT)");
    SAFE("a+(*ACCEPT)+");
    SAFE("(*:(a+)b+");          /* a verb's argument runs to the first ')' */
    REJECTED("(*MARK:(a+)+)");  /* ...so '+' then has nothing to repeat */
    REJECTED("(*F)+");
}

static void leading_option_items(void **state)
{
    (void)state;
    NESTED("(*UTF)(*LIMIT_MATCH=10)(a+)+", 23);
    NESTED("(*NO_AUTO_POSSESS)(*LIMIT_DEPTH=5)(*LIMIT_HEAP=9)(a+)+", 49);
    SAFE("(*UCP)(*NOTEMPTY)(*NO_JIT)a+");
}

static void callouts(void **state)
{
    (void)state;
    NESTED("(?C1)(a+)+", 5);
    SAFE("(?C\"(a+)+\")x");
    SAFE("(?C{(a+)+})x");
    SAFE("(?C'it''s (a+)+')x");
    REJECTED("(?C1)*");
}

static void quantifier_forms(void **state)
{
    (void)state;
    NESTED("(a+){2,}+", 0);
    NESTED("(a+){1,}?", 0);
    NESTED("(a*)*?", 0);
    SAFE("(a+){2}+");
}

/* 10.42: {,m}, {}, {x}, {1,x} and an unclosed brace are literal text. */
static void malformed_braces_are_literals(void **state)
{
    (void)state;
    SAFE("(a+){,5}");
    SAFE("(a{,5})+");
    SAFE("(a+){1,x}");
    SAFE("(a+){}");
    SAFE("(a+){2");
    SAFE("(a+)\\{2,\\}");
    NESTED("(a{,}b+){3,}", 0);
}

static void quantifier_errors(void **state)
{
    (void)state;
    REJECTED("a**");
    REJECTED("^*");
    REJECTED("\\b+");
    REJECTED("a{2,1}");
    REJECTED("a{65536}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backslash_paren_is_literal),
        cmocka_unit_test(hex_octal_and_unicode_escapes_are_characters),
        cmocka_unit_test(property_escapes_are_single_items),
        cmocka_unit_test(property_names_skip_separators),
        cmocka_unit_test(control_escape_swallows_one_character),
        cmocka_unit_test(quote_runs_are_literal),
        cmocka_unit_test(empty_quote_is_transparent),
        cmocka_unit_test(named_backreferences_are_items),
        cmocka_unit_test(octal_and_backreference_digits),
        cmocka_unit_test(class_does_not_open_groups),
        cmocka_unit_test(bracket_first_in_class_is_literal),
        cmocka_unit_test(escapes_inside_class),
        cmocka_unit_test(posix_classes_inside_class),
        cmocka_unit_test(non_capturing_and_named_groups),
        cmocka_unit_test(lookaround_atomic_and_reset_groups),
        cmocka_unit_test(option_groups),
        cmocka_unit_test(option_setting_is_not_a_group),
        cmocka_unit_test(comments),
        cmocka_unit_test(conditionals),
        cmocka_unit_test(verbs_are_items_not_groups),
        cmocka_unit_test(leading_option_items),
        cmocka_unit_test(callouts),
        cmocka_unit_test(quantifier_forms),
        cmocka_unit_test(malformed_braces_are_literals),
        cmocka_unit_test(quantifier_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
