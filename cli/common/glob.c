#include "glob.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One segment of s (up to '/' or the end) into buf; returns its length or
 * -1 if it does not fit. */
static int segment(const char *s, char *buf, size_t cap)
{
    size_t n = strcspn(s, "/");
    if (n >= cap)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return (int)n;
}

static const char *next(const char *s)
{
    const char *slash = strchr(s, '/');
    return slash ? slash + 1 : NULL;
}

/* Backtracks only at `**`: patterns are short, so the work stays small. */
int cfv_glob_match(const char *pattern, const char *path)
{
    char pseg[256], sseg[256];
    while (pattern) {
        if (segment(pattern, pseg, sizeof pseg) < 0)
            return 0;
        if (strcmp(pseg, "**") == 0) {
            const char *rest = next(pattern);
            if (!rest)
                return 1;   /* a trailing ** matches everything below */
            for (const char *p = path; p; p = next(p))
                if (cfv_glob_match(rest, p))
                    return 1;
            return 0;
        }
        if (!path || segment(path, sseg, sizeof sseg) < 0 || fnmatch(pseg, sseg, 0) != 0)
            return 0;
        pattern = next(pattern);
        path = next(path);
    }
    return path == NULL;
}

char *cfv_path_below(const char *dir, const char *path)
{
    char *rdir = realpath(dir, NULL);
    char *slash = strrchr(path, '/');
    char *pdir = slash ? strndup(path, (size_t)(slash - path + (slash == path))) : strdup(".");
    char *rp = pdir ? realpath(pdir, NULL) : NULL;
    char *out = NULL;
    if (rdir && rp) {
        size_t n = strlen(rdir);
        const char *base = slash ? slash + 1 : path;
        if (strcmp(rdir, "/") == 0)
            n = 0;
        if (strncmp(rp, rdir, n) == 0 && (rp[n] == '/' || rp[n] == '\0')) {
            const char *sub = rp[n] == '/' ? rp + n + 1 : "";
            out = malloc(strlen(sub) + strlen(base) + 2);
            if (out)
                sprintf(out, "%s%s%s", sub, sub[0] ? "/" : "", base);
        }
    }
    free(rdir);
    free(pdir);
    free(rp);
    return out;
}


char *cfv_dir_below(const char *dir, const char *sub)
{
    char *rdir = realpath(dir, NULL), *rsub = realpath(sub, NULL), *out = NULL;
    if (rdir && rsub) {
        size_t n = strcmp(rdir, "/") == 0 ? 0 : strlen(rdir);
        if (strcmp(rdir, rsub) == 0)
            out = strdup("");
        else if (strncmp(rsub, rdir, n) == 0 && rsub[n] == '/')
            out = strdup(rsub + n + 1);
    }
    free(rdir);
    free(rsub);
    return out;
}
