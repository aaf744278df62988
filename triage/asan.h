/* AddressSanitizer reports -> cfv_triage_crash, so that sanitized runs file
 * into the same buckets as plain ones (same function, same class). */
#ifndef CFV_TRIAGE_ASAN_H
#define CFV_TRIAGE_ASAN_H

#include <stddef.h>

#include "cfv_triage.h"
#include "symcache.h"

/* The first report in text[0..len). Unsymbolized frames "(MODULE+0xOFF)"
 * are named from MODULE's symbol table, or program's when MODULE is not
 * readable here. 0, or -1 when text holds no report. */
int cfv_asan_parse(cfv_symcache *c, const char *text, size_t len, const char *program,
                   cfv_triage_crash *out);

#endif
