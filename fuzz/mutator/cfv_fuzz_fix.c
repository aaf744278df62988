/* cfv-fuzz-fix FILE...: applies the AFL++ post-process step to saved
 * inputs in place. AFL++ 4.04c saves queue entries and crashes as the
 * mutator made them, before post-processing, so a crash found through
 * afl_custom_post_process replays only after this. */
#include <stdio.h>
#include <stdlib.h>

#include "cfv_mutator.h"
#include "fuzz_common.h"

static int fix_file(const char *path)
{
    size_t len;
    uint8_t *buf = cfv_fz_read_file(path, &len);
    int rc = !buf;
    if (buf && cfv_mutator_post_process(buf, len)) {
        FILE *f = fopen(path, "wb");
        rc = !f || fwrite(buf, 1, len, f) != len;
        if (f && fclose(f) != 0)
            rc = 1;
    }
    if (rc)
        fprintf(stderr, "%s: cannot read or rewrite\n", path);
    free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cfv-fuzz-fix FILE...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= fix_file(argv[i]);
    return rc;
}
