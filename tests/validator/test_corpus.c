/* The committed corpus against corpus/expected.txt: every file gives exactly
 * the diagnostics listed for it (with its .args, its base name, every sensor
 * and --now 1721347200), every file is listed, and every rule of the catalog
 * has a rules/ file that shows it. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vt.h"
#include "fixture.h"

#define CORPUS CFV_SOURCE_DIR "/corpus"

typedef struct fixture {
    tf_checker *checker;        /* the shipped definitions and a PCRE2 cache */
    char *expected;             /* corpus/expected.txt, NUL-terminated */
} fixture;

static int setup(void **state)
{
    fixture *fx = tf_state_new(state, sizeof *fx);
    fx->checker = tf_checker_new();
    size_t len;
    fx->expected = (char *)tf_read(CORPUS "/expected.txt", &len);
    assert_non_null(fx->expected);
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    tf_checker_free(fx->checker);
    free(fx->expected);
    free(fx);
    return 0;
}

/* Applies FILE.args (cfv check options) to r; defs it loads go to *owned. */
static void apply_args(vt_run *r, const char *path, cfv_defs **owned)
{
    char args_path[700], text[512];
    snprintf(args_path, sizeof args_path, "%s.args", path);
    FILE *f = fopen(args_path, "r");
    if (!f)
        return;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    char *save = NULL;
    for (char *opt = strtok_r(text, " \n", &save); opt; opt = strtok_r(NULL, " \n", &save)) {
        char *val = strtok_r(NULL, " \n", &save);
        assert_non_null(val);
        if (strcmp(opt, "--max-size") == 0) {
            r->max_size = strtoull(val, NULL, 10);
        } else if (strcmp(opt, "--now") == 0) {
            r->now = strtoull(val, NULL, 10);
        } else if (strcmp(opt, "--defs") == 0) {
            char defs[800];         /* relative to the file's directory */
            snprintf(defs, sizeof defs, "%.*s/%s", (int)(strrchr(path, '/') - path), path, val);
            *owned = tf_defs_file(defs);
            r->defs = *owned;
        } else if (strcmp(opt, "--sensor") == 0) {
            r->sensors |= vt_sensor(r->defs, val);
        } else {
            fail_msg("%s: option %s is not supported by this test", args_path, opt);
        }
    }
}

/* Checks one line "FILE: DIAG..."; 0 if the file gives exactly that. */
static int check_line(const fixture *fx, char *line)
{
    char *colon = strchr(line, ':');
    assert_non_null(colon);
    *colon = 0;
    char path[600];
    snprintf(path, sizeof path, CORPUS "/%s", line);
    size_t len;
    uint8_t *buf = tf_read(path, &len);
    if (!buf) {
        print_error("%s: missing\n", line);
        return -1;
    }
    cfv_defs *owned = NULL;
    vt_run r = { 0 };
    r.defs = fx->checker->defs;
    r.regex = fx->checker->regex;
    r.now = VT_NOW;
    r.name = strrchr(path, '/') + 1;
    apply_args(&r, path, &owned);
    vt_validate(&r, buf, len);
    char msg[256];
    int rc = vt_match(&r, colon + 1, msg, sizeof msg);
    if (rc != 0) {
        print_error("%s: expected \"%s\": %s\n", line, colon + 1, msg);
        vt_print(&r);
    }
    vt_free(&r);
    free(owned);
    free(buf);
    return rc;
}

static void test_corpus_gives_expected_diagnostics(void **state)
{
    const fixture *fx = *state;
    char *text = strdup(fx->expected), *save = NULL;
    size_t files = 0, bad = 0;
    assert_non_null(text);
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        files++;
        bad += check_line(fx, line) != 0;    /* go on: report every file that differs */
    }
    free(text);
    assert_true(files > 50);
    if (bad)
        fail_msg("%zu of %zu corpus files differ from corpus/expected.txt", bad, files);
}

static int listed(const fixture *fx, const char *rel)
{
    size_t n = strlen(rel);
    for (const char *p = fx->expected; (p = strstr(p, rel)); p += n)
        if ((p == fx->expected || p[-1] == '\n') && p[n] == ':')
            return 1;
    return 0;
}

/* Every .cff/.sys under dir (one level of subdirectories) is in expected.txt. */
static size_t check_listed(const fixture *fx, const char *rel_dir, int depth)
{
    char dir[600];
    snprintf(dir, sizeof dir, CORPUS "/%s", rel_dir);
    DIR *d = opendir(dir);
    size_t n = 0;
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        char rel[600];
        if (e->d_name[0] == '.')
            continue;
        snprintf(rel, sizeof rel, "%s/%s", rel_dir, e->d_name);
        const char *ext = strrchr(e->d_name, '.');
        if (!ext && depth == 0) {
            n += check_listed(fx, rel, 1);
        } else if (ext && (strcmp(ext, ".cff") == 0 || strcmp(ext, ".sys") == 0)) {
            if (!listed(fx, rel))
                fail_msg("%s is not in corpus/expected.txt", rel);
            n++;
        }
    }
    closedir(d);
    return n;
}

static void test_every_corpus_file_is_listed(void **state)
{
    static const char *const dirs[] = { "valid", "incident", "rules", "zero" };
    size_t n = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        n += check_listed(*state, dirs[i], 0);
    assert_true(n > 50);
}

/* Every catalog rule (CFV000, the internal error, aside) has a rules/ file
 * named after it whose expected diagnostics include it. */
static void test_every_rule_has_a_corpus_file(void **state)
{
    const fixture *fx = *state;
    size_t nrules;
    const cfv_rule_info *rules = cfv_rule_catalog(&nrules);
    assert_true(nrules > 40);
    for (size_t i = 0; i < nrules; i++) {
        if (rules[i].id == 0 || (rules[i].id >= 80 && rules[i].id <= 82))
            continue;   /* internal; the release gate's (a pair of files: tests/cli/check) */
        char prefix[32];
        snprintf(prefix, sizeof prefix, "\nrules/%s-", rules[i].name);
        const char *p = strstr(fx->expected, prefix);
        if (!p)
            fail_msg("no corpus/rules file for %s", rules[i].name);
        const char *eol = strchr(p + 1, '\n');
        const char *hit = strstr(strchr(p, ':'), rules[i].name);
        if (!hit || (eol && hit > eol))
            fail_msg("corpus/rules file for %s does not expect it", rules[i].name);
    }
}

int main(void)
{
    return TF_RUN(setup, teardown, test_corpus_gives_expected_diagnostics,
                  test_every_corpus_file_is_listed, test_every_rule_has_a_corpus_file);
}
