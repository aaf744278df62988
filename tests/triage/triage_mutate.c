#define _GNU_SOURCE /* memmem */
#include "triage_mutate.h"

#include "cfv/crc32c.h"
#include "cfv/le.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "c2-pipe-remote-dyndns"
#define CONTENT_VERSION_OFF 12
#define FILE_SIZE_OFF 24
#define CRC_OFF 28

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
    if (k == 0 || len < CRC_OFF + 4)
        return v;
    cfv_put32(v + CONTENT_VERSION_OFF, k);
    uint8_t *name = memmem(v, len, NAME, strlen(NAME));
    for (unsigned n = 0; name && n < 1 + k % 3; n++)
        name[next(&seed) % strlen(NAME)] = (uint8_t)('a' + next(&seed) % 26);
    /* Intact, as the faithful fuzz target keeps only such files. */
    cfv_put32(v + FILE_SIZE_OFF, (uint32_t)*out_len);
    cfv_put32(v + CRC_OFF, cfv_crc32c_skip4(v, *out_len, CRC_OFF));
    return v;
}

void tt_crash_name(const char *prefix, const uint8_t *data, size_t len, char out[48])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    snprintf(out, 48, "%.24s%016llx", prefix, (unsigned long long)h);
}
