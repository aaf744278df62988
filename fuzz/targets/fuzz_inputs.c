/* Input arrays in which every slot past the end faults. */
#include <stdlib.h>

#include "fuzz_support.h"

#if defined(__SANITIZE_ADDRESS__)
#define CFV_FZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CFV_FZ_ASAN 1
#endif
#endif

#ifdef CFV_FZ_ASAN
#include <sanitizer/asan_interface.h>

/* inputs[i] for i up to 254 (the largest index a u8 field_count reaches). */
#define TAIL 255u

/* ASan's redzone after a heap block covers a few slots at best: a read of
 * inputs[m + 8] may land in the next block unnoticed. So the block holds
 * TAIL more slots, all poisoned: any read past m is reported. */
cfv_replica_input *cfv_fz_inputs_new(uint32_t m)
{
    cfv_replica_input *in = calloc((size_t)m + TAIL, sizeof *in);
    if (in)
        ASAN_POISON_MEMORY_REGION(in + m, TAIL * sizeof *in);
    return in;
}

void cfv_fz_inputs_free(cfv_replica_input *in, uint32_t m)
{
    if (!in)
        return;
    ASAN_UNPOISON_MEMORY_REGION(in + m, TAIL * sizeof *in);
    free(in);
}

#else

/* Without ASan the replica's guard page does it (a SIGSEGV, as on the
 * sensor): a whole page of 16-byte slots follows inputs[m - 1]. */
cfv_replica_input *cfv_fz_inputs_new(uint32_t m) { return cfv_replica_inputs_new(m); }

void cfv_fz_inputs_free(cfv_replica_input *in, uint32_t m) { cfv_replica_inputs_free(in, m); }

#endif
