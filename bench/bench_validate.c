/* bench_validate: validator throughput against a bare CRC-32C pass over the
 * same bytes (FORMAT.md's CRC is the floor: the validator must compute it),
 * linearity across 1, 8 and 64 MiB, the worst input classes per MiB
 * against the typical file, and the peak RSS of `cfv check` on a 64 MiB
 * file against its size. Prints figures and ratios; asserts nothing
 * (targets are read by people, not by timed unit tests).
 *
 * usage: bench_validate [--quick]   (--quick: 1 and 8 MiB only, fewer runs)
 *        bench_validate --write-files DIR   (the typical and broken 8 MiB files)
 *        bench_validate --validate FILE [RUNS]   (FILE validated as cfv check does, RUNS
 *            times (default 1): what callgrind counts per class, docs/performance.md)
 *        bench_validate --validate-all FILE [RUNS]   (the same, every diagnostic built
 *            and dropped: the "build all" row, what rendering costs) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_run.h"
#include "cfv/cfv.h"
#include "cfv/crc32c.h"
#include "cfv/regex_pcre2.h"
#include "cfv/writer.h"

#define MIB (1024.0 * 1024.0)

typedef struct bench {
    cfv_defs *defs;
    int runs;
} bench;

/* ----------------------------------------------------------- file builders */

/* ProcessStart: 12 fields (image, cmdline, ..., integrity 5, ..., flags 11). */
enum { PS_TYPE = 1, PS_CHANNEL = 261, PS_FIELDS = 12, FW_TYPE = 2, FW_CHANNEL = 285, FW_FIELDS = 9 };

typedef enum shape {
    TYPICAL,            /* mixed ops, a few shared strings and regexes */
    DENSE_INSTANCES,    /* smallest records (FileWrite, all ANY): most instances per byte */
    MANY_STRINGS,       /* STRINGS full of tiny strings */
    LONG_STRINGS,       /* STRINGS full of 1024-byte strings */
    ONE_REGEX,          /* every string criterion the same REGEX */
    DISTINCT_REGEX,     /* every REGEX different (the cache cannot help) */
    DISTINCT_OPTIONS,   /* the same with (?i): still decided without compiling */
    DISTINCT_COMPILED,  /* the same outside the plain subset: each one compiled */
    COMPILED_AT_BOUND,  /* as many of those as the per-file bound lets a file have, repeated */
    DISTINCT_RECORDS,   /* typical, but no criterion repeats its index's last one */
    ALL_BROKEN,         /* every criterion breaks a rule: diagnostics everywhere */
} shape;

static const char *const shape_names[] = {
    "typical", "dense instances", "many tiny strings", "1024-byte strings",
    "one regex repeated", "distinct regexes",
    "distinct regexes, (?i) (not compiled)", "distinct regexes, lookbehind (compiled)",
    "lookbehind regexes, as many as the bound",
    "typical, no criterion repeated (memo misses)",
    "every criterion broken",
};

/* COMPILED_AT_BOUND's distinct patterns: the bound of a file of a little
 * under 8 MiB (its instances leave room for their strings, below). */
#define AT_BOUND cfv_regex_file_bound((8u << 20) - 65536)

/* DISTINCT_RECORDS' string operands: 2 x 4096 strings of ~12 bytes. */
#define DISTINCT_STRINGS 4096

static int fill_instance(cfv_writer *w, shape s, size_t i)
{
    char text[1100];
    int type = s == DENSE_INSTANCES ? FW_TYPE : PS_TYPE;
    int nf = s == DENSE_INSTANCES ? FW_FIELDS : PS_FIELDS;
    snprintf(text, sizeof text, "rule-%zu", i % 64);
    int k = cfv_writer_add_instance(w, (uint32_t)i + 1, (uint16_t)type, (uint8_t)nf,
                                    CFF_INSTANCE_FLAG_ENABLED, text);
    if (k < 0)
        return k;
    switch (s) {
    case TYPICAL:
        cfv_writer_set_str(w, (size_t)k, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, "\\powershell.exe");
        cfv_writer_set_str(w, (size_t)k, 1, CFF_OP_CONTAINS, CFF_CRITERION_FLAG_NOCASE, "-enc");
        if (i % 4 == 0) {
            snprintf(text, sizeof text, "^[A-Z]:\\\\Users\\\\[^\\\\]+\\\\AppData\\\\Local\\\\Temp%zu", i % 16);
            cfv_writer_set_str(w, (size_t)k, 2, CFF_OP_REGEX, 0, text);
        }
        cfv_writer_set_int(w, (size_t)k, 5, CFF_OP_INT_EQ, 0, 0x2000);
        cfv_writer_set_int(w, (size_t)k, 11, CFF_OP_INT_MASK, CFF_CRITERION_FLAG_NEGATE, 0x10);
        break;
    case DENSE_INSTANCES:
    case MANY_STRINGS:
    case LONG_STRINGS:
        break;
    case ONE_REGEX:
        for (size_t c = 0; c < 5; c++)
            cfv_writer_set_str(w, (size_t)k, c, CFF_OP_REGEX, 0, "(?:^|\\\\)evil[0-9]{2,8}\\.(exe|dll)$");
        break;
    case DISTINCT_REGEX:
    case DISTINCT_OPTIONS:
    case DISTINCT_COMPILED:
    case COMPILED_AT_BOUND:
        for (size_t c = 0; c < 5; c++) {
            /* (?i) was outside the plain subset before session 4, a
             * lookbehind still is (regex_plain.c): each one compiled */
            snprintf(text, sizeof text, "%s^x%zu(?:ab|cd)*[0-9]{1,4}(e|f)$",
                     s == DISTINCT_OPTIONS ? "(?i)" : s >= DISTINCT_COMPILED ? "(?<!y)" : "",
                     s == COMPILED_AT_BOUND ? (i * 5 + c) % AT_BOUND
                                            : i * 5 + c);
            cfv_writer_set_str(w, (size_t)k, c, CFF_OP_REGEX, 0, text);
        }
        break;
    case DISTINCT_RECORDS:
        /* The fast tier remembers the last clean record per index
         * (docs/performance.md, session 5): here no instance's set
         * criterion equals the one before it, so every one is checked. */
        snprintf(text, sizeof text, "\\proc%zu.exe", i % DISTINCT_STRINGS);
        cfv_writer_set_str(w, (size_t)k, 0, CFF_OP_SUFFIX, CFF_CRITERION_FLAG_NOCASE, text);
        snprintf(text, sizeof text, "-enc%zu", (i + 1) % DISTINCT_STRINGS);
        cfv_writer_set_str(w, (size_t)k, 1, CFF_OP_CONTAINS, CFF_CRITERION_FLAG_NOCASE, text);
        if (i % 4 == 0) {
            snprintf(text, sizeof text, "^[A-Z]:\\\\Users\\\\[^\\\\]+\\\\AppData\\\\Local\\\\Temp%zu", i % 16);
            cfv_writer_set_str(w, (size_t)k, 2, CFF_OP_REGEX, 0, text);
        }
        cfv_writer_set_int(w, (size_t)k, 5, CFF_OP_INT_EQ, 0, (uint32_t)i);
        cfv_writer_set_int(w, (size_t)k, 11, CFF_OP_INT_MASK, CFF_CRITERION_FLAG_NEGATE, (uint32_t)i | 0x10);
        break;
    case ALL_BROKEN:
        for (size_t c = 0; c < (size_t)nf; c++)
            cfv_writer_set_int(w, (size_t)k, c, 9 /* unknown op: CFV050 */, 0, 0);
        break;
    }
    return 0;
}

/* A file of about `bytes` bytes of the given shape, never over it: a 64 MiB
 * file must stay within the default --max-size (CFV013). */
static int build(shape s, size_t bytes, cfv_wfile *out)
{
    bytes -= 4096; /* header, table, strings and padding */
    cfv_writer *w = cfv_writer_new(s == DENSE_INSTANCES ? FW_CHANNEL : PS_CHANNEL, 7, 1719792000);
    if (!w)
        return -1;
    size_t per = s == DENSE_INSTANCES ? 16 + 8 * FW_FIELDS : 16 + 8 * PS_FIELDS;
    size_t n = bytes / per;
    if (s == MANY_STRINGS || s == LONG_STRINGS) {
        char text[1100];
        size_t len = s == MANY_STRINGS ? 7 : 1024;
        size_t nstr = (bytes - 64 * per) / (len + 1);
        for (size_t i = 0; i < nstr; i++) {
            snprintf(text, sizeof text, "%0*zu", (int)len, i);
            if (cfv_writer_add_string(w, text) != 0)
                return cfv_writer_free(w), -1;
        }
        n = 64;
    }
    if (s == DISTINCT_REGEX || s == DISTINCT_OPTIONS || s == DISTINCT_COMPILED ||
        s == COMPILED_AT_BOUND || s == ONE_REGEX)
        n = bytes / (per + (s == DISTINCT_REGEX ? 5 * 36 : s == DISTINCT_OPTIONS ? 5 * 40
                            : s == DISTINCT_COMPILED ? 5 * 42 : 0));
    if (s == COMPILED_AT_BOUND)
        n = (bytes - AT_BOUND * 43) / per;
    if (s == DISTINCT_RECORDS)
        n = (bytes - 2 * DISTINCT_STRINGS * 16) / per;
    for (size_t i = 0; i < n; i++)
        if (fill_instance(w, s, i) != 0)
            return cfv_writer_free(w), -1;
    int rc = cfv_writer_encode(w, out);
    cfv_writer_free(w);
    return rc;
}

/* ------------------------------------------------------------------ timing */

typedef struct figures {
    double seconds;     /* best of runs */
    cfv_result result;
} figures;

/* What cfv check does since the verdict became an invariant: every
 * diagnostic counted, only the ones it prints (the first 100) built; past
 * them its want() mutes (CFV_WANT_MUTE) and counts the repeats muted() hands
 * it, as cfv check's does. */
typedef struct printing_cap {
    uint32_t wanted, limit;
    uint64_t muted;
} printing_cap;

static int want_first(void *user, unsigned rule, unsigned severity, int sensor)
{
    printing_cap *p = user;
    (void)rule, (void)severity, (void)sensor;
    return p->wanted < p->limit ? (p->wanted++, 1) : CFV_WANT_MUTE;
}

static void count_muted(void *user, unsigned rule, unsigned severity, int sensor, uint32_t n)
{
    printing_cap *p = user;
    (void)rule, (void)severity, (void)sensor;
    p->muted += n;
}

static void drop(void *user, const cfv_diag *d) { (void)user, (void)d; }

/* max_diag UINT32_MAX - 1: no cap, want() builds the first 100.
 * FAST_TIER_ONLY: cfv_validate_clean alone (errors 1 when not clean). */
#define PRINT_CAP_ONLY (0xFFFFFFFFu - 1u)
#define FAST_TIER_ONLY (0xFFFFFFFFu - 2u)
/* no cap and every diagnostic built and handed to a sink that drops it. */
#define BUILD_ALL 0xFFFFFFFFu

/* One validation of f, timed. bound: the cache is told of the file, as
 * cfv check does (the per-file bound on patterns that need a PCRE2
 * compile, cfv/regex_pcre2.h). */
static figures validate_once(const bench *b, const cfv_wfile *f, uint32_t max_diag, int bound)
{
    /* A fresh cache per run: compiling the file's regexes is part of the cost. */
    cfv_regex_cache *cache = cfv_regex_cache_new();
    if (bound)
        cfv_regex_cache_begin_file(cache, f->len);
    cfv_options o = { 0 };
    o.defs = b->defs;
    o.sensors = ~0u;
    o.real_size = f->len;
    o.max_diagnostics = max_diag;
    cfv_regex_use(&o, cache);
    printing_cap cap = { 0, CFV_DEFAULT_MAX_DIAGNOSTICS, 0 };
    if (max_diag == PRINT_CAP_ONLY) {
        o.want = want_first;
        o.muted = count_muted;
        o.emit = drop;
        o.emit_user = &cap;
    } else if (max_diag == BUILD_ALL) {
        o.emit = drop;      /* a sink: without one nothing is built */
    }
    figures once = { 0, { 0, 0, 0 } };
    double t0 = bench_now();
    if (max_diag != FAST_TIER_ONLY)
        once.result = cfv_validate(f->data, f->len, &o);
    else
        once.result.errors = !cfv_validate_clean(f->data, f->len, &o);
    once.seconds = bench_now() - t0;
    cfv_regex_cache_free(cache);
    return once;
}

/* One bare CRC-32C pass over f, timed. */
static double crc_once(const cfv_wfile *f)
{
    double t0 = bench_now();
    volatile uint32_t sink = cfv_crc32c(0, f->data, f->len);   /* kept: the pass is not dropped */
    (void)sink;
    return bench_now() - t0;
}

static void keep_best(figures *best, figures run)
{
    if (run.seconds < best->seconds)
        *best = run;
}

static figures time_validate(const bench *b, const cfv_wfile *f, uint32_t max_diag, int bound)
{
    figures best = { 1e30, { 0, 0, 0 } };
    for (int r = 0; r < b->runs; r++)
        keep_best(&best, validate_once(b, f, max_diag, bound));
    return best;
}

static cfv_defs *load_defs(void)
{
    static const char path[] = CFV_SOURCE_DIR "/grammar/cff.defs";
    FILE *fp = fopen(path, "rb");
    cfv_defs *d = calloc(1, sizeof *d);
    char *text = malloc(1 << 20);
    cfv_defs_error err;
    size_t n = fp && text ? fread(text, 1, 1 << 20, fp) : 0;
    if (fp)
        fclose(fp);
    if (!d || !n || cfv_defs_parse(d, text, n, &err) != 0) {
        fprintf(stderr, "bench_validate: cannot load %s\n", path);
        exit(2);
    }
    free(text);
    return d;
}

#ifdef CFV_BINARY_DIR
/* Writes a typical file of `bytes` in a child process, so this process
 * never holds it: a child's ru_maxrss also counts the memory of the
 * process that forked it, up to its exec. */
static int write_typical(const char *path, size_t bytes)
{
    pid_t pid = fork();
    if (pid == 0) {
        cfv_wfile f;
        FILE *fp = build(TYPICAL, bytes, &f) == 0 ? fopen(path, "wb") : NULL;
        _exit(!fp || fwrite(f.data, 1, f.len, fp) != f.len || fclose(fp) != 0);
    }
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
                   WEXITSTATUS(status) == 0 ? 0 : -1;
}

static long own_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

/* Peak RSS of `cfv check -q` on typical files of 1 and 64 MiB: the 64 MiB
 * one should cost its size (one read) plus at most 16 MiB. Run first,
 * while this process is small. */
static int memory(void)
{
    char dir[] = "/tmp/bench_validate.XXXXXX";
    if (!mkdtemp(dir))
        return fprintf(stderr, "bench_validate: cannot make a temporary directory\n"), 2;
    printf("peak RSS of cfv check -q (target: file size + 16 MiB at most; counts up to %.1f MiB "
           "of this process, forked before the exec):\n", (double)own_rss_kib() / 1024.0);
    printf("%-26s %8s %14s %14s %6s\n", "file", "MiB", "peak RSS MiB", "RSS - size", "exit");
    static const size_t mib[] = { 1, 64 };
    for (int i = 0; i < 2; i++) {
        char path[64];
        struct stat st;
        snprintf(path, sizeof path, "%s/typical-%zuMiB.cff", dir, mib[i]);
        if (write_typical(path, mib[i] << 20) != 0 || stat(path, &st) != 0)
            return fprintf(stderr, "bench_validate: cannot write %s\n", path), 2;
        char *argv[] = { CFV_BINARY_DIR "/cfv", "check", "-q", path, NULL };
        bench_figures r = bench_run(argv, 1);
        unlink(path);
        double rss = (double)r.max_rss_kib / 1024.0, size = (double)st.st_size / MIB;
        printf("%-26s %8.1f %14.1f %14.1f %6d\n", "typical (instance-heavy)", size, rss,
               rss - size, r.status);
    }
    rmdir(dir);
    printf("\n");
    return 0;
}
#endif

/* --write-files DIR: the typical and the broken 8 MiB files, to time the
 * whole `cfv check` on them (docs/assurance.md), and every worst class, to
 * count its instructions (docs/performance.md). */
static int write_files(const char *dir)
{
    static const char *const names[] = {
        "typical", "dense", "tiny-strings", "long-strings", "one-regex", "distinct",
        "distinct-options", "distinct-compiled", "compiled-at-bound", "distinct-records", "broken",
    };
    for (int i = TYPICAL; i <= ALL_BROKEN; i++) {
        cfv_wfile f;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s-8MiB.cff", dir, names[i]);
        FILE *fp = build((shape)i, 8u << 20, &f) == 0 ? fopen(path, "wb") : NULL;
        if (!fp || fwrite(f.data, 1, f.len, fp) != f.len || fclose(fp) != 0)
            return fprintf(stderr, "bench_validate: cannot write %s\n", path), 2;
        cfv_wfile_free(&f);
    }
    return 0;
}

/* --validate FILE [RUNS]: one file as cfv check validates it (a fresh
 * cache told of the file, every diagnostic counted, the first 100 built),
 * so that `valgrind --tool=callgrind` counts exactly that; max_diag
 * BUILD_ALL: every diagnostic built (--validate-all). */
static int validate_file(const char *path, int runs, uint32_t max_diag)
{
    cfv_wfile f = { 0 };
    if (!(f.data = (void *)bench_slurp(path, &f.len)))
        return fprintf(stderr, "bench_validate: cannot read %s\n", path), 2;
    bench b = { load_defs(), runs > 0 ? runs : 1 };
    figures v = time_validate(&b, &f, max_diag, 1);
    printf("%s: %.3f ms/MiB (best of %d), %u errors, %u warnings\n", path,
           v.seconds * 1e3 / ((double)f.len / MIB), b.runs, v.result.errors, v.result.warnings);
    free(f.data);
    free(b.defs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "--write-files"))
        return write_files(argv[2]);
    if (argc > 2 && !strcmp(argv[1], "--validate"))
        return validate_file(argv[2], argc > 3 ? atoi(argv[3]) : 1, PRINT_CAP_ONLY);
    if (argc > 2 && !strcmp(argv[1], "--validate-all"))
        return validate_file(argv[2], argc > 3 ? atoi(argv[3]) : 1, BUILD_ALL);
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
#ifdef CFV_BINARY_DIR
    if (memory() != 0)
        return 2;
#endif
    bench b = { load_defs(), quick ? 9 : 15 };
    const size_t sizes[] = { 1, 8, 64 };
    const size_t nsizes = quick ? 2 : 3;

    printf("cfv validator benchmark (best of %d runs; hardware CRC-32C: %s)\n\n", b.runs,
           cfv_crc32c_hw_available() ? "yes" : "no, portable");
    printf("%-26s %8s %10s %10s %10s %8s\n", "file", "MiB", "valid MB/s", "CRC MB/s", "ms/MiB",
           "ratio");
    for (size_t i = 0; i < nsizes; i++) {
        cfv_wfile f;
        if (build(TYPICAL, sizes[i] << 20, &f) != 0)
            return fprintf(stderr, "bench_validate: cannot build the typical file\n"), 2;
        /* Run by run in turn, so that all three see the same machine: on a
         * shared VM the speed of a core moves by 1.6 x within a second
         * (docs/performance.md, "How steady the figures are"). */
        figures v = { 1e30, { 0, 0, 0 } }, fastv = v;
        double c = 1e30;
        for (int r = 0; r < b.runs; r++) {
            keep_best(&v, validate_once(&b, &f, 0, 1));
            const double cr = crc_once(&f);
            c = cr < c ? cr : c;
            keep_best(&fastv, validate_once(&b, &f, FAST_TIER_ONLY, 1));
        }
        const double fast = fastv.seconds;
        double mib = (double)f.len / MIB;
        printf("%-26s %8.1f %10.0f %10.0f %10.3f %8.3f%s\n", "typical (instance-heavy)", mib,
               (double)f.len / v.seconds / 1e6, (double)f.len / c / 1e6, v.seconds * 1e3 / mib,
               c / v.seconds, v.result.errors ? "  (NOT VALID!)" : "");
        printf("%-26s %8.1f %10.0f %10.0f %10.3f %8.3f\n", "  fast tier alone", mib,
               (double)f.len / fast / 1e6, (double)f.len / c / 1e6, fast * 1e3 / mib, c / fast);
        cfv_wfile_free(&f);
    }
    printf("  ratio = validator speed / bare CRC-32C speed, both measured in this run (target >= 0.25,"
           " goal 0.5);\n  linear when ms/MiB stays flat across sizes. The validator runs its fast"
           " tier, and the\n  diagnostic tier only for a file the fast tier does not call clean"
           " (docs/performance.md)\n\n");

    double worst = 0;
    const char *worst_name = "";
    printf("worst cases at 8 MiB, per MiB against the typical file (target <= 4x):\n");
    printf("%-52s %8s %8s %10s %8s %8s\n", "input class", "typ ms", "ms/MiB", "x typical", "errors",
           "warnings");
    /* Each class against the typical file, the two timed run by run in
     * turn: on a shared machine the load moves between the two less than
     * across the whole run. For the broken file: validation stopped at the cap
     * (the library's default), every diagnostic counted with only the 100
     * printed ones built (what cfv check does), and every diagnostic built. */
    static const struct {
        shape s;
        uint32_t cap;
        int bound;
        const char *suffix;
    } rows[] = {
        { DENSE_INSTANCES, 0, 1, "" },
        { MANY_STRINGS, 0, 1, "" },
        { LONG_STRINGS, 0, 1, "" },
        { ONE_REGEX, 0, 1, "" },
        { DISTINCT_REGEX, 0, 1, "" },
        { DISTINCT_OPTIONS, 0, 1, "" },
        { DISTINCT_COMPILED, 0, 0, ", no bound" },
        { DISTINCT_COMPILED, PRINT_CAP_ONLY, 1, ", bound (as cfv check)" },
        { COMPILED_AT_BOUND, PRINT_CAP_ONLY, 1, "" },
        { DISTINCT_RECORDS, 0, 1, "" },
        { ALL_BROKEN, 0, 1, " (stop at 100)" },
        { ALL_BROKEN, PRINT_CAP_ONLY, 1, " (count all, build 100)" },
        { ALL_BROKEN, BUILD_ALL, 1, " (build all)" },
    };
    cfv_wfile typical;
    if (build(TYPICAL, 8u << 20, &typical) != 0)
        return fprintf(stderr, "bench_validate: cannot build the typical file\n"), 2;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        cfv_wfile f;
        if (build(rows[r].s, 8u << 20, &f) != 0)
            return fprintf(stderr, "bench_validate: cannot build %s\n", shape_names[rows[r].s]), 2;
        double mib = (double)f.len / MIB;
        figures t = { 1e30, { 0, 0, 0 } }, v = t;
        for (int k = 0; k < b.runs; k++) {   /* in turn, as above */
            keep_best(&t, validate_once(&b, &typical, 0, 1));
            keep_best(&v, validate_once(&b, &f, rows[r].cap, rows[r].bound));
        }
        double typical_s = t.seconds / ((double)typical.len / MIB);
        char name[80];
        snprintf(name, sizeof name, "%s%s", shape_names[rows[r].s], rows[r].suffix);
        double ratio = v.seconds / mib / typical_s;
        printf("%-52s %8.3f %8.3f %10.2f %8u %8u\n", name, typical_s * 1e3, v.seconds * 1e3 / mib,
               ratio, v.result.errors, v.result.warnings);
        if (ratio > worst && rows[r].bound)
            worst = ratio, worst_name = shape_names[rows[r].s];
        cfv_wfile_free(&f);
    }
    cfv_wfile_free(&typical);
    printf("  typ ms: the typical file's ms/MiB timed in turn with the row; worst (of the rows as cfv"
           " check runs them; \"build all\" is --format json/sarif): %s, %.2fx the typical per"
           " MiB (target <= 4x)\n", worst_name, worst);
    free(b.defs);
    return 0;
}
