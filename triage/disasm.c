/* Capstone decoding of the faulting instruction (x86-64; AArch64 when that
 * is the host). Read or write comes from the memory operand's access flags
 * in detail mode; instructions whose memory operand is implicit (push,
 * call, pop, ret) are decided by their semantics. */
#define _GNU_SOURCE
#include "disasm.h"

#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#ifdef CFV_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

#if defined(__x86_64__)
static const char *const reg_names[] = {
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rdi", "rsi", "rbp", "rbx",
    "rdx", "rax", "rcx", "rsp", "rip", "eflags", "csgsfs", "err", "trapno", "oldmask", "cr2"};
#elif defined(__aarch64__)
static const char *const reg_names[] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
    "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
    "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp", "pc", "pstate"};
#else
static const char *const reg_names[] = {"pc"};
#endif

const char *cfv_disasm_reg_name(uint32_t i)
{
    return i < sizeof reg_names / sizeof reg_names[0] ? reg_names[i] : NULL;
}

#if defined(CFV_HAVE_CAPSTONE) && defined(__x86_64__)

/* Capstone register -> record index (ucontext gregs) and width in bytes. */
static int reg_value(const cfv_tr_record *r, unsigned reg, uint64_t next_pc, uint64_t *v)
{
    static const struct { unsigned cs; int greg; } map[] = {
        {X86_REG_RAX, REG_RAX}, {X86_REG_RBX, REG_RBX}, {X86_REG_RCX, REG_RCX},
        {X86_REG_RDX, REG_RDX}, {X86_REG_RSI, REG_RSI}, {X86_REG_RDI, REG_RDI},
        {X86_REG_RBP, REG_RBP}, {X86_REG_RSP, REG_RSP}, {X86_REG_R8, REG_R8},
        {X86_REG_R9, REG_R9}, {X86_REG_R10, REG_R10}, {X86_REG_R11, REG_R11},
        {X86_REG_R12, REG_R12}, {X86_REG_R13, REG_R13}, {X86_REG_R14, REG_R14},
        {X86_REG_R15, REG_R15}, {X86_REG_EAX, -REG_RAX - 1}, {X86_REG_EBX, -REG_RBX - 1},
        {X86_REG_ECX, -REG_RCX - 1}, {X86_REG_EDX, -REG_RDX - 1}, {X86_REG_ESI, -REG_RSI - 1},
        {X86_REG_EDI, -REG_RDI - 1}, {X86_REG_EBP, -REG_RBP - 1}, {X86_REG_ESP, -REG_RSP - 1},
        {X86_REG_R8D, -REG_R8 - 1}, {X86_REG_R9D, -REG_R9 - 1}, {X86_REG_R10D, -REG_R10 - 1},
        {X86_REG_R11D, -REG_R11 - 1}, {X86_REG_R12D, -REG_R12 - 1},
        {X86_REG_R13D, -REG_R13 - 1}, {X86_REG_R14D, -REG_R14 - 1},
        {X86_REG_R15D, -REG_R15 - 1},
    };
    if (reg == X86_REG_INVALID) {
        *v = 0;
        return 0;
    }
    if (reg == X86_REG_RIP) {
        *v = next_pc;
        return 0;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (map[i].cs != reg)
            continue;
        int g = map[i].greg < 0 ? -map[i].greg - 1 : map[i].greg;
        if ((uint32_t)g >= r->nregs)
            return -1;
        *v = map[i].greg < 0 ? (uint32_t)r->regs[g] : r->regs[g];
        return 0;
    }
    return -1;
}

static int x86_ea(const cfv_tr_record *r, const cs_insn *in, const cs_x86_op *op, uint64_t *ea)
{
    uint64_t base, index;
    uint64_t next = in->address + in->size;
    if (op->mem.segment != X86_REG_INVALID || reg_value(r, op->mem.base, next, &base) != 0 ||
        reg_value(r, op->mem.index, next, &index) != 0)
        return -1;
    *ea = base + index * (uint64_t)(op->mem.scale ? op->mem.scale : 1) + (uint64_t)op->mem.disp;
    return 0;
}

static void x86_memory(const cfv_tr_record *r, const cs_insn *in, cfv_insn *out)
{
    const cs_x86 *x = &in->detail->x86;
    unsigned id = in->id;
    if (id == X86_INS_LEA || id == X86_INS_NOP || (id >= X86_INS_PREFETCH && id <= X86_INS_PREFETCHW))
        return; /* an operand that looks like memory but is not accessed */
    int chosen = -1;
    for (int i = 0; i < x->op_count; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (op->type != X86_OP_MEM)
            continue;
        uint64_t ea;
        int known = x86_ea(r, in, op, &ea) == 0;
        /* Two memory operands (movs, cmps): the one on si_addr's page. */
        if (chosen < 0 || (known && (ea >> 12) == (r->addr >> 12))) {
            chosen = i;
            out->ea_known = known;
            out->ea = known ? ea : 0;
            out->size = op->size;
            out->mem_read = (op->access & CS_AC_READ) != 0;
            out->mem_write = (op->access & CS_AC_WRITE) != 0;
        }
    }
    if (chosen >= 0)
        return;
    /* Implicit stack slots. */
    uint64_t sp = r->sp;
    if (id == X86_INS_PUSH || id == X86_INS_CALL) {
        out->mem_write = 1;
        out->ea_known = 1;
        out->ea = sp - 8;
        out->size = 8;
    } else if (id == X86_INS_POP || id == X86_INS_RET) {
        out->mem_read = 1;
        out->ea_known = 1;
        out->ea = sp;
        out->size = 8;
    }
}

#define ARCH CS_ARCH_X86
#define MODE CS_MODE_64
#define MEMORY x86_memory

#elif defined(CFV_HAVE_CAPSTONE) && defined(__aarch64__)

static int a64_reg(const cfv_tr_record *r, unsigned reg, uint64_t *v)
{
    if (reg == ARM64_REG_INVALID) {
        *v = 0;
        return 0;
    }
    if (reg == ARM64_REG_SP) {
        *v = r->sp;
        return 0;
    }
    if (reg == ARM64_REG_X29 || reg == ARM64_REG_X30) {
        *v = r->regs[reg == ARM64_REG_X29 ? 29 : 30];
        return 0;
    }
    if (reg >= ARM64_REG_X0 && reg <= ARM64_REG_X28) {
        *v = r->regs[reg - ARM64_REG_X0];
        return 0;
    }
    if (reg >= ARM64_REG_W0 && reg <= ARM64_REG_W30) {
        *v = (uint32_t)r->regs[reg - ARM64_REG_W0];
        return 0;
    }
    return -1;
}

/* Loads and stores: ld* read, st* write (their access flags are not
 * reliable in Capstone 4 for AArch64). */
static void a64_memory(const cfv_tr_record *r, const cs_insn *in, cfv_insn *out)
{
    const cs_arm64 *a = &in->detail->arm64;
    for (int i = 0; i < a->op_count; i++) {
        const cs_arm64_op *op = &a->operands[i];
        if (op->type != ARM64_OP_MEM)
            continue;
        uint64_t base, index;
        if (a64_reg(r, op->mem.base, &base) == 0 && a64_reg(r, op->mem.index, &index) == 0) {
            if (op->shift.type == ARM64_SFT_LSL)
                index <<= op->shift.value;
            out->ea_known = 1;
            out->ea = base + index + (uint64_t)(int64_t)op->mem.disp;
        }
        int store = in->mnemonic[0] == 's' && in->mnemonic[1] == 't';
        out->mem_write = store;
        out->mem_read = !store;
        return;
    }
}

#define ARCH CS_ARCH_ARM64
#define MODE CS_MODE_ARM
#define MEMORY a64_memory

#endif

void cfv_disasm(const cfv_tr_record *r, cfv_insn *out)
{
    memset(out, 0, sizeof *out);
#ifdef MEMORY
    csh h;
    if (r->ncode == 0 || cs_open(ARCH, MODE, &h) != CS_ERR_OK)
        return;
    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
    cs_insn *in = NULL;
    if (cs_disasm(h, r->code, r->ncode, r->pc, 1, &in) == 1) {
        out->ok = 1;
        snprintf(out->text, sizeof out->text, "%.31s%s%.94s", in->mnemonic, in->op_str[0] ? " " : "",
                 in->op_str);
        MEMORY(r, in, out);
        cs_free(in, 1);
    }
    cs_close(&h);
#else
    (void)r;
    snprintf(out->text, sizeof out->text, "(no disassembler for this build)");
#endif
}
