/* A child's /proc/<pid>/maps, parsed: which mapping holds an address, a
 * module's load base, the main thread's stack. */
#ifndef CFV_TRIAGE_MAPS_H
#define CFV_TRIAGE_MAPS_H

#include <stddef.h>
#include <stdint.h>

typedef struct cfv_map {
    uint64_t lo, hi, off;
    char perms[5];              /* "r-xp" */
    const char *path;           /* "" for anonymous; "[stack]"; into cfv_maps.text */
} cfv_map;

typedef struct cfv_maps {
    cfv_map *map;
    size_t n;
    char *text;                 /* the parsed copy; paths point into it */
} cfv_maps;

/* 0, or -1 when out of memory. Lines that do not parse are skipped. */
int cfv_maps_parse(cfv_maps *m, const char *text, size_t len);
void cfv_maps_free(cfv_maps *m);

const cfv_map *cfv_maps_find(const cfv_maps *m, uint64_t addr);
/* The load base of the file `path` (the start of its offset-0 mapping), or 0. */
uint64_t cfv_maps_base(const cfv_maps *m, const char *path);
/* Bytes from addr to the nearest mapping; 0 when a mapping holds it. */
uint64_t cfv_maps_distance(const cfv_maps *m, uint64_t addr);
/* The [stack] mapping; 0, or -1 when there is none. */
int cfv_maps_stack(const cfv_maps *m, uint64_t *lo, uint64_t *hi);

#endif
