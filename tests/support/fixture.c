#include "fixture.h"

#include "cff_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

cfv_defs *tf_defs_parse(const char *text, size_t len)
{
    cfv_defs *d = calloc(1, sizeof *d);
    assert_non_null(d);
    cfv_defs_error err;
    if (cfv_defs_parse(d, text, len, &err) != 0)
        fail_msg("definitions:%u:%u: %s", err.line, err.col, err.message);
    return d;
}

cfv_defs *tf_defs_file(const char *path)
{
    size_t len;
    uint8_t *text = tf_read(path, &len);
    if (!text)
        fail_msg("%s: cannot read", path);
    cfv_defs *d = tf_defs_parse((const char *)text, len);
    free(text);
    return d;
}

cfv_defs *tf_defs(void) { return tf_defs_file(CFV_SOURCE_DIR "/grammar/cff.defs"); }

int tf_setup_defs(void **state)
{
    *state = tf_defs();
    return 0;
}

int tf_teardown_defs(void **state)
{
    free(*state);
    return 0;
}

uint8_t *tf_encode(cfv_writer *w, size_t *len)
{
    cfv_wfile f;
    assert_int_equal(cfv_writer_encode(w, &f), CFV_WRITER_OK);
    cfv_writer_free(w);
    uint8_t *data = f.data;
    *len = f.len;
    f.data = NULL;
    cfv_wfile_free(&f);
    return data;
}

uint8_t *tf_read(const char *path, size_t *len) { return (uint8_t *)cli_read_file(path, len); }

uint8_t *tf_read_src(const char *relpath, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", CFV_SOURCE_DIR, relpath);
    return tf_read(path, len);
}

static uint8_t *namedpipe(int remote_host_op, size_t *len)
{
    cfv_writer *w = cfv_writer_new(291, 32, TF_JULY_CREATED);
    assert_non_null(w);
    int i = cfv_writer_add_instance(w, 291101, 4, 21, CFF_INSTANCE_FLAG_ENABLED,
                                    "c2-pipe-remote-dyndns");
    assert_true(i >= 0);
    assert_int_equal(cfv_writer_set_str(w, (size_t)i, 0, CFF_OP_PREFIX, CFF_CRITERION_FLAG_NOCASE,
                                        "\\\\.\\pipe\\msagent_"), 0);
    if (remote_host_op != CFF_OP_ANY)
        assert_int_equal(cfv_writer_set_str(w, (size_t)i, 20, (uint8_t)remote_host_op,
                                            CFF_CRITERION_FLAG_NOCASE,
                                            "^[a-z0-9-]+\\.(duckdns|no-ip)\\.org$"), 0);
    return tf_encode(w, len);
}

uint8_t *tf_july(size_t *len) { return namedpipe(CFF_OP_REGEX, len); }

uint8_t *tf_march(size_t *len) { return namedpipe(CFF_OP_ANY, len); }

tf_checker *tf_checker_new(void)
{
    tf_checker *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->defs = tf_defs();
    c->regex = cfv_regex_cache_new();
    assert_non_null(c->regex);
    return c;
}

void tf_checker_free(tf_checker *c)
{
    cfv_regex_cache_free(c->regex);
    free(c->defs);
    free(c);
}

void *tf_state_new(void **state, size_t size)
{
    void *p = calloc(1, size);
    assert_non_null(p);
    *state = p;
    return p;
}

tf_dir *tf_dir_new(void)
{
    tf_dir *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = cli_tmpdir();
    f->in_dir.cwd = f->dir;
    return f;
}

void tf_dir_free(tf_dir *f)
{
    cli_rmrf(f->dir);
    free(f->dir);
    free(f->valid);
    free(f);
}

/* cmocka's setup and teardown around tf_NAME_new and tf_NAME_free. */
#define TF_SETUP_TEARDOWN(name)                                                                  \
    int tf_setup_##name(void **state)                                                            \
    {                                                                                            \
        *state = tf_##name##_new();                                                              \
        return 0;                                                                                \
    }                                                                                            \
    int tf_teardown_##name(void **state)                                                         \
    {                                                                                            \
        tf_##name##_free(*state);                                                                \
        return 0;                                                                                \
    }
TF_SETUP_TEARDOWN(checker)
TF_SETUP_TEARDOWN(dir)

int tf_setup_dir_valid(void **state)
{
    tf_setup_dir(state);
    tf_dir *f = *state;
    uint8_t buf[CFF_MAX_BYTES];
    cff_spec s = cff_valid();
    f->valid = cli_write_file(f->dir, "valid.cff", buf, cff_build(buf, &s));
    return 0;
}

int tf_run(const char *names, const CMUnitTestFunction *tests, size_t n, CMFixtureFunction setup,
           CMFixtureFunction teardown, CMFixtureFunction group_setup,
           CMFixtureFunction group_teardown)
{
    return tf_run_all(names, tests, n, setup, teardown, group_setup, group_teardown, NULL, NULL, 0,
                      0);
}

int tf_run_all(const char *names, const CMUnitTestFunction *tests, size_t n,
               CMFixtureFunction setup, CMFixtureFunction teardown, CMFixtureFunction group_setup,
               CMFixtureFunction group_teardown, CMUnitTestFunction case_test, const void *cases,
               size_t case_size, size_t ncases)
{
    struct CMUnitTest *t = calloc(n + ncases + 1, sizeof *t);
    char *copy = strdup(names);
    assert_true(t && copy);
    char *save = NULL, *name = strtok_r(copy, ", \n\t", &save);
    for (size_t i = 0; i < n; i++, name = strtok_r(NULL, ", \n\t", &save))
        t[i] = (struct CMUnitTest){name ? name : "?", tests[i], setup, teardown, NULL};
    for (size_t i = 0; i < ncases; i++) {
        void *c = (char *)cases + i * case_size; /* cmocka's state is not const */
        t[n + i] = (struct CMUnitTest){*(const char *const *)c, case_test, setup, teardown, c};
    }
    int rc = _cmocka_run_group_tests("tests", t, n + ncases, group_setup, group_teardown);
    free(copy);
    free(t);
    return rc;
}

int tf_muting_want(void *user, unsigned rule, unsigned severity, int sensor)
{
    tf_muting *m = user;
    (void)rule, (void)severity, (void)sensor;
    m->asked++;
    return m->answer;
}

void tf_muting_count(void *user, unsigned rule, unsigned severity, int sensor, uint32_t n)
{
    tf_muting *m = user;
    m->rule = rule, m->severity = severity, m->sensor = sensor;
    m->muted += n;
    m->calls++;
}

void tf_events_count(void *user, const cfv_event *e)
{
    tf_events *ev = user;
    ev->n++;
    ev->last = *e;
}
