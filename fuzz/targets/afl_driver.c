/* The AFL++ side of every fuzz target: persistent mode with shared-memory
 * test cases (__AFL_FUZZ_INIT / __AFL_LOOP) around the very
 * LLVMFuzzerTestOneInput that libFuzzer runs, so each target is one source
 * file for both engines. Outside afl-fuzz it runs each FILE argument once
 * (or stdin), for reproducing a saved crash. Build with afl-clang-fast or
 * afl-clang-lto, which define the __AFL_* macros. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

#ifndef __AFL_FUZZ_TESTCASE_LEN
#error "build with afl-clang-fast or afl-clang-lto"
#endif

__AFL_FUZZ_INIT();

/* Runs one file through the target (reproduction outside afl-fuzz). */
static int run_file(const char *path)
{
    size_t len;
    uint8_t *buf = cfv_fz_read_file(path, &len);
    if (!buf) {
        perror(path);
        return 1;
    }
    fprintf(stderr, "running %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    if (argc > 1 && !getenv("__AFL_SHM_ID")) {
        int rc = 0;
        for (int i = 1; i < argc; i++)
            rc |= run_file(argv[i]);
        return rc;
    }
#ifdef __AFL_HAVE_MANUAL_CONTROL
    __AFL_INIT();
#endif
    /* The shared-memory buffer; read inside the loop, never cached. */
    const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(100000)) {
        size_t len = __AFL_FUZZ_TESTCASE_LEN;
        LLVMFuzzerTestOneInput(buf, len);
    }
    return 0;
}
