/* bench/fuzz/counters' driver: links in libFuzzer's place with a target of
 * the counting build (bench/fuzz/build-count), runs LLVMFuzzerTestOneInput
 * once on each file named, and prints, for every coverage counter, its PC
 * (relative to the executable) and in how many executions it was non-zero:
 * what libFuzzer scores after each execution (one feature per non-zero
 * counter), by counter. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODULES 64
#define MAX_INPUT (1u << 20)

/* Global state forced by the instrumentation's API: the compiler's module
 * constructors hand the counter and PC tables over through these calls. */
static struct {
    uint8_t *start[MODULES], *stop[MODULES];
    const uintptr_t *pcs[MODULES];
    int ncounters, npcs;
} cov;

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);
void __sanitizer_cov_pcs_init(const uintptr_t *begin, const uintptr_t *end);
void __sanitizer_cov_trace_pc_indir(uintptr_t callee);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The lowest stack address seen (-fsanitize=fuzzer's stack-depth
 * instrumentation writes it; nothing reads it here). */
__attribute__((tls_model("initial-exec"))) __thread uintptr_t __sancov_lowest_stack;

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop)
{
    if (cov.ncounters < MODULES && start != stop &&
        (cov.ncounters == 0 || cov.start[cov.ncounters - 1] != start)) {
        cov.start[cov.ncounters] = start;
        cov.stop[cov.ncounters++] = stop;
    }
}

void __sanitizer_cov_pcs_init(const uintptr_t *begin, const uintptr_t *end)
{
    if (cov.npcs < MODULES && begin != end && (cov.npcs == 0 || cov.pcs[cov.npcs - 1] != begin))
        cov.pcs[cov.npcs++] = begin;
}

void __sanitizer_cov_trace_pc_indir(uintptr_t callee) { (void)callee; }

static size_t counters(int m) { return (size_t)(cov.stop[m] - cov.start[m]); }

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    size_t total = 0;
    for (int m = 0; m < cov.ncounters; m++)
        total += counters(m);
    unsigned *hits = calloc(total ? total : 1, sizeof *hits);
    uint8_t *buf = malloc(MAX_INPUT);
    if (!hits || !buf)
        return 1;
    long execs = 0, nonzero = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, MAX_INPUT, f);
        fclose(f);
        uint8_t *copy = malloc(n ? n : 1); /* exactly n bytes, as libFuzzer hands them */
        if (!copy)
            return 1;
        memcpy(copy, buf, n);
        for (int m = 0; m < cov.ncounters; m++)
            memset(cov.start[m], 0, counters(m));
        LLVMFuzzerTestOneInput(copy, n);
        free(copy);
        size_t k = 0;
        for (int m = 0; m < cov.ncounters; m++)
            for (size_t j = 0; j < counters(m); j++, k++)
                if (cov.start[m][j]) {
                    hits[k]++;
                    nonzero++;
                }
        execs++;
    }
    Dl_info self;
    if (!dladdr((void *)main, &self))
        return 1;
    fprintf(stderr, "%ld executions, %zu counters, %.1f non-zero an execution\n", execs, total,
            (double)nonzero / (double)(execs ? execs : 1));
    size_t k = 0;
    for (int m = 0; m < cov.ncounters && m < cov.npcs; m++)
        for (size_t j = 0; j < counters(m); j++, k++) /* the PC table: pairs (PC, flags) */
            printf("0x%lx %u\n", (unsigned long)(cov.pcs[m][2 * j] - (uintptr_t)self.dli_fbase), hits[k]);
    free(buf);
    free(hits);
    return 0;
}
