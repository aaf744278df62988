/* The pre-commit hooks (.pre-commit-hooks.yaml) with Debian's pre-commit
 * in a scratch repository: the hooks repository is a copy of this tree's
 * hooks file and script; `git commit` goes through for good channel files
 * and is refused for a broken one (cfv-check) and for a release that does
 * not raise content_version (cfv-release-gate). `pre-commit try-repo` too,
 * and from this repository at the revision docs/authoring.md pins.
 * Skipped (exit 77, said on stderr) when pre-commit is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git_scratch.h"

#define NOW "1721347200"

/* The hooks repository: this tree's hook definitions, committed; *rev its commit. */
static void hooks_repo(const scratch *content, char *path, size_t cap, char *rev, size_t revcap)
{
    snprintf(path, cap, "%s/hooks", content->root);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "set -e; mkdir -p '%s/scripts' && cd '%s' && git init -q -b main . && "
             "cp '%s/.pre-commit-hooks.yaml' . && cp '%s/scripts/cfv-gate-staged.sh' scripts/ && "
             "git add -A && git commit -qm hooks",
             path, path, CFV_SOURCE_DIR, CFV_SOURCE_DIR);
    scratch_ok(content, cmd);
    snprintf(cmd, sizeof cmd, "git -C '%s' rev-parse HEAD", path);
    cli_run r;
    scratch_sh(content, &r, cmd);
    assert_int_equal(r.status, 0);
    snprintf(rev, revcap, "%.40s", r.out);
    cli_run_free(&r);
}

/* Builds a ProcessStart release (content_version v; pid matched or not) at path. */
static void release(const scratch *s, const char *path, int v, int pid)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "printf 'type ProcessStart\\ncontent_version %d\\ncreated_utc 1719792000\\n"
             "instance 1 \"r\" {\\n image suffix nocase \"\\\\\\\\cmd.exe\"\\n%s}\\n' > ../rel.cfs && "
             "cfv build --now " NOW " ../rel.cfs -o '%s'",
             v, pid ? " pid eq 4\\n" : "", path);
    scratch_ok(s, cmd);
}

/* git commit -am msg; returns its exit status, output in *r. */
static int commit(const scratch *s, cli_run *r, const char *msg)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "git add -A && git commit -qm '%s' 2>&1", msg);
    scratch_sh(s, r, cmd);
    return r->status;
}

static size_t commits(const scratch *s)
{
    cli_run r;
    scratch_sh(s, &r, "git rev-list --count HEAD");
    size_t n = (size_t)strtoul(r.out, NULL, 10);
    cli_run_free(&r);
    return n;
}

static void test_hooks(void **state)
{
    (void)state;
    scratch s;
    scratch_init(&s);
    char hooks[1024], rev[64], cfg[4096];
    hooks_repo(&s, hooks, sizeof hooks, rev, sizeof rev);
    snprintf(cfg, sizeof cfg,
             "repos:\n- repo: %s\n  rev: %s\n  hooks:\n"
             "  - id: cfv-check\n    args: [--now=" NOW "]\n"
             "  - id: cfv-release-gate\n    args: [--now=" NOW "]\n",
             hooks, rev);
    free(cli_write_file(s.repo, ".pre-commit-config.yaml", cfg, strlen(cfg)));
    scratch_ok(&s, "git add -A && git commit -qm config && pre-commit install");

    cli_run r;
    release(&s, "rules.cff", 5, 0);
    if (commit(&s, &r, "v5") != 0)
        fail_msg("a valid first release was refused:\n%s%s", r.out, r.err);
    cli_run_free(&r);
    /* v6 matches pid, a field no instance read before: CFV082 warns, passes,
     * and the warning shows (verbose hooks), naming the committed version
     * HEAD:rules.cff rather than the temporary copy it was checked from. */
    release(&s, "rules.cff", 6, 1);
    if (commit(&s, &r, "v6") != 0)
        fail_msg("v6 was refused:\n%s%s", r.out, r.err);
    CLI_HAS(r.out, "rules.cff:", "[CFV082]", "release against HEAD:rules.cff");
    assert_null(strstr(r.out, "/tmp."));
    cli_run_free(&r);
    assert_int_equal(commits(&s), 3);
    /* The same content_version again: CFV081, refused. */
    release(&s, "rules.cff", 6, 0);
    assert_int_not_equal(commit(&s, &r, "v6 again"), 0);
    CLI_HAS(r.out, "cfv release gate", "[CFV081]");
    cli_run_free(&r);
    assert_int_equal(commits(&s), 3);
    /* A broken file: CFV003 from cfv-check, refused. */
    scratch_ok(&s, "git checkout -q -- rules.cff");
    scratch_copy(&s, "corpus/rules/CFV003-bad-magic.cff", "bad.cff");
    assert_int_not_equal(commit(&s, &r, "bad"), 0);
    CLI_HAS(r.out, "cfv check (channel files)", "bad.cff+0x0: error: bad magic");
    cli_run_free(&r);
    assert_int_equal(commits(&s), 3);

    /* try-repo: the hooks straight from their repository. */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "pre-commit try-repo '%s' cfv-check --files bad.cff 2>&1", hooks);
    scratch_sh(&s, &r, cmd);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.out, "[CFV003]"));
    cli_run_free(&r);
    snprintf(cmd, sizeof cmd, "pre-commit try-repo '%s' cfv-check --files rules.cff 2>&1", hooks);
    scratch_sh(&s, &r, cmd);
    if (r.status != 0)
        fail_msg("try-repo on a valid file:\n%s", r.out);
    cli_run_free(&r);
    scratch_free(&s);
}

/* The revision docs/authoring.md pins ("rev: <40 hex digits>") is a commit
 * of this repository, and its hooks work from it through try-repo. */
static void test_pinned_rev(void **state)
{
    (void)state;
    if (system("git -C '" CFV_SOURCE_DIR "' rev-parse --git-dir >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIPPED: %s is not a git checkout; the pinned revision was not tried\n",
                CFV_SOURCE_DIR);
        skip();
    }
    size_t len;
    char *doc = cli_read_file(CFV_SOURCE_DIR "/docs/authoring.md", &len);
    assert_non_null(doc);
    const char *p = strstr(doc, "\n  rev: ");
    assert_non_null(p);
    char rev[41];
    assert_int_equal(sscanf(p, "\n  rev: %40[0-9a-f]", rev), 1);
    assert_int_equal(strlen(rev), 40);
    free(doc);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "git -C '%s' cat-file -e %s:.pre-commit-hooks.yaml", CFV_SOURCE_DIR, rev);
    if (system(cmd) != 0)
        fail_msg("docs/authoring.md pins %s, not a commit of this repository with hooks", rev);

    scratch s;
    scratch_init(&s);
    scratch_copy(&s, "corpus/rules/CFV003-bad-magic.cff", "bad.cff");
    scratch_ok(&s, "git add -A && git commit -qm files");
    cli_run r;
    snprintf(cmd, sizeof cmd, "pre-commit try-repo '%s' cfv-check --ref %s --files bad.cff 2>&1",
             CFV_SOURCE_DIR, rev);
    scratch_sh(&s, &r, cmd);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.out, "bad.cff+0x0: error: bad magic"));
    cli_run_free(&r);
    /* The release gate: a new file is validated only and passes... */
    scratch_copy(&s, "corpus/valid/process-start-every-op.cff", "good.cff");
    snprintf(cmd, sizeof cmd, "pre-commit try-repo '%s' cfv-release-gate --ref %s --files good.cff 2>&1",
             CFV_SOURCE_DIR, rev);
    scratch_sh(&s, &r, cmd);
    if (r.status != 0)
        fail_msg("try-repo cfv-release-gate at %s on a new valid file:\n%s", rev, r.out);
    cli_run_free(&r);
    /* ...and once committed, the same content_version again is CFV081
     * against the committed version, named HEAD:good.cff. */
    scratch_ok(&s, "git add -A && git commit -qm good && mkdir -p .git/cfv-hook-tmp");
    /* The hook's temporary copy goes under a TMPDIR whose name is a marker:
     * the output must never name it (the checkout itself may live in /tmp). */
    snprintf(cmd, sizeof cmd,
             "TMPDIR=\"$PWD/.git/cfv-hook-tmp\" pre-commit try-repo '%s' cfv-release-gate --ref %s "
             "--files good.cff 2>&1",
             CFV_SOURCE_DIR, rev);
    scratch_sh(&s, &r, cmd);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.out, "previous release HEAD:good.cff [CFV081]"));
    assert_null(strstr(r.out, "cfv-hook-tmp"));
    cli_run_free(&r);
    scratch_free(&s);
}

int main(void)
{
    if (system("command -v pre-commit >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIPPED: pre-commit is not installed (Debian: apt-get install "
                        "pre-commit); the hooks in .pre-commit-hooks.yaml were not tried\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hooks),
        cmocka_unit_test(test_pinned_rev),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
