/* Option-table entries (host/args.h) that several subcommands share, so
 * the same option has the same help everywhere. */
#ifndef CFV_CLI_COMMON_OPTS_H
#define CFV_CLI_COMMON_OPTS_H

#include <stdint.h>

#include "args.h"
#include "err.h"

#define CFV_OPT_DEFS {"defs", 0, "FILE", "Template Type Definitions (default: the shipped cff.defs)"}
#define CFV_OPT_HELP {"help", 'h', NULL, "show this help"}
#define CFV_OPT_FORMAT_TEXT_JSON(help) {"format", 0, "text|json", (help)}

/* Values several subcommands take, parsed and refused the same way: 0, or
 * -1 with "--max-size: '5x' is not valid; expected ..." in *e. */
int cfv_opt_max_size(const char *v, uint64_t *out, cfv_err *e);
int cfv_opt_max_diagnostics(const char *v, uint32_t *out, cfv_err *e);
int cfv_opt_now(const char *v, uint64_t *out, cfv_err *e);

#endif
