/* Function symbols of one ELF64 file, from .symtab (which holds static
 * functions too, unlike the dynamic table dladdr() uses) or, in a stripped
 * file, .dynsym. */
#ifndef CFV_TRIAGE_ELFSYM_H
#define CFV_TRIAGE_ELFSYM_H

#include <stdint.h>

typedef struct cfv_elfsym cfv_elfsym;

/* NULL when the file cannot be read or is not ELF64. */
cfv_elfsym *cfv_elfsym_open(const char *path);
void cfv_elfsym_free(cfv_elfsym *e);

/* The function holding the byte at module_off (an address minus the load
 * base of the file's offset-0 mapping). 0 with *name and *off, or -1. */
int cfv_elfsym_lookup(const cfv_elfsym *e, uint64_t module_off, const char **name, uint64_t *off);

#endif
