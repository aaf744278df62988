/* The host renderer: catalog templates + typed arguments -> text, never
 * truncated, untrusted bytes escaped as C would; field paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/render.h"

static const char *const colours[3] = { "RED", NULL, "BLUE" };
static const cfv_enum_info enums[] = { { "Colour", colours, 3 } };
static const cfv_rule_info rules[] = { { 0, CFV_SEV_ERROR, "T000", "internal" },
                                       { 7, CFV_SEV_WARNING, "T007", "the title" } };
static const cfv_message_info messages[] = {
    { 7, 0, "a={0} b={1} c={2} {{literal}} d={3} e={4}" },
};
static const cfv_catalog cat = { "T", rules, 2, messages, 1, enums, 1 };

static char *render(const cfv_arg *args, uint32_t n, unsigned message)
{
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.rule = 7;
    e.message = (uint16_t)message;
    e.args = args;
    e.nargs = n;
    char *s = cfv_render_message(&cat, &e, NULL);
    assert_non_null(s);
    return s;
}

static void test_every_argument_kind(void **state)
{
    (void)state;
    static const uint8_t bytes[] = { 'q', '"', '\\', '\n', 0x01, 'b', 0xff };
    const cfv_arg args[] = {
        { CFV_ARG_U64, 0, 18446744073709551615u, NULL },
        { CFV_ARG_HEX, 0, 0xAAAAAAAA, NULL },
        { CFV_ARG_BYTES, 0, sizeof bytes, bytes },
        { CFV_ARG_ENUM, 0, 2, NULL },
        { CFV_ARG_ENUM, 0, 1, NULL },   /* no name: the number */
    };
    char *s = render(args, 5, 0);
    /* 0x01 followed by the hex digit 'b': the b is escaped too, so the
     * escape cannot swallow it */
    assert_string_equal(s, "a=18446744073709551615 b=0xaaaaaaaa c=q\\\"\\\\\\n\\x01\\x62\\xff "
                           "{literal} d=BLUE e=1");
    free(s);
}

static void test_long_operand_in_full(void **state)
{
    (void)state;
    uint8_t big[5000];
    memset(big, 'x', sizeof big);
    const cfv_arg args[] = { { CFV_ARG_BYTES, 0, sizeof big, big } };
    char *s = render(args, 1, 0);
    /* arguments the event does not carry render as nothing */
    assert_int_equal(strlen(s), strlen("a= b= c= {literal} d= e=") + sizeof big);
    assert_int_equal(strspn(s + 2, "x"), sizeof big);
    free(s);
}

static void test_no_template_is_the_title(void **state)
{
    (void)state;
    char *s = render(NULL, 0, 0xFFFF);
    assert_string_equal(s, "the title");
    free(s);
}

static void test_path(void **state)
{
    (void)state;
    const cfv_path top = { NULL, "instances", 3 };
    const cfv_path mid = { &top, "criteria", 20 };
    cfv_event e;
    memset(&e, 0, sizeof e);
    char out[CFV_FIELD_MAX];
    e.field = "";
    cfv_render_path(&e, out, sizeof out);
    assert_string_equal(out, "file");
    e.path = &mid;
    e.field = "op";
    cfv_render_path(&e, out, sizeof out);
    assert_string_equal(out, "instances[3].criteria[20].op");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_argument_kind),
        cmocka_unit_test(test_long_operand_in_full),
        cmocka_unit_test(test_no_template_is_the_title),
        cmocka_unit_test(test_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
