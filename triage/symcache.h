/* Names for addresses: per module, the ELF symbol table, opened once per
 * triage session and kept (a campaign's crashes share a few modules). */
#ifndef CFV_TRIAGE_SYMCACHE_H
#define CFV_TRIAGE_SYMCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv_triage.h"
#include "elfsym.h"
#include "maps.h"

typedef struct cfv_symcache_entry {
    char *path;
    cfv_elfsym *syms;           /* NULL: not readable, not asked again */
} cfv_symcache_entry;

typedef struct cfv_symcache {
    cfv_symcache_entry *mod;
    size_t n, cap;
} cfv_symcache;

void cfv_symcache_free(cfv_symcache *c);

/* The symbol table of the file at path, or NULL. */
const cfv_elfsym *cfv_symcache_get(cfv_symcache *c, const char *path);

/* Fills f for addr. A return address (caller != 0) is named by addr - 1,
 * the call instruction, which may be a noreturn function's last byte.
 * *path: the module's path in m, or "" outside files. */
void cfv_symcache_frame(cfv_symcache *c, const cfv_maps *m, uint64_t addr, int caller,
                        cfv_triage_frame *f, const char **path);

/* Copies name into out without a compiler clone suffix (".isra.0",
 * ".constprop.1", ".part.0", ".cold"): the function's source name. */
void cfv_symcache_plain_name(char *out, size_t cap, const char *name);

#endif
