/* The AddressSanitizer report format (compiler-rt and libsanitizer alike):
 *   ==PID==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x.. at pc 0x.. bp .. sp ..
 *   READ of size 8 at 0x.. thread T0
 *       #0 0x55.. in read_slot /src/replica/replica_eval.c:12
 *       #1 0x55.. in holds (/build/cfv-replica-child-asan+0x1234)
 *   ...
 * SEGV reports say "on unknown address", then "The signal is caused by a
 * READ memory access." and maybe a "Hint:" about the zero page. */
#define _GNU_SOURCE
#include "asan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

typedef struct report {
    char kind[48];
    uint64_t addr, pc;
    int have_addr;
    int write;                  /* -1 unknown */
    uint32_t size;
    int hint_pc_null, hint_null, hint_high;
} report;

static const char *find_in(const char *s, const char *end, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = s; p + n <= end; p++)
        if (memcmp(p, what, n) == 0)
            return p;
    return NULL;
}

static uint64_t hex_after(const char *p, const char *end, const char *what, int *found)
{
    const char *at = find_in(p, end, what);
    *found = 0;
    if (!at)
        return 0;
    at += strlen(what);
    char *stop;
    uint64_t v = strtoull(at, &stop, 16);
    *found = stop != at;
    return v;
}

static void error_line(report *r, const char *p, const char *end)
{
    p = find_in(p, end, "AddressSanitizer: ") + strlen("AddressSanitizer: ");
    if ((size_t)(end - p) > 11 && memcmp(p, "attempting ", 11) == 0)
        p += 11;
    size_t n = 0;
    while (p + n < end && !isspace((unsigned char)p[n]) && n + 1 < sizeof r->kind)
        n++;
    memcpy(r->kind, p, n);
    r->kind[n] = '\0';
    int found;
    r->addr = hex_after(p, end, "address 0x", &found);
    r->have_addr = found;
    r->pc = hex_after(p, end, "pc 0x", &found);
}

static void access_line(report *r, const char *p, const char *end)
{
    const char *w;
    if ((w = find_in(p, end, "READ of size ")) || (w = find_in(p, end, "WRITE of size "))) {
        r->write = *w == 'W';
        r->size = (uint32_t)strtoul(w + (*w == 'W' ? 14 : 13), NULL, 10);
    } else if (find_in(p, end, "caused by a READ memory access")) {
        r->write = 0;
    } else if (find_in(p, end, "caused by a WRITE memory access")) {
        r->write = 1;
    }
    r->hint_pc_null |= find_in(p, end, "Hint: pc points to the zero page") != NULL;
    r->hint_null |= find_in(p, end, "Hint: address points to the zero page") != NULL;
    r->hint_high |= find_in(p, end, "high value address") != NULL;
}

/* Frames of the sanitizer runtime and of libc's abort path: not the crash line. */
static int runtime_frame(const cfv_triage_frame *f)
{
    static const char *const fn_prefix[] = {"__interceptor_", "___interceptor_", "__asan",
                                            "__sanitizer", "__interception", "__ubsan"};
    static const char *const fn_exact[] = {"raise", "abort", "__GI_raise", "__GI_abort", "gsignal",
                                           "pthread_kill", "__pthread_kill_implementation",
                                           "__pthread_kill_internal", "__assert_fail",
                                           "__assert_fail_base", "__libc_message"};
    static const char *const mod_prefix[] = {"libasan", "libclang_rt", "libubsan", "libc.so",
                                             "libc-", "ld-linux", "libpthread", "libgcc_s"};
    for (size_t i = 0; i < sizeof fn_prefix / sizeof fn_prefix[0]; i++)
        if (strncmp(f->function, fn_prefix[i], strlen(fn_prefix[i])) == 0)
            return 1;
    for (size_t i = 0; i < sizeof fn_exact / sizeof fn_exact[0]; i++)
        if (strcmp(f->function, fn_exact[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof mod_prefix / sizeof mod_prefix[0]; i++)
        if (strncmp(f->module, mod_prefix[i], strlen(mod_prefix[i])) == 0)
            return 1;
    return 0;
}

/* "(/path/module+0x1234)" after the address: names the frame from the
 * module's symbol table when ASan did not. */
static void module_part(cfv_symcache *c, cfv_triage_frame *f, const char *p, const char *end,
                        const char *program)
{
    const char *open = memchr(p, '(', (size_t)(end - p));
    const char *plus = open ? find_in(open, end, "+0x") : NULL;
    if (!open || !plus)
        return;
    char path[512];
    snprintf(path, sizeof path, "%.*s", (int)(plus - open - 1), open + 1);
    f->module_off = strtoull(plus + 3, NULL, 16);
    const char *slash = strrchr(path, '/');
    snprintf(f->module, sizeof f->module, "%.*s", (int)sizeof f->module - 1,
             slash ? slash + 1 : path);
    if (f->function[0])
        return;
    const cfv_elfsym *e = cfv_symcache_get(c, path);
    if (!e && program)
        e = cfv_symcache_get(c, program);
    const char *name;
    uint64_t off;
    if (e && cfv_elfsym_lookup(e, f->module_off, &name, &off) == 0) {
        snprintf(f->function, sizeof f->function, "%s", name);
        f->function_off = off;
    }
}

/* "    #3 0x55d1 in func file.c:12" or "    #3 0x55d1 (module+0x12)". 0, or -1. */
static int frame_line(cfv_symcache *c, cfv_triage_frame *f, const char *p, const char *end,
                      const char *program)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p >= end || *p != '#')
        return -1;
    const char *x = find_in(p, end, " 0x");
    if (!x)
        return -1;
    memset(f, 0, sizeof *f);
    char *stop;
    f->addr = strtoull(x + 3, &stop, 16);
    p = stop;
    if ((size_t)(end - p) > 4 && memcmp(p, " in ", 4) == 0) {
        p += 4;
        size_t n = 0;
        while (p + n < end && !isspace((unsigned char)p[n]) && p[n] != '(')
            n++;
        char name[CFV_TRIAGE_NAME];
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        snprintf(f->function, sizeof f->function, "%s", name);
        p += n;
        /* libc frames with debug info show a glibc source path. */
        if (find_in(p, end, "/sysdeps/"))
            snprintf(f->module, sizeof f->module, "libc.so.6");
    }
    module_part(c, f, p, end, program);
    return 0;
}

static cfv_triage_class class_of(const report *r)
{
    int w = r->write == 1;
    if (strcmp(r->kind, "stack-overflow") == 0)
        return CFV_TC_STACK_EXHAUSTION;
    if (strcmp(r->kind, "ABRT") == 0)
        return CFV_TC_ABORT;
    if (strcmp(r->kind, "FPE") == 0)
        return CFV_TC_FPE;
    if (strcmp(r->kind, "ILL") == 0)
        return CFV_TC_ILLEGAL_INSTRUCTION;
    if (strcmp(r->kind, "SEGV") == 0 || strcmp(r->kind, "BUS") == 0) {
        if (r->hint_pc_null || (r->have_addr && r->addr == r->pc))
            return CFV_TC_BAD_PC;
        if (r->hint_high)
            return w ? CFV_TC_WRITE_AV_WILD : CFV_TC_READ_AV_WILD;
        if (r->hint_null || (r->have_addr && r->addr < CFV_NEAR_NULL))
            return w ? CFV_TC_WRITE_AV_NEAR_NULL : CFV_TC_READ_AV_NEAR_NULL;
        return w ? CFV_TC_WRITE_AV : CFV_TC_READ_AV;
    }
    if (r->write >= 0) /* heap-buffer-overflow, heap-use-after-free, ... */
        return w ? CFV_TC_WRITE_AV : CFV_TC_READ_AV;
    return CFV_TC_OTHER;
}

static void fill(cfv_triage_crash *out, const report *r)
{
    out->cls = class_of(r);
    out->from_asan = 1;
    out->pc = r->pc;
    out->addr = r->addr;
    out->sensor = out->type = -1;
    snprintf(out->asan_kind, sizeof out->asan_kind, "%s", r->kind);
    snprintf(out->access, sizeof out->access, "%s", r->write < 0 ? "" : r->write ? "WRITE" : "READ");
    out->access_size = r->size;
    for (size_t i = 0; i < out->nframes; i++) {
        if (!runtime_frame(&out->frames[i]) && out->frames[i].function[0]) {
            cfv_symcache_plain_name(out->function, sizeof out->function, out->frames[i].function);
            return;
        }
    }
    snprintf(out->function, sizeof out->function, "??");
}

int cfv_asan_parse(cfv_symcache *c, const char *text, size_t len, const char *program,
                   cfv_triage_crash *out)
{
    const char *end = text + len;
    const char *p = find_in(text, end, "ERROR: AddressSanitizer: ");
    if (!p)
        return -1;
    memset(out, 0, sizeof *out);
    report r = {.write = -1};
    cfv_triage_frame f;
    int in_stack = 0;
    for (const char *line = p; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *le = nl ? nl : end;
        if (line == p) {
            error_line(&r, line, le);
        } else if (frame_line(c, &f, line, le, program) == 0) {
            in_stack = 1;
            if (out->nframes < CFV_TRIAGE_FRAMES)
                out->frames[out->nframes++] = f;
        } else if (in_stack) {
            break; /* the first stack is the crash's; later ones are allocation sites */
        } else {
            access_line(&r, line, le);
        }
        line = le + 1;
    }
    /* A report cut before its stack (libFuzzer -fork keeps only the first
     * line in its own log) names no function: it cannot be bucketed. */
    if (out->nframes == 0)
        return -1;
    fill(out, &r);
    return 0;
}

int cfv_triage_parse_asan(const char *text, size_t len, const char *program,
                          cfv_triage_crash *out)
{
    cfv_symcache c = {0};
    int rc = cfv_asan_parse(&c, text, len, program, out);
    cfv_symcache_free(&c);
    return rc;
}
