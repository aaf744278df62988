/* Report formatters (text, JSON, SARIF) behind one interface, so `check`
 * streams diagnostics without knowing the format. Formatters only append to
 * a buffer; writing it out (and every write error) is cfv_out's job. */
#ifndef CFV_CLI_REPORT_H
#define CFV_CLI_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "cfv/cfv.h"
#include "fingerprint.h"
#include "keep.h"
#include "verdict.h"

/* The output formats of `cfv check` (--format), one formatter each. GITHUB
 * (workflow commands) and GCC (FILE:LINE:COL: for problem matchers) are the
 * text report with other lines; JUNIT is JUnit XML, one test case per file. */
typedef enum cfv_format {
    CFV_FORMAT_TEXT, CFV_FORMAT_JSON, CFV_FORMAT_SARIF, CFV_FORMAT_GITHUB, CFV_FORMAT_GCC,
    CFV_FORMAT_JUNIT
} cfv_format;

/* One file's diagnostics, counted by the severity they ended with (after
 * the configuration): every one of them, whatever was printed. */
typedef struct cfv_counts {
    uint64_t sev[CFV_NSEV];     /* indexed by cfv_severity: errors, warnings, notes */
    uint64_t suppressed;        /* matched an `ignore` entry of the configuration */
    uint64_t baselined;         /* already in the --baseline file */
} cfv_counts;

typedef struct cfv_totals {
    size_t files;               /* files validated */
    size_t unreadable;          /* files not validated: I/O errors */
    cfv_counts counts;
    uint64_t not_shown;         /* diagnostics the report left out (--max-diagnostics, -q) */
    size_t truncated;           /* files with diagnostics left out */
} cfv_totals;

void cfv_counts_add(cfv_counts *to, const cfv_counts *c);

typedef struct cfv_report cfv_report;

/* What the run tells each of its reports alike (cfv_report_outputs_open
 * hands the main report's to every one chained after it). */
typedef struct cfv_report_run {
    const char *command;        /* the subcommand reporting, "check" or "build" (JUnit's suite) */
    int werror;                 /* --werror: a warning fails the file (JUnit's failure) */
    /* The file reported was compiled from a text (cfv build): locate gives a
     * diagnostic's line and column there (from 1; 0 if unknown), and the
     * formats with lines (GCC, GitHub, SARIF, JSON) use them instead of the
     * byte offset. NULL for a binary file alone (cfv check). */
    void (*locate)(const void *user, const cfv_diag *d, uint32_t *line, uint32_t *col);
    const void *locate_user;
} cfv_report_run;

typedef struct cfv_report_ops {
    void (*begin)(cfv_report *r);
    void (*file_begin)(cfv_report *r, const char *path);
    /* d->severity is the effective one (CFV_SEV_NOTE possible). */
    void (*diag)(cfv_report *r, const cfv_diag *d);
    /* Writes what was kept; returns how many diagnostics it left out. */
    uint64_t (*file_end)(cfv_report *r, const cfv_counts *c);
    void (*file_unreadable)(cfv_report *r, const char *path, const char *why);
    void (*end)(cfv_report *r, const cfv_totals *t);
} cfv_report_ops;

struct cfv_report {
    const cfv_report_ops *ops;
    cfv_format format;
    cfv_buf *out;
    const cfv_defs *defs;
    uint32_t max_diagnostics;   /* printed per file; JSON and SARIF carry every error anyway */
    int quiet;                  /* text: errors and the summary only */
    int color;                  /* text: ANSI colours */
    cfv_report_run run;
    const char *path;           /* display name of the file being reported */
    cfv_keep keep;              /* what file_end prints (text: everything; JSON/SARIF: not errors) */
    uint64_t streamed;          /* JSON/SARIF: errors of this file already written */
    cfv_buf deferred;           /* written at the end: JSON unreadable files, SARIF notifications */
    size_t items;               /* JSON: files written; SARIF: results; JUnit: failures */
    size_t unreadable;          /* JSON: unreadable entries written */
    char *cwd;                  /* SARIF: base for relative URIs, or NULL */
    const cfv_rule_info *catalog;
    size_t ncatalog;
    cfv_verdict_row *verdicts;  /* the file's per-sensor verdicts (JSON "verdicts"), or NULL */
    cfv_fp_seen fingerprints;   /* SARIF: this file's findings so far, by fingerprint */
    /* Text-like formats: one diagnostic's line (text, GitHub, GCC). */
    void (*line)(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d);
    cfv_buf junit;              /* JUnit: the test cases, written at the end */
    /* During file_unreadable: where in the file the problem lies (a source
     * text that does not compile), from 1; 0 when it is the whole file. */
    uint32_t at_line, at_col;
    cfv_report *next;           /* another report of the same run (--sarif-output...), or NULL */
};

void cfv_report_init(cfv_report *r, cfv_format format, cfv_buf *out, const cfv_defs *defs,
                     uint32_t max_diagnostics);
void cfv_report_free(cfv_report *r);

/* The report and every one chained after it (r->next), in one call each:
 * one validation feeds several outputs. file_end returns r's own count of
 * diagnostics left out; wants is 1 if any report wants the diagnostic. */
void cfv_report_begin(cfv_report *r);
void cfv_report_file_begin(cfv_report *r, const char *path);
void cfv_report_diag(cfv_report *r, const cfv_diag *d);
uint64_t cfv_report_file_end(cfv_report *r, const cfv_counts *c);
void cfv_report_file_unreadable(cfv_report *r, const char *path, const char *why);
/* The same for a problem at a line and column of the file (from 1). */
void cfv_report_file_unreadable_at(cfv_report *r, const char *path, uint32_t line, uint32_t col,
                                   const char *why);
void cfv_report_end(cfv_report *r, const cfv_totals *t);
/* 1 if the report would print a diagnostic of this (effective) severity, so
 * it is worth building: JSON and SARIF take every error; the rest only while
 * the file's kept entries have room. */
int cfv_report_wants(const cfv_report *r, unsigned severity);
/* One text line for d, written at once (cfv build, cfv run). */
void cfv_report_text_line(const cfv_report *r, cfv_buf *b, const cfv_diag *d);

/* Helpers shared by the formatters. */
/* The sensor a diagnostic names, or NULL (sensor -1 or out of range). */
const char *cfv_report_sensor(const cfv_report *r, const cfv_diag *d);
/* d's line and column in the source text (r->run.locate): 1 if known. */
int cfv_report_locate(const cfv_report *r, const cfv_diag *d, uint32_t *line, uint32_t *col);
/* "CFV061" into out[8]. */
void cfv_report_rule_name(unsigned rule, char out[8]);
const char *cfv_severity_name(unsigned severity);
const char *cfv_rule_class_name(unsigned rule_class);
/* "field":"...","sensor":"7.11" (or null), shared by JSON and SARIF. */
void cfv_report_field_sensor_json(const cfv_report *r, cfv_buf *b, const cfv_diag *d);
/* Bounded view of a fixed-size NUL-terminated diag field. */
size_t cfv_report_strnlen(const char *s, size_t cap);

extern const cfv_report_ops cfv_report_text_ops;
extern const cfv_report_ops cfv_report_json_ops;
extern const cfv_report_ops cfv_report_sarif_ops;
extern const cfv_report_ops cfv_report_github_ops;
extern const cfv_report_ops cfv_report_junit_ops;

/* The text report's steps, for the formats built on it (GitHub, GCC). */
void cfv_report_text_file_begin(cfv_report *r, const char *path);
void cfv_report_text_diag(cfv_report *r, const cfv_diag *d);
uint64_t cfv_report_text_file_end(cfv_report *r, const cfv_counts *c);
void cfv_report_text_end(cfv_report *r, const cfv_totals *t);
/* Lines of the GitHub and GCC formats (report_github.c, report_gcc.c). */
void cfv_report_github_line(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d);
void cfv_report_gcc_line(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d);
/* The text line (report_text.c), and its part after "SEVERITY:" that the
 * GCC format shares. */
void cfv_report_line_tail(const cfv_report *r, cfv_buf *b, const cfv_diag *d);
void cfv_report_plain_line(const cfv_report *r, cfv_buf *b, const char *path, const cfv_diag *d);

#endif
