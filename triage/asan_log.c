/* cfv_triage_asan_log: AddressSanitizer reports kept in files (libFuzzer
 * logs, a campaign's stderr), folded into the session's buckets. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asan.h"
#include "read_input.h"
#include "session.h"

#define LOG_MAX (64u << 20)
#define REPORT_MARK "ERROR: AddressSanitizer: "
#define UNIT_MARK "Test unit written to "

/* The crash input libFuzzer saved for the report in [from, to). */
static char *test_unit(const char *from, const char *to)
{
    const char *u = memmem(from, (size_t)(to - from), UNIT_MARK, strlen(UNIT_MARK));
    if (!u)
        return NULL;
    u += strlen(UNIT_MARK);
    return strndup(u, strcspn(u, "\r\n"));
}

int cfv_triage_asan_log(cfv_triage *t, const char *path, cfv_triage_error *err)
{
    cfv_input in;
    cfv_err e;
    /* A log may be a pipe or /proc entry, and a long one is cut short. */
    if (cfv_read_any(path, LOG_MAX, CFV_READ_STREAMS | CFV_READ_PREFIX, &in, &e) != 0) {
        snprintf(err->message, sizeof err->message, "%s: cannot read: %s", path,
                 cfv_err_reason(&e));
        return -1;
    }
    char *text = (char *)in.data;
    size_t len = in.len;
    int found = 0;
    char *end = text + len;
    for (char *at = strstr(text, REPORT_MARK); at;) {
        char *next = strstr(at + 1, REPORT_MARK);
        char *stop = next ? next : end;
        cfv_triage_crash c;
        if (cfv_asan_parse(&t->syms, at, (size_t)(stop - at), NULL, &c) == 0) {
            char *unit = test_unit(at, stop);
            struct stat st;
            uint64_t size = unit && stat(unit, &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
            int rc = cfv_buckets_add(&t->buckets, &c, unit ? unit : path, size);
            free(unit);
            if (rc != 0) {
                free(text);
                snprintf(err->message, sizeof err->message, "out of memory");
                return -1;
            }
            t->ninputs++;
            found++;
        }
        at = next;
    }
    free(text);
    return found;
}
