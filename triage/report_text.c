/* The text report: a summary line, one line per bucket, the inputs that
 * did not crash; with verbose, the detail of each bucket below. */
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "buf.h"

static const char *outcome_name(cfv_triage_outcome o)
{
    static const char *const names[] = {"crashed", "clean", "refused", "timeout", "failed"};
    return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "failed";
}

static size_t width(const cfv_triage *t, const char *head, size_t col)
{
    size_t w = strlen(head);
    for (size_t i = 0; i < t->buckets.n; i++) {
        const cfv_triage_bucket *b = &t->buckets.b[i].pub;
        const char *s = col == 0   ? cfv_triage_class_name(b->crash.cls)
                        : col == 1 ? b->crash.function
                                   : (b->crash.instruction[0] ? b->crash.instruction : "-");
        if (strlen(s) > w)
            w = strlen(s);
    }
    return w;
}

static void detail(cfv_buf *o, const cfv_triage *t, size_t i, const cfv_triage_bucket *b)
{
    const cfv_triage_crash *c = &b->crash;
    cfv_buf_printf(o, "\n#%zu %s (%s), %zu input%s, reproducer %s (%llu bytes)\n", i + 1,
                  cfv_triage_class_name(c->cls), cfv_triage_class_severity(c->cls), b->count,
                  b->count == 1 ? "" : "s", b->reproducer,
                  (unsigned long long)b->reproducer_size);
    if (!c->from_asan)
        cfv_buf_printf(o, "  signal %d at pc 0x%llx, address 0x%llx, stack hash %08x\n", c->sig,
                      (unsigned long long)c->pc, (unsigned long long)c->addr, c->stack_hash);
    const cfv_defs *d = t->opt.defs;
    if (c->sensor >= 0 && (uint32_t)c->sensor < d->nsensors && c->type >= 0 &&
        (uint32_t)c->type < d->ntypes)
        cfv_buf_printf(o, "  sensor %s, template type %s\n", d->sensors[c->sensor].name,
                      d->types[c->type].name);
    for (size_t f = 0; f < c->nframes; f++) {
        const cfv_triage_frame *fr = &c->frames[f];
        cfv_buf_printf(o, "  #%zu 0x%llx %s+0x%llx (%s+0x%llx)\n", f, (unsigned long long)fr->addr,
                      fr->function[0] ? fr->function : "??", (unsigned long long)fr->function_off,
                      fr->module[0] ? fr->module : "?", (unsigned long long)fr->module_off);
    }
    if (b->asan_count)
        cfv_buf_printf(o, "  AddressSanitizer (%zu): %s%s%s of size %u in %s\n", b->asan_count,
                      b->asan.asan_kind, b->asan.access[0] ? " " : "", b->asan.access,
                      b->asan.access_size, b->asan.function);
}

char *cfv_triage_render_text(const cfv_triage *t, int verbose)
{
    cfv_buf o = {0};
    size_t crashed = 0;
    for (size_t i = 0; i < t->buckets.n; i++)
        crashed += t->buckets.b[i].pub.count;
    cfv_buf_printf(&o, "%zu input%s: %zu crash%s in %zu bucket%s, %zu not reproduced\n",
                  t->ninputs, t->ninputs == 1 ? "" : "s", crashed, crashed == 1 ? "" : "es",
                  t->buckets.n, t->buckets.n == 1 ? "" : "s", t->nmissed);
    if (t->buckets.n) {
        int wc = (int)width(t, "CLASS", 0), wf = (int)width(t, "FUNCTION", 1),
            wi = (int)width(t, "INSTRUCTION", 2);
        cfv_buf_printf(&o, "\n%6s  %-*s  %-*s  %-*s  %s\n", "COUNT", wc, "CLASS", wf, "FUNCTION", wi,
                      "INSTRUCTION", "REPRODUCER");
        for (size_t i = 0; i < t->buckets.n; i++) {
            const cfv_triage_bucket *b = &t->buckets.b[i].pub;
            cfv_buf_printf(&o, "%6zu  %-*s  %-*s  %-*s  %s\n", b->count, wc,
                          cfv_triage_class_name(b->crash.cls), wf, b->crash.function, wi,
                          b->crash.instruction[0] ? b->crash.instruction : "-", b->reproducer);
        }
    }
    if (t->nmissed)
        cfv_buf_printf(&o, "\nnot reproduced:\n");
    for (size_t i = 0; i < t->nmissed; i++)
        cfv_buf_printf(&o, "  %s: %s: %s\n", t->missed[i].input, outcome_name(t->missed[i].why),
                      t->missed[i].detail);
    for (size_t i = 0; verbose && i < t->buckets.n; i++)
        detail(&o, t, i, &t->buckets.b[i].pub);
    return cfv_buf_take(&o);
}

const char *cfv_triage_outcome_name(cfv_triage_outcome o) { return outcome_name(o); }
