/* cfv_mutator as libFuzzer's custom mutator and cross-over. Linked into a
 * fuzz target, it replaces libFuzzer's mutations; libFuzzer's own byte
 * mutator (LLVMFuzzerMutate) serves for the bytes the grammar cannot place. */
#include <stdlib.h>
#include <string.h>

#include "cfv_mutator.h"
#include "fuzz_common.h"

/* Under MemorySanitizer, bytes that come from libFuzzer (which is not
 * instrumented) look uninitialised: its dictionary entries, copied in by
 * LLVMFuzzerMutate, and the inputs it hands the hooks. They are initialised;
 * say so, or MSan reports libFuzzer's own bytes on the first mutation. */
#if defined(__has_feature)
#if __has_feature(memory_sanitizer)
#include <sanitizer/msan_interface.h>
#define ENGINE_BYTES(p, n) __msan_unpoison((p), (n))
#endif
#endif
#ifndef ENGINE_BYTES
#define ENGINE_BYTES(p, n) ((void)(p), (void)(n))
#endif

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed);

static size_t engine_bytes(void *user, uint8_t *data, size_t size, size_t max_size)
{
    (void)user;
    size_t n = LLVMFuzzerMutate(data, size, max_size);
    ENGINE_BYTES(data, n);
    return n;
}

/* Global state forced by libFuzzer's API: the hooks carry no user pointer,
 * so the one mutator (decode buffers, output) is made on first use and
 * kept for the process; libFuzzer calls the hooks from one thread. */
static cfv_mutator *the_mutator(void)
{
    static cfv_mutator *m;
    if (!m) {
        m = cfv_mutator_new(cfv_fz_defs());
        if (!m)
            abort();
        cfv_mutator_set_bytes_fn(m, engine_bytes, NULL);
        /* libFuzzer never asks what a mutation was (it names the hooks) */
        cfv_mutator_set_describe(m, 0);
    }
    return m;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    const uint8_t *out;
    ENGINE_BYTES(data, size);
    size_t n = cfv_mutator_mutate(the_mutator(), data, size, max_size, seed, &out);
    memcpy(data, out, n);
    return n;
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed)
{
    const uint8_t *res;
    ENGINE_BYTES(data1, size1);
    ENGINE_BYTES(data2, size2);
    size_t n = cfv_mutator_crossover(the_mutator(), data1, size1, data2, size2, max_out_size, seed, &res);
    memcpy(out, res, n);
    return n;
}
