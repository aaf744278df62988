/* cfv-fuzz-seeds OUTDIR [FILE...]: writes the generated seeds into OUTDIR,
 * then copies each FILE that passes cfv_seed_check (the corpus's valid and
 * March-style files) and is at most CFV_SEEDS_MAX_BYTES, and names each one
 * it refuses (the July file, any invalid or larger one). Exit 1 only if a
 * generated seed fails its own check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "seeds.h"

static int write_file(const char *path, const uint8_t *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(buf, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        perror(path);
    return ok ? 0 : -1;
}

static int generated(const cfv_defs *d, const char *dir)
{
    int rc = 0;
    for (uint32_t t = 0; t < d->ntypes; t++) {
        for (int k = 0; k < CFV_SEEDS_PER_TYPE; k++) {
            cfv_wfile f;
            char path[4096], why[160] = "";
            snprintf(path, sizeof path, "%s/%s-%d.cff", dir, d->types[t].name, k);
            if (cfv_seed_build(d, (int)t, k, &f) != CFV_WRITER_OK) {
                fprintf(stderr, "%s: the writer failed\n", path);
                return -1;
            }
            if (cfv_seed_check(d, f.data, f.len, why, sizeof why) != 0) {
                fprintf(stderr, "%s: generated seed is unfit: %s\n", path, why);
                rc = -1;
            } else if (write_file(path, f.data, f.len) != 0) {
                rc = -1;
            }
            cfv_wfile_free(&f);
        }
    }
    return rc;
}

static void extra(const cfv_defs *d, const char *dir, const char *path)
{
    size_t len;
    char why[160] = "", out[4096];
    uint8_t *buf = cfv_fz_read_file(path, &len);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!buf) {
        fprintf(stderr, "refused %s: cannot read it\n", path);
    } else if (len > CFV_SEEDS_MAX_BYTES) {
        fprintf(stderr, "refused %s: %zu bytes, over the fuzzers' -max_len of %u\n", path, len,
                CFV_SEEDS_MAX_BYTES);
    } else if (cfv_seed_check(d, buf, len, why, sizeof why) != 0) {
        fprintf(stderr, "refused %s: %s\n", path, why);
    } else {
        snprintf(out, sizeof out, "%s/%s", dir, base);
        write_file(out, buf, len);
    }
    free(buf);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cfv-fuzz-seeds OUTDIR [FILE...]\n");
        return 2;
    }
    const cfv_defs *d = cfv_fz_defs();
    int rc = generated(d, argv[1]) == 0 ? 0 : 1;
    for (int i = 2; i < argc; i++)
        extra(d, argv[1], argv[i]);
    return rc;
}
