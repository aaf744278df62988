/* Option-table entries (host/args.h) that several subcommands share, so
 * the same option has the same help everywhere. */
#ifndef CFV_CLI_COMMON_OPTS_H
#define CFV_CLI_COMMON_OPTS_H

#include "args.h"

#define CFV_OPT_DEFS {"defs", 0, "FILE", "Template Type Definitions (default: the shipped cff.defs)"}
#define CFV_OPT_HELP {"help", 'h', NULL, "show this help"}
#define CFV_OPT_FORMAT_TEXT_JSON(help) {"format", 0, "text|json", (help)}

#endif
