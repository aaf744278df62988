/* The one file reader's options (host/read_input.c): pipes and /proc files
 * with CFV_READ_STREAMS, a long input cut short with CFV_READ_PREFIX, and
 * the strict default refusing both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "read_input.h"
#include "fixture.h"

static void test_proc_file(void **state)
{
    (void)state;
    cfv_input in;
    cfv_err e;
    /* stat says 0 bytes; the strict reader would call it empty. */
    assert_int_equal(cfv_read_any("/proc/self/maps", 1u << 20, CFV_READ_STREAMS, &in, &e), 0);
    assert_true(in.len > 0);
    assert_int_equal(in.data[in.len], '\0');
    assert_non_null(strstr((const char *)in.data, "["));
    cfv_input_free(&in);
}

static void test_prefix(void **state)
{
    (void)state;
    char path[] = "/tmp/cfv-test-read-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "0123456789", 10), 10);
    close(fd);
    cfv_input in;
    cfv_err e;
    assert_int_equal(cfv_read_any(path, 4, CFV_READ_PREFIX, &in, &e), 0);
    assert_int_equal(in.len, 4);
    assert_string_equal((const char *)in.data, "0123");
    cfv_input_free(&in);
    /* Without the option the same file is over the limit, not read. */
    assert_int_equal(cfv_read_input(path, 4, &in, &e), 0);
    assert_true(in.over_limit);
    assert_null(in.data);
    /* Read whole: NUL-terminated too. */
    assert_int_equal(cfv_read_input(path, 100, &in, &e), 0);
    assert_string_equal((const char *)in.data, "0123456789");
    cfv_input_free(&in);
    unlink(path);
}

static void test_fifo(void **state)
{
    (void)state;
    char dir[] = "/tmp/cfv-test-fifo-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/p", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    cfv_input in;
    cfv_err e;
    assert_int_equal(cfv_read_input(path, 100, &in, &e), -1);
    assert_non_null(strstr(e.msg, "FIFO"));
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *f = fopen(path, "w");
        fputs("events", f);
        fclose(f);
        _exit(0);
    }
    assert_int_equal(cfv_read_any(path, 100, CFV_READ_STREAMS, &in, &e), 0);
    assert_string_equal((const char *)in.data, "events");
    cfv_input_free(&in);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_proc_file, test_prefix, test_fifo);
}
