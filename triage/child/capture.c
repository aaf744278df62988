/* Crash capture inside the triage child.
 *
 * Why in-process and not ptrace from the parent: ptrace is refused in many
 * containers and CI sandboxes (seccomp, Yama ptrace_scope), under a
 * debugger, and when the parent runs under a sanitizer that traces; a
 * handler needs no privilege. What a handler cannot do safely it avoids:
 * it runs on its own stack (sigaltstack), so stack exhaustion still reports;
 * every read of possibly bad memory (code bytes at pc, the word at sp) goes
 * through a scratch pipe, where a bad address is EFAULT, not a second
 * fault; it calls only write/read/open/close/sigaction/raise, plus
 * backtrace(), which is preloaded before arming so that it does not
 * allocate in the handler. The child is a throwaway process and the parent
 * has a timeout, so a rare hang here costs one input, never the run.
 *
 * The one piece of mutable static state of the triage code is `state`
 * below: a signal handler gets no user pointer, so it finds the report
 * descriptor and what was being evaluated there. It lives only in the
 * child. */
#define _GNU_SOURCE
#include "capture.h"

#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include "triage_record.h"

#define ALT_STACK_SIZE (256u * 1024u)

static struct {
    int report_fd;
    int scratch[2];                 /* the safe-copy pipe */
    volatile sig_atomic_t sensor, type;
} state = {-1, {-1, -1}, -1, -1};

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};

/* Copies up to n bytes from src without faulting: the kernel copies them
 * into the scratch pipe or says EFAULT. Returns the bytes copied. */
static size_t safe_copy(void *dst, uintptr_t src, size_t n)
{
    ssize_t w = write(state.scratch[1], (const void *)src, n);
    if (w <= 0)
        return 0;
    ssize_t r = read(state.scratch[0], dst, (size_t)w);
    return r > 0 ? (size_t)r : 0;
}

static void write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w <= 0)
            return;
        c += w;
        n -= (size_t)w;
    }
}

static void take_registers(cfv_tr_record *r, const ucontext_t *uc)
{
#if defined(__x86_64__)
    const greg_t *g = uc->uc_mcontext.gregs;
    r->nregs = NGREG < CFV_TR_REGS ? NGREG : CFV_TR_REGS;
    for (uint32_t i = 0; i < r->nregs; i++)
        r->regs[i] = (uint64_t)g[i];
    r->pc = (uint64_t)g[REG_RIP];
    r->sp = (uint64_t)g[REG_RSP];
    r->fp = (uint64_t)g[REG_RBP];
    r->err = (uint64_t)g[REG_ERR];
    r->trapno = (uint64_t)g[REG_TRAPNO];
    r->has_err = 1;
#elif defined(__aarch64__)
    const mcontext_t *m = &uc->uc_mcontext;
    r->nregs = 34;
    for (uint32_t i = 0; i < 31; i++)
        r->regs[i] = m->regs[i];
    r->regs[31] = m->sp;
    r->regs[32] = m->pc;
    r->regs[33] = m->pstate;
    r->pc = m->pc;
    r->sp = m->sp;
    r->fp = m->regs[29];
#ifdef ESR_MAGIC
    /* The kernel appends an esr_context record to __reserved for faults. */
    const struct _aarch64_ctx *h = (const struct _aarch64_ctx *)(const void *)m->__reserved;
    const char *end = (const char *)m->__reserved + sizeof m->__reserved;
    while ((const char *)h + sizeof *h <= end && h->magic != 0 && h->size >= sizeof *h) {
        if (h->magic == ESR_MAGIC) {
            r->err = ((const struct esr_context *)(const void *)h)->esr;
            r->has_err = 1;
            break;
        }
        h = (const struct _aarch64_ctx *)(const void *)((const char *)h + h->size);
    }
#endif
#else
    (void)r;
    (void)uc;
#endif
}

/* frames[0] = pc, then the callers. backtrace() unwinds through the signal
 * frame with the unwind tables, so it works in code built without frame
 * pointers (libc). It reads the code at pc (to spot signal trampolines),
 * so an unreadable pc, a jump into nowhere, skips it: the return address a
 * call left at sp, then the frame-pointer chain, name the callers. */
static void take_frames(cfv_tr_record *r)
{
    r->frames[0] = r->pc;
    r->nframes = 1;
    if (r->ncode > 0) {
        void *bt[64];
        int n = backtrace(bt, 64);
        for (int i = 0; i < n; i++) {
            if ((uint64_t)(uintptr_t)bt[i] != r->pc)
                continue;
            for (int k = i + 1; k < n && r->nframes < CFV_TR_FRAMES; k++)
                r->frames[r->nframes++] = (uint64_t)(uintptr_t)bt[k];
            return;
        }
    }
    uint64_t word[2];
    if (safe_copy(word, (uintptr_t)r->sp, 8) == 8)
        r->frames[r->nframes++] = word[0];
    /* The frame record: {previous fp, return address}. */
    for (uint64_t fp = r->fp; fp && r->nframes < CFV_TR_FRAMES; fp = word[0]) {
        if (safe_copy(word, (uintptr_t)fp, sizeof word) != sizeof word || word[0] <= fp)
            break;
        r->frames[r->nframes++] = word[1];
    }
}

static void send_maps(int fd)
{
    int m = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (m < 0)
        return;
    char buf[4096];
    ssize_t n;
    while ((n = read(m, buf, sizeof buf)) > 0)
        write_all(fd, buf, (size_t)n);
    close(m);
}

static void on_fatal(int sig, siginfo_t *si, void *ctx)
{
    cfv_tr_record r;
    memset(&r, 0, sizeof r);
    r.magic = CFV_TR_MAGIC;
    r.size = sizeof r;
    r.sig = sig;
    r.sig_code = si->si_code;
    r.addr = (uint64_t)(uintptr_t)si->si_addr;
    r.sensor = state.sensor;
    r.type = state.type;
    take_registers(&r, ctx);
    r.ncode = (uint32_t)safe_copy(r.code, (uintptr_t)r.pc, CFV_TR_CODE);
    take_frames(&r);
    write_all(state.report_fd, &r, sizeof r);
    send_maps(state.report_fd);
    close(state.report_fd);
    /* Die of the same signal: it stays pending (blocked in the handler)
     * and kills with the default action when the handler returns. */
    signal(sig, SIG_DFL);
    raise(sig);
}

int cfv_tc_arm(int report_fd)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (pipe2(state.scratch, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    /* Loads libgcc_s now, so the handler's backtrace() does not. */
    void *warm[4];
    backtrace(warm, 4);
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_size = ALT_STACK_SIZE;
    ss.ss_sp = malloc(ss.ss_size); /* lives until the process ends */
    if (!ss.ss_sp || sigaltstack(&ss, NULL) != 0)
        return -1;
    state.report_fd = report_fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        if (sigaction(fatal_signals[i], &sa, NULL) != 0)
            return -1;
    return 0;
}

void cfv_tc_note(int sensor, int type)
{
    state.sensor = sensor;
    state.type = type;
}
