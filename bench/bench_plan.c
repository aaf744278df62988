/* bench_plan: `cfv plan` at fleet scale. Builds, in a temporary directory,
 * definitions with 11 sensor profiles, fleets of 1,000 and 10,000 inventory
 * entries (rings of 10 sensor versions; 7.11 only in the last tenth of the
 * rings) and 100 or 1,000 content files copied from the committed corpus
 * (the 19 July file among them, unsafe for 7.11), then runs the built cfv
 * and prints wall time and peak RSS (the child's ru_maxrss) of each run,
 * with `cfv check` on the same files as the baseline. Figures and ratios,
 * measured in this run; asserts nothing.
 *
 * usage: bench_plan [--quick]   (--quick: one run per case instead of three) */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_run.h"

#define CFV CFV_BINARY_DIR "/cfv"
#define MAX_FILES 1000

typedef bench_figures figures;

static int spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Sensor versions beside the shipped 7.11 and 7.16, with 7.16's profile. */
static const int extra[] = {12, 13, 14, 15, 17, 18, 19, 20, 21};

/* The shipped definitions plus the extra sensors. */
static int write_defs(const char *dir)
{
    size_t len;
    char *text = bench_slurp(CFV_SOURCE_DIR "/grammar/cff.defs", &len);
    if (!text)
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/bench.defs", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(text, 1, len, f);
    for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++)
        fprintf(f, "sensor 7.%d ProcessStart=12 FileWrite=9 NetworkConnect=10 NamedPipe=21\n",
                extra[k]);
    free(text);
    return fclose(f);
}

/* rings x 10 entries: 7.16 and eight extra versions everywhere, then 7.11
 * in the last tenth of the rings and 7.21 in the others. */
static int write_fleet(const char *dir, int rings, char *path, size_t cap)
{
    snprintf(path, cap, "%s/fleet-%d.json", dir, rings * 10);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fprintf(f, "{\"fleet\":\"bench\",\"rings\":[");
    for (int r = 0; r < rings; r++)
        fprintf(f, "%s\"ring-%05d\"", r ? "," : "", r);
    fprintf(f, "],\"sensors\":[");
    unsigned long seed = 12345;
    for (int r = 0; r < rings; r++) {
        for (int s = 0; s < 10; s++) {
            int v = s == 0 ? 16 : s < 9 ? extra[s - 1] : (r >= rings - rings / 10 ? 11 : 21);
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            fprintf(f, "%s\n{\"sensor\":\"7.%d\",\"ring\":\"ring-%05d\",\"hosts\":%lu}",
                    r || s ? "," : "", v, r, (seed >> 33) % 200000);
        }
    }
    fprintf(f, "]}\n");
    return fclose(f);
}

/* n files copied round-robin from corpus/valid and corpus/incident. */
static int write_files(const char *dir, int n, char **names, size_t *total_bytes)
{
    static const char *const sources[] = {
        "valid/file-write-every-op.cff", "valid/named-pipe-64-instances-valid-for-7.16.cff",
        "valid/network-connect-limits.cff", "valid/process-start-300-instances.cff",
        "valid/process-start-every-op.cff", "valid/named-pipe-every-op-valid-for-7.16.cff",
        "valid/network-connect-every-op.cff", "incident/july19-namedpipe-nonwildcard-field20.cff",
    };
    size_t ns = sizeof sources / sizeof sources[0];
    *total_bytes = 0;
    for (int i = 0; i < n; i++) {
        char src[4096];
        snprintf(src, sizeof src, CFV_SOURCE_DIR "/corpus/%s", sources[i % ns]);
        size_t len;
        char *data = bench_slurp(src, &len);
        if (!data)
            return -1;
        names[i] = malloc(4096);
        snprintf(names[i], 4096, "%s/f%04d.cff", dir, i);
        int rc = spit(names[i], data, len);
        free(data);
        if (rc != 0)
            return -1;
        *total_bytes += len;
    }
    return 0;
}

static figures plan(const char *defs, const char *fleet, const char *format, char **files,
                    int nfiles, int runs)
{
    char **argv = calloc((size_t)nfiles + 16, sizeof *argv);
    int a = 0;
    argv[a++] = CFV;
    argv[a++] = "plan";
    argv[a++] = "--defs";
    argv[a++] = (char *)defs;
    argv[a++] = "--fleet";
    argv[a++] = (char *)fleet;
    argv[a++] = "--format";
    argv[a++] = (char *)format;
    if (!strcmp(format, "check")) {
        a = 1;
        argv[a++] = "check";
        argv[a++] = "--defs";
        argv[a++] = (char *)defs;
    }
    for (int i = 0; i < nfiles; i++)
        argv[a++] = files[i];
    argv[a] = NULL;
    figures f = bench_run(argv, runs);
    free(argv);
    return f;
}

static void row(const char *what, int entries, int nfiles, figures f)
{
    printf("  %-26s %6d entries %5d files  %8.3f s  %8ld KiB peak RSS  (exit %d)\n", what,
           entries, nfiles, f.seconds, f.max_rss_kib, f.status);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 && strcmp(argv[1], "--quick") == 0 ? 1 : 3;
    char dir[] = "/tmp/cfv-bench-plan-XXXXXX";
    if (!mkdtemp(dir) || write_defs(dir) != 0) {
        perror("bench_plan: setup");
        return 1;
    }
    char defs[4096], fleet_1k[4096], fleet_10k[4096];
    snprintf(defs, sizeof defs, "%s/bench.defs", dir);
    char **files = calloc(MAX_FILES, sizeof *files);
    size_t bytes;
    if (write_fleet(dir, 100, fleet_1k, sizeof fleet_1k) != 0 ||
        write_fleet(dir, 1000, fleet_10k, sizeof fleet_10k) != 0 ||
        write_files(dir, MAX_FILES, files, &bytes) != 0) {
        perror("bench_plan: writing inputs");
        return 1;
    }
    struct stat st;
    stat(fleet_10k, &st);
    printf("bench_plan: %s, best of %d run%s; inputs: %d files (%zu bytes in all), "
           "fleet of 10,000 entries %lld bytes\n",
           CFV, runs, runs == 1 ? "" : "s", MAX_FILES, bytes, (long long)st.st_size);
    figures check = plan(defs, fleet_10k, "check", files, MAX_FILES, runs);
    row("cfv check (baseline)", 0, MAX_FILES, check);
    figures t10k = plan(defs, fleet_10k, "text", files, MAX_FILES, runs);
    row("cfv plan --format text", 10000, MAX_FILES, t10k);
    figures j10k = plan(defs, fleet_10k, "json", files, MAX_FILES, runs);
    row("cfv plan --format json", 10000, MAX_FILES, j10k);
    figures m10k = plan(defs, fleet_10k, "markdown", files, MAX_FILES, runs);
    row("cfv plan --format markdown", 10000, MAX_FILES, m10k);
    figures t10k_100 = plan(defs, fleet_10k, "text", files, 100, runs);
    row("cfv plan --format text", 10000, 100, t10k_100);
    figures t1k = plan(defs, fleet_1k, "text", files, MAX_FILES, runs);
    row("cfv plan --format text", 1000, MAX_FILES, t1k);
    printf("ratios: plan/check time %.2f; RSS 1,000 files / 100 files %.2f (files' bytes x%.1f);"
           " RSS 10,000 entries / 1,000 entries %.2f\n",
           t10k.seconds / check.seconds, (double)t10k.max_rss_kib / (double)t10k_100.max_rss_kib,
           10.0, (double)t10k.max_rss_kib / (double)t1k.max_rss_kib);
    for (int i = 0; i < MAX_FILES; i++) {
        unlink(files[i]);
        free(files[i]);
    }
    free(files);
    unlink(defs);
    unlink(fleet_1k);
    unlink(fleet_10k);
    rmdir(dir);
    return 0;
}
