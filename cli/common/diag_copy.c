#include "diag_copy.h"

#include <stdlib.h>
#include <string.h>

int cfv_diag_copy(cfv_diag *to, const cfv_diag *d)
{
    char *message = strdup(d->message);
    char *args = d->args ? malloc(d->args_len ? d->args_len : 1) : NULL;
    if (!message || (d->args && !args)) {
        free(message);
        free(args);
        return -1;
    }
    if (args && d->args_len)
        memcpy(args, d->args, d->args_len);
    *to = *d;
    to->message = message;
    to->args = args;
    return 0;
}

void cfv_diag_copy_free(cfv_diag *d)
{
    free((char *)d->message);
    free((char *)d->args);
    d->message = d->args = NULL;
}
