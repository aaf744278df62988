/* AddressSanitizer reports: parsed (kind, access, size, crash line) and
 * folded into the buckets of plain runs by function and class, whether
 * they come from the ASan-built replica child or from a log file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "triage_fixture.h"

/* What the ASan-built child printed for the July file (gcc's libasan). */
static const char heap_overflow[] =
    "=================================================================\n"
    "==27412==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x612000000180 at pc "
    "0x560d987c8666 bp 0x7fff390bb880 sp 0x7fff390bb878\n"
    "READ of size 8 at 0x612000000180 thread T0\n"
    "    #0 0x560d987c8665 in read_slot /src/replica/replica_eval.c:12\n"
    "    #1 0x560d987c884d in holds /src/replica/replica_eval.c:37\n"
    "    #2 0x560d987c8b58 in cfv_replica_eval /src/replica/replica_eval.c:62\n"
    "    #3 0x7f0bb7a45249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n"
    "    #4 0x560d987a7080 in _start (/build/cfv-replica-child-asan+0xd080)\n"
    "\n"
    "0x612000000180 is located 0 bytes to the right of 320-byte region\n"
    "allocated by thread T0 here:\n"
    "    #0 0x7f0bb7cb83b7 in __interceptor_calloc asan_malloc_linux.cpp:77\n"
    "    #1 0x560d987a733f in cfv_tc_synth_inputs /src/triage/child/synth.c:8\n"
    "\n"
    "SUMMARY: AddressSanitizer: heap-buffer-overflow replica_eval.c:12 in read_slot\n";

static cfv_triage_crash parse(const char *text)
{
    cfv_triage_crash k;
    assert_int_equal(cfv_triage_parse_asan(text, strlen(text), NULL, &k), 0);
    assert_true(k.from_asan);
    return k;
}

static void heap_buffer_overflow_read(void **state)
{
    (void)state;
    cfv_triage_crash k = parse(heap_overflow);
    assert_int_equal(k.cls, CFV_TC_READ_AV);
    assert_string_equal(k.asan_kind, "heap-buffer-overflow");
    assert_string_equal(k.access, "READ");
    assert_int_equal(k.access_size, 8);
    assert_string_equal(k.function, "read_slot");
    assert_int_equal(k.addr, 0x612000000180ull);
    /* The crash's stack only, not the allocation's. */
    assert_int_equal(k.nframes, 5);
}

/* ASan without a symbolizer prints "(module+0xOFF)": named from the ELF
 * symbol table, here the plain child's at read_slot's offset. */
static void unsymbolized_frames(void **state)
{
    tt_ctx *c = *state;
    cfv_triage *t = tt_session(c->defs, CFV_REPLICA_CHILD, NULL);
    cfv_triage_crash plain;
    assert_int_equal(tt_run(t, c->july, &plain), CFV_TRIAGE_CRASHED);
    cfv_triage_free(t);
    char text[1024];
    snprintf(text, sizeof text,
             "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6120 at pc 0x55 bp 0 sp 0\n"
             "READ of size 8 at 0x6120 thread T0\n"
             "    #0 0x55d1 (%s+0x%llx) (BuildId: 0123abcd)\n"
             "    #1 0x55d2 (%s+0x%llx)\n\n",
             CFV_REPLICA_CHILD, (unsigned long long)plain.frames[0].module_off, CFV_REPLICA_CHILD,
             (unsigned long long)plain.frames[1].module_off);
    cfv_triage_crash k = parse(text);
    assert_string_equal(k.function, "read_slot");
    assert_string_equal(k.frames[1].function, "holds");
    assert_string_equal(k.frames[0].module, "cfv-replica-child");
}

/* Each report: the class it gets and the function named (NULL: not checked). */
static const struct {
    const char *report;
    cfv_triage_class cls;
    const char *function;
} friends[] = {
    {"==9==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000018 (pc 0x55 bp 0 sp 0 T0)\n"
     "==9==The signal is caused by a WRITE memory access.\n"
     "==9==Hint: address points to the zero page.\n"
     "    #0 0x7f01 in __interceptor_memcpy sanitizer_common_interceptors.inc:827\n"
     "    #1 0x5501 in copy_operand /src/x.c:3\n",
     CFV_TC_WRITE_AV_NEAR_NULL, "copy_operand"}, /* the interceptor is skipped */
    {"==9==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x0 bp 0 sp 0 T0)\n"
     "==9==Hint: pc points to the zero page.\n"
     "    #0 0x0  (<unknown module>)\n"
     "    #1 0x5502 in dispatch /src/x.c:9\n",
     CFV_TC_BAD_PC, "dispatch"},
    {"==9==ERROR: AddressSanitizer: SEGV on unknown address (pc 0x5503 bp 0 sp 0 T0)\n"
     "==9==The signal is caused by a READ memory access.\n"
     "==9==Hint: this fault was caused by a dereference of a high value address\n"
     "    #0 0x5503 in follow /src/x.c:5\n",
     CFV_TC_READ_AV_WILD, NULL},
    {"==9==ERROR: AddressSanitizer: stack-overflow on address 0x7ffd0f7fcff8 (pc 0x5504 bp 0 sp 0 T0)\n"
     "    #0 0x5504 in recurse /src/x.c:7\n",
     CFV_TC_STACK_EXHAUSTION, "recurse"},
    {"==9==ERROR: AddressSanitizer: ABRT on unknown address 0x03e900000009 (pc 0x7f02 bp 0 sp 0 T0)\n"
     "    #0 0x7f02 in __pthread_kill_implementation nptl/pthread_kill.c:44\n"
     "    #1 0x7f03 in raise (/lib/x86_64-linux-gnu/libc.so.6+0x3c0b1)\n"
     "    #2 0x7f04 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x2647d)\n"
     "    #3 0x5505 in check_header /src/x.c:11\n",
     CFV_TC_ABORT, "check_header"},
};

static void segv_and_friends(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof friends / sizeof friends[0]; i++) {
        cfv_triage_crash k = parse(friends[i].report);
        assert_int_equal(k.cls, friends[i].cls);
        if (friends[i].function)
            assert_string_equal(k.function, friends[i].function);
    }
    cfv_triage_crash none;
    assert_int_equal(cfv_triage_parse_asan("all good\n", 9, NULL, &none), -1);
}

#ifdef CFV_REPLICA_CHILD_ASAN
static void asan_child_joins_the_plain_bucket(void **state)
{
    tt_ctx *c = *state;
    cfv_triage *t = tt_session(c->defs, CFV_REPLICA_CHILD, CFV_REPLICA_CHILD_ASAN);
    assert_int_equal(tt_run(t, c->july, NULL), CFV_TRIAGE_CRASHED);
    assert_int_equal(cfv_triage_bucket_count(t), 1);
    const cfv_triage_bucket *b = cfv_triage_bucket_at(t, 0);
    assert_int_equal(b->count, 1);
    assert_int_equal(b->asan_count, 1);
    assert_string_equal(b->asan.asan_kind, "heap-buffer-overflow");
    assert_string_equal(b->asan.access, "READ");
    assert_string_equal(b->asan.function, "read_slot");
    assert_false(b->crash.from_asan); /* the bucket shows the plain crash */
    cfv_triage_free(t);
}
#else
static void asan_child_joins_the_plain_bucket(void **state)
{
    (void)state;
    skip(); /* the compiler cannot build an ASan child */
}
#endif

/* A libFuzzer log names its crash input; that input joins the bucket. */
static void asan_log_joins_the_plain_bucket(void **state)
{
    tt_ctx *c = *state;
    char *unit = cli_write_file(c->scratch->dir, "crash-0badc0de", "x", 1);
    char log[4096];
    snprintf(log, sizeof log, "INFO: Seed: 1\n%s==27412==ABORTING\nMS: 1 ChangeByte-;\n"
             "artifact_prefix='%s/'; Test unit written to %s\n", heap_overflow, c->scratch->dir,
             unit);
    char *log_path = cli_write_file(c->scratch->dir, "fuzz-0.log", log, strlen(log));
    /* libFuzzer -fork's own log: the first line of each report, no stack. */
    static const char fork_log[] =
        "INFO: Done 1000 runs\n"
        "==1893==ERROR: AddressSanitizer: use-after-poison on address 0x6210 at pc 0x55 bp 0 sp 0\n"
        "#23885: cov: 1326 ft: 1934 corp: 271 exec/s 196 oom/timeout/crash: 0/0/86\n";
    char *quiet = cli_write_file(c->scratch->dir, "fuzz-1.log", fork_log, strlen(fork_log));
    cfv_triage *t = tt_session(c->defs, CFV_REPLICA_CHILD, NULL);
    cfv_triage_error err;
    /* ASan first: its bucket is taken over by the plain crash that follows. */
    assert_int_equal(cfv_triage_asan_log(t, log_path, &err), 1);
    assert_int_equal(cfv_triage_asan_log(t, quiet, &err), 0);
    assert_int_equal(cfv_triage_bucket_count(t), 1);
    assert_true(cfv_triage_bucket_at(t, 0)->crash.from_asan);
    assert_int_equal(tt_run(t, c->july, NULL), CFV_TRIAGE_CRASHED);
    assert_int_equal(cfv_triage_bucket_count(t), 1);
    const cfv_triage_bucket *b = cfv_triage_bucket_at(t, 0);
    assert_int_equal(b->count, 2);
    assert_int_equal(b->asan_count, 1);
    assert_false(b->crash.from_asan);
    assert_memory_equal(b->crash.instruction, "mov", 3);
    assert_string_equal(b->inputs[0], unit);
    assert_string_equal(b->reproducer, unit); /* 1 byte: the smallest */
    assert_int_equal(cfv_triage_asan_log(t, "/nonexistent/fuzz.log", &err), -1);
    cfv_triage_free(t);
    free(unit);
    free(log_path);
    free(quiet);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heap_buffer_overflow_read),
        cmocka_unit_test_setup_teardown(unsymbolized_frames, tt_setup, tt_teardown),
        cmocka_unit_test(segv_and_friends),
        cmocka_unit_test_setup_teardown(asan_child_joins_the_plain_bucket, tt_setup, tt_teardown),
        cmocka_unit_test_setup_teardown(asan_log_joins_the_plain_bucket, tt_setup, tt_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
