/* Definitions: the shipped grammar/cff.defs against FORMAT.md section 7, the
 * look-ups, the accepted syntax variants, and one case per error class with
 * its line, column and message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/defs.h"
#include "fixture.h"

static cfv_defs defs;           /* large: keep it off the stack */

/* The file's bytes in a buffer of exactly that size (so ASan sees overreads). */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    char *exact = malloc(*len ? *len : 1);
    assert_non_null(exact);
    memcpy(exact, buf, *len);
    free(buf);
    return exact;
}

static char *shipped(size_t *len)
{
    return read_file(CFV_SOURCE_DIR "/grammar/cff.defs", len);
}

static int parse(const char *text, size_t len, cfv_defs_error *err)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    int r = cfv_defs_parse(&defs, copy, len, err);
    free(copy);
    return r;
}

static int parse_str(const char *text, cfv_defs_error *err)
{
    return parse(text, strlen(text), err);
}

static void parse_ok(const char *text)
{
    cfv_defs_error err;
    if (parse_str(text, &err) != 0)
        fail_msg("unexpected error %u:%u: %s", err.line, err.col, err.message);
}

/* ---- the shipped definitions ---- */

struct want_type {
    uint32_t id, channel;
    const char *name;
    uint16_t nfields;
    const char *last_field;
    uint8_t last_type;
};

static const struct want_type want[4] = {
    { 1, 261, "ProcessStart", 12, "flags", CFV_FT_U32 },
    { 2, 285, "FileWrite", 9, "volume", CFV_FT_STR },
    { 3, 289, "NetworkConnect", 10, "signer", CFV_FT_STR },
    { 4, 291, "NamedPipe", 21, "remote_host", CFV_FT_STR },
};

static void test_shipped_matches_format(void **state)
{
    (void)state;
    size_t len;
    char *text = shipped(&len);
    cfv_defs_error err;
    int r = cfv_defs_parse(&defs, text, len, &err);
    if (r != 0)
        fail_msg("grammar/cff.defs: %u:%u: %s", err.line, err.col, err.message);
    assert_int_equal(defs.ntypes, 4);
    assert_int_equal(defs.nsensors, 2);
    assert_int_equal(defs.nfields, 12 + 9 + 10 + 21);
    for (int t = 0; t < 4; t++) {
        const cfv_type_def *ty = &defs.types[t];
        assert_int_equal(ty->id, want[t].id);
        assert_int_equal(ty->channel, want[t].channel);
        assert_string_equal(ty->name, want[t].name);
        assert_int_equal(ty->nfields, want[t].nfields);
        const cfv_field_def *last = &defs.fields[ty->first_field + ty->nfields - 1];
        assert_string_equal(last->name, want[t].last_field);
        assert_int_equal(last->type, want[t].last_type);
    }
    int pipe = cfv_defs_type_by_channel(&defs, 291);
    assert_int_equal(pipe, 3);
    assert_int_equal(defs.types[pipe].nfields, 21);
    assert_int_equal(cfv_defs_field_by_name(&defs, pipe, "remote_host", 11), 20);
    assert_int_equal(cfv_defs_field_type(&defs, pipe, 20), CFV_FT_STR);
    assert_int_equal(cfv_defs_field_type(&defs, pipe, 3), CFV_FT_U32);   /* server_pid */
    assert_int_equal(cfv_defs_field_by_name(&defs, pipe, "pipe_name", 9), 0);
    /* Field types of ProcessStart, in order. */
    static const char ps_types[] = "sssssuuuussu";
    for (uint32_t i = 0; i < 12; i++)
        assert_int_equal(cfv_defs_field_type(&defs, 0, i), ps_types[i] == 's' ? CFV_FT_STR : CFV_FT_U32);
    int s711 = cfv_defs_sensor_by_name(&defs, "7.11", 4), s716 = cfv_defs_sensor_by_name(&defs, "7.16", 4);
    assert_int_equal(s711, 0);
    assert_int_equal(s716, 1);
    assert_int_equal(cfv_defs_supplied(&defs, s711, pipe), 20);
    assert_int_equal(cfv_defs_supplied(&defs, s716, pipe), 21);
    static const uint32_t supplied[4] = { 12, 9, 10, 0 };
    for (int t = 0; t < 3; t++) {
        assert_int_equal(cfv_defs_supplied(&defs, s711, t), supplied[t]);
        assert_int_equal(cfv_defs_supplied(&defs, s716, t), supplied[t]);
    }
    free(text);
}

/* Every prefix either parses or fails with a positioned message, and never
 * reads past its end (each prefix lives in an exact-size allocation). */
static void test_shipped_prefixes(void **state)
{
    (void)state;
    size_t len;
    char *text = shipped(&len);
    for (size_t n = 0; n <= len; n++) {
        cfv_defs_error err;
        if (parse(text, n, &err) == 0)
            continue;
        assert_true(err.line >= 1 && err.col >= 1);
        assert_true(err.message[0] != '\0');
        assert_int_equal(defs.ntypes, 0);  /* nothing half-filled is left */
    }
    free(text);
}

static void test_shipped_crlf(void **state)
{
    (void)state;
    size_t len;
    char *text = shipped(&len);
    char *crlf = malloc(2 * len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = text[i];
    }
    cfv_defs_error err;
    assert_int_equal(parse(crlf, n, &err), 0);
    assert_int_equal(defs.ntypes, 4);
    assert_int_equal(defs.types[3].nfields, 21);
    assert_int_equal(cfv_defs_supplied(&defs, 0, 3), 20);
    free(crlf);
    free(text);
}

/* ---- look-ups ---- */

static void test_lookups(void **state)
{
    (void)state;
    parse_ok("type 7 Alpha channel 100\n field 0 a str\n field 1 b u32\nend\n"
             "type 65535 Beta channel 4294967295\n field 0 x u32\nend\n"
             "sensor s1 Beta=0\n");
    assert_int_equal(cfv_defs_type_by_id(&defs, 7), 0);
    assert_int_equal(cfv_defs_type_by_id(&defs, 65535), 1);
    assert_int_equal(cfv_defs_type_by_id(&defs, 8), -1);
    assert_int_equal(cfv_defs_type_by_channel(&defs, 4294967295u), 1);
    assert_int_equal(cfv_defs_type_by_channel(&defs, 101), -1);
    assert_int_equal(cfv_defs_type_by_name(&defs, "Alpha", 5), 0);
    assert_int_equal(cfv_defs_type_by_name(&defs, "AlphaX", 5), 0);    /* length-delimited */
    assert_int_equal(cfv_defs_type_by_name(&defs, "Alph", 4), -1);
    assert_int_equal(cfv_defs_type_by_name(&defs, "Alpha\0", 6), -1);
    assert_int_equal(cfv_defs_type_by_name(&defs, "alpha", 5), -1);      /* case matters */
    assert_int_equal(cfv_defs_type_by_name(&defs, NULL, 0), -1);
    assert_int_equal(cfv_defs_type_by_name(NULL, "Alpha", 5), -1);
    assert_int_equal(cfv_defs_field_by_name(&defs, 0, "b", 1), 1);
    assert_int_equal(cfv_defs_field_by_name(&defs, 0, "x", 1), -1);
    assert_int_equal(cfv_defs_field_by_name(&defs, 1, "x", 1), 0);
    assert_int_equal(cfv_defs_field_by_name(&defs, 2, "x", 1), -1);
    assert_int_equal(cfv_defs_field_by_name(&defs, -1, "x", 1), -1);
    assert_int_equal(cfv_defs_field_type(&defs, 0, 0), CFV_FT_STR);
    assert_int_equal(cfv_defs_field_type(&defs, 0, 1), CFV_FT_U32);
    assert_int_equal(cfv_defs_field_type(&defs, 0, 2), 0);
    assert_int_equal(cfv_defs_field_type(&defs, 2, 0), 0);
    assert_int_equal(cfv_defs_field_type(&defs, -1, 0), 0);
    assert_int_equal(cfv_defs_sensor_by_name(&defs, "s1", 2), 0);
    assert_int_equal(cfv_defs_sensor_by_name(&defs, "s2", 2), -1);
    assert_int_equal(cfv_defs_supplied(&defs, 0, 1), 0);                 /* count 0 is allowed */
    assert_int_equal(cfv_defs_supplied(&defs, 0, 0), CFV_UNSUPPORTED);   /* not listed */
    assert_int_equal(cfv_defs_supplied(&defs, 1, 0), CFV_UNSUPPORTED);
    assert_int_equal(cfv_defs_supplied(&defs, -1, 0), CFV_UNSUPPORTED);
    assert_int_equal(cfv_defs_supplied(&defs, 0, 2), CFV_UNSUPPORTED);
    assert_int_equal(cfv_defs_supplied(&defs, 0, -1), CFV_UNSUPPORTED);
    assert_int_equal(cfv_defs_supplied(&defs, 0, CFV_MAX_TYPES), CFV_UNSUPPORTED);
}

/* No definitions, a name no table could hold, or a name pointer missing:
 * no match, nothing read. */
static void test_lookups_without_definitions(void **state)
{
    (void)state;
    parse_ok("type 7 Alpha channel 100\n field 0 a str\nend\nsensor s1 Alpha=1\n");
    assert_int_equal(cfv_defs_type_by_id(NULL, 7), -1);
    assert_int_equal(cfv_defs_type_by_channel(NULL, 100), -1);
    assert_int_equal(cfv_defs_sensor_by_name(NULL, "s1", 2), -1);
    assert_int_equal(cfv_defs_field_by_name(NULL, 0, "a", 1), -1);
    assert_int_equal(cfv_defs_type_by_name(&defs, NULL, 5), -1);
    char long_name[CFV_NAME_MAX + 1];
    memset(long_name, 'A', sizeof long_name);
    assert_int_equal(cfv_defs_type_by_name(&defs, long_name, CFV_NAME_MAX), -1);
}

/* A cfv_defs not filled by the parser (counts past the tables, a type whose
 * fields run past the pool): look-ups stay within the tables. */
static void test_lookups_clamp_hand_built_definitions(void **state)
{
    (void)state;
    parse_ok("type 7 Alpha channel 100\n field 0 a str\nend\nsensor s1 Alpha=1\n");
    defs.ntypes = defs.nsensors = 1000;
    defs.types[CFV_MAX_TYPES - 1].first_field = CFV_FIELD_POOL - 1;
    defs.types[CFV_MAX_TYPES - 1].nfields = 2;
    assert_int_equal(cfv_defs_type_by_id(&defs, 12345), -1);
    assert_int_equal(cfv_defs_sensor_by_name(&defs, "s9", 2), -1);
    assert_int_equal(cfv_defs_sensor_by_name(&defs, "s1", 2), 0);
    assert_int_equal(cfv_defs_field_by_name(&defs, CFV_MAX_TYPES - 1, "a", 1), -1);
    assert_int_equal(cfv_defs_field_type(&defs, CFV_MAX_TYPES - 1, 0), 0);
    assert_int_equal(cfv_defs_field_type(&defs, CFV_MAX_TYPES, 0), 0);
    assert_int_equal(cfv_defs_supplied(&defs, CFV_MAX_SENSORS, 0), CFV_UNSUPPORTED);
}

/* ---- accepted syntax ---- */

static void test_syntax_variants(void **state)
{
    (void)state;
    /* Tabs, comments glued to tokens, comments with any byte, no final line end. */
    parse_ok("# caf\xC3\xA9 \x01\x7F\r\n\ttype\t1 A channel 5#c\n\n  field 0 x str   # t\r\nend#\n"
             "sensor 7.11-beta_2 A=1");
    assert_int_equal(defs.ntypes, 1);
    assert_string_equal(defs.types[0].name, "A");
    assert_string_equal(defs.sensors[0].name, "7.11-beta_2");
    assert_int_equal(defs.sensors[0].supplied[0], 1);
    /* Names of exactly 31 characters; 255 fields; 0 as a number. */
    char buf[16384];
    size_t n = (size_t)snprintf(buf, sizeof buf, "type 1 %s channel 9\n", "T234567890123456789012345678901");
    for (int i = 0; i < 255; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "field %d f%d u32\n", i, i);
    snprintf(buf + n, sizeof buf - n, "end\nsensor %s T234567890123456789012345678901=0\n",
             "S234567890123456789012345678901");
    parse_ok(buf);
    assert_int_equal(defs.types[0].nfields, 255);
    assert_int_equal(cfv_defs_field_by_name(&defs, 0, "f254", 4), 254);
    assert_int_equal(cfv_defs_supplied(&defs, 0, 0), 0);
    /* A sensor may precede later types, which it then does not support. */
    parse_ok("type 1 A channel 1\nfield 0 a str\nend\nsensor s A=1\ntype 2 B channel 2\nfield 0 b str\nend\n");
    assert_int_equal(cfv_defs_supplied(&defs, 0, 1), CFV_UNSUPPORTED);
}

/* ---- errors ---- */

struct bad {
    const char *name;
    const char *text;
    size_t len;                 /* 0: strlen(text) */
    uint32_t line, col;
    const char *message;
};

#define T1 "type 1 A channel 5\n field 0 x str\nend\n"   /* a valid type A */

static const struct bad bad_cases[] = {
    { "empty", "", 0, 1, 1, "empty definitions file" },
    { "no types", "# only a comment\n\n", 0, 3, 1, "no template types defined" },
    { "no types, no final LF", "\n  # x", 0, 2, 6, "no template types defined" },
    { "sensors only", "sensor s\n", 0, 1, 9, "expected <TypeName>=<count> after the sensor name" },
    { "NUL", "type 1 A\0 channel 5\n", 20, 1, 9, "NUL byte in definitions" },
    { "NUL in comment", T1 "# \0\n", sizeof(T1 "# \0\n") - 1, 4, 3, "NUL byte in definitions" },
    { "lone CR", "type 1 A channel 5\rend\n", 0, 1, 19, "carriage return not followed by line feed" },
    { "CR at EOF", T1 "\r", 0, 4, 1, "carriage return not followed by line feed" },
    { "non-ASCII", "type 1 Caf\xC3\xA9 channel 5\n", 0, 1, 11, "non-ASCII byte 0xC3 outside a comment" },
    { "control byte", "type 1 A channel 5\x0B\n", 0, 1, 19, "control byte 0x0B outside a comment" },
    { "DEL", "\x7F", 0, 1, 1, "control byte 0x7F outside a comment" },
    { "unknown directive", "types 1 A channel 5\n", 0, 1, 1, "unknown directive 'types' (expected 'type' or 'sensor')" },
    { "keyword case", "Type 1 A channel 5\n", 0, 1, 1, "unknown directive 'Type' (expected 'type' or 'sensor')" },
    { "field outside type", T1 "  field 1 y str\n", 0, 4, 3, "'field' outside a type block" },
    { "end outside type", "end\n", 0, 1, 1, "'end' without an open type" },
    { "type id missing", "type\n", 0, 1, 5, "expected a type id after 'type'" },
    { "type id not a number", "type x1 A channel 5\n", 0, 1, 6, "expected a decimal type id, got 'x1'" },
    { "type id signed", "type +1 A channel 5\n", 0, 1, 6, "expected a decimal type id, got '+1'" },
    { "type id zero", "type 0 A channel 5\n", 0, 1, 6, "type id 0: number out of range (1..65535)" },
    { "type id too big", "type 65536 A channel 5\n", 0, 1, 6, "type id 65536: number out of range (1..65535)" },
    { "type id leading zero", "type 01 A channel 5\n", 0, 1, 6, "type id 01 has a leading zero" },
    { "type id duplicate", T1 "type 1 B channel 6\n", 0, 4, 6, "duplicate type id 1 (already used by A)" },
    { "type name missing", "type 1   \n", 0, 1, 7, "expected a type name after the type id" },
    { "type name invalid", "type 1 9A channel 5\n", 0, 1, 8,
      "invalid type name '9A' (expected [A-Za-z_][A-Za-z0-9_]*)" },
    { "type name charset", "type 1 A-B channel 5\n", 0, 1, 8,
      "invalid type name 'A-B' (expected [A-Za-z_][A-Za-z0-9_]*)" },
    { "type name charset past z", "type 1 A~B channel 5\n", 0, 1, 8,
      "invalid type name 'A~B' (expected [A-Za-z_][A-Za-z0-9_]*)" },
    { "type name charset past 9", "type 1 A:B channel 5\n", 0, 1, 8,
      "invalid type name 'A:B' (expected [A-Za-z_][A-Za-z0-9_]*)" },
    { "type name too long", "type 1 T2345678901234567890123456789012 channel 5\n", 0, 1, 8,
      "type name 'T2345678901234567890123456789012' longer than 31 characters" },
    { "type name duplicate", T1 "type 2 A channel 6\n", 0, 4, 8, "duplicate type name 'A'" },
    { "channel keyword missing", "type 1 A\n", 0, 1, 9, "expected 'channel' after type name" },
    { "channel keyword wrong", "type 1 A chanel 5\n", 0, 1, 10, "expected 'channel' after type name, got 'chanel'" },
    { "channel missing", "type 1 A channel # 5\n", 0, 1, 17, "expected a channel number after 'channel'" },
    { "channel zero", "type 1 A channel 0\n", 0, 1, 18, "channel 0: number out of range (1..4294967295)" },
    { "channel too big", "type 1 A channel 4294967296\n", 0, 1, 18,
      "channel 4294967296: number out of range (1..4294967295)" },
    { "channel huge", "type 1 A channel 99999999999999999999999999999999999999999999999\n", 0, 1, 18,
      "channel 9999999999999999999999999999999999999999...: number out of range (1..4294967295)" },
    { "channel duplicate", "type 4 NamedPipe channel 291\nfield 0 a str\nend\ntype 5 Other channel 291\n", 0, 4, 22,
      "duplicate channel 291 (already used by NamedPipe)" },
    { "junk after channel", "type 1 A channel 5 x\n", 0, 1, 20, "unexpected 'x' after the channel number" },
    { "field index missing", "type 1 A channel 5\n field\n", 0, 2, 7, "expected a field index after 'field'" },
    { "field index not a number", "type 1 A channel 5\n field one x str\n", 0, 2, 8,
      "expected a decimal field index, got 'one'" },
    { "field index out of order", "type 1 A channel 5\n field 0 a str\n field 1 b str\n field 3 c str\n", 0, 4, 8,
      "field index 3 out of order (expected 2)" },
    { "field index not starting at 0", "type 1 A channel 5\n field 1 a str\n", 0, 2, 8,
      "field index 1 out of order (expected 0)" },
    { "field index repeated", "type 1 A channel 5\n field 0 a str\n field 0 b str\n", 0, 3, 8,
      "field index 0 out of order (expected 1)" },
    { "field index too big", "type 1 A channel 5\n field 255 a str\n", 0, 2, 8,
      "field index 255: number out of range (0..254)" },
    { "field name missing", "type 1 A channel 5\n field 0\n", 0, 2, 9, "expected a field name after the field index" },
    { "field name invalid", "type 1 A channel 5\n field 0 a.b str\n", 0, 2, 10,
      "invalid field name 'a.b' (expected [A-Za-z_][A-Za-z0-9_]*)" },
    { "field name too long", "type 1 A channel 5\n field 0 f2345678901234567890123456789012 str\n", 0, 2, 10,
      "field name 'f2345678901234567890123456789012' longer than 31 characters" },
    { "field name duplicate", "type 1 A channel 5\n field 0 pid u32\n field 1 pid str\n", 0, 3, 10,
      "duplicate field name 'pid' in type 'A'" },
    { "field type missing", "type 1 A channel 5\n field 0 a\n", 0, 2, 11,
      "expected a field type ('str' or 'u32') after the field name" },
    { "field type unknown", "type 1 A channel 5\n field 0 a int\n", 0, 2, 12,
      "unknown field type 'int' (expected 'str' or 'u32')" },
    { "field type case", "type 1 A channel 5\n field 0 a STR\n", 0, 2, 12,
      "unknown field type 'STR' (expected 'str' or 'u32')" },
    { "junk after field", "type 1 A channel 5\n field 0 a str u32\n", 0, 2, 16, "unexpected 'u32' after the field type" },
    { "junk after end", "type 1 A channel 5\n field 0 a str\nend A\n", 0, 3, 5, "unexpected 'A' after 'end'" },
    { "type without fields", "type 1 A channel 5\n\nend\n", 0, 3, 1, "type 'A' has no fields" },
    { "missing end before type", "type 1 A channel 5\n field 0 a str\ntype 2 B channel 6\n", 0, 3, 1,
      "missing 'end' of type 'A' before 'type'" },
    { "missing end before sensor", "type 1 A channel 5\n field 0 a str\n  sensor s A=1\n", 0, 3, 3,
      "missing 'end' of type 'A' before 'sensor'" },
    { "unknown directive in type", "type 1 A channel 5\n fields 0 a str\n", 0, 2, 2,
      "unknown directive 'fields' in type 'A' (expected 'field' or 'end')" },
    { "unterminated type", T1 "\n  type 2 X channel 6\n field 0 a str\n", 0, 5, 3,
      "unterminated type 'X' at end of file" },
    { "sensor name missing", T1 "sensor\n", 0, 4, 7, "expected a sensor name after 'sensor'" },
    { "sensor name invalid", T1 "sensor 7/11 A=1\n", 0, 4, 8, "invalid sensor name '7/11' (expected [0-9A-Za-z._-]+)" },
    { "sensor name too long", T1 "sensor 12345678901234567890123456789012 A=1\n", 0, 4, 8,
      "sensor name '12345678901234567890123456789012' longer than 31 characters" },
    { "sensor duplicate", T1 "sensor 7.11 A=1\nsensor 7.11 A=2\n", 0, 5, 8, "duplicate sensor '7.11'" },
    { "sensor without entries", T1 "sensor 7.11   # none\n", 0, 4, 12, "expected <TypeName>=<count> after the sensor name" },
    { "sensor entry without =", T1 "sensor 7.11 A = 1\n", 0, 4, 13, "expected <TypeName>=<count>, got 'A'" },
    { "sensor entry without name", T1 "sensor 7.11 =1\n", 0, 4, 13, "expected <TypeName>=<count>, got '=1'" },
    { "sensor unknown type", T1 "sensor 7.11 A=1 Foo=3\n", 0, 4, 17, "unknown type 'Foo' in sensor 7.11" },
    { "sensor type defined later", "sensor 7.11 A=1\n" T1, 0, 1, 13, "unknown type 'A' in sensor 7.11" },
    { "sensor type twice", T1 "sensor 7.11 A=1 A=2\n", 0, 4, 17, "type 'A' listed twice in sensor 7.11" },
    { "sensor count missing", T1 "sensor 7.11 A=\n", 0, 4, 13, "expected a count after '=' in 'A='" },
    { "sensor count not a number", T1 "sensor 7.11 A=2x\n", 0, 4, 15, "expected a decimal count, got '2x'" },
    { "sensor count too big", T1 "sensor 7.11 A=256\n", 0, 4, 15, "count 256: number out of range (0..255)" },
    { "sensor count leading zero", T1 "sensor 7.11 A=020\n", 0, 4, 15, "count 020 has a leading zero" },
};

static void test_bad_case(void **state)
{
    const struct bad *b = *state;
    cfv_defs_error err;
    memset(&err, 0x55, sizeof err);
    size_t len = b->len ? b->len : strlen(b->text);
    assert_int_equal(parse(b->text, len, &err), -1);
    assert_string_equal(err.message, b->message);
    assert_int_equal(err.line, b->line);
    assert_int_equal(err.col, b->col);
    assert_int_equal(defs.ntypes, 0);
    assert_int_equal(defs.nsensors, 0);
}

/* Limits, whose inputs are generated. */
static char *gen_types(int ntypes, int nfields, int nsensors, size_t *len)
{
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (int t = 0; t < ntypes; t++) {
        n += (size_t)snprintf(buf + n, cap - n, "type %d T%d channel %d\n", t + 1, t, t + 1000);
        for (int f = 0; f < nfields; f++)
            n += (size_t)snprintf(buf + n, cap - n, "  field %d f%d str\n", f, f);
        n += (size_t)snprintf(buf + n, cap - n, "end\n");
    }
    for (int s = 0; s < nsensors; s++)
        n += (size_t)snprintf(buf + n, cap - n, "sensor s%d T0=1\n", s);
    *len = n;
    return buf;
}

static void expect_limit(int ntypes, int nfields, int nsensors, uint32_t line, uint32_t col, const char *message)
{
    size_t len;
    char *text = gen_types(ntypes, nfields, nsensors, &len);
    cfv_defs_error err;
    int r = parse(text, len, &err);
    free(text);
    if (!message) {
        if (r != 0)
            fail_msg("unexpected error %u:%u: %s", err.line, err.col, err.message);
        return;
    }
    assert_int_equal(r, -1);
    assert_string_equal(err.message, message);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
}

static void test_limits(void **state)
{
    (void)state;
    expect_limit(CFV_MAX_TYPES, 1, CFV_MAX_SENSORS, 0, 0, NULL);
    expect_limit(CFV_MAX_TYPES + 1, 1, 0, CFV_MAX_TYPES * 3 + 1, 1, "too many types (limit 32)");
    expect_limit(1, 1, CFV_MAX_SENSORS + 1, 3 + CFV_MAX_SENSORS + 1, 1, "too many sensors (limit 32)");
    expect_limit(1, 256, 0, 1 + 256, 3, "too many fields in type 'T0' (limit 255)");
    /* 8 types of 255 fields hold 2040; the 9th fails at its 9th field. */
    expect_limit(8, 255, 0, 0, 0, NULL);
    expect_limit(9, 255, 0, 8 * 257 + 1 + 9, 3, "too many fields in all types (limit 2048)");
}

/* A megabyte-long token is quoted cut short, and parsing stays linear. */
static void test_long_token(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *text = malloc(n);
    memcpy(text, "type 1 ", 7);
    memset(text + 7, 'A', n - 7);
    cfv_defs_error err;
    assert_int_equal(parse(text, n, &err), -1);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 8);
    assert_string_equal(err.message, "type name 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...' longer than 31 characters");
    free(text);
}

static void test_null_arguments(void **state)
{
    (void)state;
    assert_int_equal(cfv_defs_parse(&defs, "x", 1, NULL), -1);       /* err may be NULL */
    cfv_defs_error none;
    assert_int_equal(cfv_defs_parse(&defs, NULL, 5, &none), -1);     /* no text: nothing read */
    assert_string_equal(none.message, "empty definitions file");
    cfv_defs_error err;
    assert_int_equal(cfv_defs_parse(NULL, T1, strlen(T1), &err), -1);
    assert_true(err.message[0] != '\0');
}

int main(void)
{
    return TF_RUN_CASES(test_bad_case, bad_cases, test_shipped_matches_format, test_shipped_prefixes,
                        test_shipped_crlf, test_lookups, test_lookups_without_definitions,
                        test_lookups_clamp_hand_built_definitions, test_syntax_variants,
                        test_limits, test_long_token, test_null_arguments);
}
