/* cfv-gen --out DIR GRAMMAR: compiles the grammar into the validator,
 * rule catalog, layout header and fuzzing dictionary. Each output is
 * written to a temporary file and renamed, so a failed run leaves the
 * previous outputs intact and make never sees a half-written file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

/* The generator is a short-lived compiler that keeps its AST until exit. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cfv-gen: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = xcalloc(cap, 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "cfv-gen: %s: read error\n", path);
        return NULL;
    }
    *len = n;
    return buf;
}

typedef int (*emit_fn)(const grammar *, FILE *);

static int write_output(const char *dir, const char *name, emit_fn fn, const grammar *g)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "cfv-gen: %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    int rc = fn(g, f);
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0) {
        fprintf(stderr, "cfv-gen: %s: %s\n", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(tmp);
    return rc;
}

static int usage(void)
{
    fputs("usage: cfv-gen --out DIR GRAMMAR\n"
          "       cfv-gen --check GRAMMAR   (parse and type-check only)\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *path = NULL;
    int check_only = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--check"))
            check_only = 1;
        else if (argv[i][0] == '-' || path)
            return usage();
        else
            path = argv[i];
    }
    if (!path || (!dir && !check_only))
        return usage();
    size_t len;
    char *src = read_all(path, &len);
    if (!src)
        return 1;
    grammar g;
    /* Errors name the path as given; generated files name only the base
     * name, so they are identical whatever the build directory. */
    if (parse_grammar(&g, path, src, len) || load_rule_docs(&g))
        return 1;
    if (check_only) {
        FILE *sink = fopen("/dev/null", "w");
        int rc = (!sink || emit_validator(&g, sink) || emit_rules(&g, sink)) ? 1 : 0;
        if (sink)
            fclose(sink);
        return rc;
    }
    if (write_output(dir, "cff_validate.c", emit_validator, &g) ||
        write_output(dir, "cff_rules.c", emit_rules, &g) ||
        write_output(dir, "cff_layout.h", emit_layout, &g) ||
        write_output(dir, "cff.dict", emit_dict, &g))
        return 1;
    return 0;
}
