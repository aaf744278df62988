/* fuzz_differential: the property the 2024 Content Validator lacked.
 * Whenever cfv_validate accepts a file for a sensor (no errors), the
 * trusting loader must follow it and the faithful interpreter, run as that
 * sensor on every event type, must stay inside its inputs. Any crash here
 * is a validator soundness bug, and the target says so on stderr before
 * the sanitizer's report or the abort. */
#include <stdlib.h>

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#if defined(__SANITIZE_ADDRESS__)
#define CFV_FZ_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define CFV_FZ_SANITIZER 1
#endif
#endif

static void soundness_bug(const char *sensor)
{
    fprintf(stderr,
            "fuzz_differential: VALIDATOR SOUNDNESS BUG: cfv_validate accepted this file for sensor "
            "%s, and the faithful interpreter running as that sensor crashes on it\n", sensor);
}

/* Global state forced by the sanitizers' API: the death callback takes no
 * argument, so it learns from this pointer whether the crash happened
 * while an accepted file ran through the faithful interpreter, and as
 * which sensor (NULL: not, or said already). */
static const char *volatile accepted_sensor;

#ifdef CFV_FZ_SANITIZER
#include <sanitizer/common_interface_defs.h>

static void on_death(void)
{
    if (accepted_sensor)
        soundness_bug(accepted_sensor);
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
#ifdef CFV_FZ_SANITIZER
    __sanitizer_set_death_callback(on_death);
#endif
    cfv_fz_defs();
    return 0;
}

/* The overrun is named next: say what it means, once. */
static void before_overrun(const cfv_fz_faithful *x)
{
    accepted_sensor = NULL;
    soundness_bug(x->defs->sensors[x->sensor].name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cfv_fz_faithful x = {cfv_fz_defs(), 0, "fuzz_differential", before_overrun};
    for (x.sensor = 0; x.sensor < (int)x.defs->nsensors; x.sensor++) {
        const char *sensor = x.defs->sensors[x.sensor].name;
        cfv_replica_load_options lo = {CFV_LOAD_GUARDED, x.defs, x.sensor, NULL, NULL};
        cfv_replica *r;
        cfv_replica_error err;
        cfv_replica_status st = cfv_replica_load(&r, data, size, &lo, &err);
        if (st == CFV_REPLICA_MALFORMED) {
            soundness_bug(sensor);
            fprintf(stderr, "fuzz_differential: the sensor's loader cannot follow it: %s (at %llu)\n",
                    err.message, (unsigned long long)err.offset);
            abort();
        }
        if (st != CFV_REPLICA_OK)
            continue;
        accepted_sensor = sensor;
        cfv_fz_each_event(r, x.defs, x.sensor, cfv_fz_faithful_event, &x);
        accepted_sensor = NULL;
        cfv_replica_free(r);
    }
    return 0;
}
