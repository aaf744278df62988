#include "fingerprint.h"

#include <stdlib.h>
#include <string.h>

#define FNV_PRIME 0x100000001b3ull

static uint64_t fnv_byte(uint64_t h, unsigned char c) { return (h ^ c) * FNV_PRIME; }

uint64_t cfv_fnv_str(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = fnv_byte(h, (unsigned char)*s);
    return fnv_byte(h, 0);
}

void cfv_finding_field(const char *field, size_t cap, char *out, size_t outcap)
{
    size_t o = 0;
    const char *end = memchr(field, '\0', cap);
    size_t n = end ? (size_t)(end - field) : cap;
    for (size_t i = 0; i < n && o + 1 < outcap; i++) {
        out[o++] = field[i];
        if (field[i] == '[' && i >= 9 && memcmp(field + i - 9, "instances", 9) == 0)
            while (i + 1 < n && field[i + 1] >= '0' && field[i + 1] <= '9')
                i++;
    }
    out[o] = '\0';
}

uint64_t cfv_finding_fingerprint(const cfv_diag *d, const char *sensor)
{
    char field[CFV_FIELD_MAX];
    cfv_finding_field(d->field, sizeof d->field, field, sizeof field);
    uint64_t h = CFV_FNV_OFFSET;
    h = fnv_byte(fnv_byte(h, (unsigned char)(d->rule & 0xFF)), (unsigned char)(d->rule >> 8));
    h = cfv_fnv_str(h, sensor ? sensor : "");
    h = cfv_fnv_str(h, field);
    int in_number = 0;
    for (size_t i = 0; d->message[i]; i++) {
        int digit = d->message[i] >= '0' && d->message[i] <= '9';
        if (!digit)
            h = fnv_byte(h, (unsigned char)d->message[i]);
        else if (!in_number)
            h = fnv_byte(h, '#');
        in_number = digit;
    }
    return h;
}

/* Open addressing on the fingerprint (a hash already); count 0 marks a
 * free slot. Every error of a file is written, so this stays linear. */
static uint32_t *slot(const cfv_fp_seen *s, uint64_t fp)
{
    size_t mask = s->cap - 1, i = (size_t)(fp ^ (fp >> 32)) & mask;
    while (s->counts[i] && s->keys[i] != fp)
        i = (i + 1) & mask;
    return &s->counts[i];
}

static int grow(cfv_fp_seen *s)
{
    cfv_fp_seen bigger = {0};
    bigger.cap = s->cap ? 2 * s->cap : 64;
    bigger.keys = malloc(bigger.cap * sizeof *bigger.keys);
    bigger.counts = calloc(bigger.cap, sizeof *bigger.counts);
    if (!bigger.keys || !bigger.counts) {
        free(bigger.keys);
        free(bigger.counts);
        return -1;
    }
    for (size_t i = 0; i < s->cap; i++)
        if (s->counts[i]) {
            uint32_t *c = slot(&bigger, s->keys[i]);
            bigger.keys[c - bigger.counts] = s->keys[i];
            *c = s->counts[i];
        }
    bigger.n = s->n;
    free(s->keys);
    free(s->counts);
    *s = bigger;
    return 0;
}

uint32_t cfv_fp_seen_next(cfv_fp_seen *s, uint64_t fp)
{
    if (2 * (s->n + 1) > s->cap && grow(s) != 0) {
        s->oom = 1;
        return 0;
    }
    uint32_t *c = slot(s, fp);
    if (*c == 0) {
        s->keys[c - s->counts] = fp;
        s->n++;
    }
    return ++*c;
}

void cfv_fp_seen_reset(cfv_fp_seen *s)
{
    if (s->counts)
        memset(s->counts, 0, s->cap * sizeof *s->counts);
    s->n = 0;
}

void cfv_fp_seen_free(cfv_fp_seen *s)
{
    free(s->keys);
    free(s->counts);
    memset(s, 0, sizeof *s);
}
