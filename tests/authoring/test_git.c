/* Git and CI integration in scratch repositories: the textconv diff driver
 * (.gitattributes + diff.cfv.textconv "cfv dump --textconv") turns channel-file diffs
 * into readable listings, and scripts/content-gate.sh (the CI workflow's
 * gate) checks changed files against their base versions into one SARIF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git_scratch.h"
#include "json_read.h"
#include "fixture.h"

#define MARCH "corpus/incident/march-namedpipe-wildcard-field20.cff"
#define JULY "corpus/incident/july19-namedpipe-nonwildcard-field20.cff"

/* Runs cmd in the scratch repository: it succeeds, its output holds every
 * string of want (NULL-terminated) and not absent. */
static void diff_shows(scratch *s, const char *cmd, const char *const *want, const char *absent)
{
    cli_run r;
    scratch_sh(s, &r, cmd);
    assert_int_equal(r.status, 0);
    for (; *want; want++)
        if (!strstr(r.out, *want))
            fail_msg("%s: no '%s' in:\n%s", cmd, *want, r.out);
    if (strstr(r.out, absent))
        fail_msg("%s: '%s' in:\n%s", cmd, absent, r.out);
    cli_run_free(&r);
}

static void test_diff_driver(void **state)
{
    (void)state;
    scratch s;
    scratch_init(&s);
    scratch_copy(&s, MARCH, "channels/C-291.cff");
    scratch_copy(&s, "corpus/incident/C-00000291-00000000-00000032.sys", "channels/C.sys");
    scratch_ok(&s, "git add -A && git commit -qm march");
    scratch_ok(&s, "git config diff.cfv.textconv 'cfv dump --textconv'");
    scratch_copy(&s, JULY, "channels/C-291.cff");
    cli_run r;
    diff_shows(&s, "git diff", (const char *const[]){
        "diff --git a/channels/C-291.cff b/channels/C-291.cff",
        "\n-  instance 291001 \"c2-pipe-msagent\" (NamedPipe, enabled)\n",
        "\n+  instance 291101 \"c2-pipe-remote-dyndns\" (NamedPipe, enabled)\n",
        "[20] remote_host         REGEX NOCASE",
        "-  @12       content_version  31\n+  @12       content_version  32\n",
        /* The diagnostics show in the diff too: CFV061 appears with July. */
        "\n+         ! error CFV061 @392: non-wildcard REGEX on field 20", NULL}, "Binary files");
    /* log -p after the commit, and a .sys file. */
    scratch_ok(&s, "git commit -qam july && printf 'x' >> channels/C.sys");
    diff_shows(&s, "git log -p -1 -- channels/C-291.cff && git diff -- channels/C.sys",
               (const char *const[]){"+  instance 291102 \"c2-pipe-remote-any-host\"",
                                     "diff --git a/channels/C.sys b/channels/C.sys",
                                     "+         ! error CFV009", NULL}, "Binary files");
    /* Two releases, diffed twice with different temporary directories: the
     * same text, the file named only by git's header (no temporary path, no
     * base name, no time of day: CFV008 needs --now). */
    scratch_ok(&s, "mkdir -p ../t1 ../t2");
    scratch_sh(&s, &r, "TMPDIR=$PWD/../t1 git diff HEAD~1 HEAD -- channels/C-291.cff");
    assert_int_equal(r.status, 0);
    char *first = strdup(r.out);
    cli_run_free(&r);
    scratch_sh(&s, &r, "TMPDIR=$PWD/../t2 git diff HEAD~1 HEAD -- channels/C-291.cff");
    assert_string_equal(r.out, first);
    CLI_HAS(first, "-cfv dump: 560 bytes;", "+cfv dump: 584 bytes;");
    /* The path appears in git's header lines only. */
    for (const char *p = first; (p = strstr(p, "C-291.cff")) != NULL; p++) {
        const char *bol = p;
        while (bol > first && bol[-1] != '\n')
            bol--;
        if (strncmp(bol, "diff --git ", 11) != 0 && strncmp(bol, "--- a/", 6) != 0 &&
            strncmp(bol, "+++ b/", 6) != 0)
            fail_msg("the textconv output names the file: %.80s", bol);
    }
    assert_null(strstr(first, "git-blob"));
    assert_null(strstr(first, "/t1/"));
    assert_null(strstr(first, "CFV008"));
    free(first);
    cli_run_free(&r);
    /* A renamed release (the next content version's file name) diffs like
     * a renamed source file: only the content's changes show. */
    scratch_ok(&s, "git checkout -q channels/C.sys && git mv channels/C-291.cff channels/C-292.cff && "
                   "printf x >> channels/C-292.cff && git commit -qam rename");
    diff_shows(&s, "git diff -M HEAD~1 HEAD -- channels/",
               (const char *const[]){"rename from channels/C-291.cff", "\n-cfv dump: 584 bytes;",
                                     "\n+cfv dump: 585 bytes;", NULL}, "dump: C-29");
    /* The source form for git names no file either. */
    scratch_ok(&s, "git config diff.cfv.textconv 'cfv dump --textconv --format source'");
    diff_shows(&s, "git log -p -1 --format= HEAD~1 -- channels/C-291.cff",
               (const char *const[]){"\n # cfv source; `cfv build` turns it",
                                     "\n+instance 291101 \"c2-pipe-remote-dyndns\"", NULL}, "C-291.cff\"");
    /* Without the driver configured git says what it always said. */
    scratch_ok(&s, "git config --unset diff.cfv.textconv && printf x >> channels/C.sys");
    scratch_sh(&s, &r, "git diff -- channels/C.sys");
    assert_non_null(strstr(r.out, "Binary files a/channels/C.sys and b/channels/C.sys differ"));
    cli_run_free(&r);
    scratch_free(&s);
}

static int have(const char *tool)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

/* Runs the CI gate script from BASE to HEAD in the scratch repository. */
static void gate(const scratch *s, cli_run *r, const char *base, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "CFV_GATE_ARGS='%s' '%s/scripts/content-gate.sh' %s cfv out.sarif "
             "'*.cff' '*.sys' ':(exclude)corpus/**'",
             args, CFV_SOURCE_DIR, base);
    scratch_sh(s, r, cmd);
}

static jnode *sarif(const scratch *s)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/out.sarif", s->repo);
    size_t len;
    char *text = cli_read_file(path, &len);
    assert_non_null(text);
    char err[128];
    jnode *j = json_parse(text, len, err, sizeof err);
    if (!j)
        fail_msg("out.sarif: %s", err);
    free(text);
    return j;
}

static size_t results_of(const jnode *j, const char *rule)
{
    const jnode *rs = json_path(j, "runs.0.results");
    size_t n = 0;
    for (size_t i = 0; i < rs->len; i++)
        n += strcmp(json_get(json_at(rs, i), "ruleId")->str, rule) == 0;
    return n;
}

static void test_content_gate_script(void **state)
{
    (void)state;
    if (!have("jq")) {
        fprintf(stderr, "SKIPPED: jq is not installed; scripts/content-gate.sh needs it\n");
        skip();
    }
    scratch s;
    scratch_init(&s);
    scratch_copy(&s, MARCH, "channels/C-291.cff");
    scratch_ok(&s, "git add -A && git commit -qm base && git tag base");
    scratch_copy(&s, JULY, "channels/C-291.cff");
    scratch_copy(&s, "corpus/valid/process-start-every-op.cff", "channels/new dir/ps.cff");
    scratch_copy(&s, "corpus/rules/CFV003-bad-magic.cff", "corpus/rules/bad.cff");
    scratch_ok(&s, "git add -A && git commit -qm head");
    cli_run r;
    gate(&s, &r, "base", "--sensor 7.16");
    if (r.status != 0)
        fail_msg("gate: exit %d\n%s%s", r.status, r.out, r.err);
    assert_non_null(strstr(r.out, "2 channel file(s) checked, exit 0"));
    /* The base version is named BASE:PATH, never by its temporary copy. */
    assert_non_null(strstr(r.out, "release against base:channels/C-291.cff"));
    assert_null(strstr(r.out, "/tmp."));
    assert_null(strstr(r.out, "bad.cff"));      /* excluded by the pathspec */
    jnode *j = sarif(&s);
    assert_int_equal(results_of(j, "CFV082"), 2);
    const jnode *rules = json_path(j, "runs.0.tool.driver.rules");
    assert_string_equal(json_get(json_at(rules, rules->len - 1), "id")->str, "CFV082");
    json_free(j);
    cli_run_free(&r);
    /* Every sensor: 7.11 cannot take July's file. */
    gate(&s, &r, "base", "");
    assert_int_equal(r.status, 1);
    /* One annotation per finding, on the file, at the byte (column = offset + 1). */
    assert_non_null(strstr(r.out, "::error file=channels/C-291.cff,line=1,col=393,title=CFV061::"));
    j = sarif(&s);
    assert_int_equal(results_of(j, "CFV061"), 2);
    json_free(j);
    cli_run_free(&r);
    /* No base commit (a new branch): every channel file, no --against. */
    gate(&s, &r, "0000000000000000000000000000000000000000", "--sensor 7.16");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "is not a commit; checking every channel file"));
    assert_null(strstr(r.out, "release against"));
    cli_run_free(&r);
    /* Nothing changed: no report. */
    gate(&s, &r, "HEAD", "");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no channel file changed"));
    cli_run_free(&r);
    scratch_free(&s);
}

int main(void)
{
    return TF_RUN(NULL, NULL, test_diff_driver, test_content_gate_script);
}
