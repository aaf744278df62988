/* How a crash is classified. The order matters: a fault at pc is a bad
 * jump whatever the instruction; a fault in the stack's guard gap is
 * exhaustion whether push or mov hit it; only then read or write. */
#include "classify.h"

#include <signal.h>

#define SI_KERNEL_CODE 0x80 /* si_code of a #GP fault: si_addr is 0, the operand tells */

static const char *const names[CFV_TC_COUNT] = {
    "read-av", "read-av-near-null", "read-av-wild", "write-av", "write-av-near-null",
    "write-av-wild", "bad-pc", "stack-exhaustion", "abort", "illegal-instruction", "fpe",
    "trap", "other"};

/* CERT exploitable's verdicts for the matching classes. */
static const char *const severities[CFV_TC_COUNT] = {
    "UNKNOWN", "PROBABLY_NOT_EXPLOITABLE", "PROBABLY_EXPLOITABLE", "EXPLOITABLE",
    "PROBABLY_NOT_EXPLOITABLE", "EXPLOITABLE", "EXPLOITABLE", "PROBABLY_NOT_EXPLOITABLE",
    "PROBABLY_NOT_EXPLOITABLE", "EXPLOITABLE", "PROBABLY_NOT_EXPLOITABLE", "UNKNOWN", "UNKNOWN"};

const char *cfv_triage_class_name(cfv_triage_class c)
{
    return (unsigned)c < CFV_TC_COUNT ? names[c] : "other";
}

const char *cfv_triage_class_severity(cfv_triage_class c)
{
    return (unsigned)c < CFV_TC_COUNT ? severities[c] : "UNKNOWN";
}

static int canonical(uint64_t a)
{
#if defined(__x86_64__)
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
#else
    return a >> 56 == 0 || a >> 56 == 0xff; /* ignore top-byte tags */
#endif
}

/* The hardware's own word on the fault, when it gave one: a page fault's
 * error code (x86-64), a data or instruction abort's syndrome (AArch64). */
typedef struct hw_fault {
    int write;      /* 1 write, 0 read, -1 unknown */
    int fetch;      /* the fault was the instruction fetch itself */
} hw_fault;

static hw_fault hw_fault_of(const cfv_tr_record *r)
{
    hw_fault f = {-1, 0};
#if defined(__x86_64__)
    if (r->has_err && r->trapno == 14) {
        f.write = (r->err & 2) != 0;
        f.fetch = (r->err & 16) != 0;
    }
#elif defined(__aarch64__)
    uint64_t ec = (r->err >> 26) & 0x3f;
    if (r->has_err && (ec == 0x24 || ec == 0x25))
        f.write = (r->err & (1u << 6)) != 0; /* WnR */
    f.fetch = r->has_err && (ec == 0x20 || ec == 0x21);
#endif
    (void)r;
    return f;
}

static int is_write(const cfv_tr_record *r, const cfv_insn *in)
{
    if (in->mem_write != in->mem_read)
        return in->mem_write;
    /* Read-modify-write or no operand found: the fault's own direction. */
    int hw = hw_fault_of(r).write;
    return hw >= 0 ? hw : in->mem_write;
}

static int stack_exhaustion(const cfv_maps *m, uint64_t addr)
{
    uint64_t lo, hi;
    if (cfv_maps_stack(m, &lo, &hi) != 0 || addr >= lo || addr + CFV_STACK_GAP + 0x10000 < lo)
        return 0;
    const cfv_map *at = cfv_maps_find(m, addr);
    return !at || at->perms[0] != 'r';
}

static cfv_triage_class access_violation(const cfv_tr_record *r, const cfv_insn *in,
                                         const cfv_maps *m, uint64_t *addr)
{
    const cfv_map *code = cfv_maps_find(m, r->pc);
    if (!code || code->perms[2] != 'x' || hw_fault_of(r).fetch ||
        (r->addr == r->pc && r->sig_code != SI_KERNEL_CODE)) {
        *addr = r->pc;
        return CFV_TC_BAD_PC;
    }
    *addr = r->addr;
    int gp = r->sig_code == SI_KERNEL_CODE; /* no page fault: a non-canonical address */
    if (gp && in->ea_known)
        *addr = in->ea;
    if (stack_exhaustion(m, *addr))
        return CFV_TC_STACK_EXHAUSTION;
    int w = is_write(r, in);
    if (*addr < CFV_NEAR_NULL && !gp)
        return w ? CFV_TC_WRITE_AV_NEAR_NULL : CFV_TC_READ_AV_NEAR_NULL;
    if (gp || !canonical(*addr) || cfv_maps_distance(m, *addr) > CFV_WILD_DISTANCE)
        return w ? CFV_TC_WRITE_AV_WILD : CFV_TC_READ_AV_WILD;
    return w ? CFV_TC_WRITE_AV : CFV_TC_READ_AV;
}

cfv_triage_class cfv_classify(const cfv_tr_record *r, const cfv_insn *in, const cfv_maps *m,
                              uint64_t *addr)
{
    *addr = r->addr;
    switch (r->sig) {
    case SIGSEGV:
    case SIGBUS:
        return access_violation(r, in, m, addr);
    case SIGABRT:
        return CFV_TC_ABORT;
    case SIGILL: {
        const cfv_map *code = cfv_maps_find(m, r->pc);
        return code && code->perms[2] == 'x' ? CFV_TC_ILLEGAL_INSTRUCTION : CFV_TC_BAD_PC;
    }
    case SIGFPE:
        return CFV_TC_FPE;
    case SIGTRAP:
        return CFV_TC_TRAP;
    default:
        return CFV_TC_OTHER;
    }
}
