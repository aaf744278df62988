/* fuzz_differential: the property the 2024 Content Validator lacked.
 * Whenever cfv_validate accepts a file for a sensor (no errors for it; one
 * validation with every sensor selected and no diagnostic cap says so for
 * all of them at once), the trusting loader must follow the file and the
 * faithful interpreter, run as that sensor on every event type, must stay
 * inside its inputs; and the validator's fast tier must call a file clean
 * exactly when its diagnostic tier reports nothing. Any crash here
 * is a validator soundness bug, and the target says so on stderr before
 * the sanitizer's report or the abort. */
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
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
    cfv_fz_inputs_prepare(cfv_fz_defs());
    (void)cfv_fz_workspace();
    return 0;
}

/* The overrun is named next: say what it means, once. */
static void before_overrun(const cfv_fz_faithful *x)
{
    accepted_sensor = NULL;
    soundness_bug(x->defs->sensors[x->sensor].name);
}

/* Errors per sensor, from one validation with every sensor selected. */
typedef struct verdicts {
    uint32_t any;                       /* errors that hold for every sensor */
    uint32_t sensor[CFV_MAX_SENSORS];
} verdicts;

/* From the core's events, not rendered diagnostics: the verdict needs no
 * text, and rendering every one of an uncapped run was most of the time. */
static void tally(void *user, const cfv_event *e)
{
    verdicts *v = user;
    if (e->severity != CFV_SEV_ERROR)
        return;
    if (e->sensor >= 0 && e->sensor < CFV_MAX_SENSORS)
        v->sensor[e->sensor]++;
    else
        v->any++;
}

/* The sensors cfv_validate accepts the file for: bit s for sensor s. */
static uint32_t accepted(const cfv_defs *defs, const uint8_t *data, size_t size, cfv_fz_regex *re)
{
    verdicts v;
    memset(&v, 0, sizeof v);
    cfv_options o;
    cfv_fz_options(&o, defs, size, re);
    o.max_diagnostics = UINT32_MAX;     /* no cap: one sensor's warnings hide no other's errors */
    o.sink = tally;
    o.sink_user = &v;
    /* Each tier on its own, once: cfv_validate runs the fast tier and,
     * only when that does not call the file clean, the diagnostic one; so
     * its result cannot show a fast tier that calls a bad file clean, and
     * comparing it with cfv_validate_clean ran the fast tier twice. */
    cfv_result r = cfv_validate_diagnose(data, size, &o);
    /* The validator's own two tiers agree (docs/performance.md): the fast
     * tier calls the file clean exactly when the diagnostic tier reports
     * nothing. */
    if (cfv_validate_clean(data, size, &o) != (r.errors + r.warnings == 0)) {
        fprintf(stderr, "fuzz_differential: TIER DISAGREEMENT: the fast tier says %s, the diagnostic "
                        "tier reports %u errors and %u warnings\n",
                r.errors + r.warnings ? "clean" : "not clean", r.errors, r.warnings);
        abort();
    }
    uint32_t ok = 0;
    for (uint32_t s = 0; !r.truncated && !v.any && s < defs->nsensors; s++)
        if (!v.sensor[s])
            ok |= UINT32_C(1) << s;
    return ok;
}

/* For each sensor in ok, the trusting loader and the faithful interpreter
 * run as that sensor; the replica's REGEX codes come from the cache the
 * validation just filled (a cache of its own per load was most of the
 * replica's time). */
static void replay(cfv_fz_faithful *x, uint32_t ok, const uint8_t *data, size_t size)
{
    cfv_replica_load_options lo = {CFV_LOAD_TRUSTING, NULL, 0, NULL, NULL, cfv_fz_regex_cache()};
    cfv_replica *r;
    cfv_replica_error err;
    cfv_replica_status st = cfv_replica_load(&r, data, size, &lo, &err);
    for (x->sensor = 0; x->sensor < (int)x->defs->nsensors; x->sensor++) {
        const char *sensor = x->defs->sensors[x->sensor].name;
        if (!(ok & (UINT32_C(1) << x->sensor)))
            continue;
        if (st == CFV_REPLICA_MALFORMED) {
            soundness_bug(sensor);
            fprintf(stderr, "fuzz_differential: the sensor's loader cannot follow it: %s (at %llu)\n",
                    err.message, (unsigned long long)err.offset);
            abort();
        }
        if (st != CFV_REPLICA_OK)
            break;
        accepted_sensor = sensor;
        cfv_fz_each_event(r, x->defs, x->sensor, cfv_fz_faithful_event, x);
        accepted_sensor = NULL;
    }
    if (st == CFV_REPLICA_OK)
        cfv_replica_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cfv_fz_faithful x = {cfv_fz_defs(), 0, "fuzz_differential", before_overrun};
    cfv_fz_regex re = {NULL};
    uint32_t ok = accepted(x.defs, data, size, &re);
    if (ok)
        replay(&x, ok, data, size);
    /* After the replica: it borrowed the cache (dropped here every few
     * thousand inputs; under AFL++ after each one). */
    cfv_fz_regex_free(&re);
    return 0;
}
