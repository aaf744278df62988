/* cfv: dispatches to a subcommand from the table in commands.h. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "build_info.h"
#include "cfv/cfv.h"
#include "out.h"

#define CFV_COMMAND(name, summary) int cfv_cmd_##name(int argc, char **argv);
#include "commands.h"
#undef CFV_COMMAND

typedef struct cfv_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} cfv_command;

static const cfv_command commands[] = {
#define CFV_COMMAND(name, summary) {#name, summary, cfv_cmd_##name},
#include "commands.h"
#undef CFV_COMMAND
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Writes text to stdout; 0, or 2 after saying why on stderr. */
static int print_stdout(const char *text)
{
    cfv_out out;
    cfv_err e;
    if (cfv_out_open(&out, NULL, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    cfv_buf_puts(&out.buf, text);
    if (cfv_out_commit(&out, &e) != 0) {
        fprintf(stderr, "cfv: %s\n", e.msg);
        return 2;
    }
    return 0;
}

/* "cfv VERSION (git REVISION)": the first word pair is what help2man and
 * packagers read; the revision says which commit this binary is. */
static int version(void)
{
    char text[256];
    snprintf(text, sizeof text, "cfv %s (git %s)\n", cfv_build_version, cfv_build_revision);
    return print_stdout(text);
}

static int usage(int to_stderr)
{
    cfv_buf b = {0};
    cfv_buf_puts(&b, "Usage: cfv COMMAND [OPTIONS] [ARGS]\n"
                     "Validate and inspect CFF v1 channel files.\n\nCommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        cfv_buf_printf(&b, "  %-10s %s\n", commands[i].name, commands[i].summary);
    cfv_buf_printf(&b, "  %-10s %s\n", "help", "show help for a command: cfv help COMMAND");
    cfv_buf_puts(&b, "\nOptions:\n  --version  print the version\n  --help     show this help\n");
    cfv_buf_putc(&b, '\0');
    int rc;
    if (b.oom) {
        fputs("cfv: out of memory\n", stderr);
        rc = 2;
    } else if (to_stderr) {
        fputs(b.data, stderr);
        rc = 2;
    } else {
        rc = print_stdout(b.data);
    }
    cfv_buf_free(&b);
    return rc;
}

static const cfv_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown(const char *name)
{
    fprintf(stderr, "cfv: unknown command '%s'\nTry 'cfv help' for the list of commands.\n",
            name);
    return 2;
}

static int help(int argc, char **argv)
{
    if (argc < 3)
        return usage(0);
    const cfv_command *c = find(argv[2]);
    if (!c)
        return unknown(argv[2]);
    char *sub[] = {argv[2], "--help", NULL};
    return c->run(2, sub);
}

/* A closed stdin/stdout/stderr would be reused by the next open(), and a
 * report could land in an input file's descriptor. Park /dev/null there;
 * stdout gets a read-only one so writing to it still fails loudly. */
static void guard_std_fds(void)
{
    static const int modes[3] = {O_RDONLY, O_RDONLY, O_WRONLY};
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) != -1)
            continue;
        int nfd = open("/dev/null", modes[fd]);
        if (nfd >= 0 && nfd != fd) {
            dup2(nfd, fd);
            close(nfd);
        }
    }
}

int main(int argc, char **argv)
{
    guard_std_fds();
    /* A closed pipe is a write error to report (exit 2), not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        fputs("cfv: no command given\n", stderr);
        return usage(1);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0)
        return version();
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return usage(0);
    if (strcmp(cmd, "help") == 0)
        return help(argc, argv);
    const cfv_command *c = find(cmd);
    if (!c)
        return unknown(cmd);
    return c->run(argc - 1, argv + 1);
}
