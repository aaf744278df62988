/* cfv_mutator as an AFL++ custom mutator library (AFL_CUSTOM_MUTATOR_LIBRARY),
 * AFL++ 4.04c API. All state hangs off the pointer afl_custom_init returns.
 * afl_custom_post_process fixes file_size and CRC-32C of every input AFL++
 * runs (its own havoc's too), except a deterministic ~1 in 16. */
#include <stdlib.h>
#include <string.h>

#include "cfv_mutator.h"
#include "fuzz_common.h"

#define AFL_EXPORT __attribute__((visibility("default")))

typedef struct afl_cfv {
    cfv_mutator *m;
    uint32_t seed;
    uint8_t *post;          /* post_process output */
    size_t post_cap;
    char desc[128];
} afl_cfv;

AFL_EXPORT void *afl_custom_init(void *afl, unsigned int seed);
AFL_EXPORT size_t afl_custom_fuzz(void *data, unsigned char *buf, size_t buf_size,
                                  unsigned char **out_buf, unsigned char *add_buf,
                                  size_t add_buf_size, size_t max_size);
AFL_EXPORT const char *afl_custom_describe(void *data, size_t max_description_len);
AFL_EXPORT size_t afl_custom_post_process(void *data, unsigned char *buf, size_t buf_size,
                                          unsigned char **out_buf);
AFL_EXPORT void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
    (void)afl;
    afl_cfv *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->m = cfv_mutator_new(cfv_fz_defs());
    if (!s->m) {
        free(s);
        return NULL;
    }
    s->seed = seed;
    return s;
}

size_t afl_custom_fuzz(void *data, unsigned char *buf, size_t buf_size, unsigned char **out_buf,
                       unsigned char *add_buf, size_t add_buf_size, size_t max_size)
{
    afl_cfv *s = data;
    s->seed = s->seed * 1664525u + 1013904223u;
    const uint8_t *out;
    size_t n;
    if (add_buf && add_buf_size && (s->seed >> 28) < 3)    /* 3 in 16: cross over */
        n = cfv_mutator_crossover(s->m, buf, buf_size, add_buf, add_buf_size, max_size, s->seed, &out);
    else
        n = cfv_mutator_mutate(s->m, buf, buf_size, max_size, s->seed, &out);
    *out_buf = (unsigned char *)out;
    return n;
}

const char *afl_custom_describe(void *data, size_t max_description_len)
{
    afl_cfv *s = data;
    size_t n = sizeof s->desc - 1 < max_description_len ? sizeof s->desc - 1 : max_description_len;
    strncpy(s->desc, cfv_mutator_describe(s->m), n);
    s->desc[n] = 0;
    return s->desc;
}

size_t afl_custom_post_process(void *data, unsigned char *buf, size_t buf_size,
                               unsigned char **out_buf)
{
    afl_cfv *s = data;
    if (buf_size > s->post_cap) {
        uint8_t *p = realloc(s->post, buf_size);
        if (!p) {
            *out_buf = buf;
            return buf_size;
        }
        s->post = p;
        s->post_cap = buf_size;
    }
    if (buf_size)
        memcpy(s->post, buf, buf_size);
    cfv_mutator_post_process(s->post, buf_size);
    *out_buf = s->post;
    return buf_size;
}

void afl_custom_deinit(void *data)
{
    afl_cfv *s = data;
    cfv_mutator_free(s->m);
    free(s->post);
    free(s);
}
