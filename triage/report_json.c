/* The JSON report. The keys class, instruction, function, count,
 * reproducer and inputs of each bucket are the contract; the rest is
 * detail that may grow. */
#include <stdio.h>

#include "session.h"
#include "escape.h"

#include <string.h>

static void json_str(cfv_buf *o, const char *s) { cfv_esc_json(o, s, strlen(s)); }

static void hex(cfv_buf *o, const char *key, uint64_t v)
{
    cfv_buf_printf(o, ",\"%s\":\"0x%llx\"", key, (unsigned long long)v);
}

static void frames(cfv_buf *o, const cfv_triage_crash *c)
{
    cfv_buf_printf(o, ",\"stack\":[");
    for (size_t i = 0; i < c->nframes; i++) {
        const cfv_triage_frame *f = &c->frames[i];
        cfv_buf_printf(o, "%s{\"address\":\"0x%llx\",\"function\":", i ? "," : "",
                      (unsigned long long)f->addr);
        json_str(o, f->function);
        cfv_buf_printf(o, ",\"offset\":%llu,\"module\":", (unsigned long long)f->function_off);
        json_str(o, f->module);
        hex(o, "module_offset", f->module_off);
        cfv_buf_printf(o, "}");
    }
    cfv_buf_printf(o, "]");
}

static void registers(cfv_buf *o, const cfv_triage_crash *c)
{
    cfv_buf_printf(o, ",\"registers\":{");
    int first = 1;
    for (uint32_t i = 0; i < c->nregs; i++) {
        const char *name = cfv_triage_reg_name(i);
        if (!name)
            continue;
        cfv_buf_printf(o, "%s\"%s\":\"0x%llx\"", first ? "" : ",", name,
                      (unsigned long long)c->regs[i]);
        first = 0;
    }
    cfv_buf_printf(o, "}");
}

static void asan(cfv_buf *o, const cfv_triage_bucket *b)
{
    if (!b->asan_count) {
        cfv_buf_printf(o, ",\"asan\":null");
        return;
    }
    cfv_buf_printf(o, ",\"asan\":{\"count\":%zu,\"kind\":", b->asan_count);
    json_str(o, b->asan.asan_kind);
    cfv_buf_printf(o, ",\"access\":");
    json_str(o, b->asan.access);
    cfv_buf_printf(o, ",\"size\":%u,\"function\":", b->asan.access_size);
    json_str(o, b->asan.function);
    cfv_buf_printf(o, "}");
}

static void where(cfv_buf *o, const cfv_triage *t, const cfv_triage_crash *c)
{
    const cfv_defs *d = t->opt.defs;
    cfv_buf_printf(o, ",\"sensor\":");
    if (c->sensor >= 0 && (uint32_t)c->sensor < d->nsensors)
        json_str(o, d->sensors[c->sensor].name);
    else
        cfv_buf_printf(o, "null");
    cfv_buf_printf(o, ",\"template_type\":");
    if (c->type >= 0 && (uint32_t)c->type < d->ntypes)
        json_str(o, d->types[c->type].name);
    else
        cfv_buf_printf(o, "null");
}

static void bucket(cfv_buf *o, const cfv_triage *t, const cfv_triage_bucket *b)
{
    const cfv_triage_crash *c = &b->crash;
    cfv_buf_printf(o, "{\"class\":");
    json_str(o, cfv_triage_class_name(c->cls));
    cfv_buf_printf(o, ",\"instruction\":");
    json_str(o, c->instruction);
    cfv_buf_printf(o, ",\"function\":");
    json_str(o, c->function);
    cfv_buf_printf(o, ",\"count\":%zu,\"reproducer\":", b->count);
    json_str(o, b->reproducer);
    cfv_buf_printf(o, ",\"inputs\":[");
    for (size_t i = 0; i < b->count; i++) {
        cfv_buf_printf(o, "%s", i ? "," : "");
        json_str(o, b->inputs[i]);
    }
    cfv_buf_printf(o, "],\"severity\":");
    json_str(o, cfv_triage_class_severity(c->cls));
    cfv_buf_printf(o, ",\"signal\":%d", c->sig);
    hex(o, "pc", c->pc);
    hex(o, "fault_address", c->addr);
    cfv_buf_printf(o, ",\"stack_hash\":\"%08x\"", c->stack_hash);
    where(o, t, c);
    frames(o, c);
    registers(o, c);
    asan(o, b);
    cfv_buf_printf(o, "}");
}

char *cfv_triage_render_json(const cfv_triage *t)
{
    cfv_buf o = {0};
    cfv_buf_printf(&o, "{\"buckets\":[");
    for (size_t i = 0; i < t->buckets.n; i++) {
        cfv_buf_printf(&o, "%s", i ? "," : "");
        bucket(&o, t, &t->buckets.b[i].pub);
    }
    cfv_buf_printf(&o, "],\"not_reproduced\":[");
    for (size_t i = 0; i < t->nmissed; i++) {
        cfv_buf_printf(&o, "%s{\"input\":", i ? "," : "");
        json_str(&o, t->missed[i].input);
        cfv_buf_printf(&o, ",\"reason\":\"%s\",\"detail\":", cfv_triage_outcome_name(t->missed[i].why));
        json_str(&o, t->missed[i].detail);
        cfv_buf_printf(&o, "}");
    }
    cfv_buf_printf(&o, "],\"inputs\":%zu}\n", t->ninputs);
    return cfv_buf_take(&o);
}
