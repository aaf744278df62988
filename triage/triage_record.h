/* What a triage child sends its parent through the report pipe when it
 * catches a fatal signal: one cfv_tr_record, then the text of
 * /proc/self/maps up to end of file. Child and parent are built from the
 * same tree for the same host, so the record is raw bytes; magic and size
 * catch a mismatched pair. */
#ifndef CFV_TRIAGE_RECORD_H
#define CFV_TRIAGE_RECORD_H

#include <stdint.h>

#define CFV_TR_MAGIC 0x54564643u /* "CFVT" */
#define CFV_TR_CODE 16           /* bytes copied from the faulting pc */
#define CFV_TR_FRAMES 16         /* frames[0] is the pc, then return addresses */
#define CFV_TR_REGS 40

/* Fixed descriptors the child finds its inputs on (set up by the parent). */
#define CFV_TR_DEFS_FD 3         /* a raw cfv_defs, readable from offset 0 */
#define CFV_TR_REPORT_FD 4       /* the report pipe */

/* Exit codes of a child that did not crash. */
enum {
    CFV_TR_EXIT_CLEAN = 0,      /* every event evaluated */
    CFV_TR_EXIT_USAGE = 2,      /* bad arguments or unreadable input */
    CFV_TR_EXIT_REFUSED = 3     /* the trusting loader could not follow the file */
};

typedef struct cfv_tr_record {
    uint32_t magic, size;       /* CFV_TR_MAGIC, sizeof(cfv_tr_record) */
    int32_t sig, sig_code;      /* si_signo, si_code */
    uint64_t addr;              /* si_addr */
    uint64_t pc, sp, fp;        /* fp: rbp / x29 */
    /* x86-64: page-fault error code (bit 1 write, bit 4 instruction fetch),
     * valid when trapno is 14. AArch64: ESR_EL1 when the kernel gave one. */
    uint64_t err, trapno;
    int32_t has_err;
    uint32_t nregs;             /* x86-64: ucontext gregs; AArch64: x0..x30, sp, pc, pstate */
    uint64_t regs[CFV_TR_REGS];
    uint32_t ncode;             /* readable bytes at pc (0 when pc is unmapped) */
    uint8_t code[CFV_TR_CODE];
    uint32_t nframes;
    uint64_t frames[CFV_TR_FRAMES];
    int32_t sensor;             /* what the child was evaluating: sensor index, */
    int32_t type;               /* type index into the definitions; -1 none */
} cfv_tr_record;

#endif
