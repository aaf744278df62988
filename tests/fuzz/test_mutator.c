/* The grammar-aware mutator: deterministic in its seed, within max_size,
 * correct integrity fields most of the time and wrong some of the time,
 * every mutation family at work, reaching the Channel File 291 shape from
 * a March-style seed, robust to any bytes; the AFL++ post-process step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/crc32c.h"
#include "cfv/decode.h"
#include "cfv/le.h"
#include "cfv_mutator.h"
#include "fuzz_common.h"
#include "seeds.h"

#define MAX CFV_SEEDS_MAX_BYTES   /* the fuzzers' -max_len (fuzz/libfuzzer.options) */
#define ROUNDS 3000

typedef struct fixture {
    cfv_mutator *m;
    cfv_wfile pipe;             /* a March-style NamedPipe seed */
    cfv_wfile other;            /* a ProcessStart seed */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const cfv_defs *d = cfv_fz_defs();
    int pipe = cfv_defs_type_by_name(d, "NamedPipe", 9);
    int proc = cfv_defs_type_by_name(d, "ProcessStart", 12);
    assert_non_null(f);
    assert_true(pipe >= 0 && proc >= 0);
    assert_int_equal(cfv_seed_build(d, pipe, 2, &f->pipe), CFV_WRITER_OK);
    assert_int_equal(cfv_seed_build(d, proc, 3, &f->other), CFV_WRITER_OK);
    f->m = cfv_mutator_new(d);
    assert_non_null(f->m);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cfv_mutator_free(f->m);
    cfv_wfile_free(&f->pipe);
    cfv_wfile_free(&f->other);
    free(f);
    return 0;
}

static int intact(const uint8_t *b, size_t n)
{
    return n >= CFF_HEADER_FIXED_SIZE && cfv_le32(b + CFF_HEADER_FILE_SIZE_OFF) == n &&
           cfv_le32(b + CFF_HEADER_CRC32C_OFF) == cfv_crc32c_skip4(b, n, CFF_HEADER_CRC32C_OFF);
}

static void deterministic(void **state)
{
    fixture *f = *state;
    const uint8_t *out;
    for (uint32_t seed = 1; seed < 200; seed++) {
        size_t n1 = cfv_mutator_mutate(f->m, f->pipe.data, f->pipe.len, MAX, seed, &out);
        uint8_t *copy = malloc(n1);
        char desc[128];
        memcpy(copy, out, n1);
        strcpy(desc, cfv_mutator_describe(f->m));
        size_t n2 = cfv_mutator_mutate(f->m, f->pipe.data, f->pipe.len, MAX, seed, &out);
        assert_int_equal(n1, n2);
        assert_memory_equal(copy, out, n1);
        assert_string_equal(desc, cfv_mutator_describe(f->m));
        free(copy);
    }
}

/* Without descriptions (libFuzzer's face), the same outputs, and "". */
static void quiet_same_outputs(void **state)
{
    fixture *f = *state;
    cfv_mutator *q = cfv_mutator_new(cfv_fz_defs());
    assert_non_null(q);
    cfv_mutator_set_describe(q, 0);
    const uint8_t *a, *b;
    for (uint32_t seed = 1; seed < 500; seed++) {
        size_t na = cfv_mutator_mutate(f->m, f->pipe.data, f->pipe.len, MAX, seed, &a);
        size_t nb = cfv_mutator_mutate(q, f->pipe.data, f->pipe.len, MAX, seed, &b);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        assert_true(cfv_mutator_describe(f->m)[0] != 0);
        assert_string_equal(cfv_mutator_describe(q), "");
        na = cfv_mutator_crossover(f->m, f->pipe.data, f->pipe.len, f->other.data, f->other.len, MAX,
                                   seed, &a);
        nb = cfv_mutator_crossover(q, f->pipe.data, f->pipe.len, f->other.data, f->other.len, MAX,
                                   seed, &b);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        assert_string_equal(cfv_mutator_describe(q), "");
    }
    cfv_mutator_set_describe(q, 1);
    cfv_mutator_mutate(q, f->pipe.data, f->pipe.len, MAX, 1, &b);
    assert_true(cfv_mutator_describe(q)[0] != 0);
    cfv_mutator_free(q);
}

static void within_bounds(void **state)
{
    fixture *f = *state;
    const uint8_t *out;
    for (uint32_t seed = 1; seed < ROUNDS; seed++) {
        size_t max = 1 + seed % 700;
        size_t n = cfv_mutator_mutate(f->m, f->pipe.data, f->pipe.len, max, seed, &out);
        assert_true(n >= 1 && n <= max);
        n = cfv_mutator_crossover(f->m, f->pipe.data, f->pipe.len, f->other.data, f->other.len, max,
                                  seed, &out);
        assert_true(n >= 1 && n <= max);
    }
}

/* Mostly intact, sometimes not; from a March-style seed, a non-wildcard on
 * NamedPipe field 20 (with the file intact) comes up within ROUNDS. */
static void integrity_and_cf291(void **state)
{
    fixture *f = *state;
    const uint8_t *out;
    unsigned ok = 0, cf291 = 0;
    cfv_decoded d;
    cfv_decoded_init(&d);
    for (uint32_t seed = 1; seed <= ROUNDS; seed++) {
        size_t n = cfv_mutator_mutate(f->m, f->pipe.data, f->pipe.len, MAX, seed, &out);
        int good = intact(out, n);
        ok += good;
        if (!good || cfv_decode(&d, out, n) != CFV_DECODE_OK)
            continue;
        for (size_t i = 0; i < d.ninstances; i++)
            if (d.instances[i].template_type == 4 && d.instances[i].field_count == 21 &&
                d.instances[i].ncriteria == 21 && cfv_decoded_criterion(&d, i, 20)->op != 0) {
                cf291++;
                break;
            }
    }
    cfv_decoded_free(&d);
    print_message("intact %u of %u, CF291 shape %u\n", ok, ROUNDS, cf291);
    assert_true(ok >= ROUNDS * 3 / 4);
    assert_true(ok <= ROUNDS * 97 / 100);
    assert_true(cf291 >= ROUNDS / 200);
}

/* Every family of mutations shows in the descriptions. */
static void families(void **state)
{
    static const char *const names[] = {
        "wild>live", "live>wild", "op", "operand", "fcount", "type", "add(", "drop(", "dup(",
        "move(", "text(", "chan", "gap", "extra", "kind", "badcrc", "bytes", "splice(",
    };
    fixture *f = *state;
    const uint8_t *out;
    size_t nn = sizeof names / sizeof names[0];
    unsigned seen[sizeof names / sizeof names[0]] = {0};
    for (uint32_t seed = 1; seed <= 4 * ROUNDS; seed++) {
        if (seed % 4)
            cfv_mutator_mutate(f->m, f->pipe.data, f->pipe.len, MAX, seed, &out);
        else
            cfv_mutator_crossover(f->m, f->pipe.data, f->pipe.len, f->other.data, f->other.len,
                                  MAX, seed, &out);
        for (size_t k = 0; k < nn; k++)
            seen[k] += strstr(cfv_mutator_describe(f->m), names[k]) != NULL;
    }
    for (size_t k = 0; k < nn; k++) {
        if (!seen[k])
            print_error("never seen: %s\n", names[k]);
        assert_true(seen[k] > 0);
    }
}

/* Any bytes, any size: no crash (the sanitizers watch), output in bounds. */
static void any_bytes(void **state)
{
    fixture *f = *state;
    uint8_t buf[600];
    const uint8_t *out;
    uint64_t x = 88172645463325252ull;
    for (uint32_t seed = 1; seed <= ROUNDS; seed++) {
        size_t n = seed % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] = (uint8_t)x;
        }
        if (n >= 4 && seed % 2)
            memcpy(buf, f->pipe.data, n < f->pipe.len ? n : f->pipe.len);  /* a cut-short file */
        size_t m = cfv_mutator_mutate(f->m, buf, n, sizeof buf, seed, &out);
        assert_true(m >= 1 && m <= sizeof buf);
    }
}

static void post_process(void **state)
{
    fixture *f = *state;
    uint8_t *b = malloc(f->pipe.len);
    unsigned fixed = 0;
    for (uint32_t k = 0; k < 256; k++) {
        memcpy(b, f->pipe.data, f->pipe.len);
        b[CFF_HEADER_SIZE + k % 32] ^= (uint8_t)(1 + k / 32);   /* content changed, CRC stale */
        cfv_mutator_post_process(b, f->pipe.len);
        fixed += intact(b, f->pipe.len);
        /* Idempotent: a saved input post-processes to itself. */
        assert_int_equal(cfv_mutator_post_process(b, f->pipe.len), 0);
    }
    print_message("post-process fixed %u of 256\n", fixed);
    assert_true(fixed >= 200 && fixed < 256);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deterministic), cmocka_unit_test(quiet_same_outputs),
        cmocka_unit_test(within_bounds),
        cmocka_unit_test(integrity_and_cf291), cmocka_unit_test(families),
        cmocka_unit_test(any_bytes), cmocka_unit_test(post_process),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
