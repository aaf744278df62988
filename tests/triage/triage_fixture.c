#include "triage_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/writer.h"
#include "harness.h"

cfv_triage *tt_session(const cfv_defs *defs, const char *child, const char *asan_child)
{
    cfv_triage_options opt = {defs, -1, child, asan_child, 0};
    cfv_triage *t = NULL;
    cfv_triage_error err;
    if (cfv_triage_new(&t, &opt, &err) != 0)
        fail_msg("cfv_triage_new: %s", err.message);
    return t;
}

cfv_triage_outcome tt_run(cfv_triage *t, const char *path, cfv_triage_crash *c)
{
    cfv_triage_outcome o;
    cfv_triage_error err;
    if (cfv_triage_input(t, path, &o, c, &err) != 0)
        fail_msg("cfv_triage_input: %s", err.message);
    return o;
}

int tt_setup(void **state)
{
    tt_ctx *c = tf_state_new(state, sizeof *c);
    c->defs = tf_defs();
    c->scratch = tf_dir_new();
    size_t len;
    uint8_t *bytes = tf_july(&len);
    c->july = cli_write_file(c->scratch->dir, "july.cff", bytes, len);
    free(bytes);
    return 0;
}

int tt_teardown(void **state)
{
    tt_ctx *c = *state;
    tf_dir_free(c->scratch);
    free(c->july);
    free(c->defs);
    free(c);
    return 0;
}
