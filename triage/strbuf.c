#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/utf8.h"

static int reserve(cfv_sb *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->oom = 1;
        return -1;
    }
    b->data = d;
    b->cap = cap;
    return 0;
}

void cfv_sb_printf(cfv_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cfv_sb_json(cfv_sb *b, const char *s)
{
    size_t bad;
    /* Not UTF-8 (a path may be anything): its bytes >= 0x80 read as Latin-1. */
    int utf8 = cfv_utf8_valid((const uint8_t *)s, strlen(s), &bad);
    cfv_sb_printf(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            cfv_sb_printf(b, "\\%c", *p);
        else if (*p == '\n')
            cfv_sb_printf(b, "\\n");
        else if (*p == '\t')
            cfv_sb_printf(b, "\\t");
        else if (*p < 0x20 || (*p >= 0x80 && !utf8))
            cfv_sb_printf(b, "\\u%04x", *p);
        else
            cfv_sb_printf(b, "%c", *p);
    }
    cfv_sb_printf(b, "\"");
}

char *cfv_sb_take(cfv_sb *b)
{
    if (b->oom || reserve(b, 0) != 0) {
        free(b->data);
        b->data = NULL;
        return NULL;
    }
    b->data[b->len] = '\0';
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}
