/* The definitions every fuzzing program runs with, and file reading. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

/* grammar/cff.defs, embedded by cmake/CfvEmbed.cmake. */
extern const unsigned char cfv_fz_defs_text[];
extern const size_t cfv_fz_defs_text_len;

const cfv_defs *cfv_fz_defs(void)
{
    /* Global state forced by the engines' API: LLVMFuzzerTestOneInput, the
     * libFuzzer mutator hooks and the AFL++ loop carry no user pointer, so
     * the parsed definitions live here, written once on the first call
     * and only read afterwards. */
    static cfv_defs defs;
    static int ready;
    if (!ready) {
        cfv_defs_error err;
        if (cfv_defs_parse(&defs, (const char *)cfv_fz_defs_text, cfv_fz_defs_text_len, &err) != 0) {
            fprintf(stderr, "cff.defs:%u:%u: %s\n", err.line, err.col, err.message);
            abort();
        }
        ready = 1;
    }
    return &defs;
}

uint8_t *cfv_fz_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n;
    *len = 0;
    do {
        if (*len == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
    } while (n > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    return buf;
}
