/* cfv check --print-config: the effective configuration for one path, as
 * YAML a team could paste into .cfv.yaml, each value commented with where
 * it came from (FILE:LINE:COL, the command line, or the default). */
#ifndef CFV_CLI_CHECK_PRINT_CONFIG_H
#define CFV_CLI_CHECK_PRINT_CONFIG_H

#include "buf.h"
#include "settings.h"

void cfv_print_config(cfv_buf *b, const cfv_settings *st, const cfv_check_args *a,
                      const cfv_defs *defs, const char *for_path);

#endif
