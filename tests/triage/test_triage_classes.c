/* Classification: the Channel File 291 read in the plain replica child, and
 * every other class through the test-only crashing helper. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "triage_fixture.h"

/* Triage one file holding these bytes with child; returns the outcome. */
static cfv_triage_outcome triage_bytes(tt_ctx *c, const char *child, int sensor, const char *name,
                                       const void *data, size_t len, cfv_triage_crash *crash)
{
    char *path = cli_write_file(c->scratch->dir, name, data, len);
    cfv_triage_options opt = {c->defs, sensor, child, NULL, 0};
    cfv_triage *t = NULL;
    cfv_triage_error err;
    if (cfv_triage_new(&t, &opt, &err) != 0)
        fail_msg("cfv_triage_new: %s", err.message);
    cfv_triage_outcome o = tt_run(t, path, crash);
    cfv_triage_free(t);
    free(path);
    return o;
}

static void assert_memory_operand(const cfv_triage_crash *k)
{
    /* Capstone's Intel syntax: "mov rcx, qword ptr [rdi]". */
    if (strncmp(k->instruction, "mov", 3) != 0 || !strstr(k->instruction, "ptr ["))
        fail_msg("instruction '%s' is not a mov with a memory operand", k->instruction);
}

static void cf291_read_av(void **state)
{
    tt_ctx *c = *state;
    size_t len;
    uint8_t *july = tf_july(&len);
    cfv_triage_crash k;
    assert_int_equal(triage_bytes(c, CFV_REPLICA_CHILD, -1, "july.cff", july, len, &k),
                     CFV_TRIAGE_CRASHED);
    free(july);
    assert_int_equal(k.sig, SIGSEGV);
    assert_string_equal(cfv_triage_class_name(k.cls), "read-av");
    assert_string_equal(k.function, "read_slot");
    assert_memory_operand(&k);
    /* inputs[20] of 20: the first byte of the guard page after the array. */
    assert_int_equal(k.addr % (uint64_t)sysconf(_SC_PAGESIZE), 0);
    assert_int_equal(k.sensor, cfv_defs_sensor_by_name(c->defs, "7.11", 4));
    assert_int_equal(k.type, cfv_defs_type_by_name(c->defs, "NamedPipe", 9));
    assert_true(k.nframes >= 3);
    assert_string_equal(k.frames[0].module, "cfv-replica-child");
}

/* The committed corpus file, when it is there. */
static void cf291_corpus_file(void **state)
{
    tt_ctx *c = *state;
    const char *path = CFV_SOURCE_DIR "/corpus/incident/july19-namedpipe-nonwildcard-field20.cff";
    if (access(path, R_OK) != 0)
        skip();
    cfv_triage *t = tt_session(c->defs, CFV_REPLICA_CHILD, NULL);
    cfv_triage_crash k;
    assert_int_equal(tt_run(t, path, &k), CFV_TRIAGE_CRASHED);
    assert_int_equal(k.cls, CFV_TC_READ_AV);
    assert_string_equal(k.function, "read_slot");
    cfv_triage_free(t);
}

static void wildcard_and_716_are_clean(void **state)
{
    tt_ctx *c = *state;
    size_t len;
    uint8_t *march = tf_march(&len);
    assert_int_equal(triage_bytes(c, CFV_REPLICA_CHILD, -1, "march.cff", march, len, NULL),
                     CFV_TRIAGE_CLEAN);
    free(march);
    uint8_t *july = tf_july(&len);
    int s716 = cfv_defs_sensor_by_name(c->defs, "7.16", 4);
    assert_true(s716 >= 0);
    assert_int_equal(triage_bytes(c, CFV_REPLICA_CHILD, s716, "july716.cff", july, len, NULL),
                     CFV_TRIAGE_CLEAN);
    free(july);
}

static void not_a_channel_file_is_refused(void **state)
{
    tt_ctx *c = *state;
    cfv_triage *t = tt_session(c->defs, CFV_REPLICA_CHILD, NULL);
    char *path = cli_write_file(c->scratch->dir, "junk.bin", "hello", 5);
    assert_int_equal(tt_run(t, path, NULL), CFV_TRIAGE_REFUSED);
    cfv_triage_outcome why;
    const char *detail;
    assert_string_equal(cfv_triage_missed_at(t, 0, &why, &detail), path);
    assert_int_equal(why, CFV_TRIAGE_REFUSED);
    assert_non_null(strstr(detail, "bad magic"));
    assert_int_equal(cfv_triage_bucket_count(t), 0);
    free(path);
    cfv_triage_free(t);
}

/* One crasher mode: its class, crash line and (when given) instruction prefix. */
static void crasher(tt_ctx *c, const char *mode, cfv_triage_class cls, const char *function,
                    const char *insn_prefix, cfv_triage_crash *k)
{
    assert_int_equal(triage_bytes(c, CFV_TRIAGE_CRASHER, -1, mode, mode, strlen(mode), k),
                     CFV_TRIAGE_CRASHED);
    if (k->cls != cls)
        fail_msg("%s: class %s, expected %s (instruction '%s', address 0x%llx)", mode,
                 cfv_triage_class_name(k->cls), cfv_triage_class_name(cls), k->instruction,
                 (unsigned long long)k->addr);
    assert_string_equal(k->function, function);
    if (insn_prefix && strncmp(k->instruction, insn_prefix, strlen(insn_prefix)) != 0)
        fail_msg("%s: instruction '%s' does not start with '%s'", mode, k->instruction, insn_prefix);
}

static void near_null_read(void **state)
{
    cfv_triage_crash k;
    crasher(*state, "near-null-read", CFV_TC_READ_AV_NEAR_NULL, "crash_near_null_read", "mov", &k);
    assert_memory_operand(&k);
    assert_int_equal(k.addr, 0x10);
}

static void near_null_write(void **state)
{
    cfv_triage_crash k;
    crasher(*state, "near-null-write", CFV_TC_WRITE_AV_NEAR_NULL, "crash_near_null_write", "mov",
            &k);
    /* The memory operand is the destination. */
    assert_non_null(strstr(k.instruction, "dword ptr ["));
    assert_true(strstr(k.instruction, "ptr [") < strchr(k.instruction, ','));
    assert_int_equal(k.addr, 0x18);
}

static void write_av(void **state)
{
    cfv_triage_crash k;
    crasher(*state, "write-av", CFV_TC_WRITE_AV, "crash_write_av", "mov", &k);
    assert_non_null(strstr(k.instruction, "byte ptr ["));
}

static void wild_read(void **state)
{
    cfv_triage_crash k;
    /* A non-canonical address: #GP, si_addr 0; the operand gives it back. */
    crasher(*state, "wild-read", CFV_TC_READ_AV_WILD, "crash_wild_read", "mov", &k);
    assert_int_equal(k.addr, 0x4141414141414141ull);
}

static void bad_pc(void **state)
{
    cfv_triage_crash k;
    crasher(*state, "bad-pc", CFV_TC_BAD_PC, "crash_bad_pc", NULL, &k);
    assert_int_equal(k.pc, 0x20);
    assert_string_equal(k.instruction, "(no code at pc)");
}

static void stack_exhaustion(void **state)
{
    cfv_triage_crash k;
    crasher(*state, "stack", CFV_TC_STACK_EXHAUSTION, "crash_stack", NULL, &k);
    assert_string_equal(k.frames[1].function, "crash_stack");
}

static void abort_signal(void **state)
{
    cfv_triage_crash k;
    /* pc is in libc; the crash line is the program's frame that called abort. */
    crasher(*state, "abort", CFV_TC_ABORT, "crash_abort", NULL, &k);
    assert_int_equal(k.sig, SIGABRT);
}

int main(void)
{
    return TF_RUN_EACH(tt_setup, tt_teardown, cf291_read_av, cf291_corpus_file,
                       wildcard_and_716_are_clean, not_a_channel_file_is_refused, near_null_read,
                       near_null_write, write_av, wild_read, bad_pc, stack_exhaustion, abort_signal);
}
