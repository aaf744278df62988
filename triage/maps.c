/* /proc/<pid>/maps lines: "lo-hi perms off dev inode   path". */
#include "maps.h"

#include <stdlib.h>
#include <string.h>

static int parse_line(char *line, cfv_map *out)
{
    char *p = line, *end;
    out->lo = strtoull(p, &end, 16);
    if (end == p || *end != '-')
        return -1;
    p = end + 1;
    out->hi = strtoull(p, &end, 16);
    if (end == p || *end != ' ' || out->hi <= out->lo)
        return -1;
    p = end + 1;
    if (strlen(p) < 5 || p[4] != ' ')
        return -1;
    memcpy(out->perms, p, 4);
    out->perms[4] = '\0';
    p += 5;
    out->off = strtoull(p, &end, 16);
    if (end == p)
        return -1;
    p = end;
    /* dev and inode, then spaces up to the path (absent for anonymous). */
    for (int field = 0; field < 2; field++) {
        while (*p == ' ')
            p++;
        while (*p && *p != ' ')
            p++;
    }
    while (*p == ' ')
        p++;
    out->path = p;
    return 0;
}

int cfv_maps_parse(cfv_maps *m, const char *text, size_t len)
{
    memset(m, 0, sizeof *m);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    m->text = malloc(len + 1);
    m->map = calloc(lines, sizeof *m->map);
    if (!m->text || !m->map) {
        cfv_maps_free(m);
        return -1;
    }
    memcpy(m->text, text, len);
    m->text[len] = '\0';
    for (char *line = m->text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (parse_line(line, &m->map[m->n]) == 0)
            m->n++;
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

void cfv_maps_free(cfv_maps *m)
{
    free(m->map);
    free(m->text);
    memset(m, 0, sizeof *m);
}

const cfv_map *cfv_maps_find(const cfv_maps *m, uint64_t addr)
{
    for (size_t i = 0; i < m->n; i++)
        if (addr >= m->map[i].lo && addr < m->map[i].hi)
            return &m->map[i];
    return NULL;
}

uint64_t cfv_maps_base(const cfv_maps *m, const char *path)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->map[i].off == 0 && strcmp(m->map[i].path, path) == 0)
            return m->map[i].lo;
    return 0;
}

uint64_t cfv_maps_distance(const cfv_maps *m, uint64_t addr)
{
    uint64_t best = UINT64_MAX;
    for (size_t i = 0; i < m->n; i++) {
        const cfv_map *e = &m->map[i];
        uint64_t d = addr < e->lo ? e->lo - addr : addr >= e->hi ? addr - e->hi + 1 : 0;
        if (d < best)
            best = d;
    }
    return best;
}

int cfv_maps_stack(const cfv_maps *m, uint64_t *lo, uint64_t *hi)
{
    for (size_t i = 0; i < m->n; i++) {
        if (strcmp(m->map[i].path, "[stack]") == 0) {
            *lo = m->map[i].lo;
            *hi = m->map[i].hi;
            return 0;
        }
    }
    return -1;
}
