/* What the benchmarks share: a monotonic clock, and running the built cfv
 * as a child for its wall time and peak RSS (the child's ru_maxrss). */
#ifndef CFV_BENCH_RUN_H
#define CFV_BENCH_RUN_H

typedef struct bench_figures {
    double seconds;   /* best of the runs */
    long max_rss_kib; /* largest of the runs */
    int status;       /* exit status of the last run (128 + signal) */
} bench_figures;

double bench_now(void);

#include <stddef.h>

/* The whole file at path, NUL-terminated (one byte past *len), or NULL. */
char *bench_slurp(const char *path, size_t *len);

/* Runs argv (argv[0] a path) with stdout to /dev/null, `runs` times. */
bench_figures bench_run(char **argv, int runs);

#endif
