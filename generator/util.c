/* Allocation and error helpers for the generator (a build-time tool: it may
 * allocate freely and dies on out-of-memory). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void gen_error(loc at, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d:%d: error: ", at.file ? at.file : "<grammar>", at.line, at.col);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void *check_alloc(void *p)
{
    if (!p) {
        fputs("cfv-gen: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xcalloc(size_t n, size_t size) { return check_alloc(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t size) { return check_alloc(realloc(p, size ? size : 1)); }
char *xstrdup(const char *s) { return check_alloc(strdup(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *d = xcalloc(n + 1, 1);
    memcpy(d, s, n);
    return d;
}

const strct *find_struct(const grammar *g, const char *name)
{
    for (int i = 0; i < g->nstructs; i++)
        if (!strcmp(g->structs[i].name, name))
            return &g->structs[i];
    return NULL;
}

const enm *find_enum(const grammar *g, const char *name)
{
    for (int i = 0; i < g->nenums; i++)
        if (!strcmp(g->enums[i].name, name))
            return &g->enums[i];
    return NULL;
}

const rule_decl *find_rule(const grammar *g, int id)
{
    for (int i = 0; i < g->nrules; i++)
        if (g->rules[i].id == id)
            return &g->rules[i];
    return NULL;
}

/* Constants and enum members share one namespace. */
int lookup_constant(const grammar *g, const char *name, uint64_t *value)
{
    for (int i = 0; i < g->nconsts; i++)
        if (!strcmp(g->consts[i].name, name)) {
            *value = g->consts[i].value;
            return 1;
        }
    for (int i = 0; i < g->nenums; i++)
        for (int j = 0; j < g->enums[i].nvals; j++)
            if (!strcmp(g->enums[i].vals[j].name, name)) {
                *value = g->enums[i].vals[j].value;
                return 1;
            }
    if (!strcmp(name, "NONE")) {
        *value = 0xFFFFFFFFu;
        return 1;
    }
    return 0;
}

const char *gen_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

const ext_decl *find_extern(const grammar *g, const char *name)
{
    for (int i = 0; i < g->nexterns; i++)
        if (!strcmp(g->externs[i].name, name))
            return &g->externs[i];
    return NULL;
}

const param *set_param(const grammar *g)
{
    for (int i = 0; i < g->nstructs; i++)
        for (int j = 0; g->structs[i].is_entry && j < g->structs[i].nparams; j++)
            if (g->structs[i].params[j].is_set)
                return &g->structs[i].params[j];
    return NULL;
}
