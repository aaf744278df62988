#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct walker {
    const char *const *globs;
    size_t nglobs;
    const cfv_walk_ops *ops;
    char *root_real;            /* symlinked files must resolve below this */
} walker;

static int wanted(const walker *w, const char *name)
{
    for (size_t i = 0; i < w->nglobs; i++)
        if (fnmatch(w->globs[i], name, 0) == 0)
            return 1;
    return 0;
}

static int inside(const walker *w, const char *path)
{
    char *real = realpath(path, NULL);
    size_t n = strlen(w->root_real);
    int in = real && strncmp(real, w->root_real, n) == 0 &&
             (real[n] == '/' || strcmp(w->root_real, "/") == 0);
    free(real);
    return in;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(walker *w, const char *dir);

static int visit(walker *w, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    char *path = malloc(n + strlen(name) + 2);
    if (!path)
        return -1;
    if (strcmp(dir, ".") == 0)
        strcpy(path, name);     /* `cfv check .` shows legacy/a.sys, not ./legacy/a.sys */
    else
        sprintf(path, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
    struct stat st;
    int rc = 0;
    if (lstat(path, &st) != 0) {
        w->ops->error(w->ops->user, path, errno);
    } else if (S_ISDIR(st.st_mode)) {
        if (strcmp(name, ".git") != 0)
            rc = walk_dir(w, path);
    } else if (S_ISLNK(st.st_mode)) {
        /* Only a link to a regular file within the tree. */
        if (wanted(w, name) && stat(path, &st) == 0 && S_ISREG(st.st_mode) && inside(w, path))
            w->ops->file(w->ops->user, path);
    } else if (wanted(w, name)) {
        w->ops->file(w->ops->user, path);   /* FIFOs and devices: cfv check refuses them */
    }
    free(path);
    return rc;
}

static int walk_dir(walker *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        w->ops->error(w->ops->user, dir, errno);
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            char **g = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *g);
            if (!g) {
                rc = -1;
                break;
            }
            names = g;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = visit(w, dir, names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int cfv_walk(const char *root, const char *const *globs, size_t nglobs, const cfv_walk_ops *ops)
{
    walker w = {globs, nglobs, ops, realpath(root, NULL)};
    if (!w.root_real) {
        ops->error(ops->user, root, errno);
        return 0;
    }
    int rc = walk_dir(&w, root);
    free(w.root_real);
    return rc;
}
