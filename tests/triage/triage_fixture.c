#include "triage_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/writer.h"
#include "harness.h"

cfv_defs *tt_defs(void)
{
    size_t len;
    char *text = cli_read_file(CFV_SOURCE_DIR "/grammar/cff.defs", &len);
    assert_non_null(text);
    cfv_defs *d = calloc(1, sizeof *d);
    assert_non_null(d);
    cfv_defs_error err;
    assert_int_equal(cfv_defs_parse(d, text, len, &err), 0);
    free(text);
    return d;
}

static uint8_t *namedpipe(int remote_host_op, size_t *len)
{
    cfv_writer *w = cfv_writer_new(291, 32, 1719792000u);
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
    cfv_wfile f;
    assert_int_equal(cfv_writer_encode(w, &f), CFV_WRITER_OK);
    cfv_writer_free(w);
    uint8_t *bytes = malloc(f.len);
    assert_non_null(bytes);
    memcpy(bytes, f.data, f.len);
    *len = f.len;
    cfv_wfile_free(&f);
    return bytes;
}

uint8_t *tt_july(size_t *len) { return namedpipe(CFF_OP_REGEX, len); }

uint8_t *tt_march(size_t *len) { return namedpipe(CFF_OP_ANY, len); }

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
    tt_ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->defs = tt_defs();
    c->dir = cli_tmpdir();
    size_t len;
    uint8_t *bytes = tt_july(&len);
    c->july = cli_write_file(c->dir, "july.cff", bytes, len);
    free(bytes);
    *state = c;
    return 0;
}

int tt_teardown(void **state)
{
    tt_ctx *c = *state;
    cli_rmrf(c->dir);
    free(c->dir);
    free(c->july);
    free(c->defs);
    free(c);
    return 0;
}
