/* The one argument scanner (host/args.c): every form it accepts, every
 * error it names, and the help it prints from the same table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"
#include "fixture.h"

enum { O_OUT, O_FLAG, O_COLOR, O_COLOUR, O_HELP };
static const cfv_arg_opt opts[] = {
    [O_OUT] = {"output", 'o', "FILE", "where to write"},
    [O_FLAG] = {"werror", 0, NULL, "warnings fail\ntoo"},
    [O_COLOR] = {"color", 0, "[=WHEN]", "colour"},
    [O_COLOUR] = {"colour", 0, "[=WHEN]", NULL}, /* an alias: not in the help */
    [O_HELP] = {"help", 'h', NULL, "show this help"},
};
#define NOPTS (sizeof opts / sizeof opts[0])

/* Scans argv (NULL-terminated); the codes returned, the values seen. */
static int scan(char **argv, int *codes, const char **values, int max, cfv_err *e)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    cfv_args s;
    assert_int_equal(cfv_args_init(&s, argc, argv, opts, NOPTS), 0);
    int n = 0, k;
    const char *v;
    while ((k = cfv_args_next(&s, &v, e)) != CFV_ARG_END && n < max) {
        codes[n] = k;
        values[n++] = v;
        if (k == -1)
            break;
    }
    return n;
}

static void test_forms(void **state)
{
    (void)state;
    char *argv[] = {"x", "a", "--output", "f1", "-o", "f2", "-of3", "--output=f4", "-", "--werror",
                    "--", "--help", NULL};
    int codes[16];
    const char *values[16];
    cfv_err e;
    int n = scan(argv, codes, values, 16, &e);
    int want[] = {CFV_ARG_OPERAND, O_OUT, O_OUT, O_OUT, O_OUT, CFV_ARG_OPERAND, O_FLAG,
                  CFV_ARG_OPERAND};
    const char *wantv[] = {"a", "f1", "f2", "f3", "f4", "-", NULL, "--help"};
    assert_int_equal(n, 8);
    for (int i = 0; i < n; i++) {
        assert_int_equal(codes[i], want[i]);
        if (wantv[i])
            assert_string_equal(values[i], wantv[i]);
        else
            assert_null(values[i]);
    }
}

static void expect_error(char **argv, const char *msg)
{
    int codes[16];
    const char *values[16];
    cfv_err e;
    int n = scan(argv, codes, values, 16, &e);
    assert_true(n > 0);
    assert_int_equal(codes[n - 1], -1);
    assert_string_equal(e.msg, msg);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error((char *[]){"x", "--bogus", NULL}, "unknown option '--bogus'");
    expect_error((char *[]){"x", "-z", NULL}, "unknown option '-z'");
    expect_error((char *[]){"x", "--out", "f", NULL}, "unknown option '--out'");
    expect_error((char *[]){"x", "--out=f", NULL}, "unknown option '--out'");
    expect_error((char *[]){"x", "--output", NULL}, "--output needs a value");
    expect_error((char *[]){"x", "-o", NULL}, "-o needs a value");
    expect_error((char *[]){"x", "--output=", NULL}, "--output: empty value");
    expect_error((char *[]){"x", "--werror=yes", NULL}, "--werror takes no value");
}

static void test_optional_value(void **state)
{
    (void)state;
    /* "--color x": x is an operand, not the value; "--colour=never" the alias. */
    char *argv[] = {"x", "--color", "x", "--colour=never", "--color=always", NULL};
    int codes[8];
    const char *values[8];
    cfv_err e;
    assert_int_equal(scan(argv, codes, values, 8, &e), 4);
    assert_int_equal(codes[0], O_COLOR);
    assert_null(values[0]);
    assert_int_equal(codes[1], CFV_ARG_OPERAND);
    assert_int_equal(codes[2], O_COLOUR);
    assert_string_equal(values[2], "never");
    assert_int_equal(codes[3], O_COLOR);
    assert_string_equal(values[3], "always");
    expect_error((char *[]){"x", "--color=", NULL}, "--color: empty value");
}

static void test_rescan(void **state)
{
    (void)state;
    /* A second scan starts afresh (getopt's globals are reset). */
    for (int round = 0; round < 2; round++) {
        char *argv[] = {"x", "-o", "f", "b", NULL};
        int codes[4];
        const char *values[4];
        cfv_err e;
        assert_int_equal(scan(argv, codes, values, 4, &e), 2);
        assert_int_equal(codes[0], O_OUT);
        assert_string_equal(values[1], "b");
    }
}

static void test_help(void **state)
{
    (void)state;
    cfv_buf b = {0};
    cfv_args_help(&b, opts, NOPTS);
    char *s = cfv_buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "  -o, --output FILE      where to write\n"
                           "  --werror               warnings fail\n"
                           "                         too\n"
                           "  --color[=WHEN]         colour\n"
                           "  -h, --help             show this help\n");
    free(s);
}

/* cfv_args_scan's callback: records what it is given; refuses "stop". */
typedef struct seen {
    int codes[8];
    const char *values[8];
    int n;
} seen;

static int record(void *ctx, int opt, const char *value, cfv_err *e)
{
    seen *s = ctx;
    if (value && strcmp(value, "stop") == 0) {
        cfv_err_set(e, "stopped at '%s'", value);
        return -1;
    }
    s->codes[s->n] = opt;
    s->values[s->n++] = value;
    return 0;
}

static void test_scan(void **state)
{
    (void)state;
    char *argv[] = {"x", "a", "--werror", "-o", "f", "stop", "b", NULL};
    seen s = {0};
    cfv_err e;
    assert_int_equal(cfv_args_scan(5, argv, opts, NOPTS, record, &s, &e), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.codes[0], CFV_ARG_OPERAND);
    assert_string_equal(s.values[0], "a");
    assert_int_equal(s.codes[1], O_FLAG);
    assert_null(s.values[1]);
    assert_int_equal(s.codes[2], O_OUT);
    assert_string_equal(s.values[2], "f");
    /* The callback's refusal ends the scan with its line. */
    s.n = 0;
    assert_int_equal(cfv_args_scan(7, argv, opts, NOPTS, record, &s, &e), -1);
    assert_string_equal(e.msg, "stopped at 'stop'");
    assert_int_equal(s.n, 3);
    /* So does the scanner's. */
    char *bad[] = {"x", "--nope", NULL};
    s.n = 0;
    assert_int_equal(cfv_args_scan(2, bad, opts, NOPTS, record, &s, &e), -1);
    assert_string_equal(e.msg, "unknown option '--nope'");
    assert_int_equal(s.n, 0);
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_forms, test_errors, test_optional_value, test_rescan, test_help,
                  test_scan);
}
