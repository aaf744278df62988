/* Writing corpus files: create the directories, write the bytes whole. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus.h"

/* mkdir -p of every directory in path before its last '/'. */
static int make_parents(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = 0;
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

int corpus_write(const char *dir, const char *rel, const void *p, size_t n)
{
    size_t len = strlen(dir) + 1 + strlen(rel) + 1;
    char *path = malloc(len);
    if (!path)
        return -1;
    snprintf(path, len, "%s/%s", dir, rel);
    FILE *f = make_parents(path) == 0 ? fopen(path, "wb") : NULL;
    int rc = f && fwrite(p, 1, n, f) == n ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "cfv-corpus: %s: %s\n", path, strerror(errno));
    free(path);
    return rc;
}
