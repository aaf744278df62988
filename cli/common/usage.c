#include "usage.h"

#include <stdio.h>
#include <stdlib.h>

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

int cfv_cli_main(const cfv_cli_cmd *c, int argc, char **argv)
{
    void *state = calloc(1, c->size);
    if (!state)
        return cfv_cli_oom();
    cfv_err e;
    int rc = c->parse(state, argc, argv, &e);
    if (rc < 0)
        rc = cfv_cli_usage_error(c->name, &e);
    else if (rc == 1)
        rc = cfv_cli_help(c->usage);
    else
        rc = c->run(state);
    c->fini(state);
    free(state);
    return rc;
}
