/* cfv-corpus OUTDIR: writes the CFF v1 sample corpus (valid files, the
 * Channel File 291 incident, one file per broken rule, degenerate inputs),
 * its README.md and expected.txt. Deterministic: fixed times, no
 * randomness, so the committed corpus/ can be compared byte-for-byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/diag.h"
#include "corpus/corpus.h"

#ifndef CFV_DEFS_PATH
#define CFV_DEFS_PATH "grammar/cff.defs"
#endif

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (*len == cap) {
            char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!b)
                break;
            buf = b;
        }
        size_t n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0) {
            if (ferror(f))
                break;
            fclose(f);
            return buf;
        }
    }
    fclose(f);
    free(buf);
    return NULL;
}

/* Every rule of the catalog has a rules/CFVnnn-... file (or directory);
 * CFV000 is the validator's internal error, which no file should cause. */
static int check_coverage(const corpus_entry *const *parts, const size_t *counts, size_t nparts)
{
    size_t nrules;
    const cfv_rule_info *rules = cfv_rule_catalog(&nrules);
    int missing = 0;
    for (size_t r = 0; r < nrules; r++) {
        char prefix[16];
        if (rules[r].id == 0 || (rules[r].id >= 80 && rules[r].id <= 82))
            continue;   /* internal; the release gate's (pairs of files, tests/cli) */
        int found = 0;
        snprintf(prefix, sizeof prefix, "rules/%s-", rules[r].name);
        for (size_t p = 0; p < nparts; p++)
            for (size_t i = 0; i < counts[p]; i++)
                found |= strncmp(parts[p][i].path, prefix, strlen(prefix)) == 0;
        if (!found) {
            fprintf(stderr, "cfv-corpus: no corpus file breaks %s\n", rules[r].name);
            missing = 1;
        }
    }
    return missing ? -1 : 0;
}

static int emit(const corpus_ctx *ctx, const char *dir, const corpus_entry *e)
{
    corpus_bytes b = { 0 };
    if (e->build(ctx, e->arg, &b) != 0) {
        fprintf(stderr, "cfv-corpus: cannot build %s\n", e->path);
        return -1;
    }
    int rc = corpus_write(dir, e->path, b.data, b.len);
    free(b.data);
    if (rc == 0 && e->args) {
        char args[512];
        snprintf(args, sizeof args, "%s.args", e->path);
        size_t n = strlen(e->args);
        char *line = malloc(n + 1);
        if (!line)
            return -1;
        memcpy(line, e->args, n);
        line[n] = '\n';
        rc = corpus_write(dir, args, line, n + 1);
        free(line);
    }
    return rc;
}

int main(int argc, char **argv)
{
    const char *defs_path = CFV_DEFS_PATH;
    if (argc == 4 && strcmp(argv[1], "--defs") == 0) {
        defs_path = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: cfv-corpus [--defs FILE] OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1];
    corpus_ctx ctx = { 0 };
    cfv_defs *defs = calloc(1, sizeof *defs);
    cfv_defs_error err;
    char *text = read_all(defs_path, &ctx.defs_len);
    if (!defs || !text) {
        fprintf(stderr, "cfv-corpus: cannot read %s\n", defs_path);
        return 2;
    }
    if (cfv_defs_parse(defs, text, ctx.defs_len, &err) != 0) {
        fprintf(stderr, "%s:%u:%u: %s\n", defs_path, err.line, err.col, err.message);
        return 2;
    }
    ctx.defs = defs;
    ctx.defs_text = text;

    const corpus_entry *parts[7];
    size_t counts[7];
    parts[0] = corpus_valid(&counts[0]);
    parts[1] = corpus_incident(&counts[1]);
    parts[2] = corpus_rules_file(&counts[2]);
    parts[3] = corpus_rules_sections(&counts[3]);
    parts[4] = corpus_rules_records(&counts[4]);
    parts[5] = corpus_rules_sensors(&counts[5]);
    parts[6] = corpus_zero(&counts[6]);
    int rc = check_coverage(parts, counts, 7);
    for (size_t p = 0; p < 7 && rc == 0; p++)
        for (size_t i = 0; i < counts[p] && rc == 0; i++)
            rc = emit(&ctx, dir, &parts[p][i]);
    if (rc == 0)
        rc = corpus_write_readme(dir, parts, counts, 7);
    if (rc == 0)
        rc = corpus_write_expected(dir, parts, counts, 7);
    free(text);
    free(defs);
    return rc == 0 ? 0 : 1;
}
