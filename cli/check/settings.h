/* What applies to each checked file: its configuration (--config, or the
 * .cfv.yaml found from the file's directory upward), with the command line
 * on top (--sensor, --max-size). Loaded once per configuration file. */
#ifndef CFV_CLI_CHECK_SETTINGS_H
#define CFV_CLI_CHECK_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "check_args.h"
#include "config.h"
#include "err.h"

typedef struct cfv_settings {
    char *config_path;          /* the configuration file, NULL for none */
    cfv_config *cfg;            /* NULL for none */
    uint32_t sensors;           /* cfv_options.sensors */
    uint64_t max_size;
} cfv_settings;

typedef struct cfv_settings_set {
    const cfv_check_args *args;
    const cfv_defs *defs;
    cfv_settings *items;
    size_t n;
} cfv_settings_set;

void cfv_settings_init(cfv_settings_set *s, const cfv_check_args *a, const cfv_defs *defs);
void cfv_settings_free(cfv_settings_set *s);

/* The settings for a file or directory argument ("-": the working
 * directory's). NULL with one line in *e (a configuration error names
 * FILE:LINE:COL). */
const cfv_settings *cfv_settings_for(cfv_settings_set *s, const char *path, cfv_err *e);

/* The file-name globs a directory walk takes (the configuration's include,
 * or *.sys and *.cff). */
const char *const *cfv_settings_include(const cfv_settings *st, size_t *n);

#endif
