/* The fleet inventory reader: FLEET.md's example, and every malformed case
 * FLEET.md names (plus the ones a strict reader adds) as one line
 * "PATH:LINE:COL: message" at the right place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fleet.h"
#include "json_locate.h"
#include "fixture.h"

static const char example[] =
    "{\n"
    "  \"fleet\": \"acme-prod\",\n"
    "  \"rings\": [\"canary\", \"early\", \"general\"],\n"
    "  \"sensors\": [\n"
    "    {\"sensor\": \"7.16\", \"ring\": \"canary\",  \"hosts\": 12000},\n"
    "    {\"sensor\": \"7.16\", \"ring\": \"early\",   \"hosts\": 900000},\n"
    "    {\"sensor\": \"7.11\", \"ring\": \"general\", \"hosts\": 5100000},\n"
    "    {\"sensor\": \"7.16\", \"ring\": \"general\", \"hosts\": 2500000}\n"
    "  ]\n"
    "}\n";

static void parses_the_contract_example(void **state)
{
    (void)state;
    cfv_fleet f;
    cfv_err e;
    assert_int_equal(cfv_fleet_parse(&f, example, strlen(example), "acme.json", &e), 0);
    assert_string_equal(f.name, "acme-prod");
    assert_int_equal(f.nrings, 3);
    assert_string_equal(f.rings[0], "canary");
    assert_string_equal(f.rings[2], "general");
    assert_int_equal(f.nsensors, 2);            /* distinct names, first seen first */
    assert_string_equal(f.sensors[0], "7.16");
    assert_string_equal(f.sensors[1], "7.11");
    assert_int_equal(f.nentries, 4);
    assert_int_equal(f.entries[2].sensor, 1);
    assert_int_equal(f.entries[2].ring, 2);
    assert_int_equal(f.entries[2].hosts, 5100000);
    assert_int_equal(f.total_hosts, 12000 + 900000 + 5100000 + 2500000);
    assert_int_equal(cfv_fleet_ring(&f, "early"), 1);
    assert_int_equal(cfv_fleet_ring(&f, "late"), -1);
    cfv_fleet_free(&f);
}

/* Parses text, expects failure with exactly "f.json:LINE:COL: <needle...>". */
static void expect_error(const char *text, unsigned line, unsigned col, const char *needle)
{
    cfv_fleet f;
    cfv_err e;
    memset(&e, 0, sizeof e);
    if (cfv_fleet_parse(&f, text, strlen(text), "f.json", &e) == 0) {
        cfv_fleet_free(&f);
        fail_msg("accepted: %s", text);
    }
    char want[64];
    snprintf(want, sizeof want, "f.json:%u:%u: ", line, col);
    if (strncmp(e.msg, want, strlen(want)) != 0 || !strstr(e.msg, needle) ||
        strchr(e.msg, '\n'))
        fail_msg("for %s\n  want %s...%s\n  got  %s", text, want, needle, e.msg);
    /* Nothing is left allocated on failure (ASan's leak check would say). */
    assert_null(f.rings);
    assert_null(f.entries);
}

#define ENTRY(s) "{\"fleet\":\"x\",\"rings\":[\"a\",\"b\"],\"sensors\":[" s "]}"
/* The rings given as JSON text, no sensors. */
#define RINGS(r) "{\"fleet\":\"x\",\"rings\":" r ",\"sensors\":[]}"
/* One entry of 7.16 in ring a, its hosts given as JSON text. */
#define HOSTS(h) ENTRY("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":" h "}")

typedef struct bad_fleet {
    const char *text;
    unsigned line, col;
    const char *needle;
} bad_fleet;

/* Every malformed inventory, one row each: text, line, column, message. */
static const bad_fleet malformed[] = {
    /* Not JSON, or not an object. */
    {"", 1, 1, "invalid JSON"},
    {"{\"fleet\": \"x\",\n  \"rings\": [\"a\",]}", 2, 17, "invalid JSON"},
    {"{\"fleet\": \"x\"", 1, 13, "invalid JSON"},
    {"{\"fleet\": \"x\", \"fleet\": \"y\"}", 1, 22, "duplicate object key"},
    {"{\"fleet\": \"\xff\"}", 1, 11, "invalid JSON"},
    {"[1, 2]", 1, 1, "expected an object with keys fleet, rings and sensors"},
    /* Keys missing or unknown. */
    {"{\"rings\": [\"a\"], \"sensors\": []}", 1, 1, "missing key \"fleet\""},
    {"{\"fleet\": \"x\", \"sensors\": []}", 1, 1, "missing key \"rings\""},
    {"{\"fleet\": \"x\", \"rings\": [\"a\"]}", 1, 1, "missing key \"sensors\""},
    {"{\"fleet\": \"x\", \"rings\": [\"a\"], \"sensors\": [],\n \"owner\": 1}", 2, 2,
     "unknown key \"owner\""},
    {ENTRY("{\"sensor\":\"7.16\",\"ring\":\"a\"}"), 1, 43,
     "sensors[0]: missing key \"hosts\""},
    {ENTRY("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":1,\"host\":2}"), 1, 81,
     "sensors[0]: unknown key \"host\""},
    /* The rings. */
    {RINGS("[]"), 1, 22, "rings: empty"},
    {RINGS("[\"a\",\"b\",\"a\"]"), 1, 31, "\"a\" is listed twice (also rings[0])"},
    {RINGS("\"a\""), 1, 22, "rings: expected an array"},
    {RINGS("[\"a\", 7]"), 1, 28, "rings: expected a string, got an integer"},
    {RINGS("[\"\"]"), 1, 23, "rings: empty name"},
    /* The sensor entries. */
    {ENTRY("{\"sensor\":\"7.16\",\"ring\":\"c\",\"hosts\":1}"), 1, 67,
     "sensors[0].ring: unknown ring \"c\""},
    {ENTRY("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":1},\n"
           " {\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":2}"),
     2, 2, "sensor \"7.16\" in ring \"a\" is listed twice (also sensors[0])"},
    {ENTRY("7"), 1, 43, "sensors[0]: expected an object"},
    {"{\"fleet\":\"x\",\"rings\":[\"a\"],\"sensors\":{}}", 1, 38,
     "sensors: expected an array"},
    {ENTRY("{\"sensor\":716,\"ring\":\"a\",\"hosts\":1}"), 1, 53,
     "sensors[0].sensor: expected a string, got an integer"},
    {ENTRY("{\"sensor\":\"\",\"ring\":\"a\",\"hosts\":1}"), 1, 53,
     "sensors[0].sensor: empty name"},
    {"{\"fleet\":7,\"rings\":[\"a\"],\"sensors\":[]}", 1, 10,
     "fleet: expected a string, got an integer"},
    /* Host counts. */
    {HOSTS("-1"), 1, 79, "sensors[0].hosts: -1 is negative"},
    {HOSTS("1.5"), 1, 79,
     "expected a non-negative integer, got a number with a fraction or exponent"},
    {HOSTS("1e3"), 1, 79, "got a number with a fraction or exponent"},
    {HOSTS("\"12\""), 1, 79, "expected a non-negative integer, got a string"},
    {HOSTS("null"), 1, 79, "got null"},
    {HOSTS("true"), 1, 79, "got a boolean"},
    /* Past int64: jansson refuses it while reading, and says where. */
    {HOSTS("9223372036854775808"), 1, 97, "too big"},
    /* Each count fits, their sum does not: an error, never a wrap. */
    {ENTRY("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":9223372036854775807},\n"
           "{\"sensor\":\"7.11\",\"ring\":\"b\",\"hosts\":1}"),
     2, 37, "sensors[1].hosts: the fleet's hosts add up past 9223372036854775807"},
};

static void malformed_inventories(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        expect_error(malformed[i].text, malformed[i].line, malformed[i].col, malformed[i].needle);
}

static void largest_counts_are_kept(void **state)
{
    (void)state;
    const char *t = ENTRY("{\"sensor\":\"7.16\",\"ring\":\"a\",\"hosts\":9223372036854775806},"
                          "{\"sensor\":\"7.11\",\"ring\":\"b\",\"hosts\":1},"
                          "{\"sensor\":\"7.11\",\"ring\":\"a\",\"hosts\":0}");
    cfv_fleet f;
    cfv_err e;
    assert_int_equal(cfv_fleet_parse(&f, t, strlen(t), "f.json", &e), 0);
    assert_int_equal(f.total_hosts, INT64_MAX);
    assert_int_equal(f.entries[0].hosts, INT64_MAX - 1);
    assert_int_equal(f.entries[2].hosts, 0);
    cfv_fleet_free(&f);
}

/* Positions are found through escaped keys and across lines, in characters. */
static void locate_finds_values(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, {\"b\": \"\xc3\xa9\", \"c\": [true, {\"d\": 2}]}],\n"
                    " \"\\u0065\": 3}";
    size_t len = strlen(t);
    cfv_json_step p1[] = {{"a", 0}, {NULL, 1}, {"c", 0}, {NULL, 1}, {"d", 0}};
    size_t off = cfv_json_locate(t, len, p1, 5, 0);
    assert_int_equal(t[off], '2');
    unsigned line, col;
    cfv_json_line_col(t, len, off, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 40);                  /* é is one character of two bytes */
    cfv_json_step p2[] = {{"e", 0}};
    off = cfv_json_locate(t, len, p2, 1, 0);
    assert_int_equal(t[off], '3');
    cfv_json_line_col(t, len, off, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 12);
    off = cfv_json_locate(t, len, p2, 1, 1);
    assert_int_equal(t[off], '"');
    /* A step that is not there stops at its container. */
    cfv_json_step p3[] = {{"a", 0}, {NULL, 7}};
    assert_int_equal(t[cfv_json_locate(t, len, p3, 2, 0)], '[');
}

int main(void)
{
    return TF_RUN(NULL, NULL, parses_the_contract_example, malformed_inventories,
                  largest_counts_are_kept, locate_finds_values);
}
