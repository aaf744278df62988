/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF. */
#ifndef CFV_UTF8_H
#define CFV_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 if p[0..n) is valid UTF-8; else 0 and *bad = offset of the first bad byte. */
int cfv_utf8_valid(const uint8_t *p, size_t n, size_t *bad);
/* The same over p[from..end) (end: bytes readable at p); *bad is an index into p. */
int cfv_utf8_valid_range(const uint8_t *p, size_t from, size_t end, size_t *bad);

#endif
