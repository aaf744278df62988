/* Deduplication: 50 variants of the July file, as a faithful-replica
 * campaign leaves them, collapse into one bucket with the smallest as the
 * reproducer; through the library and through `cfv triage`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "json_read.h"
#include "triage_fixture.h"
#include "triage_mutate.h"

#define VARIANTS 50

/* A crash directory: the variants, plus the March file (no crash). */
static int setup(void **state)
{
    tt_setup(state);
    tt_ctx *c = *state;
    unlink(c->july); /* the variants include it */
    size_t len;
    uint8_t *july = tf_july(&len);
    for (unsigned k = 0; k < VARIANTS; k++) {
        size_t n;
        uint8_t *v = tt_mutate(july, len, k, &n);
        assert_non_null(v);
        char name[48];
        tt_crash_name("crash-", v, n, name);
        if (k == 0)
            memcpy(c->smallest, name, sizeof name);
        free(cli_write_file(c->scratch->dir, name, v, n));
        free(v);
    }
    free(july);
    uint8_t *march = tf_march(&len);
    free(cli_write_file(c->scratch->dir, "march.cff", march, len));
    free(march);
    return 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static void variants_share_one_bucket(void **state)
{
    tt_ctx *c = *state;
    cfv_triage *t = tt_session(c->defs, CFV_REPLICA_CHILD, NULL);
    char *names[VARIANTS];
    size_t n = 0;
    for (unsigned k = 0; k < VARIANTS; k++) {
        size_t len;
        uint8_t *july = tf_july(&len);
        size_t vn;
        uint8_t *v = tt_mutate(july, len, k, &vn);
        char name[48];
        tt_crash_name("crash-", v, vn, name);
        names[n++] = cli_path(c->scratch->dir, name);
        free(v);
        free(july);
    }
    /* Newest first: the reproducer must not depend on the order. */
    for (size_t i = n; i-- > 0;)
        assert_int_equal(tt_run(t, names[i], NULL), CFV_TRIAGE_CRASHED);
    assert_int_equal(cfv_triage_bucket_count(t), 1);
    const cfv_triage_bucket *b = cfv_triage_bucket_at(t, 0);
    assert_int_equal(b->count, VARIANTS);
    assert_int_equal(b->crash.cls, CFV_TC_READ_AV);
    assert_string_equal(b->crash.function, "read_slot");
    assert_true(ends_with(b->reproducer, c->smallest));
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    cfv_triage_free(t);
}

static void cli_json_contract(void **state)
{
    tt_ctx *c = *state;
    cli_run r;
    CLI(&r, "triage", "--format", "json", c->scratch->dir);
    assert_int_equal(r.status, 1); /* something crashed */
    jnode *j = cli_json_out(&r);
    const jnode *buckets = json_get(j, "buckets");
    assert_non_null(buckets);
    assert_int_equal(buckets->len, 1);
    assert_string_equal(json_path(j, "buckets.0.class")->str, "read-av");
    assert_string_equal(json_path(j, "buckets.0.function")->str, "read_slot");
    assert_memory_equal(json_path(j, "buckets.0.instruction")->str, "mov", 3);
    assert_int_equal((int)json_path(j, "buckets.0.count")->num, VARIANTS);
    assert_true(ends_with(json_path(j, "buckets.0.reproducer")->str, c->smallest));
    assert_int_equal(json_path(j, "buckets.0.inputs")->len, VARIANTS);
    assert_string_equal(json_path(j, "buckets.0.sensor")->str, "7.11");
    assert_string_equal(json_path(j, "buckets.0.template_type")->str, "NamedPipe");
    assert_int_equal(json_get(j, "not_reproduced")->len, 1);
    assert_true(ends_with(json_path(j, "not_reproduced.0.input")->str, "march.cff"));
    assert_string_equal(json_path(j, "not_reproduced.0.reason")->str, "clean");
    json_free(j);
    cli_run_free(&r);
}

static void cli_text_one_line_per_bucket(void **state)
{
    tt_ctx *c = *state;
    cli_run r;
    CLI(&r, "triage", c->scratch->dir);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "51 inputs: 50 crashes in 1 bucket, 1 not reproduced\n"));
    const char *line = strstr(r.out, "\n    50  read-av  read_slot  mov ");
    assert_non_null(line);
    assert_non_null(strstr(line, c->smallest));
    cli_run_free(&r);
}

static void cli_nothing_crashed_is_exit_0(void **state)
{
    tt_ctx *c = *state;
    char *march = cli_path(c->scratch->dir, "march.cff");
    CLI_EXPECT(0, "1 input: 0 crashes in 0 buckets, 1 not reproduced\n", NULL, "triage", march);
    CLI_EXPECT(2, NULL, NULL, "triage", "--sensor", "7.99", march);
    CLI_EXPECT(2, NULL, NULL, "triage");
    free(march);
}

int main(void)
{
    return TF_RUN_EACH(setup, tt_teardown, variants_share_one_bucket, cli_json_contract,
                       cli_text_one_line_per_bucket, cli_nothing_crashed_is_exit_0);
}
