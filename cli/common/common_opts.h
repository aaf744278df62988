/* Options several subcommands share: their table entries (host/args.h),
 * so the same option has the same help everywhere, and the parsing of
 * their values, so it fails with the same message. */
#ifndef CFV_CLI_COMMON_OPTS_H
#define CFV_CLI_COMMON_OPTS_H

#include <stdint.h>

#include "args.h"
#include "err.h"

#define CFV_OPT_DEFS                                                                              \
    {"defs", 0, "FILE", "Template Type Definitions (default: the shipped cff.defs)"}
#define CFV_OPT_HELP {"help", 'h', NULL, "show this help"}
#define CFV_OPT_FORMAT_TEXT_JSON(help) {"format", 0, "text|json", (help)}
#define CFV_OPT_OUTPUT                                                                            \
    {"output", 0, "FILE", "write the report to FILE, replaced atomically (default: stdout)"}
#define CFV_OPT_MAX_SIZE                                                                          \
    {"max-size", 0, "BYTES",                                                                      \
     "larger files are not read and fail with CFV013\n"                                           \
     "(default: 64M; K, M, G suffixes allowed; at most 4G)"}
#define CFV_OPT_NOW                                                                               \
    {"now", 0, "EPOCH",                                                                           \
     "reference time for CFV008, in Unix seconds\n"                                              \
     "(default: now; 0 skips CFV008)"}

/* --max-size: 1 byte to 4G (file_size in a CFF header is 32-bit). */
int cfv_opt_max_size(const char *v, uint64_t *out, cfv_err *e);
/* --max-diagnostics: 1 to 4294967295. */
int cfv_opt_max_diagnostics(const char *v, uint32_t *out, cfv_err *e);
/* --now: Unix seconds. */
int cfv_opt_now(const char *v, uint64_t *out, cfv_err *e);

#endif
