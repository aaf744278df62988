/* cfv_validate: the core's events rendered for callers that want text. */
#include "cfv/render.h"

typedef struct adapter {
    const cfv_options *opt;
} adapter;

static void render_event(void *user, const cfv_event *e)
{
    const adapter *a = user;
    cfv_render_to_diag(cfv_catalog_get(), a->opt->defs, e, a->opt->emit, a->opt->emit_user);
}

cfv_result cfv_validate(const uint8_t *buf, size_t len, const cfv_options *opt)
{
    if (opt->sink || !opt->emit)
        return cfv_validate_events(buf, len, opt);
    cfv_options o = *opt;
    adapter a = { opt };
    o.sink = render_event;
    o.sink_user = &a;
    return cfv_validate_events(buf, len, &o);
}

cfv_result cfv_validate_release(const uint8_t *buf, size_t len, const cfv_options *opt)
{
    cfv_options o = *opt;
    adapter a = { opt };
    if (!opt->sink && opt->emit) {
        o.sink = render_event;
        o.sink_user = &a;
    }
    return cfv_validate_release_events(buf, len, &o);
}
