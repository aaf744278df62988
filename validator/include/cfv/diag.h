/* Diagnostics: what the validator reports, one record per broken rule. */
#ifndef CFV_DIAG_H
#define CFV_DIAG_H

#include <stddef.h>
#include <stdint.h>

#define CFV_FIELD_MAX 96   /* "instances[123456].criteria[254].operand" fits */
#define CFV_MSG_MAX 224

/* The validator reports errors and warnings; NOTE only ever comes from a
 * user's configuration (a rule lowered to a note: counted, never fails). */
typedef enum cfv_severity { CFV_SEV_ERROR = 0, CFV_SEV_WARNING = 1, CFV_SEV_NOTE = 2 } cfv_severity;

/* What a rule guards (grammar/README.md, "Rule classes"). A safety rule
 * stands between a file and a sensor reading out of bounds, crashing or
 * hanging: no configuration, suppression or baseline may weaken it. */
typedef enum cfv_rule_class {
    CFV_CLASS_SAFETY = 0,
    CFV_CLASS_INTEGRITY = 1,    /* the file is malformed, harmlessly for the sensor */
    CFV_CLASS_HYGIENE = 2,      /* warnings: the file is fine today */
} cfv_rule_class;

typedef struct cfv_diag {
    uint16_t rule;          /* 61 for CFV061 */
    uint8_t severity;       /* cfv_severity */
    int16_t sensor;         /* index into cfv_defs.sensors, -1 when no sensor applies */
    uint64_t offset;        /* byte offset of the offending field */
    char field[CFV_FIELD_MAX];   /* NUL-terminated path, e.g. instances[3].criteria[20].op */
    char message[CFV_MSG_MAX];   /* NUL-terminated, UTF-8, no newline */
} cfv_diag;

/* Called once per diagnostic, in file order within each pass; must not retain d. */
typedef void (*cfv_diag_fn)(void *user, const cfv_diag *d);

/* Called once per broken rule, before its diagnostic is built: nonzero to
 * have it built and passed to the cfv_diag_fn, 0 to have it only counted.
 * A caller that prints a few diagnostics but counts them all (cfv check)
 * pays for building only what it prints. */
typedef int (*cfv_diag_want_fn)(void *user, unsigned rule, unsigned severity, int sensor);

/* The rule catalog, generated from the grammar's `rule` lines. */
typedef struct cfv_rule_info {
    uint16_t id;            /* 1..999 */
    uint8_t severity;       /* default severity */
    const char *name;       /* "CFV061" */
    const char *title;      /* one line from FORMAT.md section 8 */
    uint8_t rule_class;     /* cfv_rule_class */
} cfv_rule_info;

/* A rule's long text (grammar/cff.rules, through the grammar's `docs`):
 * what it checks, why, a failing and a fixed example in the source format
 * (docs/source-format.md), how to fix. For `cfv rules` and SARIF help. */
typedef struct cfv_rule_doc {
    uint16_t id;
    const char *checks, *why, *bad, *good, *fix;
} cfv_rule_doc;

const cfv_rule_info *cfv_rule_catalog(size_t *count);
/* NULL when the rule has no long text. */
const cfv_rule_doc *cfv_rule_doc_find(unsigned id);
const cfv_rule_info *cfv_rule_find(unsigned id);

#endif
