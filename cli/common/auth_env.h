/* What the authoring subcommands (dump, build, the release gate) share
 * with `cfv check`: the definitions found the same way, the selected
 * sensors, the clock for CFV008, the PCRE2 cache, and a validation run
 * that keeps its diagnostics for annotating. */
#ifndef CFV_CLI_AUTH_ENV_H
#define CFV_CLI_AUTH_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"
#include "err.h"
#include "read_input.h"

typedef struct cfv_auth_env {
    cfv_defs *defs;             /* heap */
    uint32_t sensors;           /* cfv_options.sensors */
    uint64_t now;               /* 0 skips CFV008 */
    cfv_regex_cache *regex;
} cfv_auth_env;

/* defs_path NULL: the shipped definitions (as `cfv check`). No sensor names:
 * all of them. have_now 0: the current time. Returns 0, or -1 with *e. */
int cfv_auth_env_load(cfv_auth_env *env, const char *defs_path, const char *const *sensors,
                      size_t nsensors, int have_now, uint64_t now, cfv_err *e);
void cfv_auth_env_free(cfv_auth_env *env);

/* Diagnostics of one validation, in the order reported. */
typedef struct cfv_diag_list {
    cfv_diag *items;
    size_t n, cap;
    int oom;                    /* some were dropped: out of memory */
    cfv_result result;
} cfv_diag_list;

/* Validates buf[0..len) (real_size may exceed len only for files over the
 * size limit) as `cfv check` would; file_name (a path or NULL) gives CFV070
 * its base name. */
void cfv_auth_validate(const cfv_auth_env *env, const uint8_t *buf, size_t len,
                       uint64_t real_size, const char *file_name, cfv_diag_list *out);
void cfv_diag_list_free(cfv_diag_list *l);

/* The shared CLI value options: --sensor (repeatable), --defs, --now. */
typedef struct cfv_auth_common {
    const char *defs_path;
    const char **sensors;       /* into argv; room for argc entries */
    size_t nsensors;
    uint64_t now;
    int have_now;
} cfv_auth_common;

/* Allocates room for argc sensor names; -1 out of memory. */
int cfv_auth_common_init(cfv_auth_common *c, int argc);
void cfv_auth_common_free(cfv_auth_common *c);
/* Applies one of "defs", "sensor", "now" (long option names); 1 if opt was one,
 * 0 if not, -1 with *e for a bad value. */
int cfv_auth_common_apply(cfv_auth_common *c, const char *opt, const char *value, cfv_err *e);
/* Loads env from c. */
int cfv_auth_common_load(const cfv_auth_common *c, cfv_auth_env *env, cfv_err *e);

#endif
