/* posix_spawn rather than fork: the parent may be a sanitized, threaded
 * program, and posix_spawn does not run parent code in the child. */
#define _GNU_SOURCE
#include "child_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REPORT_MAX (sizeof(cfv_tr_record) + (4u << 20))
#define STDERR_MAX (1u << 20)

typedef struct sink {
    int fd;
    char *data;
    size_t len, cap, max;
} sink;

/* A pipe whose ends sit at 10 or above, so dup2 to 3 and 4 in the child
 * cannot clobber one another. */
static int high_pipe(int p[2])
{
    int raw[2];
    if (pipe2(raw, O_CLOEXEC) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        p[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
        close(raw[i]);
    }
    if (p[0] < 0 || p[1] < 0) {
        if (p[0] >= 0)
            close(p[0]);
        if (p[1] >= 0)
            close(p[1]);
        return -1;
    }
    return 0;
}

/* One read into s; 1 at end of file, 0 otherwise. Past max, bytes are dropped. */
static int drain(sink *s)
{
    char buf[65536];
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : 1;
    if (n == 0)
        return 1;
    size_t take = s->len + (size_t)n > s->max ? s->max - s->len : (size_t)n;
    if (s->len + take + 1 > s->cap) {
        size_t cap = (s->len + take + 1) * 2;
        char *d = realloc(s->data, cap);
        if (!d)
            return 0; /* keep reading so the child is not blocked; drop the bytes */
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, buf, take);
    s->len += take;
    s->data[s->len] = '\0';
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads both pipes until the child closes them or time runs out. */
static int collect(sink *s, size_t n, unsigned timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    size_t open = n;
    while (open) {
        struct pollfd p[2];
        size_t np = 0;
        for (size_t i = 0; i < n; i++)
            if (s[i].fd >= 0)
                p[np++] = (struct pollfd){.fd = s[i].fd, .events = POLLIN};
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        int r = poll(p, np, (int)left);
        if (r < 0 && errno != EINTR)
            return -1;
        for (size_t i = 0; i < n && r > 0; i++) {
            if (s[i].fd < 0)
                continue;
            for (size_t k = 0; k < np; k++)
                if (p[k].fd == s[i].fd && p[k].revents && drain(&s[i])) {
                    close(s[i].fd);
                    s[i].fd = -1;
                    open--;
                }
        }
    }
    return 0;
}

static int spawn_child(pid_t *pid, char *const argv[], char *const envp[], int defs_fd,
                       int report_w, int err_w)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, err_w, 2);
    posix_spawn_file_actions_adddup2(&fa, defs_fd, CFV_TR_DEFS_FD);
    posix_spawn_file_actions_adddup2(&fa, report_w, CFV_TR_REPORT_FD);
    /* The child gets default signal actions, whatever the parent ignores. */
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigdefault(&at, &all);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    int rc = posix_spawn(pid, argv[0], &fa, &at, argv, envp);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return 0;
}

static void take_report(cfv_spawn_result *out, sink *rep)
{
    if (rep->len < sizeof out->rec)
        return;
    memcpy(&out->rec, rep->data, sizeof out->rec);
    if (out->rec.magic != CFV_TR_MAGIC || out->rec.size != sizeof out->rec)
        return;
    out->have_record = 1;
    out->maps_len = rep->len - sizeof out->rec;
    out->maps = malloc(out->maps_len + 1);
    if (out->maps) {
        memcpy(out->maps, rep->data + sizeof out->rec, out->maps_len);
        out->maps[out->maps_len] = '\0';
    }
}

int cfv_spawn(char *const argv[], char *const envp[], int defs_fd, unsigned timeout_ms,
              cfv_spawn_result *out)
{
    memset(out, 0, sizeof *out);
    int rp[2], ep[2];
    if (high_pipe(rp) != 0)
        return -1;
    if (high_pipe(ep) != 0) {
        close(rp[0]);
        close(rp[1]);
        return -1;
    }
    pid_t pid;
    int rc = spawn_child(&pid, argv, envp, defs_fd, rp[1], ep[1]);
    int saved = errno;
    close(rp[1]);
    close(ep[1]);
    sink s[2] = {{rp[0], NULL, 0, 0, REPORT_MAX}, {ep[0], NULL, 0, 0, STDERR_MAX}};
    if (rc == 0 && collect(s, 2, timeout_ms) != 0) {
        out->timed_out = 1;
        kill(pid, SIGKILL);
    }
    for (int i = 0; i < 2; i++)
        if (s[i].fd >= 0)
            close(s[i].fd);
    if (rc != 0) {
        free(s[0].data);
        free(s[1].data);
        errno = saved;
        return -1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    out->exited = WIFEXITED(st);
    out->code = out->exited ? WEXITSTATUS(st) : 0;
    out->signaled = WIFSIGNALED(st);
    out->sig = out->signaled ? WTERMSIG(st) : 0;
    take_report(out, &s[0]);
    free(s[0].data);
    out->err = s[1].data;
    out->err_len = s[1].len;
    return 0;
}

void cfv_spawn_result_free(cfv_spawn_result *r)
{
    free(r->maps);
    free(r->err);
    memset(r, 0, sizeof *r);
}
