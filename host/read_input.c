#include "read_input.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STDIN_CHUNK (64u * 1024u)

const char *cfv_input_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "is a directory";
    if (S_ISFIFO(m))
        return "is a FIFO (named pipe), not a regular file";
    if (S_ISSOCK(m))
        return "is a socket, not a regular file";
    if (S_ISCHR(m))
        return "is a character device, not a regular file";
    if (S_ISBLK(m))
        return "is a block device, not a regular file";
    return "is not a regular file";
}

/* read() that retries on EINTR and waits (poll) on a non-blocking stdin. */
static ssize_t read_some(int fd, uint8_t *p, size_t n)
{
    for (;;) {
        ssize_t r = read(fd, p, n);
        if (r >= 0)
            return r;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            struct pollfd pf = {.fd = fd, .events = POLLIN};
            (void)poll(&pf, 1, -1);
            continue;
        }
        return -1;
    }
}

/* Reads `size` bytes of a regular file. One byte more is asked for, so a file
 * that grew is noticed as surely as one that shrank. */
static int read_regular(int fd, const char *name, uint64_t size, off_t st_size, cfv_input *in,
                        cfv_err *e)
{
    if (size >= SIZE_MAX) {
        cfv_err_path(e, name, "too large to read into memory");
        return -1;
    }
    size_t want = (size_t)size + 1, got = 0;
    uint8_t *buf = malloc(want);
    if (!buf) {
        cfv_err_path(e, name, "out of memory reading %llu bytes", (unsigned long long)size);
        return -1;
    }
    while (got < want) {
        ssize_t r = read_some(fd, buf + got, want - got);
        if (r < 0) {
            cfv_err_path(e, name, "read error: %s", cfv_errno_text(errno));
            free(buf);
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    struct stat after;
    if (got != size || fstat(fd, &after) != 0 || after.st_size != st_size) {
        cfv_err_path(e, name, "changed while being read (expected %llu bytes, read %zu)",
                     (unsigned long long)size, got);
        free(buf);
        return -1;
    }
    if (got == 0) {
        free(buf);
        buf = NULL;
    } else {
        buf[got] = '\0'; /* the byte asked for beyond the size */
    }
    in->data = buf;
    in->len = got;
    in->real_size = size;
    return 0;
}

/* Size limit first, then read: an oversized file is reported, never loaded. */
static int take_regular(int fd, const char *name, uint64_t size, off_t st_size, uint64_t max,
                        cfv_input *in, cfv_err *e)
{
    if (size > max) {
        in->over_limit = 1;
        in->real_size = size;
        return 0;
    }
    return read_regular(fd, name, size, st_size, in, e);
}

/* Reads to the end of fd. Over max: over_limit (one byte past the limit
 * proves it), or with CFV_READ_PREFIX the first max bytes. */
static int read_stream(int fd, const char *name, uint64_t max, unsigned flags, cfv_input *in,
                       cfv_err *e)
{
    uint64_t limit = flags & CFV_READ_PREFIX ? max : max + 1;
    size_t cap = 0, got = 0;
    uint8_t *buf = NULL;
    for (;;) {
        if (got == cap) {
            if (cap >= limit)
                break;
            size_t next = cap ? cap * 2 : STDIN_CHUNK;
            if (next > limit)
                next = (size_t)limit;
            uint8_t *p = realloc(buf, next + 1); /* + the NUL after the data */
            if (!p) {
                free(buf);
                cfv_err_path(e, name, "out of memory after %zu bytes", got);
                return -1;
            }
            buf = p;
            cap = next;
        }
        ssize_t r = read_some(fd, buf + got, cap - got);
        if (r < 0) {
            free(buf);
            cfv_err_path(e, name, "read error: %s", cfv_errno_text(errno));
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    if (got == 0 && !flags) {
        free(buf);
        cfv_err_path(e, name, "empty input");
        return -1;
    }
    if (got > max) {
        free(buf);
        in->over_limit = 1;
        in->real_size = got;
        return 0;
    }
    if (!buf && !(buf = malloc(1))) {
        cfv_err_path(e, name, "out of memory");
        return -1;
    }
    buf[got] = '\0';
    in->data = buf;
    in->len = got;
    in->real_size = got;
    return 0;
}

static int read_stdin(uint64_t max, cfv_input *in, cfv_err *e)
{
    const char *name = cfv_input_name("-");
    struct stat st;
    if (fstat(STDIN_FILENO, &st) != 0) {
        cfv_err_path(e, name, "cannot read: %s", cfv_errno_text(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        cfv_err_path(e, name, "is a directory");
        return -1;
    }
    if (S_ISREG(st.st_mode)) {
        /* Redirected from a file: its size is known, so use it (from the
         * current position, which a caller may have moved). */
        off_t pos = lseek(STDIN_FILENO, 0, SEEK_CUR);
        uint64_t size = (uint64_t)st.st_size;
        if (pos > 0 && (uint64_t)pos <= size)
            size -= (uint64_t)pos;
        if (size == 0) {
            cfv_err_path(e, name, "empty input");
            return -1;
        }
        return take_regular(STDIN_FILENO, name, size, st.st_size, max, in, e);
    }
    return read_stream(STDIN_FILENO, name, max, 0, in, e);
}

int cfv_read_input(const char *path, uint64_t max_size, cfv_input *in, cfv_err *e)
{
    memset(in, 0, sizeof *in);
    if (strcmp(path, "-") == 0)
        return read_stdin(max_size, in, e);
    if (path[0] == '\0') {
        cfv_err_set(e, "empty file name");
        return -1;
    }
    /* stat first so a device or FIFO is never even opened (opening some
     * devices has side effects). fstat below closes the race. */
    struct stat st;
    if (stat(path, &st) != 0) {
        cfv_err_path(e, path, "%s", cfv_errno_text(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        cfv_err_path(e, path, "%s", kind_of(st.st_mode));
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        cfv_err_path(e, path, "cannot open: %s", cfv_errno_text(errno));
        return -1;
    }
    int rc;
    if (fstat(fd, &st) != 0) {
        cfv_err_path(e, path, "cannot stat: %s", cfv_errno_text(errno));
        rc = -1;
    } else if (!S_ISREG(st.st_mode)) {
        cfv_err_path(e, path, "%s", kind_of(st.st_mode));
        rc = -1;
    } else {
        rc = take_regular(fd, path, (uint64_t)st.st_size, st.st_size, max_size, in, e);
    }
    close(fd);
    return rc;
}

int cfv_read_any(const char *path, uint64_t max_size, unsigned flags, cfv_input *in,
                 cfv_err *e)
{
    if (!(flags & CFV_READ_STREAMS) && !(flags & CFV_READ_PREFIX))
        return cfv_read_input(path, max_size, in, e);
    memset(in, 0, sizeof *in);
    if (strcmp(path, "-") == 0)
        return read_stream(STDIN_FILENO, cfv_input_name(path), max_size, flags, in, e);
    struct stat st;
    if (stat(path, &st) != 0) {
        cfv_err_path(e, path, "%s", cfv_errno_text(errno));
        return -1;
    }
    int stream_ok = (flags & CFV_READ_STREAMS) && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode));
    if (!S_ISREG(st.st_mode) && !stream_ok) {
        cfv_err_path(e, path, "%s", kind_of(st.st_mode));
        return -1;
    }
    /* Blocking: a FIFO's reader waits for its writer, as fopen would. */
    int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        cfv_err_path(e, path, "cannot open: %s", cfv_errno_text(errno));
        return -1;
    }
    /* To the end, whatever the size says (/proc files say 0). */
    int rc = read_stream(fd, path, max_size, flags, in, e);
    close(fd);
    return rc;
}

void cfv_input_free(cfv_input *in)
{
    free(in->data);
    memset(in, 0, sizeof *in);
}
