/* Escaping for the three report formats. Input is arbitrary bytes (paths
 * come from the command line and need not be UTF-8). */
#ifndef CFV_HOST_ESCAPE_H
#define CFV_HOST_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Length (1..4) of the valid UTF-8 sequence at p, storing its code point;
 * 0 if p does not start a valid one (strict RFC 3629). n > 0. */
size_t cfv_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* A quoted JSON string; invalid UTF-8 bytes become U+FFFD. */
void cfv_esc_json(cfv_buf *b, const char *s, size_t n);
/* Text for one report line: control bytes become \xNN; the rest is kept. */
void cfv_esc_text(cfv_buf *b, const char *s, size_t n);
/* XML 1.0 character data or attribute value (without the quotes): markup
 * characters as entities, newlines as &#10;, bytes XML cannot carry (control
 * characters, invalid UTF-8) as \xNN text or U+FFFD. */
void cfv_esc_xml(cfv_buf *b, const char *s, size_t n);
/* RFC 3986 path: every byte but unreserved characters and '/' percent-encoded. */
void cfv_esc_uri_path(cfv_buf *b, const char *s, size_t n);

#endif
