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
#include "fixture.h"
#include "render_ctx.h"

static const char *const colours[3] = { "RED", NULL, "BLUE" };
static const cfv_enum_info enums[] = { { "Colour", colours, 3 } };
static const cfv_rule_info rules[] = { { 0, CFV_SEV_ERROR, "T000", "internal", CFV_CLASS_SAFETY },
                                       { 7, CFV_SEV_WARNING, "T007", "the title", CFV_CLASS_HYGIENE } };
static const cfv_message_info messages[] = {
    { 7, 0, "a={0} b={1} c={2} {{literal}} d={3} e={4}" },
    { 7, 0, "cut {0" },
    { 7, 0, "x{9}y" },
    { 7, 0, "a}b}}c" },
    { 7, 0, "[{ 0}|{+0}|{00}|{12}|{x}|{}]" },
};
static const cfv_catalog cat = { "T", rules, 2, messages, 5, enums, 1 };

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

static void test_escapes_after_a_hex_escape(void **state)
{
    (void)state;
    static const uint8_t bytes[] = { 0x01, 'F', 0x01, '9', 0x01, 'z', 0x01, 'G',
                                     0x01, ' ', 0x01, ':', '\r', '\t' };
    const cfv_arg args[] = { { CFV_ARG_BYTES, 0, sizeof bytes, bytes } };
    char *s = render(args, 1, 0);
    assert_string_equal(s, "a=\\x01\\x46\\x01\\x39\\x01z\\x01G\\x01 \\x01:\\r\\t b= c= {literal} d= e=");
    free(s);
}

static void test_enum_and_sensor_fallbacks(void **state)
{
    (void)state;
    static cfv_defs defs;
    defs.nsensors = 1;
    strcpy(defs.sensors[0].name, "7.11");
    const cfv_arg args[] = {
        { CFV_ARG_ENUM, 5, 3, NULL },     /* no such enum: the number */
        { CFV_ARG_ENUM, 0, 99, NULL },    /* no such value */
        { CFV_ARG_SENSOR, 0, 0, NULL },
        { CFV_ARG_SENSOR, 0, 4, NULL },   /* no such sensor: the number */
        { CFV_ARG_SENSOR, 0, 0, NULL },
    };
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.args = args;
    e.nargs = 5;
    char *s = cfv_render_message(&cat, &e, &defs);
    assert_string_equal(s, "a=3 b=99 c=7.11 {literal} d=4 e=7.11");
    free(s);
    s = cfv_render_message(&cat, &e, NULL);       /* no definitions: numbers */
    assert_string_equal(s, "a=3 b=99 c=0 {literal} d=4 e=0");
    free(s);
    /* a count past the sensor table (a hand-built cfv_defs) is not trusted */
    defs.nsensors = CFV_MAX_SENSORS + 10;
    const cfv_arg past[] = { { CFV_ARG_SENSOR, 0, CFV_MAX_SENSORS, NULL } };
    e.args = past;
    e.nargs = 1;
    s = cfv_render_message(&cat, &e, &defs);
    assert_string_equal(s, "a=32 b= c= {literal} d= e=");
    free(s);
}

static void test_malformed_templates(void **state)
{
    (void)state;
    const cfv_arg args[] = { { CFV_ARG_U64, 0, 5, NULL } };
    char *s = render(args, 1, 1);
    assert_string_equal(s, "cut ");
    free(s);
    s = render(args, 1, 2);
    assert_string_equal(s, "xy");
    free(s);
    s = render(args, 1, 3); /* a lone '}' is itself, "}}" one '}' */
    assert_string_equal(s, "a}b}c");
    free(s);
    /* any form other than {0}..{9} as strtoul reads it: spaces, a sign,
     * leading zeros, no digits (argument 0); {12} beyond the arguments;
     * {x}: the brace alone dropped */
    s = render(args, 1, 4);
    assert_string_equal(s, "[5|5|5||x}|5]");
    free(s);
    /* arguments past the eighth are found by walking the packed ones */
    cfv_arg ten[10];
    for (unsigned i = 0; i < 10; i++)
        ten[i] = (cfv_arg){ CFV_ARG_U64, 0, 100 + i, NULL };
    s = render(ten, 10, 2);
    assert_string_equal(s, "x109y");
    free(s);
}

typedef struct got {
    int n;
    int16_t sensor;
    char message[64];
} got;

static void take(void *user, const cfv_diag *d)
{
    got *g = user;
    g->n++;
    g->sensor = d->sensor;
    strncpy(g->message, d->message, sizeof g->message - 1);
}

static void test_to_diag(void **state)
{
    (void)state;
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.rule = 7;
    e.message = 0xFFFF;
    e.sensor = 40;               /* beyond the tables: none */
    got g = { 0 };
    cfv_render_to_diag(&cat, NULL, &e, take, &g);
    assert_int_equal(g.sensor, -1);
    e.sensor = 3;
    cfv_render_to_diag(&cat, NULL, &e, take, &g);
    assert_int_equal(g.sensor, 3);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.message, "the title");
}

typedef struct got_args {
    unsigned id;
    uint32_t nargs;
    char args[64];
    size_t len;
    const char *had_args;
} got_args;

static void take_args(void *user, const cfv_diag *d)
{
    got_args *g = user;
    g->id = d->message_id;
    g->nargs = d->nargs;
    g->had_args = d->args;
    g->len = d->args_len < sizeof g->args ? d->args_len : sizeof g->args;
    if (d->args)
        memcpy(g->args, d->args, g->len);
}

/* A rendered diagnostic names its template and carries each argument as
 * the message shows it (SARIF's message id and arguments). */
static void test_to_diag_keeps_template_and_arguments(void **state)
{
    (void)state;
    static const uint8_t bytes[] = { 'q', '"' };
    const cfv_arg args[] = { { CFV_ARG_U64, 0, 5, NULL }, { CFV_ARG_HEX, 0, 255, NULL },
                             { CFV_ARG_BYTES, 0, 2, bytes }, { CFV_ARG_ENUM, 0, 2, NULL },
                             { CFV_ARG_SENSOR, 0, 1, NULL } };
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.rule = 7;
    e.message = 0;
    e.args = args;
    e.nargs = 5;
    got_args g = { 0 };
    cfv_render_to_diag(&cat, NULL, &e, take_args, &g);
    assert_int_equal(g.id, 0);
    assert_int_equal(g.nargs, 5);
    static const char want[] = "5\0" "0xff\0" "q\\\"\0" "BLUE\0" "1";
    assert_int_equal(g.len, sizeof want);
    assert_memory_equal(g.args, want, sizeof want);
    e.message = 0xFFFF;          /* the title: no template, no arguments */
    cfv_render_to_diag(&cat, NULL, &e, take_args, &g);
    assert_null(g.had_args);
}

static void count_event(void *user, const cfv_event *e)
{
    (void)e;
    ++*(int *)user;
}

/* cfv_validate hands events to a sink as they are when one is given. */
static void test_validate_with_a_sink(void **state)
{
    (void)state;
    static cfv_defs defs;
    int n = 0;
    cfv_options o;
    memset(&o, 0, sizeof o);
    o.defs = &defs;
    o.sink = count_event;
    o.sink_user = &n;
    cfv_result r = cfv_validate(NULL, 0, &o);
    assert_int_equal(r.errors, 1);     /* CFV001, the empty file */
    assert_int_equal(n, 1);
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
    char small[10];
    cfv_render_path(&e, small, sizeof small);     /* cut at the buffer */
    assert_string_equal(small, "instances");
    cfv_render_path(&e, small, 0);                 /* nothing to write into */
    e.field = NULL;
    cfv_render_path(&e, out, sizeof out);
    assert_string_equal(out, "instances[3].criteria[20]");
    const cfv_path anon = { &top, "", 2 };         /* an unnamed step: its index only */
    e.path = &anon;
    cfv_render_path(&e, out, sizeof out);
    assert_string_equal(out, "instances[3][2]");
    cfv_path deep[20];
    for (int i = 0; i < 20; i++) {
        deep[i].up = i ? &deep[i - 1] : NULL;
        deep[i].name = "d";
        deep[i].index = -1;
    }
    e.path = &deep[19];
    cfv_render_path(&e, out, sizeof out);          /* the 16 innermost steps */
    assert_string_equal(out, "d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d");
}

static void keep_field(void *user, const cfv_diag *d)
{
    strcpy(user, d->field);
}

/* One run's context renders each path as a fresh render would, whichever
 * steps it shares with the last: the same node with another index, another
 * name at the same node (a frame reused at the same stack address),
 * another node, a shorter and a longer path. */
static void test_context_paths(void **state)
{
    (void)state;
    cfv_render_ctx c;
    cfv_render_ctx_init(&c);
    cfv_path top = { NULL, "instances", 3 };
    cfv_path top2 = { NULL, "instances", 5 };
    cfv_path mid = { &top, "criteria", 20 };
    cfv_path other = { &top, "sections", 1 };
    cfv_event e;
    memset(&e, 0, sizeof e);
    e.message = 0xFFFF;
    e.rule = 7;
    e.field = "op";
    char seen[CFV_FIELD_MAX], want[CFV_FIELD_MAX];
    const struct {
        const cfv_path *path;
        const char *name;
        int64_t index, top_index;
        const char *field;
        const cfv_path *up;     /* mid's (a node reused under another) */
        const char *top_name;
    } steps[] = {
        { &mid, "criteria", 20, 3, "op", &top, "instances" },
        { &mid, "criteria", 20, 3, "op", &top, "instances" },
        { &mid, "criteria", 21, 3, "op", &top, "instances" },
        { &mid, "criteria", 21, 4, "flags", &top, "instances" },
        { &mid, "sections", 21, 4, "op", &top, "instances" },
        { &other, "sections", 1, 4, "op", &top, "instances" },
        { &top, "", 0, 4, "", &top, "instances" },
        { &mid, "criteria", -1, 4, "op", &top, "instances" },
        { NULL, "", 0, 0, "", &top, "instances" },
        { &mid, "criteria", 8, 5, "op", &top, "instances" },
        { &mid, "criteria", 9, 5, "op", &top2, "instances" },    /* another node above */
        { &mid, "criteria", 10, 5, "op", NULL, "instances" },    /* none above */
        { &mid, "criteria", 11, 5, "op", &top, "instances" },
        { &mid, "criteria", 12, 5, "op", &top, "sections" },     /* the node above renamed */
        { &mid, "criteria", 7, 5, NULL, &top, "instances" },
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        mid.name = steps[i].name;
        mid.index = steps[i].index;
        mid.up = steps[i].up;
        top.index = steps[i].top_index;
        top.name = steps[i].top_name;
        e.path = steps[i].path;
        e.field = steps[i].field;
        cfv_render_ctx_emit(&c, &cat, NULL, &e, keep_field, seen);
        cfv_render_path(&e, want, sizeof want);
        assert_string_equal(seen, want);
    }
    assert_string_equal(seen, "instances[5].criteria[7]");
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_every_argument_kind, test_long_operand_in_full,
                  test_escapes_after_a_hex_escape, test_enum_and_sensor_fallbacks,
                  test_malformed_templates, test_to_diag, test_to_diag_keeps_template_and_arguments,
                  test_validate_with_a_sink, test_no_template_is_the_title, test_path,
                  test_context_paths);
}
