#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int cfv_tr_grow(void *arr, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return 0;
    size_t want = *cap ? *cap : 8;
    while (want < n)
        want *= 2;
    if (want > SIZE_MAX / size)
        return -1;
    void *old;
    memcpy(&old, arr, sizeof old);
    void *p = realloc(old, want * size);
    if (!p)
        return -1;
    memcpy(arr, &p, sizeof p);
    *cap = want;
    return 0;
}
