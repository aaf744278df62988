#include "exe_path.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cfv_exe_relative(char *out, size_t cap, const char *rel)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    int w = snprintf(out, cap, "%s/%s", exe, rel);
    return w > 0 && (size_t)w < cap ? 0 : -1;
}

char *cfv_exe_find(const char *const *rels, size_t n)
{
    char path[PATH_MAX];
    for (size_t i = 0; i < n; i++)
        if (cfv_exe_relative(path, sizeof path, rels[i]) == 0 && access(path, X_OK) == 0)
            return strdup(path);
    return NULL;
}
