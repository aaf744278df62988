/* A growable byte buffer. Out of memory latches `oom` and later appends are
 * dropped, so callers check once at the end instead of after every append. */
#ifndef CFV_HOST_BUF_H
#define CFV_HOST_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct cfv_buf {
    char *data;
    size_t len, cap;
    int oom;
} cfv_buf;

void cfv_buf_put(cfv_buf *b, const void *p, size_t n);
void cfv_buf_puts(cfv_buf *b, const char *s);
void cfv_buf_putc(cfv_buf *b, char c);
/* v in decimal, as printf's PRIu64 writes it (without printf's cost). */
void cfv_buf_put_u64(cfv_buf *b, uint64_t v);
/* v as 16 lower-case hexadecimal digits, as printf's "%016" PRIx64. */
void cfv_buf_put_hex16(cfv_buf *b, uint64_t v);
void cfv_buf_printf(cfv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cfv_buf_clear(cfv_buf *b);
/* The bytes as a NUL-terminated string handed to the caller (the buffer is
 * left empty); NULL after out of memory. */
char *cfv_buf_take(cfv_buf *b);
void cfv_buf_free(cfv_buf *b);

#endif
