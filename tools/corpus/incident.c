/* corpus/incident: Channel File 291. NamedPipe declares 21 input fields;
 * sensor 7.11 supplies 20. The March file only has wildcards on field 20
 * (harmless, CFV062); the July 19 file matches on it (CFV061: the crash). */
#include "corpus.h"

static const corpus_crit march_msagent[] = {
    CORPUS_STR("pipe_name", PREFIX, NOCASE, "\\\\.\\pipe\\msagent_"),
    CORPUS_STR("server_image", SUFFIX, NOCASE, "\\rundll32.exe"),
    CORPUS_INT("access_mask", INT_MASK, 0, 0x3),
};
static const corpus_crit march_postex[] = {
    CORPUS_STR("pipe_name", CONTAINS, NOCASE, "postex_"),
    CORPUS_STR("client_signer", EQUALS, NEGATE, "Microsoft Windows"),
};
static const corpus_inst march[] = {
    { 291001, "c2-pipe-msagent", ENABLED, CORPUS_CRITS(march_msagent) },
    { 291002, "c2-pipe-postex", ENABLED, CORPUS_CRITS(march_postex) },
};

/* The July instances match on remote_host, field 20: the 21st input. */
static const corpus_crit july_remote[] = {
    CORPUS_STR("pipe_name", PREFIX, NOCASE, "\\\\.\\pipe\\msagent_"),
    CORPUS_STR("remote_host", REGEX, NOCASE, "^[a-z0-9-]+\\.(duckdns|no-ip)\\.org$"),
};
static const corpus_crit july_smb[] = {
    CORPUS_STR("pipe_name", CONTAINS, NOCASE, "postex_"),
    CORPUS_STR("remote_host", EQUALS, NOCASE | NEGATE, "localhost"),
};
static const corpus_inst july[] = {
    { 291101, "c2-pipe-remote-dyndns", ENABLED, CORPUS_CRITS(july_remote) },
    { 291102, "c2-pipe-remote-any-host", ENABLED, CORPUS_CRITS(july_smb) },
};

static int build(const corpus_ctx *ctx, const corpus_inst *in, size_t n, uint32_t version,
                 corpus_bytes *out)
{
    cfv_writer *w = corpus_writer_with(ctx, "NamedPipe", in, n);
    if (!w)
        return -1;
    cfv_writer_header_of(w)->content_version = version;
    return corpus_finish(w, out);
}

static int march_file(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return build(ctx, march, sizeof march / sizeof march[0], 31, out);
}

static int july_file(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return build(ctx, july, sizeof july / sizeof july[0], 32, out);
}

#define JULY_ON_7_11 "CFV060@7.11 CFV061@7.11 CFV061@7.11"

static const corpus_entry entries[] = {
    { "incident/march-namedpipe-wildcard-field20.cff",
      "NamedPipe, 21 fields, every criterion on field 20 ANY: clean with --sensor 7.16; "
      "on 7.11 CFV060 and a CFV062 warning per instance",
      "CFV060@7.11 CFV062@7.11 CFV062@7.11", NULL, march_file, NULL },
    { "incident/july19-namedpipe-nonwildcard-field20.cff",
      "the 19 July 2024 shape: REGEX and EQUALS on field 20 (remote_host): clean with "
      "--sensor 7.16; on 7.11 CFV060 and a CFV061 per instance (the out-of-bounds read)",
      JULY_ON_7_11, NULL, july_file, NULL },
    { "incident/C-00000291-00000000-00000032.sys",
      "the July file under the sensor's naming scheme, channel 291 and content version 32 "
      "as in its header: CFV070 satisfied", JULY_ON_7_11, NULL, july_file, NULL },
    { "incident/C-00000291-00000000-00000031.sys",
      "the July file (content version 32) under a name that says 31: CFV070 warning",
      JULY_ON_7_11 " CFV070", NULL, july_file, NULL },
};

const corpus_entry *corpus_incident(size_t *n)
{
    *n = sizeof entries / sizeof entries[0];
    return entries;
}
