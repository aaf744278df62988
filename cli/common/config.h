/* .cfv.yaml: how a team tunes cfv check (docs/configuration.md).
 *
 *   rules:   {CFV008: off}              per-rule severity: off | note | warning | error
 *   sensors: ["7.11", "7.16"]           the default --sensor set
 *   max-size: 64MiB                     the default --max-size
 *   include: ["*.sys", "*.cff"]         what a directory argument walks
 *   ignore:                             path-scoped suppressions
 *     - paths: [legacy/old.sys]         (globs, ** too: relative to the .cfv.yaml)
 *       rules: [CFV070]
 *       reason: "…"                     required
 *
 * Parsed with libyaml. Anything unknown or wrong is an error with
 * FILE:LINE:COL, and so is any attempt to weaken a safety rule. A library:
 * no printing, no exit; `cfv plan` loads the same file with it. */
#ifndef CFV_CLI_COMMON_CONFIG_H
#define CFV_CLI_COMMON_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define CFV_CONFIG_NAME ".cfv.yaml"
#define CFV_RULE_IDS 1000

/* A rule's configured severity: one of cfv_severity, or off. */
enum { CFV_CFG_UNSET = -1, CFV_CFG_OFF = 3 };

/* Where a value came from: line 0 means not from the file. */
typedef struct cfv_cfg_at {
    unsigned line, col;
} cfv_cfg_at;

typedef struct cfv_cfg_ignore {
    char **paths;
    size_t npaths;
    unsigned *rules;
    size_t nrules;
    char *reason;
    cfv_cfg_at at;
} cfv_cfg_ignore;

typedef struct cfv_config {
    char *path;                         /* the file read, as given */
    char *dir;                          /* its directory: ignore paths are relative to it */
    signed char severity[CFV_RULE_IDS]; /* CFV_CFG_UNSET, cfv_severity or CFV_CFG_OFF */
    cfv_cfg_at severity_at[CFV_RULE_IDS];
    char **sensors;
    size_t nsensors;
    cfv_cfg_at sensors_at;
    uint64_t max_size;                  /* 0: not set */
    cfv_cfg_at max_size_at;
    char **include;                     /* file-name globs for directory walks */
    size_t ninclude;
    cfv_cfg_at include_at;
    cfv_cfg_ignore *ignore;
    size_t nignore;
} cfv_config;

/* Reads and checks path. Returns a heap config, or NULL with one line in *e:
 * "FILE:LINE:COL: message" when the place is known. */
cfv_config *cfv_config_load(const char *path, cfv_err *e);
void cfv_config_free(cfv_config *c);

/* The .cfv.yaml that applies to a file in directory dir: the first found
 * from dir upward, stopping at the repository root (the directory holding
 * .git) or at /. Returns a malloc'd path or NULL when there is none. */
char *cfv_config_find(const char *dir);

/* What each rule becomes for a file at `path` (as given on the command
 * line), once per file: out[rule] is CFV_CFG_UNSET (its default severity),
 * a cfv_severity, CFV_CFG_OFF, or CFV_CFG_SUPPRESSED when an ignore entry
 * covers the file. c may be NULL (everything unset). */
enum { CFV_CFG_SUPPRESSED = 4 };
void cfv_config_resolve(const cfv_config *c, const char *path, signed char out[CFV_RULE_IDS]);

#endif
