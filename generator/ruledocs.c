/* The rule catalog's long texts: the file named by `docs "FILE";` in the
 * grammar, one block per rule, named by its id:
 *
 *   [ABC061]
 *   checks: what the rule checks (prose; continuation lines are
 *     indented by two spaces and joined with a space)
 *   why: why it matters, the incident where there is one
 *   bad:
 *     a failing example in the source format (indented lines, kept as
 *     they are, less the two spaces)
 *   good:
 *     the fixed example
 *   fix: how to fix
 *
 * '#' at the start of a line outside an example is a comment. Every rule of
 * the grammar needs a block (checked when the catalog is emitted). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *const keys[] = {"checks", "why", "bad", "good", "fix"};
#define NKEYS 5

static char **doc_text(rule_doc *d, int k)
{
    char **f[NKEYS] = {&d->checks, &d->why, &d->bad, &d->good, &d->fix};
    return f[k];
}

static void append(char **dst, const char *s, size_t n, char sep)
{
    size_t old = *dst ? strlen(*dst) : 0;
    *dst = xrealloc(*dst, old + n + 2);
    if (old && sep)
        (*dst)[old++] = sep;
    memcpy(*dst + old, s, n);
    (*dst)[old + n] = '\0';
}

static char *docs_path(const grammar *g)
{
    if (g->docs_file[0] == '/')
        return xstrdup(g->docs_file);
    const char *slash = strrchr(g->file, '/');
    size_t dn = slash ? (size_t)(slash - g->file) + 1 : 0;
    char *p = xcalloc(dn + strlen(g->docs_file) + 1, 1);
    memcpy(p, g->file, dn);
    strcpy(p + dn, g->docs_file);
    return p;
}

/* Trailing newlines of the examples go. */
static void trim(char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    while (n && s[n - 1] == '\n')
        s[--n] = '\0';
}

static int finish(const grammar *g, const char *path, rule_doc *d)
{
    for (int k = 0; k < NKEYS; k++) {
        trim(*doc_text(d, k));
        if (!*doc_text(d, k) || !**doc_text(d, k)) {
            gen_error(d->at, "%s%03d in %s: no '%s:'", g->rule_prefix, d->id, path, keys[k]);
            return -1;
        }
    }
    return 0;
}

static int parse_docs(grammar *g, const char *path, char *text)
{
    rule_doc *cur = NULL;
    int key = -1, line_no = 0, rc = 0;
    loc at = {path, 0, 1};
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        at.line = ++line_no;
        size_t n = strlen(line);
        if (n >= 2 && line[0] == ' ' && line[1] == ' ') {
            if (!cur || key < 0) {
                gen_error(at, "an indented line outside a rule's text");
                return -1;
            }
            int example = key == 2 || key == 3;
            append(doc_text(cur, key), line + 2, n - 2, example ? '\n' : ' ');
            continue;
        }
        if (n == 0) {
            if (cur && (key == 2 || key == 3) && *doc_text(cur, key))
                append(doc_text(cur, key), "", 0, '\n');   /* a blank line inside an example */
            continue;
        }
        if (line[0] == '#')
            continue;
        if (line[0] == '[') {
            if (cur && finish(g, path, cur))
                rc = -1;
            const char *rp = g->rule_prefix ? g->rule_prefix : "";
            size_t np = strlen(rp);
            const char *d = line + 1 + np;
            if (n != np + 5 || strncmp(line + 1, rp, np) || strspn(d, "0123456789") != 3 || d[3] != ']') {
                gen_error(at, "expected a block header such as [%s001]", rp);
                return -1;
            }
            int id = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
            for (int i = 0; i < g->ndocs; i++)
                if (g->docs[i].id == id) {
                    gen_error(at, "%s%03d is documented twice", rp, id);
                    return -1;
                }
            cur = GROW(g->docs, g->ndocs);
            memset(cur, 0, sizeof *cur);
            cur->id = id;
            cur->at = at;
            cur->at.file = xstrdup(path);
            key = -1;
            continue;
        }
        char *colon = strchr(line, ':');
        key = -1;
        for (int k = 0; colon && k < NKEYS; k++)
            if ((size_t)(colon - line) == strlen(keys[k]) && !strncmp(line, keys[k], strlen(keys[k])))
                key = k;
        if (!cur || key < 0) {
            gen_error(at, "expected checks:, why:, bad:, good: or fix: in a rule's block");
            return -1;
        }
        if (*doc_text(cur, key)) {
            gen_error(at, "'%s:' given twice for %s%03d", keys[key], g->rule_prefix, cur->id);
            return -1;
        }
        const char *v = colon + 1;
        while (*v == ' ')
            v++;
        *doc_text(cur, key) = xstrdup(v);
    }
    if (cur && finish(g, path, cur))
        rc = -1;
    return rc;
}

int load_rule_docs(grammar *g)
{
    if (!g->docs_file)
        return 0;
    char *path = docs_path(g);
    FILE *f = fopen(path, "rb");
    if (!f) {
        gen_error(g->docs_at, "%s: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = xcalloc(cap + 1, 1);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = xrealloc(buf, (cap *= 2) + 1);
    }
    fclose(f);
    buf[n] = '\0';
    /* Errors name the file as the grammar does; the generated C names no path. */
    int rc = parse_docs(g, path, buf);
    free(buf);
    free(path);
    return rc;
}
