/* TEST-ONLY crashing helper for the triage classifier, not part of cfv.
 *
 *   cfv-triage-crasher [--sensor N] FILE
 *
 * FILE names one crash kind ("near-null-read", "write-av", ...). The
 * replica has a single crash, the CF291 out-of-bounds read, so the other
 * classes the triage knows (near-NULL, write, wild, bad jump, stack
 * exhaustion, abort) are produced here, one noinline function each, with
 * the same capture handler and report pipe as cfv-replica-child. Built
 * without sanitizers (the plain flavor, cmake/CfvFlavor.cmake). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture.h"
#include "read_input.h"
#include "triage_record.h"

#define NOINLINE __attribute__((noinline))

/* Constants read through volatile, so the compiler neither warns nor folds. */
static const volatile uintptr_t near_null = 0x10, wild = 0x4141414141414141ull, bad_target = 0x20;
static const volatile int forever = 1;

static NOINLINE int crash_near_null_read(void)
{
    volatile int *p = (volatile int *)near_null;
    return *p;
}

static NOINLINE int crash_near_null_write(void)
{
    volatile int *p = (volatile int *)(near_null + 8);
    *p = 1;
    return 0;
}

/* A store into a read-only page: a write fault inside a mapping. */
static NOINLINE int crash_write_av(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    volatile char *v = p + 64;
    *v = 1;
    return 0;
}

static NOINLINE int crash_wild_read(void)
{
    volatile long *p = (volatile long *)wild;
    return (int)*p;
}

static NOINLINE int crash_bad_pc(void)
{
    int (*fn)(void) = (int (*)(void))bad_target;
    return fn() + 1; /* not a tail call: the call leaves its return address */
}

static NOINLINE int crash_stack(int depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    return forever ? crash_stack(depth + 1) + frame[0] : 0;
}

static NOINLINE int crash_abort(void)
{
    abort();
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return CFV_TR_EXIT_USAGE;
    cfv_input in;
    static cfv_err e;
    if (cfv_read_any(argv[argc - 1], 64, CFV_READ_STREAMS | CFV_READ_PREFIX, &in, &e) != 0)
        return CFV_TR_EXIT_USAGE;
    char *mode = (char *)in.data;
    mode[strcspn(mode, "\r\n")] = '\0';
    if (cfv_tc_arm(CFV_TR_REPORT_FD) != 0)
        return CFV_TR_EXIT_USAGE;
    int rc = CFV_TR_EXIT_CLEAN;
    if (strcmp(mode, "near-null-read") == 0)
        rc = crash_near_null_read();
    else if (strcmp(mode, "near-null-write") == 0)
        rc = crash_near_null_write();
    else if (strcmp(mode, "write-av") == 0)
        rc = crash_write_av();
    else if (strcmp(mode, "wild-read") == 0)
        rc = crash_wild_read();
    else if (strcmp(mode, "bad-pc") == 0)
        rc = crash_bad_pc();
    else if (strcmp(mode, "stack") == 0)
        rc = crash_stack(0);
    else if (strcmp(mode, "abort") == 0)
        rc = crash_abort();
    free(mode);
    return rc == 0 ? CFV_TR_EXIT_CLEAN : CFV_TR_EXIT_USAGE;
}
