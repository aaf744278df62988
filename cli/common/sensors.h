/* Turns --sensor names into the cfv_options.sensors bit set. */
#ifndef CFV_CLI_SENSORS_H
#define CFV_CLI_SENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "err.h"

/* No names: every sensor in defs. Returns 0, or -1 for an unknown name with
 * a message that lists the known ones. */
int cfv_select_sensors(const cfv_defs *defs, const char *const *names, size_t n,
                       uint32_t *mask, cfv_err *e);

#endif
