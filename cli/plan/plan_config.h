/* The configuration of each planned file, as cfv check finds it: --config,
 * else the .cfv.yaml from the file's directory upward (cli/check/config.h,
 * loaded once per configuration file). Plan takes its rule severities,
 * suppressions and max-size; the fleet, not the configuration, names the
 * sensors. */
#ifndef CFV_CLI_PLAN_CONFIG_H
#define CFV_CLI_PLAN_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"

typedef struct cfv_plan_config {
    const char *forced;         /* --config, or NULL */
    char **paths;               /* configuration files loaded (NULL entry: none found) */
    cfv_config **cfgs;
    size_t n;
} cfv_plan_config;

/* The configuration for a file ("-": the working directory's); *cfg NULL
 * when there is none. 0, or -1 with "FILE:LINE:COL: message" in *e. */
int cfv_plan_config_for(cfv_plan_config *pc, const char *path, const cfv_config **cfg, cfv_err *e);
void cfv_plan_config_free(cfv_plan_config *pc);

#endif
