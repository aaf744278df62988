/* cfv_validate: the core's events rendered for callers that want text. */
#include "render_ctx.h"

typedef struct adapter {
    const cfv_options *opt;
    const cfv_catalog *cat;
    cfv_render_ctx ctx; /* the run's diagnostic and its last path */
} adapter;

static void render_event(void *user, const cfv_event *e)
{
    adapter *a = user;
    cfv_render_ctx_emit(&a->ctx, a->cat, a->opt->defs, e, a->opt->emit, a->opt->emit_user);
}

static void adapter_init(adapter *a, const cfv_options *opt)
{
    a->opt = opt;
    a->cat = cfv_catalog_get();
    cfv_render_ctx_init(&a->ctx);
}

cfv_result cfv_validate(const uint8_t *buf, size_t len, const cfv_options *opt)
{
    if (opt->sink || !opt->emit)
        return cfv_validate_events(buf, len, opt);
    cfv_options o = *opt;
    adapter a;
    adapter_init(&a, opt);
    o.sink = render_event;
    o.sink_user = &a;
    return cfv_validate_events(buf, len, &o);
}

cfv_result cfv_validate_release(const uint8_t *buf, size_t len, const cfv_options *opt)
{
    cfv_options o = *opt;
    adapter a;
    if (!opt->sink && opt->emit) {
        adapter_init(&a, opt);
        o.sink = render_event;
        o.sink_user = &a;
    }
    return cfv_validate_release_events(buf, len, &o);
}
