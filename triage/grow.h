/* Growing an array by doubling, the one pattern every list here uses. */
#ifndef CFV_TRIAGE_GROW_H
#define CFV_TRIAGE_GROW_H

#include <stddef.h>

/* Makes room for n elements of size bytes in *arr (capacity *cap): 0, or
 * -1 when out of memory (*arr and *cap unchanged). */
int cfv_tr_grow(void *arr, size_t *cap, size_t n, size_t size);

#endif
