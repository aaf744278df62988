/* A growable string for the reports. Out of memory latches `oom`; later
 * appends are dropped and the caller checks once at the end. */
#ifndef CFV_TRIAGE_STRBUF_H
#define CFV_TRIAGE_STRBUF_H

#include <stddef.h>

typedef struct cfv_sb {
    char *data;
    size_t len, cap;
    int oom;
} cfv_sb;

void cfv_sb_printf(cfv_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string, quotes included (RFC 8259 escapes, bytes >= 0x80 as they are). */
void cfv_sb_json(cfv_sb *b, const char *s);
/* The text, NUL-terminated, handed to the caller; NULL after out of memory. */
char *cfv_sb_take(cfv_sb *b);

#endif
