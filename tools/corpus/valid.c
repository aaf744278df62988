/* corpus/valid: one file per template type using every op (with NOCASE and
 * NEGATE where legal), bigger files, and the format's boundaries. NamedPipe
 * files are March-style (field 20 always ANY): valid for sensor 7.16; 7.11
 * supplies 20 inputs, so they get CFV060 and CFV062 there, as FORMAT.md says. */
#include <stdio.h>

#include "corpus.h"

static const corpus_crit ps_encoded[] = {
    CORPUS_STR("image", SUFFIX, NOCASE, "\\powershell.exe"),
    CORPUS_STR("cmdline", REGEX, NOCASE, "\\s-e(nc(odedcommand)?)?\\s+[a-z0-9+/=]{40,}"),
    CORPUS_STR("parent_image", SUFFIX, NOCASE | NEGATE, "\\explorer.exe"),
    CORPUS_INT("integrity", INT_EQ, 0, 0x2000),
};
static const corpus_crit ps_lsass[] = {
    CORPUS_STR("image", CONTAINS, NOCASE, "procdump"),
    CORPUS_STR("cmdline", CONTAINS, NOCASE, "lsass"),
    CORPUS_STR("user_sid", PREFIX, 0, "S-1-5-21-"),
    CORPUS_INT("session_id", INT_EQ, NEGATE, 0),
    CORPUS_STR("signer", EQUALS, NEGATE, "Microsoft Windows"),
    CORPUS_INT("flags", INT_MASK, 0, 0x4),
};
static const corpus_crit ps_hash[] = {
    CORPUS_STR("sha256", EQUALS, NOCASE,
               "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"),
    CORPUS_STR("parent_cmdline", PREFIX, NOCASE, "\"C:\\Program Files\\"),
    CORPUS_INT("ppid", INT_MASK, NEGATE, 0xFFFFFFFCu),
};
static const corpus_crit ps_draft[] = {
    CORPUS_STR("image", EQUALS, 0, "C:\\Windows\\System32\\cmd.exe"),
    CORPUS_STR("cmdline", REGEX, 0, "/c\\s+(whoami|net\\s+user)\\b"),
    CORPUS_STR("parent_cmdline", CONTAINS, NEGATE, "\\Windows\\"),
    CORPUS_INT("pid", INT_EQ, 0, 4),
};
static const corpus_inst process_start[] = {
    { 1, "encoded-powershell", ENABLED, CORPUS_CRITS(ps_encoded) },
    { 2, "lsass-dump-tool", ENABLED, CORPUS_CRITS(ps_lsass) },
    { 3, "known-bad-hash", ENABLED, CORPUS_CRITS(ps_hash) },
    { 10, "draft-recon-disabled", 0, CORPUS_CRITS(ps_draft) },
};

static const corpus_crit fw_note[] = {
    CORPUS_STR("path", REGEX, NOCASE, "\\\\(readme|decrypt|restore)[-_a-z0-9]*\\.(txt|html?)$"),
    CORPUS_STR("image", SUFFIX, NOCASE | NEGATE, "\\notepad.exe"),
    CORPUS_INT("size", INT_MASK, 0, 0xFFFFF000u),
};
static const corpus_crit fw_startup[] = {
    CORPUS_STR("path", CONTAINS, NOCASE, "\\Start Menu\\Programs\\Startup\\"),
    CORPUS_STR("extension", EQUALS, NOCASE, ".vbs"),
    CORPUS_INT("attributes", INT_MASK, 0, 0x2),
    CORPUS_STR("volume", PREFIX, 0, "\\Device\\HarddiskVolume"),
};
static const corpus_crit fw_dll[] = {
    CORPUS_STR("path", PREFIX, NOCASE, "C:\\Windows\\System32\\"),
    CORPUS_STR("extension", SUFFIX, NOCASE, "dll"),
    CORPUS_STR("user_sid", EQUALS, NEGATE, "S-1-5-18"),
    CORPUS_INT("pid", INT_EQ, NEGATE, 4),
    CORPUS_STR("sha256", REGEX, 0, "^[0-9a-f]{64}$"),
};
static const corpus_inst file_write[] = {
    { 1, "ransom-note-drop", ENABLED, CORPUS_CRITS(fw_note) },
    { 2, "startup-folder-script", ENABLED, CORPUS_CRITS(fw_startup) },
    { 3, "system32-dll-by-non-system", ENABLED, CORPUS_CRITS(fw_dll) },
};

static const corpus_crit nc_smb[] = {
    CORPUS_STR("image", REGEX, NOCASE, "\\\\(winword|excel|powerpnt)\\.exe$"),
    CORPUS_INT("remote_port", INT_EQ, 0, 445),
    CORPUS_INT("protocol", INT_EQ, 0, 6),
    CORPUS_INT("direction", INT_EQ, 0, 1),
};
static const corpus_crit nc_rdp[] = {
    CORPUS_STR("remote_addr", PREFIX, NEGATE, "10."),
    CORPUS_INT("remote_port", INT_EQ, 0, 3389),
    CORPUS_INT("local_port", INT_MASK, 0, 0xC000),
    CORPUS_STR("user_sid", SUFFIX, 0, "-500"),
};
static const corpus_crit nc_dga[] = {
    CORPUS_STR("image", CONTAINS, NOCASE, "\\AppData\\"),
    CORPUS_STR("domain", REGEX, 0, "^[a-z0-9]{16,}\\.(top|xyz|info)$"),
    CORPUS_STR("signer", EQUALS, NOCASE | NEGATE, "Microsoft Corporation"),
    CORPUS_INT("pid", INT_MASK, NEGATE, 0x3),
};
static const corpus_inst network_connect[] = {
    { 1, "office-smb-outbound", ENABLED, CORPUS_CRITS(nc_smb) },
    { 2, "rdp-to-public-as-admin", ENABLED, CORPUS_CRITS(nc_rdp) },
    { 3, "dga-like-domain-from-appdata", ENABLED, CORPUS_CRITS(nc_dga) },
};

/* Field 20 (remote_host) is never named: it stays ANY. */
static const corpus_crit np_msse[] = {
    CORPUS_STR("pipe_name", REGEX, NOCASE, "\\\\MSSE-[0-9]{1,5}-server$"),
    CORPUS_STR("server_image", SUFFIX, NOCASE, "\\rundll32.exe"),
    CORPUS_INT("access_mask", INT_MASK, 0, 0x3),
};
static const corpus_crit np_postex[] = {
    CORPUS_STR("pipe_name", CONTAINS, NOCASE, "postex_"),
    CORPUS_STR("client_image", EQUALS, NOCASE | NEGATE, "C:\\Windows\\System32\\svchost.exe"),
    CORPUS_INT("client_pid", INT_EQ, NEGATE, 0),
    CORPUS_INT("integrity", INT_EQ, 0, 0x4000),
    CORPUS_STR("server_signer", EQUALS, NEGATE, "Microsoft Windows"),
};
static const corpus_crit np_status[] = {
    CORPUS_STR("pipe_name", PREFIX, 0, "\\\\.\\pipe\\status_"),
    CORPUS_INT("session_id", INT_EQ, 0, 0),
    CORPUS_INT("pipe_mode", INT_MASK, 0, 0x4),
    CORPUS_INT("max_instances", INT_EQ, 0, 255),
    CORPUS_INT("open_mode", INT_MASK, NEGATE, 0x40000000u),
    CORPUS_STR("client_cmdline", SUFFIX, NOCASE, " -nop -w hidden"),
    CORPUS_STR("server_sha256", REGEX, 0, "^(00|ff)[0-9a-f]{62}$"),
};
static const corpus_inst named_pipe[] = {
    { 1, "msse-default-pipe", ENABLED, CORPUS_CRITS(np_msse) },
    { 2, "postex-pipe", ENABLED, CORPUS_CRITS(np_postex) },
    { 3, "status-pipe-lateral", ENABLED, CORPUS_CRITS(np_status) },
};

static int typed(const corpus_ctx *ctx, const char *type, const corpus_inst *in, size_t n,
                 corpus_bytes *out)
{
    cfv_writer *w = corpus_writer_with(ctx, type, in, n);
    return w ? corpus_finish(w, out) : -1;
}

#define TYPED(fn, type, table) \
    static int fn(const corpus_ctx *ctx, const void *arg, corpus_bytes *out) \
    { (void)arg; return typed(ctx, type, table, sizeof table / sizeof table[0], out); }

TYPED(process_start_every_op, "ProcessStart", process_start)
TYPED(file_write_every_op, "FileWrite", file_write)
TYPED(network_connect_every_op, "NetworkConnect", network_connect)
TYPED(named_pipe_every_op, "NamedPipe", named_pipe)

/* Valid with the sections the other way round: INSTANCES first in the table
 * and in the file (FORMAT.md only asks for ascending offsets). */
static int instances_before_strings(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    cfv_writer *w =
        corpus_writer_with(ctx, "FileWrite", file_write, sizeof file_write / sizeof file_write[0]);
    if (!w)
        return -1;
    cfv_writer_layout *l = cfv_writer_layout_of(w);
    cfv_writer_section s = l->sections[0];
    l->sections[0] = l->sections[1];
    l->sections[1] = s;
    return corpus_finish(w, out);
}

/* An INSTANCES section of size 0 is legal; STRINGS still holds a string. */
static int no_instances(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    cfv_writer *w = corpus_writer(ctx, "NetworkConnect");
    if (!w || cfv_writer_add_string(w, "no instances in this content update") != 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

/* Many instances; operands repeat across instances, so the STRINGS section
 * shows the writer's deduplication. */
static int many(const corpus_ctx *ctx, const char *type, uint32_t n, int is_process,
                corpus_bytes *out)
{
    static const char *const tokens[] = { "-nop", "-w hidden", "bypass", "iex(", "downloadstring",
                                          "frombase64string", "invoke-", "-enc" };
    cfv_writer *w = corpus_writer(ctx, type);
    for (uint32_t i = 0; w && i < n; i++) {
        char name[32], image[48], re[64];
        snprintf(name, sizeof name, "generated-%04u", (unsigned)i);
        snprintf(image, sizeof image, "\\tool%03u.exe", (unsigned)(i % 97));
        snprintf(re, sizeof re, "tool%03u\\.(exe|dll)$", (unsigned)(i % 97));
        const corpus_crit crit[] = {
            CORPUS_STR(is_process ? "image" : "pipe_name", SUFFIX, (uint8_t)(i % 2 ? NOCASE : 0),
                       image),
            CORPUS_STR(is_process ? "cmdline" : "server_cmdline", CONTAINS, NOCASE, tokens[i % 8]),
            CORPUS_STR("user_sid", PREFIX, (uint8_t)(i % 5 ? 0 : NEGATE), "S-1-5-21-"),
            CORPUS_STR(is_process ? "parent_image" : "client_image", REGEX, NOCASE, re),
            CORPUS_INT(is_process ? "pid" : "server_pid", INT_EQ, 0, 1000 + i),
            CORPUS_INT(is_process ? "flags" : "access_mask", INT_MASK, 0, 1u << (i % 32)),
        };
        const corpus_inst in = { 100 + 3 * i, name, (uint8_t)(i % 11 ? ENABLED : 0),
                                 CORPUS_CRITS(crit) };
        if (corpus_add(ctx, w, &in) < 0) {
            cfv_writer_free(w);
            return -1;
        }
    }
    return w ? corpus_finish(w, out) : -1;
}

static int process_start_many(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return many(ctx, "ProcessStart", 300, 1, out);
}

static int named_pipe_many(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    return many(ctx, "NamedPipe", 64, 0, out);
}

/* Every limit at its edge: a 1024-byte string, a 256-byte regex, 4-byte
 * UTF-8, content_version 99999999, created exactly 2020-01-01, the largest
 * instance_id. */
static int limits(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)arg;
    char long_str[1025], long_re[257];
    for (int i = 0; i < 1024; i++)
        long_str[i] = (char)('a' + i % 26);
    long_str[1024] = 0;
    /* "(a|b)" x 51 = 255 bytes, then "$": 256 */
    for (int i = 0; i < 51; i++)
        snprintf(long_re + 5 * i, 6, "(%c|%c)", 'a' + i % 26, 'b' + i % 25);
    long_re[255] = '$';
    long_re[256] = 0;
    const corpus_crit crit[] = {
        CORPUS_STR("domain", CONTAINS, 0, long_str),
        CORPUS_STR("image", REGEX, NOCASE, long_re),
        CORPUS_STR("signer", EQUALS, 0, "Ünïcødé Sïgnér 株式会社 \xF0\x9F\x94\x92"),
        CORPUS_INT("remote_port", INT_EQ, 0, 0xFFFFFFFFu),
        CORPUS_INT("local_port", INT_MASK, 0, 0xFFFFFFFFu),
    };
    const corpus_inst ins[] = {
        { 1, "x", ENABLED, CORPUS_CRITS(crit) },
        { 0xFFFFFFFFu, "\xF0\x9F\x94\x92 largest instance id", ENABLED, NULL, 0 },
    };
    cfv_writer *w = corpus_writer_with(ctx, "NetworkConnect", ins, 2);
    if (!w)
        return -1;
    cfv_writer_header *h = cfv_writer_header_of(w);
    h->content_version = (uint32_t)CFF_MAX_CONTENT;
    h->created_utc = CFF_EPOCH_2020;
    return corpus_finish(w, out);
}

static const corpus_entry entries[] = {
    { "valid/process-start-every-op.cff",
      "ProcessStart: every op (EQUALS, PREFIX, SUFFIX, CONTAINS, REGEX, INT_EQ, INT_MASK, ANY), "
      "NOCASE and NEGATE, a disabled instance", "", NULL, process_start_every_op, NULL },
    { "valid/file-write-every-op.cff", "FileWrite: every op, NOCASE and NEGATE", "", NULL,
      file_write_every_op, NULL },
    { "valid/network-connect-every-op.cff", "NetworkConnect: every op, NOCASE and NEGATE", "",
      NULL, network_connect_every_op, NULL },
    { "valid/named-pipe-every-op-valid-for-7.16.cff",
      "NamedPipe (21 fields), every op, field 20 always ANY (March-style): clean on 7.16; "
      "on 7.11 (20 inputs) CFV060 and one CFV062 per instance",
      "CFV060@7.11 CFV062@7.11 CFV062@7.11 CFV062@7.11", NULL, named_pipe_every_op, NULL },
    { "valid/file-write-instances-before-strings.cff",
      "INSTANCES before STRINGS in the table and the file (only ascending offsets are required)",
      "", NULL, instances_before_strings, NULL },
    { "valid/network-connect-no-instances.cff", "an INSTANCES section of size 0 (no instances)",
      "", NULL, no_instances, NULL },
    { "valid/process-start-300-instances.cff",
      "300 ProcessStart instances with shared operands (deduplicated strings)", "", NULL,
      process_start_many, NULL },
    { "valid/named-pipe-64-instances-valid-for-7.16.cff",
      "64 NamedPipe instances, field 20 ANY: clean on 7.16; on 7.11 CFV060 and 64 CFV062",
      "CFV060@7.11 CFV062@7.11*64", NULL, named_pipe_many, NULL },
    { "valid/network-connect-limits.cff",
      "every limit at its edge: 1024-byte string, 256-byte regex, 4-byte UTF-8, "
      "content_version 99999999, created_utc 2020-01-01, instance_id 0xFFFFFFFF",
      "", NULL, limits, NULL },
};

const corpus_entry *corpus_valid(size_t *n)
{
    *n = sizeof entries / sizeof entries[0];
    return entries;
}
