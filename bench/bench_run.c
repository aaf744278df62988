#include "bench_run.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *bench_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    long size = fp && fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
    char *buf = size >= 0 && fseek(fp, 0, SEEK_SET) == 0 ? malloc((size_t)size + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)size, fp) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    if (fp)
        fclose(fp);
    if (buf) {
        buf[size] = '\0';
        *len = (size_t)size;
    }
    return buf;
}

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

bench_figures bench_run(char **argv, int runs)
{
    bench_figures fig = {1e30, 0, -1};
    for (int k = 0; k < runs; k++) {
        double t0 = bench_now();
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            execv(argv[0], argv);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
            return fig;
        double dt = bench_now() - t0;
        fig.seconds = dt < fig.seconds ? dt : fig.seconds;
        fig.max_rss_kib = ru.ru_maxrss > fig.max_rss_kib ? ru.ru_maxrss : fig.max_rss_kib;
        fig.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return fig;
}
