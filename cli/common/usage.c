#include "usage.h"

#include <stdio.h>

#include "out.h"

int cfv_cli_help(void (*usage)(cfv_buf *b))
{
    cfv_out o;
    cfv_err e;
    if (cfv_out_open(&o, NULL, &e) == 0) {
        usage(&o.buf);
        if (cfv_out_commit(&o, &e) == 0)
            return 0;
    }
    fprintf(stderr, "cfv: %s\n", e.msg);
    return 2;
}

int cfv_cli_oom(void)
{
    fputs("cfv: out of memory\n", stderr);
    return 2;
}

int cfv_cli_usage_error(const char *command, const cfv_err *e)
{
    fprintf(stderr, "cfv: %s\nTry 'cfv %s --help' for more information.\n", e->msg, command);
    return 2;
}

int cfv_cli_answer(const char *command, int parse_rc, const cfv_err *e, const int *help,
                   void (*usage)(cfv_buf *b))
{
    if (parse_rc != 0)
        return cfv_cli_usage_error(command, e);
    return *help ? cfv_cli_help(usage) : -1;
}
