/* The inside of a cfv_triage session, shared by triage.c and the reports. */
#ifndef CFV_TRIAGE_SESSION_H
#define CFV_TRIAGE_SESSION_H

#include "buckets.h"
#include "cfv_triage.h"
#include "symcache.h"

typedef struct cfv_missed {
    char *input;
    cfv_triage_outcome why;
    char *detail;               /* one line */
} cfv_missed;

struct cfv_triage {
    cfv_triage_options opt;
    char *child;                /* real paths: what /proc/<pid>/maps names */
    char *asan_child;
    char **asan_env;            /* the environment with our ASAN_OPTIONS */
    int defs_fd;                /* a memfd holding *opt.defs */
    cfv_symcache syms;
    cfv_buckets buckets;
    cfv_missed *missed;
    size_t nmissed, missed_cap;
    size_t ninputs;
};

#endif
