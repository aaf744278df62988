/* Failing closed: when the REGEX checks cannot run, the verdict is an
 * error (CFV055 or CFV056), never CFV_RE_OK. Allocations made by cfv_regex
 * are failed one at a time (the n-th, for every n until none is left) via
 * the linker's --wrap; PCRE2's own allocations are not touched. */
#include <stdio.h>
#include <stdlib.h>

#include "regex_internal.h"
#include "test_regex_util.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

static long allocs_left = -1; /* -1: never fail */
static long failed;
static long held; /* blocks malloc'd and not yet freed */

static int fail_now(void)
{
    if (allocs_left < 0)
        return 0;
    if (allocs_left-- == 0) {
        failed++;
        return 1;
    }
    return 0;
}
static void *counted(void *p)
{
    held += p != NULL;
    return p;
}
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : counted(__real_malloc(n)); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : counted(__real_calloc(n, size)); }
void __wrap_free(void *p)
{
    held -= p != NULL;
    __real_free(p);
}
void *__wrap_realloc(void *p, size_t n)
{
    if (fail_now())
        return NULL;
    void *q = __real_realloc(p, n);
    held += q && !p;
    return q;
}

/* Patterns the checks pass when memory is there, and ones they flag. */
static const char *const patterns[] = {
    "abc", "^[a-z0-9._-]+\\.exe$", "(?<n>a|b)\\k<n>{2,5}", "(?:ab+|c){3}", "x(?1)?(y)",
    "(a+)+", "^(\\w+\\s?)*$",
};

/* Runs check with the n-th allocation failing, for n = 0, 1, ... until a run
 * fails none. A run that lost an allocation gives an error (CFV055/CFV056
 * with a reason) or, where the allocation was only the cache's bookkeeping
 * (`spare`: the verdict is then computed uncached), the verdict it gives with
 * memory; never CFV_RE_OK for a pattern that is not OK. */
static void fails_closed(const char *pattern, void (*check)(const char *, cfv_re_verdict *),
                         int spare)
{
    cfv_re_verdict clean;
    check(pattern, &clean);
    long runs = 0;
    for (long n = 0;; n++) {
        cfv_re_verdict v;
        failed = 0;
        allocs_left = n;
        check(pattern, &v);
        allocs_left = -1;
        if (!failed) {
            assert_int_equal(v.status, clean.status); /* as with memory */
            break;
        }
        runs++;
        if (spare && v.status == clean.status)
            continue;
        if (v.status == CFV_RE_OK)
            fail_msg("[%s]: allocation %ld failed and the verdict is still OK", pattern, n);
        assert_true(v.status == CFV_RE_COMPILE_ERROR || v.status == CFV_RE_NESTED_UNBOUNDED);
        assert_true(v.message[0] != 0); /* says why */
    }
    /* The checker does allocate, so failures were injected; except where
     * the plain subset answers from the syntax, which needs no memory. */
    assert_true(runs > 0 || cfv_rx_plain((const uint8_t *)pattern, strlen(pattern)));
}

static void every_failure_is_an_error(void (*check)(const char *, cfv_re_verdict *), int spare)
{
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
        fails_closed(patterns[i], check, spare);
}

static void uncached(const char *p, cfv_re_verdict *v)
{
    cfv_regex_check(NULL, (const uint8_t *)p, strlen(p), 0, v);
}

static void cached(const char *p, cfv_re_verdict *v)
{
    long left = allocs_left;
    allocs_left = -1; /* the cache itself is made with memory */
    cfv_regex_cache *c = cfv_regex_cache_new();
    assert_non_null(c);
    allocs_left = left;
    cfv_regex_check(c, (const uint8_t *)p, strlen(p), 1, v);
    allocs_left = -1;
    cfv_regex_cache_free(c);
}

static void code_for_replica(const char *p, cfv_re_verdict *v)
{
    long left = allocs_left;
    allocs_left = -1;
    cfv_regex_cache *c = cfv_regex_cache_new();
    assert_non_null(c);
    allocs_left = left;
    const pcre2_code *code = cfv_regex_cache_code(c, (const uint8_t *)p, strlen(p), 0, v);
    allocs_left = -1;
    assert_true((code != NULL) == (v->status == CFV_RE_OK)); /* no code to match with otherwise */
    cfv_regex_cache_free(c);
}

static void verdict_fails_closed(void **state)
{
    (void)state;
    every_failure_is_an_error(uncached, 0);
}

static void cache_fails_closed(void **state)
{
    (void)state;
    every_failure_is_an_error(cached, 1);
    every_failure_is_an_error(code_for_replica, 1);
}

/* A cache that cannot be made is NULL, with nothing left allocated. */
static void cache_creation_fails_cleanly(void **state)
{
    (void)state;
    for (long n = 0; n < 3; n++) { /* the cache, its table, its first block of kept memory */
        allocs_left = n;
        assert_null(cfv_regex_cache_new());
        allocs_left = n;
        assert_null(cfv_regex_cache_new_keyed(1, 2));
        allocs_left = -1;
    }
    cfv_regex_cache_free(NULL); /* and freeing none is a no-op */
}

/* The table grows at its 33rd key; when it cannot, the verdict is still
 * exact (computed uncached) and the keys it holds stay. */
static void cache_growth_failing_keeps_verdicts_exact(void **state)
{
    (void)state;
    cfv_regex_cache *c = cfv_regex_cache_new();
    assert_non_null(c);
    char pat[16];
    cfv_re_verdict v;
    for (int i = 0; i < 32; i++) {
        /* a lookbehind: outside the plain subset, so each one takes a
         * cache entry ((?i) is in it now, and took none) */
        cfv_regex_check(c, (const uint8_t *)pat, (size_t)snprintf(pat, sizeof pat, "(?<=a)x%d", i), 0, &v);
        assert_int_equal(v.status, CFV_RE_OK);
    }
    failed = 0;
    allocs_left = 0; /* the first allocation for a new key is the table's growth */
    cfv_regex_check(c, (const uint8_t *)"(a+)+", 5, 0, &v);
    allocs_left = -1;
    assert_int_equal(failed, 1);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    const pcre2_code *kept = cfv_regex_cache_code(c, (const uint8_t *)"(?<=a)x0", 8, 0, &v);
    assert_non_null(kept);
    assert_ptr_equal(cfv_regex_cache_code(c, (const uint8_t *)"(?<=a)x0", 8, 0, &v), kept);
    cfv_regex_cache_free(c);
}

/* What a cache keeps (pattern copies, compiled codes) comes from blocks
 * that double: 600 new patterns leave a handful more blocks held, not one
 * or two each (a fuzzer reruns every input that ends holding more than it
 * started with, to look for a leak); refused ones give their code back. */
static void kept_patterns_take_few_blocks(void **state)
{
    (void)state;
    cfv_regex_cache *c = cfv_regex_cache_new();
    assert_non_null(c);
    const long before = held;
    char pat[32];
    cfv_re_verdict v;
    for (int i = 0; i < 600; i++) {
        cfv_regex_check(c, (const uint8_t *)pat, (size_t)snprintf(pat, sizeof pat, "(?<=a)x%d", i), 0, &v);
        assert_int_equal(v.status, CFV_RE_OK);
        cfv_regex_check(c, (const uint8_t *)pat, (size_t)snprintf(pat, sizeof pat, "(a+)+%d", i), 0, &v);
        assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    }
    assert_in_range(held - before, 1, 12); /* table growths and blocks: logarithmic */
    cfv_regex_cache_free(c);
    assert_int_equal(held, before - 3); /* the cache, its table and first block, made before */
}

/* The syntax tree grows at its 64th node: with k literals in front, that
 * node is each item of the pattern in turn (a group and its branch, a
 * class, a verb, a quantifier, a call by name and by number, a quoted
 * literal, an alternative), so every place that adds a node fails closed. */
static void tree_growth_fails_closed_at_every_item(void **state)
{
    (void)state;
    static const char items[] = "(?<n>a)[b](*ACCEPT)?\\g<n>(?1)+|\\Qxy\\E(?=c)";
    char pattern[128];
    for (size_t k = 0; k < 64; k++) {
        memset(pattern, 'z', k);
        memcpy(pattern + k, items, sizeof items);
        fails_closed(pattern, uncached, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdict_fails_closed),
        cmocka_unit_test(cache_fails_closed),
        cmocka_unit_test(tree_growth_fails_closed_at_every_item),
        cmocka_unit_test(cache_creation_fails_cleanly),
        cmocka_unit_test(cache_growth_failing_keeps_verdicts_exact),
        cmocka_unit_test(kept_patterns_take_few_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
