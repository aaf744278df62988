/* Runs one triage child: posix_spawn with the definitions on descriptor 3
 * and the report pipe on 4, stderr captured, a time limit. */
#ifndef CFV_TRIAGE_CHILD_RUN_H
#define CFV_TRIAGE_CHILD_RUN_H

#include <stddef.h>

#include "triage_record.h"

typedef struct cfv_spawn_result {
    int exited, code;           /* exit status, when it exited */
    int signaled, sig;          /* the signal that ended it */
    int timed_out;
    int have_record;            /* rec holds a valid record */
    cfv_tr_record rec;
    char *maps;                 /* after the record, NUL-terminated; NULL if none */
    size_t maps_len;
    char *err;                  /* its stderr, NUL-terminated (capped) */
    size_t err_len;
} cfv_spawn_result;

/* argv: the child's argv (argv[0] is the program), NULL-terminated. envp:
 * its environment. 0, or -1 with errno set when it could not be run. */
int cfv_spawn(char *const argv[], char *const envp[], int defs_fd, unsigned timeout_ms,
              cfv_spawn_result *out);
void cfv_spawn_result_free(cfv_spawn_result *r);

#endif
