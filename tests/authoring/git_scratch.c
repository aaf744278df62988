#include "git_scratch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

void scratch_init(scratch *s)
{
    s->root = cli_tmpdir();
    s->repo = join(s->root, "repo");
    char *home = join(s->root, "home");
    assert_int_equal(mkdir(home, 0755), 0);
    assert_int_equal(mkdir(s->repo, 0755), 0);
    /* Nothing from the machine's or user's git config; cfv found first. */
    setenv("HOME", home, 1);
    setenv("XDG_CONFIG_HOME", home, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_AUTHOR_NAME", "cfv test", 1);
    setenv("GIT_AUTHOR_EMAIL", "cfv@example.org", 1);
    setenv("GIT_COMMITTER_NAME", "cfv test", 1);
    setenv("GIT_COMMITTER_EMAIL", "cfv@example.org", 1);
    char *pc = join(s->root, "pre-commit-cache");
    setenv("PRE_COMMIT_HOME", pc, 1);
    free(pc);
    const char *old = getenv("PATH");
    if (!strstr(old ? old : "", CFV_BINARY_DIR ":")) {
        size_t n = strlen(CFV_BINARY_DIR) + strlen(old ? old : "/usr/bin:/bin") + 2;
        char *full = malloc(n);
        assert_non_null(full);
        snprintf(full, n, "%s:%s", CFV_BINARY_DIR, old ? old : "/usr/bin:/bin");
        setenv("PATH", full, 1);   /* setenv copies */
        free(full);
    }
    free(home);
    scratch_ok(s, "git init -q -b main . && git config core.autocrlf false");
    scratch_copy(s, ".gitattributes", ".gitattributes");
}

void scratch_free(scratch *s)
{
    cli_rmrf(s->root);
    free(s->root);
    free(s->repo);
}

void scratch_sh(const scratch *s, cli_run *r, const char *script)
{
    cli_run_opts o = {.cwd = s->repo};
    cli_exec_prog(r, &o, "/bin/sh", (const char *const[]){"-c", script, NULL});
}

void scratch_ok(const scratch *s, const char *script)
{
    cli_run r;
    scratch_sh(s, &r, script);
    if (r.status != 0)
        fail_msg("`%s` exited %d:\n%s%s", script, r.status, r.out, r.err);
    cli_run_free(&r);
}

void scratch_copy(const scratch *s, const char *from_source, const char *to)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\" && cp '%s/%s' '%s'", to,
             CFV_SOURCE_DIR, from_source, to);
    scratch_ok(s, cmd);
}
