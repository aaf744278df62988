/* cfv_validate_events: the freestanding entry point. Sets up the generated
 * validator's context (the file, the selected sensors as the entry's `per`
 * parameter, the options as the externs' environment) and runs it. */
#include "cff_validate.h"

/* The run both tiers share: the file, the options as the externs'
 * environment. */
typedef struct run {
    cfv_gctx *g;                /* zeroed: the run's own, or a workspace's (workspace.c) */
    uint64_t real_size, max_size;
    cfv_bytes name;
} run;

static void run_init(run *r, const uint8_t *buf, size_t len, const cfv_options *opt)
{
    static const uint8_t empty[1] = { 0 };
    if (!buf) {
        buf = empty;
        len = 0;
    }
    cfv_gctx *g = r->g;
    g->buf = buf;
    g->len = len;
    g->env = opt;
    g->regex = opt->regex;
    g->regex_user = opt->regex_user;
    g->regex_nul = opt->regex ? opt->regex_nul : NULL; /* an entry of no checker is none */
    g->sink = opt->sink;
    g->sink_user = opt->sink_user;
    g->want = opt->want;
    g->want_user = opt->emit_user;
    g->muted = opt->muted;
    g->max_diag = opt->want ? UINT32_MAX
                : opt->max_diagnostics ? opt->max_diagnostics : CFV_DEFAULT_MAX_DIAGNOSTICS;
    uint64_t real_size = opt->real_size < g->len ? g->len : opt->real_size;
    const uint64_t max_size = opt->max_size ? opt->max_size : CFV_DEFAULT_MAX_SIZE;
    /* Only a file over max_size may come with fewer bytes than its size
     * (CFV013 stops before any read); otherwise the buffer is the file. */
    if (g->len < real_size && real_size <= max_size)
        real_size = g->len;
    r->real_size = real_size;
    r->max_size = max_size;
    r->name = cfv_rt_span((const uint8_t *)opt->file_name, opt->file_name_len);
}

/* The selected sensors the definitions hold (a hand-built cfv_defs may
 * claim more than CFV_MAX_SENSORS), as the entry's `per` parameter: their
 * number, at most CFV_MAX_SENSORS. */
static uint64_t select_sensors(const cfv_options *opt, uint64_t sensors[CFV_MAX_SENSORS])
{
    uint64_t nsel = 0;
    for (uint32_t s = 0; s < opt->defs->nsensors && s < CFV_MAX_SENSORS; s++)
        if (opt->sensors >> s & 1u && nsel < CFV_MAX_SENSORS) /* nsel <= s: always true */
            sensors[nsel++] = s;
    return nsel;
}

/* Which tier an entry runs: the fast one alone (its verdict in *clean), the
 * diagnostic one alone, or both — the fast one decides "clean" (what the
 * diagnostic tier would report nothing for) with no diagnostic work, and
 * only a file it does not call clean is walked again to find out why. */
enum { TIER_FAST, TIER_DIAGNOSE, TIER_BOTH };

/* Runs the generated entry ENTRY (context g, then the entry's parameters)
 * in the tier asked: the one dispatch every entry point shares. */
#define RUN_TIER(tier, clean, g, entry, ...)                                  \
    do {                                                                      \
        if ((tier) == TIER_FAST)                                              \
            *(clean) = cff_fast_validate_##entry((g), __VA_ARGS__);           \
        else if ((tier) == TIER_DIAGNOSE)                                     \
            (void)cff_validate_##entry((g), __VA_ARGS__);                     \
        else                                                                  \
            (void)cff_tiered_validate_##entry((g), __VA_ARGS__);              \
    } while (0)

/* A run's state is a workspace's (workspace.c) or its own, zeroed: two
 * calls, so that the analyser (proof/) never joins the two. */
#define IN_STATE(fn, buf, len, opt, tier, clean)                                     \
    do {                                                                            \
        if ((opt)->workspace)                                                       \
            return fn(cfv_rt_workspace_state((opt)->workspace), buf, len, opt, tier, clean); \
        cfv_gctx own = { 0 };                                                       \
        return fn(&own, buf, len, opt, tier, clean);                                \
    } while (0)

static cfv_result channel_file_in(cfv_gctx *g, const uint8_t *buf, size_t len, const cfv_options *opt,
                                  int tier, int *clean)
{
    run r = { g, 0, 0, { 0 } };
    run_init(&r, buf, len, opt);
    uint64_t sensors[CFV_MAX_SENSORS] = { 0 };
    const uint64_t nsel = select_sensors(opt, sensors);
    RUN_TIER(tier, clean, r.g, ChannelFile, r.real_size, r.max_size, opt->now_utc, r.name, sensors,
             nsel);
    cfv_rt_unmute(r.g);
    return r.g->res;
}

static cfv_result channel_file(const uint8_t *buf, size_t len, const cfv_options *opt, int tier,
                               int *clean)
{
    IN_STATE(channel_file_in, buf, len, opt, tier, clean);
}

/* The entry Release against opt->previous, in the same tiers. */
static cfv_result release_in(cfv_gctx *g, const uint8_t *buf, size_t len, const cfv_options *opt, int tier,
                             int *clean)
{
    run r = { g, 0, 0, { 0 } };
    run_init(&r, buf, len, opt);
    const cfv_previous *p = opt->previous;
    const cfv_bytes name = cfv_rt_span((const uint8_t *)p->name, p->name_len);
    RUN_TIER(tier, clean, r.g, Release, p->channel_id, p->content_version, name);
    cfv_rt_unmute(r.g);
    return r.g->res;
}

static cfv_result release(const uint8_t *buf, size_t len, const cfv_options *opt, int tier, int *clean)
{
    IN_STATE(release_in, buf, len, opt, tier, clean);
}

/* An entry's three public entry points, by tier: clean (the fast tier's
 * verdict alone), diagnose (the diagnostic tier alone), events (both). */
#define ENTRY_POINTS(dispatch, clean_fn, diagnose_fn, events_fn)              \
    int clean_fn(const uint8_t *buf, size_t len, const cfv_options *opt)      \
    {                                                                         \
        int clean = 0;                                                        \
        (void)dispatch(buf, len, opt, TIER_FAST, &clean);                     \
        return clean;                                                         \
    }                                                                         \
    cfv_result diagnose_fn(const uint8_t *buf, size_t len, const cfv_options *opt) \
    {                                                                         \
        return dispatch(buf, len, opt, TIER_DIAGNOSE, NULL);                  \
    }                                                                         \
    cfv_result events_fn(const uint8_t *buf, size_t len, const cfv_options *opt) \
    {                                                                         \
        return dispatch(buf, len, opt, TIER_BOTH, NULL);                      \
    }

ENTRY_POINTS(channel_file, cfv_validate_clean, cfv_validate_diagnose, cfv_validate_events)
ENTRY_POINTS(release, cfv_validate_release_clean, cfv_validate_release_diagnose,
             cfv_validate_release_events)

const cfv_catalog *cfv_catalog_get(void) { return &cff_catalog; }

const cfv_rule_doc *cfv_rule_doc_find(unsigned id) { return cff_rule_doc_find(id); }

const cfv_rule_info *cfv_rule_catalog(size_t *count)
{
    *count = cff_catalog.nrules;
    return cff_catalog.rules;
}

const cfv_rule_info *cfv_rule_find(unsigned id)
{
    /* The generator emits the rules in id order (test_externs checks it):
     * a binary search, since the fuzz targets ask for every diagnostic. */
    size_t lo = 0, hi = cff_catalog.nrules;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cff_catalog.rules[mid].id == id)
            return &cff_catalog.rules[mid];
        if (cff_catalog.rules[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
