#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(cfv_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra <= b->cap - b->len)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->oom = 1;
        return -1;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void cfv_buf_put(cfv_buf *b, const void *p, size_t n)
{
    if (n == 0 || reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void cfv_buf_puts(cfv_buf *b, const char *s) { cfv_buf_put(b, s, strlen(s)); }

void cfv_buf_putc(cfv_buf *b, char c)
{
    if (reserve(b, 1) == 0)
        b->data[b->len++] = c;
}

void cfv_buf_put_u64(cfv_buf *b, uint64_t v)
{
    char tmp[20];
    size_t n = sizeof tmp;
    do {
        tmp[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    cfv_buf_put(b, tmp + n, sizeof tmp - n);
}

void cfv_buf_put_hex16(cfv_buf *b, uint64_t v)
{
    char tmp[16];
    for (int i = 15; i >= 0; i--, v >>= 4)
        tmp[i] = "0123456789abcdef"[v & 15];
    cfv_buf_put(b, tmp, sizeof tmp);
}

void cfv_buf_printf(cfv_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        cfv_buf_put(b, small, (size_t)n);
        return;
    }
    /* Rare long case: format straight into the buffer (+1 for vsnprintf's NUL). */
    if (reserve(b, (size_t)n + 1) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cfv_buf_clear(cfv_buf *b) { b->len = 0; }

char *cfv_buf_take(cfv_buf *b)
{
    if (reserve(b, 1) != 0) {
        cfv_buf_free(b);
        return NULL;
    }
    b->data[b->len] = '\0';
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void cfv_buf_free(cfv_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}
