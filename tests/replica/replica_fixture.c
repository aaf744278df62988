#include "replica_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int rt_sensor(const cfv_defs *d, const char *name)
{
    int s = cfv_defs_sensor_by_name(d, name, strlen(name));
    assert_true(s >= 0);
    return s;
}

uint32_t rt_supplied(const cfv_defs *d, const char *sensor, uint16_t type)
{
    int t = cfv_defs_type_by_id(d, type);
    assert_true(t >= 0);
    return cfv_defs_supplied(d, rt_sensor(d, sensor), t);
}

cfv_writer *rt_writer(uint32_t channel)
{
    cfv_writer *w = cfv_writer_new(channel, 1, RT_CREATED);
    assert_non_null(w);
    return w;
}

cfv_writer *rt_one(uint32_t channel, uint16_t type, uint8_t nfields, const char *name)
{
    cfv_writer *w = rt_writer(channel);
    assert_int_equal(cfv_writer_add_instance(w, 1, type, nfields, CFF_INSTANCE_FLAG_ENABLED, name),
                     0);
    return w;
}

cfv_replica *rt_load(const uint8_t *buf, size_t len)
{
    cfv_replica_load_options opt = {.mode = CFV_LOAD_TRUSTING};
    cfv_replica *r;
    cfv_replica_error err;
    if (cfv_replica_load(&r, buf, len, &opt, &err) != CFV_REPLICA_OK)
        fail_msg("trusting load failed: %s", err.message);
    return r;
}

cfv_replica *rt_load_writer(cfv_writer *w)
{
    size_t len;
    uint8_t *buf = tf_encode(w, &len);
    cfv_replica *r = rt_load(buf, len);
    free(buf);
    return r;
}

static void collect(void *user, const cfv_replica_instance *in, cfv_replica_verdict v,
                    uint32_t field)
{
    rt_verdicts *out = user;
    assert_true(out->n < RT_MAX_VERDICTS);
    out->id[out->n] = in->id;
    out->v[out->n] = v;
    out->field[out->n] = field;
    out->n++;
}

rt_verdicts rt_eval(cfv_replica *r, uint16_t type, const cfv_replica_input *values, uint32_t m,
                    cfv_replica_mode mode)
{
    rt_verdicts out;
    memset(&out, 0, sizeof out);
    cfv_replica_input *in = cfv_replica_inputs_new(m);
    assert_non_null(in);
    if (m)
        memcpy(in, values, m * sizeof *in);
    out.counts = cfv_replica_eval(r, type, in, m, mode, collect, &out);
    cfv_replica_inputs_free(in, m);
    return out;
}

int rt_verdict_of(const rt_verdicts *v, uint32_t id)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->id[i] == id)
            return (int)v->v[i];
    return -1;
}

cfv_replica_input rt_str(const char *s)
{
    cfv_replica_input v = {s, (uint32_t)strlen(s), 0};
    return v;
}

cfv_replica_input rt_u32(uint32_t value)
{
    cfv_replica_input v = {NULL, 0, value};
    return v;
}

void rt_blank_inputs(const cfv_defs *d, uint16_t type, cfv_replica_input *out, size_t n)
{
    int t = cfv_defs_type_by_id(d, type);
    assert_true(t >= 0);
    assert_true(n >= d->types[t].nfields);
    for (size_t i = 0; i < n; i++)
        out[i] = cfv_defs_field_type(d, t, (uint32_t)i) == CFV_FT_U32 ? rt_u32(0) : rt_str("");
}

int rt_asan(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 1;
#else
    return 0;
#endif
#else
    return 0;
#endif
}

static char *slurp(int fd)
{
    size_t cap = 4096, n = 0;
    char *p = malloc(cap + 1);
    assert_non_null(p);
    ssize_t got;
    while ((got = read(fd, p + n, cap - n)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            break;
        n += (size_t)got;
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap + 1);
            assert_non_null(p);
        }
    }
    p[n] = 0;
    return p;
}

rt_child rt_fork(void (*fn)(void *), void *arg)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        /* cmocka catches SIGSEGV to report a failed test: the child must die of it. */
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        alarm(60);
        fn(arg);
        _exit(0);
    }
    close(fds[1]);
    rt_child c;
    memset(&c, 0, sizeof c);
    c.err = slurp(fds[0]);
    close(fds[0]);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    c.signaled = WIFSIGNALED(st);
    c.sig = c.signaled ? WTERMSIG(st) : 0;
    c.exited = WIFEXITED(st);
    c.code = c.exited ? WEXITSTATUS(st) : 0;
    return c;
}
