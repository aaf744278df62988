/* A cfv_diag kept past its callback: the validator's message and arguments
 * live for the callback only, so a kept copy owns its own. */
#ifndef CFV_CLI_DIAG_COPY_H
#define CFV_CLI_DIAG_COPY_H

#include "cfv/diag.h"

/* *to = *d with its own message and arguments; -1 out of memory (then *to
 * owns nothing). */
int cfv_diag_copy(cfv_diag *to, const cfv_diag *d);
/* Frees what cfv_diag_copy gave to d. */
void cfv_diag_copy_free(cfv_diag *d);

#endif
