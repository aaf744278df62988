/* Diagnostics. The core reports structured facts (cfv_event: rule, message
 * template id, location, typed arguments) to the caller's sink and holds no
 * text; the host renders them with the catalog's templates (cfv/render.h)
 * into cfv_diag, the record the CLI and tests consume. */
#ifndef CFV_DIAG_H
#define CFV_DIAG_H

#include <stddef.h>
#include <stdint.h>

#define CFV_FIELD_MAX 96   /* "instances[123456].criteria[254].operand" fits */

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

/* One step of a field path, linked up the C stack: built for free while
 * parsing, rendered by the host only when something is reported. */
typedef struct cfv_path {
    const struct cfv_path *up;
    const char *name;
    int64_t index;              /* -1: not an array element */
} cfv_path;

/* A typed message argument; the template says where it goes ({0}, {1}...). */
typedef enum cfv_arg_kind {
    CFV_ARG_U64 = 0,            /* u: decimal */
    CFV_ARG_HEX = 1,            /* u: 0x hexadecimal */
    CFV_ARG_BYTES = 2,          /* p[0..u): untrusted bytes, shown escaped as C would */
    CFV_ARG_ENUM = 3,           /* u: a value of catalog enum aux, shown by name */
    CFV_ARG_SENSOR = 4          /* u: a sensor index (the entry's `per` value) */
} cfv_arg_kind;

typedef struct cfv_arg {
    uint8_t kind;               /* cfv_arg_kind */
    uint8_t aux;                /* CFV_ARG_ENUM: index into cfv_catalog.enums */
    uint64_t u;
    const uint8_t *p;
} cfv_arg;

typedef struct cfv_event {
    uint16_t rule;              /* 61 for CFV061; 0: internal */
    uint8_t severity;           /* cfv_severity */
    uint16_t message;           /* index into cfv_catalog.messages; 0xFFFF: none (rule title) */
    int64_t sensor;             /* sensor index (the entry's `per` value), -1 when none applies */
    uint64_t offset, length;    /* the offending bytes (length 0: a position) */
    const cfv_path *path;       /* the enclosing record, NULL at the top */
    const char *field;          /* the field in it, "" for the record itself */
    const cfv_arg *args;
    uint32_t nargs;
} cfv_event;

/* Called once per event, in file order; must not retain e or its pointers. */
typedef void (*cfv_sink_fn)(void *user, const cfv_event *e);

/* A rendered diagnostic (host side): valid during the callback only. */
typedef struct cfv_diag {
    uint16_t rule;
    uint8_t severity;
    int16_t sensor;             /* index into cfv_defs.sensors, -1 when no sensor applies */
    uint64_t offset, length;
    char field[CFV_FIELD_MAX];  /* NUL-terminated path, e.g. instances[3].criteria[20].op;
                                   read-only for the sink: the renderer reuses it for the
                                   next diagnostic of the run (validator/render) */
    const char *message;        /* NUL-terminated, UTF-8, one line, never truncated */
    /* The catalog template message was rendered from (an index into
     * cfv_catalog.messages) and its nargs arguments as the message shows
     * them, each NUL-terminated, packed in args[0..args_len): SARIF's
     * message id and arguments. args is NULL when message has no template. */
    uint16_t message_id;
    uint32_t nargs;
    const char *args;
    size_t args_len;
} cfv_diag;

/* Called once per diagnostic, in file order within each pass; must not retain d. */
typedef void (*cfv_diag_fn)(void *user, const cfv_diag *d);

/* Called once per broken rule, before its diagnostic is built: nonzero to
 * have it built and passed to the cfv_diag_fn, 0 to have it only counted.
 * A caller that prints a few diagnostics but counts them all (cfv check)
 * pays for building only what it prints.
 * CFV_WANT_MUTE: this one only counted (as 0), and the reports of the
 * same rule, severity and sensor that come right after it (no other
 * report between them) are not offered to want at all: the core counts
 * them and, when the caller set cfv_options.muted, hands their number to
 * it before it offers the next other report to want, and at the end of
 * the run. So a caller that counts in want sees every report, in order,
 * at a few instructions for each muted one (one broken rule in every
 * element of an array: a call of want each was most of the cost). */
typedef int (*cfv_diag_want_fn)(void *user, unsigned rule, unsigned severity, int sensor);
#define CFV_WANT_MUTE 2
/* n (> 0) reports of rule, severity and sensor that a CFV_WANT_MUTE answer
 * muted: counted, never built. */
typedef void (*cfv_diag_muted_fn)(void *user, unsigned rule, unsigned severity, int sensor,
                                  uint32_t n);

/* The rule catalog, generated from the grammar's `rule` lines. */
typedef struct cfv_rule_info {
    uint16_t id;            /* 1..999 */
    uint8_t severity;       /* default severity */
    const char *name;       /* "CFV061" */
    const char *title;      /* one line from FORMAT.md section 8 */
    uint8_t rule_class;     /* cfv_rule_class */
} cfv_rule_info;

typedef struct cfv_message_info {
    uint16_t rule;
    uint16_t nparts;
    const char *text;       /* template: "bad magic {0}; ...", {{ and }} for braces */
} cfv_message_info;

typedef struct cfv_enum_info {
    const char *name;
    const char *const *names;   /* by value; NULL where a value has no name */
    uint32_t count;
} cfv_enum_info;

typedef struct cfv_catalog {
    const char *prefix;         /* of the rule names: "CFV" */
    const cfv_rule_info *rules;
    size_t nrules;
    const cfv_message_info *messages;
    size_t nmessages;
    const cfv_enum_info *enums;
    size_t nenums;
} cfv_catalog;

/* CFF's catalog (grammar/cff.grammar): every rule, release-gate ones included. */
const cfv_catalog *cfv_catalog_get(void);
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
