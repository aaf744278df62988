/* Seed files: a handful per Template Type, every op, NOCASE and NEGATE,
 * live criteria only on fields every sensor supplies. Small (one to three
 * instances, one to three live criteria each): an execution costs about
 * its input's size, and mutants grow from the seeds (OSS-Fuzz: small
 * seeds, each one exercising the format's parts). */
#include <stdio.h>

#include "seeds.h"

#define CREATED 1719792000u     /* 2024-07-01 */

static const char *const strs[] = {
    "\\\\.\\pipe\\", "cmd.exe", "C:\\Windows\\System32\\svchost.exe", "powershell",
    "S-1-5-18", "10.0.0.1", "Microsoft Windows", "e3b0c44298fc1c149afbf4c8996fb924",
    ".dll", "explorer.exe", "\\Device\\HarddiskVolume2", "mojo.",
};

/* Compile in PCRE2 and hold no nested unbounded quantifier (CFV056). */
static const char *const regexes[] = {
    "^\\\\\\\\\\.\\\\pipe\\\\[a-z0-9_]{4,32}$", "(?i)powershell(\\.exe)?$", "^S-1-5-21-[0-9-]+$",
    "\\.(exe|dll|sys)$", "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$",
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The op of a seed's n-th live string (or integer) criterion: seed k
 * starts at op k, so a type's five seeds hold every op between them. */
static int set_live(cfv_writer *w, const cfv_defs *d, int t, size_t i, uint32_t f, unsigned v,
                    unsigned nth[2])
{
    if (cfv_defs_field_type(d, t, f) == CFV_FT_U32) {
        uint8_t op = nth[1]++ % 2 ? CFF_OP_INT_MASK : CFF_OP_INT_EQ;
        uint8_t flags = v % 5 == 4 ? CFF_CRITERION_FLAG_NEGATE : 0;
        return cfv_writer_set_int(w, i, f, op, flags, op == CFF_OP_INT_MASK ? 1u << (v % 16) : v % 1000 + 1);
    }
    uint8_t op = (uint8_t)(CFF_OP_EQUALS + nth[0]++ % 5);
    uint8_t flags = (uint8_t)((v % 3 == 1 ? CFF_CRITERION_FLAG_NOCASE : 0) |
                              (v % 4 == 3 ? CFF_CRITERION_FLAG_NEGATE : 0));
    const char *text = op == CFF_OP_REGEX ? regexes[v % COUNT(regexes)] : strs[v % COUNT(strs)];
    return cfv_writer_set_str(w, i, f, op, flags, text);
}

static int add_instances(cfv_writer *w, const cfv_defs *d, int t, int k)
{
    const cfv_type_def *def = &d->types[t];
    uint32_t safe = cfv_seed_fewest_inputs(d, t);
    unsigned nth[2] = {(unsigned)k, (unsigned)k};
    int n = 1 + k % 3;          /* 1, 2, 3, 1, 2: seed 2 has the disabled instance */
    for (int j = 0; j < n; j++) {
        char name[64];
        snprintf(name, sizeof name, "seed-%s-%d-%d", def->name, k, j);
        uint8_t flags = j == 1 && k == 2 ? 0 : CFF_INSTANCE_FLAG_ENABLED;
        int i = cfv_writer_add_instance(w, (uint32_t)(100 * k + j + 1), (uint16_t)def->id,
                                        (uint8_t)def->nfields, flags, name);
        if (i < 0)
            return i;
        for (int c = 0; safe && c < 1 + (j + k) % 3; c++) {
            uint32_t f = (uint32_t)(j * 7 + c * 5 + k * 3) % safe;
            int rc = set_live(w, d, t, (size_t)i, f, (unsigned)(j * 13 + c * 7 + k * 3 + t), nth);
            if (rc != CFV_WRITER_OK)
                return rc;
        }
    }
    return k == 4 ? cfv_writer_add_string(w, "unreferenced") : CFV_WRITER_OK;
}

int cfv_seed_build(const cfv_defs *d, int t, int k, cfv_wfile *out)
{
    cfv_writer *w = cfv_writer_new(d->types[t].channel, (uint32_t)k + 1, CREATED);
    if (!w)
        return CFV_WRITER_ENOMEM;
    int rc = add_instances(w, d, t, k);
    if (rc == CFV_WRITER_OK)
        rc = cfv_writer_encode(w, out);
    cfv_writer_free(w);
    return rc;
}
