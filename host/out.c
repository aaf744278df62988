#define _GNU_SOURCE /* mkostemp */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FLUSH_AT (64u * 1024u)

static void release(cfv_out *o);

static const char *shown(const cfv_out *o) { return o->path ? o->path : "<stdout>"; }

static void write_all(cfv_out *o)
{
    size_t done = 0;
    while (!o->err && done < o->buf.len) {
        ssize_t n = write(o->fd, o->buf.data + done, o->buf.len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* Someone handed us a non-blocking descriptor: wait, don't spin. */
            struct pollfd p = {.fd = o->fd, .events = POLLOUT};
            (void)poll(&p, 1, -1);
        } else {
            o->err = n < 0 ? errno : EIO;
        }
    }
    cfv_buf_clear(&o->buf);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* "<dir>/.<base>.cfv-XXXXXX": same directory, so rename() is atomic. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t n = dirlen + 1 + strlen(base) + sizeof ".cfv-XXXXXX";
    char *t = malloc(n);
    if (!t)
        return NULL;
    memcpy(t, path, dirlen);
    t[dirlen] = '.';
    strcpy(t + dirlen + 1, base);
    strcat(t, ".cfv-XXXXXX");
    return t;
}

static int open_in_place(cfv_out *o, cfv_err *e)
{
    o->fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_APPEND);
    if (o->fd < 0) {
        cfv_err_path(e, o->path, "cannot open for writing: %s", cfv_errno_text(errno));
        return -1;
    }
    return 0;
}

static int open_temp(cfv_out *o, cfv_err *e)
{
    o->tmp_path = temp_name(o->target);
    if (!o->tmp_path) {
        cfv_err_set(e, "out of memory");
        return -1;
    }
    o->fd = mkostemp(o->tmp_path, O_CLOEXEC);
    if (o->fd < 0) {
        cfv_err_path(e, o->path, "cannot create a temporary file beside it: %s",
                     cfv_errno_text(errno));
        free(o->tmp_path);
        o->tmp_path = NULL;
        return -1;
    }
    /* mkostemp makes 0600; a report is an ordinary file, so honour the umask. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(o->fd, 0666 & ~mask);
    return 0;
}

int cfv_out_open(cfv_out *o, const char *path, cfv_err *e)
{
    memset(o, 0, sizeof *o);
    o->fd = STDOUT_FILENO;
    if (!path || strcmp(path, "-") == 0)
        return 0;
    if (path[0] == '\0') {
        cfv_err_set(e, "--output: empty file name");
        return -1;
    }
    o->fd = -1;
    /* Work on what a symlink points at (/dev/stdout, a link into a results
     * directory), so the link itself is never replaced by a plain file. */
    o->target = realpath(path, NULL);
    o->path = dup_str(path);
    if (!o->path || (!o->target && !(o->target = dup_str(path)))) {
        cfv_err_set(e, "out of memory");
        release(o);
        return -1;
    }
    struct stat st;
    int exists = stat(o->target, &st) == 0;
    int rc;
    if (exists && S_ISDIR(st.st_mode)) {
        cfv_err_path(e, path, "is a directory");
        rc = -1;
    } else if (exists && !S_ISREG(st.st_mode)) {
        rc = open_in_place(o, e); /* a device or FIFO: never rename over it */
    } else {
        rc = open_temp(o, e);
    }
    if (rc != 0)
        release(o);
    return rc;
}

void cfv_out_maybe_flush(cfv_out *o)
{
    if (o->buf.len >= FLUSH_AT)
        write_all(o);
}

static void release(cfv_out *o)
{
    if (o->path && o->fd >= 0)
        close(o->fd);
    if (o->tmp_path)
        unlink(o->tmp_path);
    free(o->tmp_path);
    free(o->target);
    free(o->path);
    cfv_buf_free(&o->buf);
    o->fd = -1;
    o->tmp_path = o->target = o->path = NULL;
}

void cfv_out_abort(cfv_out *o) { release(o); }

/* Makes the rename itself durable; a failure here loses nothing already written. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (n >= sizeof dir)
        return;
    if (slash && n == 0)
        n = 1; /* "/file": the root directory */
    if (n)
        memcpy(dir, path, n);
    else
        dir[n++] = '.';
    dir[n] = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int cfv_out_commit(cfv_out *o, cfv_err *e)
{
    if (o->buf.oom) {
        cfv_err_set(e, "out of memory while formatting the report");
        release(o);
        return -1;
    }
    write_all(o);
    if (!o->err && o->tmp_path && fsync(o->fd) != 0)
        o->err = errno;
    if (o->path && o->fd >= 0) {
        if (close(o->fd) != 0 && !o->err && errno != EINTR)
            o->err = errno;
        o->fd = -1;
    }
    if (o->err) {
        cfv_err_path(e, shown(o), "write error: %s", cfv_errno_text(o->err));
        release(o);
        return -1;
    }
    if (o->tmp_path) {
        if (rename(o->tmp_path, o->target) != 0) {
            cfv_err_path(e, o->path, "cannot replace: %s", cfv_errno_text(errno));
            release(o);
            return -1;
        }
        free(o->tmp_path);
        o->tmp_path = NULL;
        sync_parent_dir(o->target);
    }
    release(o);
    return 0;
}

int cfv_out_names_an_input(const char *output, const char *const *paths, size_t n, cfv_err *e)
{
    struct stat out, in;
    if (!output || stat(output, &out) != 0 || !S_ISREG(out.st_mode))
        return 0;
    for (size_t i = 0; i < n; i++) {
        const char *f = paths[i];
        if (f && strcmp(f, "-") != 0 && stat(f, &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino) {
            cfv_err_path(e, output, "--output names an input file; refusing to overwrite it");
            return 1;
        }
    }
    return 0;
}
