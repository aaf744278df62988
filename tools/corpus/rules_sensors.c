/* corpus/rules, CFV060..CFV070: sensor profiles and the file name; and
 * corpus/zero. NamedPipe declares 21 fields and sensor 7.11 supplies 20,
 * so every NamedPipe file gets CFV060 on 7.11. */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

/* A NamedPipe file with the corpus_inst `arg`, or none (arg NULL). */
static int named_pipe(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_writer(ctx, "NamedPipe");
    int rc = !w ? -1
             : arg ? corpus_add(ctx, w, arg)
                   : cfv_writer_add_string(w, "no instances: STRINGS may not be empty");
    if (rc < 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

static const corpus_crit remote_host_eq[] = {
    CORPUS_STR("pipe_name", CONTAINS, NOCASE, "msagent_"),
    CORPUS_STR("remote_host", EQUALS, NOCASE, "c2.example.net"),
};
static const corpus_inst nonwildcard = { 7, "remote-host-equals", ENABLED,
                                         CORPUS_CRITS(remote_host_eq) };
/* Only the pipe_name criterion: remote_host stays ANY. */
static const corpus_inst wildcard = { 7, "remote-host-any", ENABLED, remote_host_eq, 1 };

#define SENSOR_WITHOUT_PS "6.0"
#define DEFS_WITHOUT_PS "CFV063-sensor-6.0-without-processstart.defs"

/* The shipped definitions plus a sensor that lacks ProcessStart. */
static int defs_without_process_start(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    static const char extra[] =
        "\n# cfv-corpus: a sensor that does not support ProcessStart at all (CFV063).\n"
        "sensor " SENSOR_WITHOUT_PS " FileWrite=9 NetworkConnect=10 NamedPipe=20\n";
    (void)arg;
    out->len = ctx->defs_len + sizeof extra - 1;
    if (!(out->data = malloc(out->len)))
        return -1;
    memcpy(out->data, ctx->defs_text, ctx->defs_len);
    memcpy(out->data + ctx->defs_len, extra, sizeof extra - 1);
    return 0;
}

static int base(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return corpus_finish(corpus_base(ctx), out);
}

static const corpus_entry entries[] = {
    { "rules/CFV060-namedpipe-21-fields-7.11-supplies-20.cff",
      "a NamedPipe file without instances: only the type-level mismatch on 7.11",
      "CFV060@7.11", NULL, named_pipe, NULL },
    { "rules/CFV061-nonwildcard-past-sensor-inputs.cff",
      "EQUALS on remote_host (field 20): 7.11 would read past its 20 inputs",
      "CFV060@7.11 CFV061@7.11", NULL, named_pipe, &nonwildcard },
    { "rules/CFV062-wildcard-past-sensor-inputs.cff",
      "ANY on remote_host (field 20): harmless on 7.11 today, one edit from a crash",
      "CFV060@7.11 CFV062@7.11", NULL, named_pipe, &wildcard },
    { "rules/" DEFS_WITHOUT_PS, "definitions for CFV063: cff.defs plus sensor 6.0 without "
      "ProcessStart", NULL, NULL, defs_without_process_start, NULL },
    { "rules/CFV063-processstart-unsupported-by-sensor-6.0.cff",
      "a ProcessStart file checked against sensor 6.0, which does not support ProcessStart "
      "(see its .args)", "CFV063@" SENSOR_WITHOUT_PS,
      "--defs " DEFS_WITHOUT_PS " --sensor " SENSOR_WITHOUT_PS, base, NULL },
    { "rules/CFV070-name-disagrees-with-header/C-00000285-00000000-00000002.sys",
      "a channel 261, content version 1 file named as channel 285, version 2 (the rule needs the "
      "name, hence the directory)", "CFV070 CFV070", NULL, base, NULL },
};

const corpus_entry *corpus_rules_sensors(size_t *n)
{
    *n = sizeof entries / sizeof entries[0];
    return entries;
}

static const size_t z4096 = 4096, z0 = 0;

static const corpus_entry zero[] = {
    { "zero/all-zero-4096.cff", "4096 zero bytes", "CFV002", NULL, corpus_zeros, &z4096 },
    { "zero/empty.cff", "an empty file", "CFV001", NULL, corpus_zeros, &z0 },
};

const corpus_entry *corpus_zero(size_t *n)
{
    *n = sizeof zero / sizeof zero[0];
    return zero;
}
