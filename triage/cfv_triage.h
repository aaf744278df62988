/* cfv_triage: classifies and deduplicates crashes of the faithful Content
 * Interpreter replica, the way CASR and CERT `exploitable` do.
 *
 * Each input runs in a child process, cfv-replica-child, built without
 * sanitizers (so the triage works from a sanitized cfv too). The child
 * reports the signal, si_addr, registers, 16 code bytes at pc, a backtrace
 * and its memory map; the parent disassembles the faulting instruction
 * with Capstone, classifies the crash, names the function from the ELF
 * symbol tables, and files it into a bucket keyed by function, class,
 * instruction and a hash of the three calling frames. AddressSanitizer
 * reports (from an ASan-built child or from log files) fold into the same
 * buckets by function and class. A cfv_triage is one session; not
 * thread-safe. Errors come back as return values, never exit(). */
#ifndef CFV_TRIAGE_H
#define CFV_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"

typedef enum cfv_triage_class {
    CFV_TC_READ_AV = 0,             /* read fault next to a mapping (guard page, redzone) */
    CFV_TC_READ_AV_NEAR_NULL,       /* read below 64 KiB */
    CFV_TC_READ_AV_WILD,            /* read of a non-canonical or far-off address */
    CFV_TC_WRITE_AV,
    CFV_TC_WRITE_AV_NEAR_NULL,
    CFV_TC_WRITE_AV_WILD,
    CFV_TC_BAD_PC,                  /* call/jump to non-executable memory */
    CFV_TC_STACK_EXHAUSTION,        /* fault in the guard gap below the stack */
    CFV_TC_ABORT,                   /* SIGABRT */
    CFV_TC_ILLEGAL_INSTRUCTION,
    CFV_TC_FPE,
    CFV_TC_TRAP,
    CFV_TC_OTHER,                   /* any other signal or ASan error kind */
    CFV_TC_COUNT
} cfv_triage_class;

/* "read-av", "read-av-near-null", ..., "abort". */
const char *cfv_triage_class_name(cfv_triage_class c);
/* CERT exploitable's verdict for the class: "EXPLOITABLE",
 * "PROBABLY_EXPLOITABLE", "PROBABLY_NOT_EXPLOITABLE" or "UNKNOWN". */
const char *cfv_triage_class_severity(cfv_triage_class c);

#define CFV_TRIAGE_NAME 128
#define CFV_TRIAGE_FRAMES 8

typedef struct cfv_triage_frame {
    uint64_t addr;
    uint64_t module_off;            /* addr - the module's load base */
    char module[CFV_TRIAGE_NAME];   /* base name; "" when addr is in no file mapping */
    char function[CFV_TRIAGE_NAME]; /* "" when unknown */
    uint64_t function_off;
} cfv_triage_frame;

/* One crash, from a child's record or from an ASan report. */
typedef struct cfv_triage_crash {
    cfv_triage_class cls;
    int sig;                        /* 0 for an ASan report */
    /* The crash line: the first frame in the program itself (not libc, not
     * a sanitizer runtime), without .isra/.constprop suffixes. */
    char function[CFV_TRIAGE_NAME];
    char instruction[CFV_TRIAGE_NAME]; /* Capstone text, "" for ASan reports */
    uint64_t pc, addr;              /* addr: the faulting data address */
    uint32_t stack_hash;            /* the three frames after pc, module-relative */
    size_t nframes;
    cfv_triage_frame frames[CFV_TRIAGE_FRAMES]; /* frames[0] is pc */
    uint32_t nregs;
    uint64_t regs[40];              /* as cfv_triage_reg_name numbers them */
    int sensor, type;               /* what the child evaluated (indexes), -1 unknown */
    int from_asan;
    char asan_kind[48];             /* "heap-buffer-overflow", "SEGV", ... */
    char access[8];                 /* "READ", "WRITE" or "" */
    uint32_t access_size;
} cfv_triage_crash;

/* Register i of a crash on this host ("rax", "x0"), or NULL. */
const char *cfv_triage_reg_name(uint32_t i);

typedef enum cfv_triage_outcome {
    CFV_TRIAGE_CRASHED = 0,
    CFV_TRIAGE_CLEAN,               /* ran every event without crashing */
    CFV_TRIAGE_REFUSED,             /* the trusting loader could not follow the file */
    CFV_TRIAGE_TIMEOUT,
    CFV_TRIAGE_FAILED               /* the child could not run or said nothing useful */
} cfv_triage_outcome;

/* "crashed", "clean", "refused", "timeout", "failed". */
const char *cfv_triage_outcome_name(cfv_triage_outcome o);

typedef struct cfv_triage_options {
    const cfv_defs *defs;
    int sensor;                     /* sensor index, or -1: every sensor in order */
    const char *child;              /* the plain replica child; NULL: no plain runs */
    const char *asan_child;         /* an ASan-built child; NULL: no ASan runs */
    unsigned timeout_ms;            /* per child run; 0: 10 s */
} cfv_triage_options;

typedef struct cfv_triage_bucket {
    cfv_triage_crash crash;         /* as the reproducer showed it */
    const char *reproducer;         /* the smallest input (ties: the first by name) */
    uint64_t reproducer_size;
    size_t count;                   /* distinct inputs */
    const char *const *inputs;      /* count paths, in order of arrival */
    size_t asan_count;              /* of them, reported by AddressSanitizer */
    cfv_triage_crash asan;          /* the first ASan report folded in (asan_count > 0) */
} cfv_triage_bucket;

typedef struct cfv_triage_error {
    char message[256];
} cfv_triage_error;

typedef struct cfv_triage cfv_triage;

/* 0, or -1 with err filled. opt and opt->defs must outlive the session. */
int cfv_triage_new(cfv_triage **out, const cfv_triage_options *opt, cfv_triage_error *err);
void cfv_triage_free(cfv_triage *t);

/* Runs one input through the child(ren) and files the crash. *outcome (of
 * the plain run, or of the ASan run when there is no plain child) and
 * *crash (may be NULL) describe it. 0, or -1 on a system error. */
int cfv_triage_input(cfv_triage *t, const char *path, cfv_triage_outcome *outcome,
                     cfv_triage_crash *crash, cfv_triage_error *err);

/* Folds every AddressSanitizer report in a log file into the buckets. The
 * input is the log's "Test unit written to PATH" (libFuzzer) when there is
 * one, else the log itself. Returns the reports found, or -1 (err). */
int cfv_triage_asan_log(cfv_triage *t, const char *path, cfv_triage_error *err);

/* Parses the first AddressSanitizer report in text; 0, or -1 when there is
 * none. program: the binary the report came from, to name frames that
 * ASan left unsymbolized; may be NULL. */
int cfv_triage_parse_asan(const char *text, size_t len, const char *program,
                          cfv_triage_crash *out);

/* Buckets, most inputs first (ties: by reproducer). */
size_t cfv_triage_bucket_count(const cfv_triage *t);
const cfv_triage_bucket *cfv_triage_bucket_at(const cfv_triage *t, size_t i);

/* Inputs that did not crash, with why. */
size_t cfv_triage_missed_count(const cfv_triage *t);
const char *cfv_triage_missed_at(const cfv_triage *t, size_t i, cfv_triage_outcome *why,
                                 const char **detail);

/* The report, malloc'd and NUL-terminated; NULL when out of memory. Text:
 * a summary line and one line per bucket (verbose: each bucket's signal,
 * addresses, frames and ASan verdict below). JSON, a contract (see
 * docs/triage.md): {"buckets":[{"class","instruction","function","count",
 * "reproducer","inputs",...}],"not_reproduced":[...]}. */
char *cfv_triage_render_text(const cfv_triage *t, int verbose);
char *cfv_triage_render_json(const cfv_triage *t);

#endif
