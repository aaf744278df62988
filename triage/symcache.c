/* The per-session module cache (see symcache.h). */
#include "symcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/grow.h"

void cfv_symcache_free(cfv_symcache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->mod[i].path);
        cfv_elfsym_free(c->mod[i].syms);
    }
    free(c->mod);
    memset(c, 0, sizeof *c);
}

const cfv_elfsym *cfv_symcache_get(cfv_symcache *c, const char *path)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->mod[i].path, path) == 0)
            return c->mod[i].syms;
    if (cfv_grow((void **)&c->mod, &c->cap, c->n + 1, sizeof *c->mod) != 0)
        return NULL;
    char *copy = strdup(path);
    if (!copy)
        return NULL;
    c->mod[c->n] = (cfv_symcache_entry){copy, cfv_elfsym_open(path)};
    return c->mod[c->n++].syms;
}

void cfv_symcache_plain_name(char *out, size_t cap, const char *name)
{
    size_t n = strcspn(name, ".");
    if (n == 0) /* a name that starts with a dot is kept as is */
        n = strlen(name);
    snprintf(out, cap, "%.*s", (int)n, name);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

void cfv_symcache_frame(cfv_symcache *c, const cfv_maps *m, uint64_t addr, int caller,
                        cfv_triage_frame *f, const char **path)
{
    memset(f, 0, sizeof *f);
    f->addr = addr;
    *path = "";
    const cfv_map *at = cfv_maps_find(m, addr);
    if (!at || at->path[0] != '/')
        return;
    *path = at->path;
    uint64_t base = cfv_maps_base(m, at->path);
    f->module_off = addr - base;
    snprintf(f->module, sizeof f->module, "%s", base_name(at->path));
    const cfv_elfsym *e = cfv_symcache_get(c, at->path);
    const char *name;
    uint64_t off;
    uint64_t look = f->module_off - (caller && f->module_off ? 1 : 0);
    if (e && cfv_elfsym_lookup(e, look, &name, &off) == 0) {
        snprintf(f->function, sizeof f->function, "%s", name);
        f->function_off = off + (look != f->module_off);
    }
}
