/* Doubling growth of a heap array, shared by the hosted libraries (writer,
 * decoder). Never part of the freestanding core. */
#ifndef CFV_GROW_H
#define CFV_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Makes *p hold at least `need` elements of `el` bytes; 0, or -1 (no memory
 * or overflow; *p unchanged). */
static inline int cfv_grow(void **p, size_t *cap, size_t need, size_t el)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / el)
            return -1;
        n *= 2;
    }
    void *q = realloc(*p, n * el);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

#endif
