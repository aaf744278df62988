/* What the plan's unit tests share: the shipped definitions and whole files. */
#ifndef CFV_TEST_PLAN_FIXTURE_H
#define CFV_TEST_PLAN_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/defs.h"

/* The whole file into a malloc'd buffer (NUL-terminated), or NULL. */
static inline char *plan_read_file(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* grammar/cff.defs, parsed; NULL if it cannot be. Free with free(). */
static inline cfv_defs *plan_shipped_defs(void)
{
    size_t len;
    char *text = plan_read_file(CFV_SOURCE_DIR "/grammar/cff.defs", &len);
    cfv_defs *d = calloc(1, sizeof *d);
    cfv_defs_error err;
    if (!text || !d || cfv_defs_parse(d, text, len, &err) != 0) {
        free(d);
        d = NULL;
    }
    free(text);
    return d;
}

#endif
