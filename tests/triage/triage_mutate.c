#define _GNU_SOURCE /* memmem */
#include "triage_mutate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "c2-pipe-remote-dyndns"
#define CONTENT_VERSION_OFF 12

static uint32_t next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

uint8_t *tt_mutate(const uint8_t *base, size_t len, unsigned k, size_t *out_len)
{
    uint32_t seed = 0x291u + k * 7919u;
    size_t tail = k ? 8 * (1 + next(&seed) % 13) + k % 8 : 0;
    uint8_t *v = malloc(len + tail);
    if (!v)
        return NULL;
    memcpy(v, base, len);
    for (size_t i = 0; i < tail; i++)
        v[len + i] = (uint8_t)next(&seed);
    *out_len = len + tail;
    if (k == 0 || len < CONTENT_VERSION_OFF + 4)
        return v;
    memcpy(v + CONTENT_VERSION_OFF, &k, 4 < sizeof k ? 4 : sizeof k);
    uint8_t *name = memmem(v, len, NAME, strlen(NAME));
    for (unsigned n = 0; name && n < 1 + k % 3; n++)
        name[next(&seed) % strlen(NAME)] = (uint8_t)('a' + next(&seed) % 26);
    return v;
}

void tt_crash_name(const uint8_t *data, size_t len, char out[32])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    snprintf(out, 32, "crash-%016llx", (unsigned long long)h);
}
