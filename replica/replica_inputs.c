/* The input array, laid out so that the faithful interpreter's read of
 * inputs[m] fails deterministically, the way the sensor's did. */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cfv_replica.h"

#if defined(__SANITIZE_ADDRESS__)
#define CFV_REPLICA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CFV_REPLICA_ASAN 1
#endif
#endif

#ifdef CFV_REPLICA_ASAN

/* A heap block of exactly m slots: ASan's redzone starts at inputs[m]. */
cfv_replica_input *cfv_replica_inputs_new(uint32_t m)
{
    return calloc(m, sizeof(cfv_replica_input));
}

void cfv_replica_inputs_free(cfv_replica_input *inputs, uint32_t m)
{
    (void)m;
    free(inputs);
}

#else

/* Pages for the slots, the last slot flush with the end of the last page,
 * then one PROT_NONE page: inputs[m .. m + page/16 - 1] all fault, and a
 * field_count (a u8) cannot reach further than inputs[254]. */
static size_t data_pages(uint32_t m, size_t page)
{
    return ((size_t)m * sizeof(cfv_replica_input) + page - 1) / page;
}

cfv_replica_input *cfv_replica_inputs_new(uint32_t m)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data = data_pages(m, page) * page;
    char *base = mmap(NULL, data + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    if (mprotect(base + data, page, PROT_NONE) != 0) {
        munmap(base, data + page);
        return NULL;
    }
    return (cfv_replica_input *)(base + data - (size_t)m * sizeof(cfv_replica_input));
}

void cfv_replica_inputs_free(cfv_replica_input *inputs, uint32_t m)
{
    if (!inputs)
        return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data = data_pages(m, page) * page;
    char *base = (char *)(inputs + m) - data;
    munmap(base, data + page);
}

#endif

_Static_assert(sizeof(void *) != 8 || sizeof(cfv_replica_input) == 16,
               "an input slot is 16 bytes on 64-bit hosts");
