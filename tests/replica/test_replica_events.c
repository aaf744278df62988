/* The JSON Lines events parser: strict syntax, escapes, UTF-8, and the
 * sensor's input count and field types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replica_fixture.h"
#include "fixture.h"

/* A NamedPipe event with n inputs: strings "s<i>" for str fields, i for u32
 * fields; field 0 is `pipe` (raw JSON text, quotes included). */
static char *named_pipe(const cfv_defs *d, uint32_t n, const char *pipe)
{
    int t = cfv_defs_type_by_id(d, RT_NAMED_PIPE);
    char *line = malloc(8192);
    assert_non_null(line);
    int at = snprintf(line, 8192, "{\"type\":\"NamedPipe\",\"inputs\":[%s", pipe);
    for (uint32_t i = 1; i < n; i++) {
        if (cfv_defs_field_type(d, t, i) == CFV_FT_U32)
            at += snprintf(line + at, 8192 - (size_t)at, ",%u", i);
        else
            at += snprintf(line + at, 8192 - (size_t)at, ",\"s%u\"", i);
    }
    snprintf(line + at, 8192 - (size_t)at, "]}");
    return line;
}

static cfv_replica_event ok(const cfv_defs *d, const char *line, int sensor)
{
    cfv_replica_event ev;
    cfv_replica_event_error err;
    if (cfv_replica_event_parse(&ev, line, strlen(line), d, sensor, &err) != 0)
        fail_msg("%s\n -> column %u: %s", line, err.column, err.message);
    return ev;
}

/* Fails unless parsing fails with this message (substring) and column. */
static void bad_n(const cfv_defs *d, const char *line, size_t len, int sensor, uint32_t column,
                  const char *needle)
{
    cfv_replica_event ev;
    cfv_replica_event_error err;
    if (cfv_replica_event_parse(&ev, line, len, d, sensor, &err) == 0)
        fail_msg("accepted: %s", line);
    assert_null(ev.values);
    assert_null(ev.bytes);
    if (!strstr(err.message, needle) || err.column != column)
        fail_msg("%s\n -> column %u: %s\n want column %u: ...%s...", line, err.column,
                 err.message, column, needle);
}

static void bad(const cfv_defs *d, const char *line, int sensor, uint32_t column, const char *needle)
{
    bad_n(d, line, strlen(line), sensor, column, needle);
}

/* A line that must be refused with that message (substring) at that column. */
typedef struct bad_line {
    const char *line;
    uint32_t column;
    const char *needle;
} bad_line;

static void count_and_types_follow_the_sensor(void **s)
{
    const cfv_defs *d = *s;
    char *l20 = named_pipe(d, 20, "\"\\\\\\\\.\\\\pipe\\\\msagent_4f\"");
    char *l21 = named_pipe(d, 21, "\"p\"");
    cfv_replica_event ev = ok(d, l20, rt_sensor(d, "7.11"));
    assert_int_equal(ev.type_index, cfv_defs_type_by_id(d, RT_NAMED_PIPE));
    assert_int_equal(ev.count, 20);
    assert_int_equal(ev.values[0].len, strlen("\\\\.\\pipe\\msagent_4f"));
    assert_memory_equal(ev.values[0].str, "\\\\.\\pipe\\msagent_4f", ev.values[0].len);
    assert_memory_equal(ev.values[1].str, "s1", 2);
    assert_null(ev.values[3].str);
    assert_int_equal(ev.values[3].value, 3);
    cfv_replica_event_free(&ev);
    ev = ok(d, l21, rt_sensor(d, "7.16"));
    assert_int_equal(ev.count, 21);
    assert_memory_equal(ev.values[20].str, "s20", 3);
    cfv_replica_event_free(&ev);
    bad(d, l21, rt_sensor(d, "7.11"), 0, "NamedPipe needs 20 inputs for sensor 7.11, got 21");
    bad(d, l20, rt_sensor(d, "7.16"), 0, "NamedPipe needs 21 inputs for sensor 7.16, got 20");
    bad(d, "{\"type\":\"NamedPipe\",\"inputs\":[]}", rt_sensor(d, "7.11"), 0, "needs 20 inputs for sensor 7.11, got 0");
    free(l20);
    free(l21);
    /* A u32 field given a string, a str field given a number. */
    char *l = named_pipe(d, 20, "\"p\"");
    char *three = strstr(l, ",3,"), *edited = malloc(strlen(l) + 3);
    snprintf(edited, strlen(l) + 3, "%.*s,\"3\"%s", (int)(three - l), l, three + 2);
    bad(d, edited, rt_sensor(d, "7.11"), 0, "NamedPipe input 3 (server_pid) must be an integer 0..4294967295, got a string");
    free(edited);
    free(l);
    l = named_pipe(d, 20, "0");
    bad(d, l, rt_sensor(d, "7.11"), 0, "NamedPipe input 0 (pipe_name) must be a string, got an integer");
    free(l);
    bad(d, "{\"type\":\"Nope\",\"inputs\":[]}", rt_sensor(d, "7.11"), 0, "unknown template type \"Nope\"");
    bad(d, "{\"type\":\"Nope\\u0001\",\"inputs\":[]}", rt_sensor(d, "7.11"), 0, "\"Nope\\x01\"");
    /* A long name is cut in the message; DEL and non-ASCII bytes shown as \xNN. */
    bad(d, "{\"type\":\"\\u007f\\u00e9" "0123456789012345678901234567890123456789012345678901234567890123456789"
           "0123456789\",\"inputs\":[]}", rt_sensor(d, "7.11"), 0,
        "unknown template type \"\\x7F\\xC3\\xA9012345678901234567890123456789012345678901234567890123456789012\"");
    /* A sensor the definitions do not have. */
    bad(d, "{\"type\":\"NamedPipe\",\"inputs\":[]}", -1, 0, "no such sensor");
    bad(d, "{\"type\":\"NamedPipe\",\"inputs\":[]}", (int)d->nsensors, 0, "no such sensor");
}

static void a_sensor_without_the_type(void **s)
{
    (void)s;
    static const char text[] = "type 1 A channel 10\n  field 0 x str\nend\n"
                               "type 2 B channel 20\n  field 0 y u32\nend\n"
                               "sensor old A=1\n";
    cfv_defs *d = tf_defs_parse(text, sizeof text - 1);
    cfv_replica_event ev = ok(d, "{\"type\":\"A\",\"inputs\":[\"x\"]}", 0);
    cfv_replica_event_free(&ev);
    bad(d, "{\"type\":\"B\",\"inputs\":[1]}", 0, 0, "sensor old does not support B events");
    free(d);
}

/* A sensor may supply more inputs than its definitions name fields: those
 * slots have no declared type, and take a string or an integer. */
static void inputs_past_the_defined_fields_are_untyped(void **s)
{
    (void)s;
    static const char text[] = "type 1 A channel 10\n  field 0 x str\nend\nsensor wide A=3\n";
    cfv_defs *d = tf_defs_parse(text, sizeof text - 1);
    cfv_replica_event ev = ok(d, "{\"type\":\"A\",\"inputs\":[\"x\",7,\"y\"]}", 0);
    assert_int_equal(ev.count, 3);
    assert_int_equal(ev.values[1].value, 7);
    assert_null(ev.values[1].str);
    assert_non_null(ev.values[2].str);
    cfv_replica_event_free(&ev);
    bad(d, "{\"type\":\"A\",\"inputs\":[1,7,\"y\"]}", 0, 0, "A input 0 (x) must be a string");
    free(d);
}

static void escapes_and_unicode(void **s)
{
    (void)s;
    static const char line[] =
        "{\"inputs\":[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u00e9\\u00C9\",\"\\ud83d\\udd12\","
        "\"a\\u0000b\",\"\xC3\xA9\xF0\x9F\x94\x92\",\"\"], \"type\" : \"A\" }";
    static const char text[] = "type 1 A channel 10\n"
                               "  field 0 a str\n  field 1 b str\n  field 2 c str\n"
                               "  field 3 d str\n  field 4 e str\n  field 5 f str\nend\n"
                               "sensor s A=6\n";
    cfv_defs *d = tf_defs_parse(text, sizeof text - 1);
    cfv_replica_event ev = ok(d, line, 0);
    assert_int_equal(ev.count, 6);
    assert_int_equal(ev.values[0].len, 8);
    assert_memory_equal(ev.values[0].str, "\"\\/\b\f\n\r\t", 8);
    assert_int_equal(ev.values[1].len, 4);
    assert_memory_equal(ev.values[1].str, "\xC3\xA9\xC3\x89", 4);
    assert_int_equal(ev.values[2].len, 4);
    assert_memory_equal(ev.values[2].str, "\xF0\x9F\x94\x92", 4);
    assert_int_equal(ev.values[3].len, 3);
    assert_memory_equal(ev.values[3].str, "a\0b", 3);
    assert_int_equal(ev.values[4].len, 6);
    assert_int_equal(ev.values[5].len, 0);
    assert_non_null(ev.values[5].str); /* an empty string is still a string */
    cfv_replica_event_free(&ev);
    /* Keys may be escaped too; whitespace anywhere JSON allows it. */
    ev = ok(d, " \t{ \"typ\\u0065\":\"A\",\"inputs\":[\"\",\"\",\"\",\"\",\"\",\"\"] } \t", 0);
    cfv_replica_event_free(&ev);
    free(d);
}

/* Syntax errors are jansson's, at its byte position; errors of the event as a
 * whole (column 0) are the replica's. */
static const bad_line bad_lines[] = {
    {"", 1, "'[' or '{' expected near end of file"},
    {"[]", 0, "an event is a JSON object: {\"type\":...,\"inputs\":[...]}"},
    {"{}", 0, "the event has no \"type\""},
    {"{\"type\":\"NamedPipe\"}", 0, "the event has no \"inputs\""},
    {"{\"inputs\":[]}", 0, "the event has no \"type\""},
    {"{\"type\":\"A\",\"type\":\"B\",\"inputs\":[]}", 18, "duplicate object key near '\"type\"'"},
    {"{\"inputs\":[],\"inputs\":[]}", 21, "duplicate object key near '\"inputs\"'"},
    {"{\"type\":\"A\",\"extra\":1}", 0, "unknown key: an event has only \"type\" and \"inputs\""},
    {"{\"type\":4}", 0, "\"type\" must be a string"},
    {"{\"type\":\"A\",\"inputs\":{}}", 0, "\"inputs\" must be an array"},
    {"{\"type\":\"A\" \"inputs\":[]}", 20, "'}' expected near '\"inputs\"'"},
    {"{\"type\" \"A\"}", 11, "':' expected near '\"A\"'"},
    {"{type:\"A\"}", 5, "string or '}' expected near 'type'"},
    {"{\"type\":\"A\",}", 13, "string or '}' expected near '}'"},
    {"{\"inputs\":[1,]}", 14, "unexpected token near ']'"},
    {"{\"inputs\":[1 2]}", 14, "']' expected near '2'"},
    {"{\"inputs\":[null]}", 0, "inputs[0] must be a string or an integer"},
    {"{\"inputs\":[true]}", 0, "inputs[0] must be a string or an integer"},
    {"{\"inputs\":[[1]]}", 0, "inputs[0] must be a string or an integer"},
    {"{\"inputs\":[-1]}", 0, "inputs[0]: negative number"},
    {"{\"inputs\":[1.5]}", 0, "inputs[0]: not an integer"},
    {"{\"inputs\":[1e3]}", 0, "inputs[0]: not an integer"},
    {"{\"inputs\":[01]}", 12, "invalid token near '0'"},
    {"{\"inputs\":[4294967296]}", 0, "inputs[0]: out of range 0..4294967295"},
    {"{\"inputs\":[99999999999999999999999]}", 34, "too big integer"},
    {"{\"type\":\"NamedPipe\",\"inputs\":[]} x", 34, "end of file expected near 'x'"},
    {"{\"type\":\"NamedPipe\",\"inputs\":[]}{}", 33, "end of file expected near '{'"},
    {"{\"type\":\"NamedPipe\",\"inputs\":[]", 31, "'}' expected near end of file"},
    {"{\"type\":\"Named", 14, "premature end of input near '\"Named'"},
    /* Strings: escapes and Unicode. */
    {"{\"type\":\"a\tb\"}", 10, "control character 0x9 near '\"a'"},
    {"{\"type\":\"\\x\"}", 11, "invalid escape near '\"\\x'"},
    {"{\"type\":\"\\u12\"}", 14, "invalid escape near '\"\\u12\"'"},
    {"{\"type\":\"\\ud83d\"}", 16, "invalid Unicode '\\uD83D' near '\"\\ud83d\"'"},
    {"{\"type\":\"\\ud83dx\"}", 17, "invalid Unicode '\\uD83D' near '\"\\ud83dx\"'"},
    {"{\"type\":\"\\ud83d\\u0041\"}", 22, "invalid Unicode '\\uD83D\\u0041' near '\"\\ud83d\\u0041\"'"},
    {"{\"type\":\"\\udd12\"}", 16, "invalid Unicode '\\uDD12' near '\"\\udd12\"'"},
    /* Raw bytes must be UTF-8: overlong, surrogate, truncated, stray continuation. */
    {"{\"type\":\"\xC0\xAF\"}", 10, "invalid UTF-8"},
    {"{\"type\":\"\xED\xA0\x80\"}", 10, "invalid UTF-8"},
    {"{\"type\":\"ab\xE2\x82\"}", 12, "invalid UTF-8"},
    {"\x80{}", 1, "invalid UTF-8"},
};

static void strict_syntax_and_strings(void **s)
{
    const cfv_defs *d = *s;
    int k = rt_sensor(d, "7.11");
    for (size_t i = 0; i < sizeof bad_lines / sizeof bad_lines[0]; i++)
        bad(d, bad_lines[i].line, k, bad_lines[i].column, bad_lines[i].needle);
    /* 4294967295 is the largest u32. */
    cfv_replica_event ev;
    cfv_replica_event_error err;
    assert_int_equal(cfv_replica_event_parse(&ev, "{\"inputs\":[4294967295,0],\"type\":\"NamedPipe\"}",
                                             44, d, k, &err), -1);
    assert_string_equal(err.message, "NamedPipe needs 20 inputs for sensor 7.11, got 2");
    /* A line over the limit is refused before it is read. */
    size_t n = CFV_EVENT_LINE_MAX + 1;
    char *big = malloc(n);
    memset(big, ' ', n);
    big[0] = '{';
    bad_n(d, big, n, k, 0, "longer than 1048576 bytes");
    free(big);
}

int main(void)
{
    return TF_RUN(tf_setup_defs, tf_teardown_defs, count_and_types_follow_the_sensor,
                  inputs_past_the_defined_fields_are_untyped,
                  a_sensor_without_the_type, escapes_and_unicode, strict_syntax_and_strings);
}
