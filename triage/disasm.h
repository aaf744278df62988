/* The faulting instruction, decoded with Capstone in detail mode: its
 * text, whether it reads or writes memory, and the address it used. */
#ifndef CFV_TRIAGE_DISASM_H
#define CFV_TRIAGE_DISASM_H

#include <stdint.h>

#include "triage_record.h"

typedef struct cfv_insn {
    int ok;                     /* decoded */
    char text[128];             /* "mov rax, qword ptr [rcx + rdx*8]" */
    int mem_read, mem_write;    /* the memory operand (explicit, or push/pop/call/ret's stack slot) */
    int ea_known;
    uint64_t ea;                /* its effective address, from the registers */
    unsigned size;              /* bytes accessed, 0 unknown */
} cfv_insn;

/* Decodes the instruction at r->pc from r->code; with two memory operands
 * (movs, cmps) the one on r->addr's page is the one that faulted. */
void cfv_disasm(const cfv_tr_record *r, cfv_insn *out);

/* The register names the record's regs[] use on this host, or NULL. */
const char *cfv_disasm_reg_name(uint32_t i);

#endif
