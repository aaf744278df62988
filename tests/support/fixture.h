/* The fixtures tests share: the definitions, files built with the writer
 * (cfv_writer: the one way tests make CFF files, cff_build.h on top),
 * files of the repository, and a scratch directory per test group. */
#ifndef CFV_TEST_FIXTURE_H
#define CFV_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cfv/defs.h"
#include "cfv/diag.h"
#include "cfv/regex_pcre2.h"
#include "cfv/writer.h"
#include "harness.h"

#define TF_JULY_CREATED 1719792000u /* 2024-07-01 */

/* Definitions from text (fails the test on an error, naming line and
 * column), from a file, or the shipped grammar/cff.defs; free() them. */
/* A want()/muted() pair that counts (cfv_options.want and .muted, their
 * user a tf_muting): want() answers `answer`; muted() adds up what the
 * core muted and remembers the last rule, severity and sensor handed. */
/* A sink (cfv_options.sink, its user a tf_events) that counts events and
 * keeps the last. */
typedef struct tf_events {
    int n;
    cfv_event last;
} tf_events;
void tf_events_count(void *user, const cfv_event *e);

typedef struct tf_muting {
    int answer;
    uint64_t asked, muted, calls;
    unsigned rule, severity;
    int sensor;
} tf_muting;
int tf_muting_want(void *user, unsigned rule, unsigned severity, int sensor);
void tf_muting_count(void *user, unsigned rule, unsigned severity, int sensor, uint32_t n);

cfv_defs *tf_defs_parse(const char *text, size_t len);
cfv_defs *tf_defs_file(const char *path);
cfv_defs *tf_defs(void);
/* cmocka group setup and teardown: *state is tf_defs(). */
int tf_setup_defs(void **state);
int tf_teardown_defs(void **state);

/* Encodes w (and frees it); the file, malloc'd. Fails the test on error. */
uint8_t *tf_encode(cfv_writer *w, size_t *len);
/* A whole file, malloc'd and NUL-terminated, or NULL when it cannot be read. */
uint8_t *tf_read(const char *path, size_t *len);
/* The same for a path relative to the source tree ("corpus/valid/x.cff"). */
uint8_t *tf_read_src(const char *relpath, size_t *len);

/* The Channel File 291 pair: NamedPipe (21 fields) on channel 291, one
 * ENABLED instance 291101; July matches field 20 (remote_host) with a
 * REGEX, which sensor 7.11 (20 inputs) reads past; March leaves it ANY. */
uint8_t *tf_july(size_t *len);
uint8_t *tf_march(size_t *len);

/* What validating needs: the shipped definitions and a PCRE2 cache.
 * tf_setup_checker/tf_teardown_checker: *state is a tf_checker. */
typedef struct tf_checker {
    cfv_defs *defs;
    cfv_regex_cache *regex;
} tf_checker;
tf_checker *tf_checker_new(void);
void tf_checker_free(tf_checker *c);
int tf_setup_checker(void **state);
int tf_teardown_checker(void **state);

/* A scratch directory for a test group: *state is a tf_dir (or one made
 * and removed, with what is in it, by tf_dir_new/tf_dir_free). */
typedef struct tf_dir {
    char *dir;
    cli_run_opts in_dir;        /* run cfv in dir: relative names are the dir's */
    char *valid;                /* dir/valid.cff (cff_valid()), tf_setup_dir_valid only */
} tf_dir;
tf_dir *tf_dir_new(void);
void tf_dir_free(tf_dir *f);
int tf_setup_dir(void **state);
int tf_setup_dir_valid(void **state);
int tf_teardown_dir(void **state);

/* A cmocka setup's context: size zeroed bytes, stored in *state. */
void *tf_state_new(void **state, size_t size);

/* Runs the tests, each with this setup and teardown (cmocka's per-test
 * fixtures, without repeating them on every line):
 *   return TF_RUN_EACH(tf_setup_dir, tf_teardown_dir, test_a, test_b);
 * or once around them all (cmocka's group fixtures; NULL for none), a test
 * program's whole main():
 *   return TF_RUN(tf_setup_checker, tf_teardown_checker, test_a, test_b); */
#define TF_TESTS_(...) #__VA_ARGS__, (const CMUnitTestFunction[]){__VA_ARGS__},                 \
    sizeof((const CMUnitTestFunction[]){__VA_ARGS__}) / sizeof(CMUnitTestFunction)
#define TF_RUN_EACH(setup, teardown, ...) tf_run(TF_TESTS_(__VA_ARGS__), (setup), (teardown), NULL, NULL)
#define TF_RUN(group_setup, group_teardown, ...)                                                 \
    tf_run(TF_TESTS_(__VA_ARGS__), NULL, NULL, (group_setup), (group_teardown))
int tf_run(const char *names, const CMUnitTestFunction *tests, size_t n, CMFixtureFunction setup,
           CMFixtureFunction teardown, CMFixtureFunction group_setup,
           CMFixtureFunction group_teardown);

/* The same, then one test per row of a table of cases, each run by
 * case_test with *state = the row; a row starts with `const char *name`,
 * the test's name:
 *   return TF_RUN_CASES(test_bad_case, bad_cases, test_a, test_b); */
#define TF_RUN_CASES(case_test, cases, ...)                                                      \
    tf_run_all(TF_TESTS_(__VA_ARGS__), NULL, NULL, NULL, NULL, (case_test), (cases),             \
               sizeof(cases)[0], sizeof(cases) / sizeof(cases)[0])
int tf_run_all(const char *names, const CMUnitTestFunction *tests, size_t n,
               CMFixtureFunction setup, CMFixtureFunction teardown, CMFixtureFunction group_setup,
               CMFixtureFunction group_teardown, CMUnitTestFunction case_test, const void *cases,
               size_t case_size, size_t ncases);

#endif
