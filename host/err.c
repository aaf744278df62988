#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "escape.h"

void cfv_err_set(cfv_err *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->reason_at = 0;
}

const char *cfv_err_reason(const cfv_err *e) { return e->msg + e->reason_at; }

/* path with control characters escaped, NUL-terminated, into b. */
static const char *shown_path(cfv_buf *b, const char *path)
{
    cfv_esc_text(b, path, strlen(path));
    cfv_buf_putc(b, '\0');
    return b->oom ? "?" : b->data;
}

void cfv_err_path(cfv_err *e, const char *path, const char *fmt, ...)
{
    cfv_buf b = {0};
    char tail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tail, sizeof tail, fmt, ap);
    va_end(ap);
    int n = snprintf(e->msg, sizeof e->msg, "%s: ", shown_path(&b, path));
    e->reason_at = n > 0 && (size_t)n < sizeof e->msg ? (unsigned)n : 0;
    snprintf(e->msg + e->reason_at, sizeof e->msg - e->reason_at, "%s", tail);
    cfv_buf_free(&b);
}

void cfv_err_loc(cfv_err *e, const char *path, unsigned line, unsigned col, const char *msg)
{
    cfv_buf b = {0};
    snprintf(e->msg, sizeof e->msg, "%s:%u:%u: %s", shown_path(&b, path), line, col, msg);
    e->reason_at = 0;
    cfv_buf_free(&b);
}

const char *cfv_errno_text(int errnum)
{
    switch (errnum) {
    case ENOENT: return "no such file or directory";
    case EACCES: return "permission denied";
    case EPERM: return "operation not permitted";
    case EISDIR: return "is a directory";
    case ENOTDIR: return "a path component is not a directory";
    case ENAMETOOLONG: return "file name too long";
    case ELOOP: return "too many levels of symbolic links";
    case ENOSPC: return "no space left on device";
    case EDQUOT: return "disk quota exceeded";
    case EROFS: return "read-only file system";
    case EIO: return "input/output error";
    case ENOMEM: return "out of memory";
    case EMFILE: return "too many open files";
    case EPIPE: return "broken pipe";
    case EFBIG: return "file too large";
    default: return strerror(errnum);
    }
}
