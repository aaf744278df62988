#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

char *cfv_tr_read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int bad = 0;
    while (n < max && !bad) {
        if (n + 1 >= cap) {
            size_t want = cap ? cap * 2 : 65536;
            char *b = realloc(buf, want);
            if (!b) {
                bad = ENOMEM;
                break;
            }
            buf = b;
            cap = want;
        }
        size_t room = cap - 1 - n < max - n ? cap - 1 - n : max - n;
        size_t got = fread(buf + n, 1, room, f);
        n += got;
        if (got < room) {
            bad = ferror(f) ? EIO : 0;
            break;
        }
    }
    fclose(f);
    if (bad || !buf) {
        free(buf);
        errno = bad ? bad : ENOMEM;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
