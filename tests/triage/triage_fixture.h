/* Shared by the triage tests: the shipped definitions, the Channel File 291
 * shape built with cfv_writer, files in a scratch directory, sessions. */
#ifndef CFV_TEST_TRIAGE_FIXTURE_H
#define CFV_TEST_TRIAGE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "cfv_triage.h"
#include "fixture.h"

/* What each test starts with: definitions, a scratch directory and the
 * July file in it. tt_setup/tt_teardown are cmocka fixtures; *state is a
 * tt_ctx. */
typedef struct tt_ctx {
    cfv_defs *defs;
    tf_dir *scratch;            /* the scratch directory */
    char *july;                 /* scratch->dir/july.cff */
    char smallest[48];          /* free for the test's own use */
} tt_ctx;

int tt_setup(void **state);
int tt_teardown(void **state);

/* A session with this child (and ASan child, may be NULL); asserts it opened. */
cfv_triage *tt_session(const cfv_defs *defs, const char *child, const char *asan_child);

/* Triage one file; asserts the call itself worked. */
cfv_triage_outcome tt_run(cfv_triage *t, const char *path, cfv_triage_crash *c);

#endif
