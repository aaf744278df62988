/* Report formatters (text, JSON, SARIF) behind one interface, so `check`
 * streams diagnostics without knowing the format. Formatters only append to
 * a buffer; writing it out (and every write error) is cfv_out's job. */
#ifndef CFV_CLI_REPORT_H
#define CFV_CLI_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cfv/cfv.h"
#include "verdict.h"

/* The output formats of `cfv check` (--format), one formatter each. */
typedef enum cfv_format { CFV_FORMAT_TEXT, CFV_FORMAT_JSON, CFV_FORMAT_SARIF } cfv_format;

typedef struct cfv_totals {
    size_t files;               /* files validated */
    size_t unreadable;          /* files not validated: I/O errors */
    uint64_t errors, warnings;
    size_t truncated;           /* files whose diagnostics hit --max-diagnostics */
} cfv_totals;

typedef struct cfv_report cfv_report;

typedef struct cfv_report_ops {
    void (*begin)(cfv_report *r);
    void (*file_begin)(cfv_report *r, const char *path);
    void (*diag)(cfv_report *r, const cfv_diag *d);
    void (*file_end)(cfv_report *r, const cfv_result *res);
    void (*file_unreadable)(cfv_report *r, const char *path, const char *why);
    void (*end)(cfv_report *r, const cfv_totals *t);
} cfv_report_ops;

struct cfv_report {
    const cfv_report_ops *ops;
    cfv_buf *out;
    const cfv_defs *defs;
    uint32_t max_diagnostics;
    const char *path;           /* display name of the file being reported */
    cfv_buf pending;            /* JSON: this file's diagnostics */
    cfv_buf deferred;           /* written at the end: JSON unreadable files, SARIF notifications */
    size_t items;               /* JSON: files written; SARIF: results written */
    size_t unreadable;          /* JSON: unreadable entries written */
    char *cwd;                  /* SARIF: base for relative URIs, or NULL */
    const cfv_rule_info *catalog;
    size_t ncatalog;
    cfv_verdict_row *verdicts;  /* the file's per-sensor verdicts (JSON "verdicts"), or NULL */
};

void cfv_report_init(cfv_report *r, cfv_format format, cfv_buf *out, const cfv_defs *defs,
                     uint32_t max_diagnostics);
void cfv_report_free(cfv_report *r);

/* Helpers shared by the formatters. */
/* The sensor a diagnostic names, or NULL (sensor -1 or out of range). */
const char *cfv_report_sensor(const cfv_report *r, const cfv_diag *d);
/* "CFV061" into out[8]. */
void cfv_report_rule_name(unsigned rule, char out[8]);
const char *cfv_severity_name(unsigned severity);
/* "field":"...","sensor":"7.11" (or null), shared by JSON and SARIF. */
void cfv_report_field_sensor_json(const cfv_report *r, cfv_buf *b, const cfv_diag *d);
/* Bounded view of a fixed-size NUL-terminated diag field. */
size_t cfv_report_strnlen(const char *s, size_t cap);

extern const cfv_report_ops cfv_report_text_ops;
extern const cfv_report_ops cfv_report_json_ops;
extern const cfv_report_ops cfv_report_sarif_ops;

#endif
