/* The host renderer out of memory: a message is whole or not at all (NULL,
 * never cut short), and a diagnostic still goes out, saying so. Every
 * allocation the renderer makes (realloc, which an optimizer may turn into
 * malloc) is failed in turn via the linker's --wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/render.h"

void *__real_realloc(void *p, size_t n);
void *__real_malloc(size_t n);

static long reallocs_left = -1; /* -1: never fail */
static int failed;

static int fail_now(void)
{
    if (reallocs_left >= 0 && reallocs_left-- == 0) {
        failed = 1;
        return 1;
    }
    return 0;
}

void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
/* An optimizer may turn realloc(NULL, n) into malloc(n). */
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }

/* A short title, and one longer than the renderer's buffer on the stack. */
#define T16 "the title, long "
#define TITLE T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 T16 "end"
static const cfv_rule_info rules[] = { { 7, CFV_SEV_ERROR, "T007", "the title", CFV_CLASS_SAFETY },
                                       { 8, CFV_SEV_ERROR, "T008", TITLE, CFV_CLASS_SAFETY } };
static const cfv_message_info messages[] = { { 7, 0, "{0} and {0} and {0}: a long enough text" } };
static const cfv_catalog cat = { "T", rules, 2, messages, 1, NULL, 0 };

static void take(void *user, const cfv_diag *d)
{
    strncpy(user, d->message, 127);
}

/* For message (0: the template, 0xFFFF: none, so the rule's title). */
static void whole_or_nothing(unsigned rule, unsigned message)
{
    static const uint8_t bytes[200] = { 0 };
    const cfv_arg args[] = { { CFV_ARG_BYTES, 0, sizeof bytes, bytes } };
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.rule = (uint16_t)rule;
    e.message = (uint16_t)message;
    e.args = args;
    e.nargs = 1;
    char *full = cfv_render_message(&cat, &e, NULL);
    assert_non_null(full);
    long runs = 0;
    for (long n = 0;; n++) {
        char out[128] = "";
        /* The diagnostic renders on the stack first, so it may need fewer
         * allocations than the message handed out: each is judged alone. */
        failed = 0;
        reallocs_left = n;
        cfv_render_to_diag(&cat, NULL, &e, take, out);
        if (failed)
            assert_string_equal(out, "(out of memory rendering the message)");
        else
            assert_int_equal(strncmp(out, full, 127), 0);
        failed = 0;
        reallocs_left = n;
        char *s = cfv_render_message(&cat, &e, NULL);
        reallocs_left = -1;
        if (!failed) {
            assert_string_equal(s, full);
            free(s);
            break;
        }
        runs++;
        assert_null(s);
    }
    assert_true(runs > 0);
    free(full);
}

static void template_message_out_of_memory(void **state)
{
    (void)state;
    whole_or_nothing(7, 0);
}

static void title_out_of_memory(void **state)
{
    (void)state;
    whole_or_nothing(7, 0xFFFF);
    whole_or_nothing(8, 0xFFFF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(template_message_out_of_memory),
        cmocka_unit_test(title_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
