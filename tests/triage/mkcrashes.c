/* cfv-triage-mkcrashes: writes N crash variants of a channel file into a
 * directory, named as libFuzzer names crashes, for corpus/crashes and for
 * trying `cfv triage` on a campaign-sized directory:
 *
 *   cfv-triage-mkcrashes CHANNEL_FILE OUT_DIR N [PREFIX]
 *
 * PREFIX defaults to libFuzzer's "crash-" (which .gitignore ignores: the
 * committed samples use another). Variant 0 is the file itself (the
 * smallest); see triage_mutate.h. */
#include <stdio.h>
#include <stdlib.h>

#include "read_input.h"
#include "triage_mutate.h"

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fputs("usage: cfv-triage-mkcrashes CHANNEL_FILE OUT_DIR N [PREFIX]\n", stderr);
        return 2;
    }
    cfv_input in;
    static cfv_err e;
    if (cfv_read_any(argv[1], 1u << 24, CFV_READ_STREAMS | CFV_READ_PREFIX, &in, &e) != 0) {
        fprintf(stderr, "cfv-triage-mkcrashes: %s\n", e.msg);
        return 2;
    }
    uint8_t *base = in.data;
    size_t len = in.len;
    int rc = 0;
    unsigned n = (unsigned)strtoul(argv[3], NULL, 10);
    for (unsigned k = 0; k < n && rc == 0; k++) {
        size_t vn;
        uint8_t *v = tt_mutate(base, len, k, &vn);
        char name[48], path[4096];
        if (!v)
            return 2;
        tt_crash_name(argc == 5 ? argv[4] : "crash-", v, vn, name);
        snprintf(path, sizeof path, "%s/%s", argv[2], name);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(v, 1, vn, f) != vn)
            rc = 2;
        if (f && fclose(f) != 0)
            rc = 2;
        if (rc)
            fprintf(stderr, "cfv-triage-mkcrashes: %s: cannot write\n", path);
        free(v);
    }
    free(base);
    return rc;
}
