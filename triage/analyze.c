/* A child's record -> cfv_triage_crash: Capstone, the classifier, names. */
#include "analyze.h"

#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "disasm.h"
#include "maps.h"

static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

uint32_t cfv_analyze_stack_hash(const cfv_triage_crash *c)
{
    uint32_t h = 2166136261u;
    for (size_t i = 1; i < c->nframes && i <= 3; i++) {
        const cfv_triage_frame *f = &c->frames[i];
        h = fnv(h, f->module, strlen(f->module) + 1);
        h = fnv(h, &f->module_off, sizeof f->module_off);
    }
    return h;
}

/* The crash line: the first frame in the program itself, so that an abort
 * or a fault inside libc's memcmp is charged to the code that called it. */
static void crash_line(cfv_triage_crash *out, const int *in_exe)
{
    for (size_t i = 0; i < out->nframes; i++) {
        if (in_exe[i] && out->frames[i].function[0]) {
            cfv_symcache_plain_name(out->function, sizeof out->function, out->frames[i].function);
            return;
        }
    }
    if (out->nframes && out->frames[0].function[0])
        cfv_symcache_plain_name(out->function, sizeof out->function, out->frames[0].function);
    else
        snprintf(out->function, sizeof out->function, "??");
}

int cfv_analyze(cfv_symcache *c, const char *exe, const cfv_tr_record *r, const char *maps,
                size_t maps_len, cfv_triage_crash *out)
{
    memset(out, 0, sizeof *out);
    cfv_maps m;
    if (cfv_maps_parse(&m, maps ? maps : "", maps ? maps_len : 0) != 0)
        return -1;
    cfv_insn in;
    cfv_disasm(r, &in);
    out->sig = r->sig;
    out->pc = r->pc;
    out->cls = cfv_classify(r, &in, &m, &out->addr);
    if (in.ok)
        snprintf(out->instruction, sizeof out->instruction, "%s", in.text);
    else
        snprintf(out->instruction, sizeof out->instruction, "%s",
                 r->ncode ? "(undecodable)" : "(no code at pc)");
    int in_exe[CFV_TRIAGE_FRAMES] = {0};
    out->nframes = r->nframes < CFV_TRIAGE_FRAMES ? r->nframes : CFV_TRIAGE_FRAMES;
    for (size_t i = 0; i < out->nframes; i++) {
        const char *path;
        cfv_symcache_frame(c, &m, r->frames[i], i > 0, &out->frames[i], &path);
        in_exe[i] = strcmp(path, exe) == 0;
    }
    crash_line(out, in_exe);
    out->stack_hash = cfv_analyze_stack_hash(out);
    out->nregs = r->nregs < 40 ? r->nregs : 40;
    memcpy(out->regs, r->regs, out->nregs * sizeof out->regs[0]);
    out->sensor = r->sensor;
    out->type = r->type;
    cfv_maps_free(&m);
    return 0;
}

const char *cfv_triage_reg_name(uint32_t i) { return cfv_disasm_reg_name(i); }
