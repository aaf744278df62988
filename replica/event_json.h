/* The lexical side of the events parser: a cursor over one JSON line and
 * the strict readers event_parse.c builds an event from. Every reader fails
 * with the cursor's column and a one-line message in *err. */
#ifndef CFV_EVENT_JSON_H
#define CFV_EVENT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "cfv_replica.h"

typedef struct cfv_jcur {
    const char *s;
    size_t n, i;
    cfv_replica_event_error *err;
} cfv_jcur;

/* Sets err at the cursor's column; returns -1. */
int cfv_j_fail(cfv_jcur *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cfv_j_ws(cfv_jcur *c);
/* The next byte after whitespace, or -1 at the end of the line. */
int cfv_j_peek(cfv_jcur *c);
/* Consumes ch (after whitespace) or fails naming what was expected. */
int cfv_j_expect(cfv_jcur *c, char ch, const char *what);
/* A string at the cursor, decoded into out (which has room for the rest of
 * the line: decoding never grows it). */
int cfv_j_string(cfv_jcur *c, char *out, size_t *len);
/* A non-negative JSON integer up to max (no fraction, exponent or sign). */
int cfv_j_uint(cfv_jcur *c, uint64_t max, uint64_t *v);

#endif
