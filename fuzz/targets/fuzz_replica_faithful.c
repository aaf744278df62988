/* fuzz_replica_faithful: the 2024 sensor. A file that arrived intact
 * (file_size and CRC-32C right: what a content pipeline ships) is loaded
 * by the trusting loader and, for every sensor profile, every event type
 * the file has instances for is raised once, with inputs synthesized from
 * the file, through the faithful Content Interpreter. Every non-wildcard
 * criterion is evaluated, so a criterion past the sensor's inputs reads
 * out of bounds: the target names the read on stderr (the Channel File 291
 * read, or a record with a wrong field_count) and the read faults
 * (AddressSanitizer, or the guard page without it). This is the target
 * that finds the crash. */
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifndef CFV_FZ_UNGATED
    if (!cfv_fz_intact(data, size))
        return -1;      /* libFuzzer: keep out of the corpus */
#endif
    cfv_fz_faithful x = {cfv_fz_defs(), 0, "fuzz_replica_faithful", NULL};
    cfv_replica_load_options lo = {CFV_LOAD_TRUSTING, NULL, 0, NULL, NULL, NULL};
    cfv_replica *r;
    cfv_replica_error err;
    if (cfv_replica_load(&r, data, size, &lo, &err) != CFV_REPLICA_OK)
        return 0;
    for (x.sensor = 0; x.sensor < (int)x.defs->nsensors; x.sensor++)
        if (cfv_fz_each_event(r, x.defs, x.sensor, cfv_fz_faithful_event, &x) < 0)
            break;
    cfv_replica_free(r);
    return 0;
}
