/* Errors that host and cli helpers return instead of printing: one line, no "cfv: "
 * prefix, no newline. Only main() and the subcommands print and choose the
 * exit code. */
#ifndef CFV_HOST_ERR_H
#define CFV_HOST_ERR_H

#define CFV_ERR_MAX 8192

typedef struct cfv_err {
    char msg[CFV_ERR_MAX];
    unsigned reason_at;         /* where the text after "PATH: " starts, else 0 */
} cfv_err;

void cfv_err_set(cfv_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "PATH: <fmt>", with control characters in PATH escaped so it stays one line. */
void cfv_err_path(cfv_err *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "PATH:LINE:COL: msg", the form editors and CI annotate. */
void cfv_err_loc(cfv_err *e, const char *path, unsigned line, unsigned col, const char *msg);
/* The message without its "PATH: " prefix. */
const char *cfv_err_reason(const cfv_err *e);
/* A short lower-case reason for errno (e.g. "no such file or directory"). */
const char *cfv_errno_text(int errnum);

#endif
