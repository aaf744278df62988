/* The parts of the SARIF report (report_sarif.c: the run and its results;
 * sarif_driver.c: tool.driver, the rule catalog with its message templates
 * and links into the documentation). Private to cli/report. */
#ifndef CFV_CLI_REPORT_SARIF_H
#define CFV_CLI_REPORT_SARIF_H

#include "report.h"

/* "tool":{"driver":{...}} */
void cfv_sarif_driver(cfv_report *r);
/* s[0..n) as a JSON string that is a sentence: a period added unless like
 * (s itself, or the template s was rendered from) ends with . ! or ?. */
void cfv_sarif_sentence(cfv_buf *b, const char *s, size_t n, const char *like);
/* "error", "warning" or "note". */
const char *cfv_sarif_level(unsigned severity);
/* The template d's message came from, or NULL; *key gets its id in the
 * rule's messageStrings ("m0", the rule's first template). */
const char *cfv_sarif_template(const cfv_diag *d, char key[16]);

#endif
