/* Helpers of the validator tests: run cfv_validate on a copy of a file
 * (exact-size heap buffer, so ASan sees any over-read), collect every
 * diagnostic, and compare them with expectations written as in
 * corpus/expected.txt: "CFV060@7.11 CFV062@7.11*3 CFV070". */
#ifndef CFV_TEST_VT_H
#define CFV_TEST_VT_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"
#include "fixture.h"

#define VT_NOW 1721347200u          /* 2024-07-19: the corpus's --now */

typedef struct vt_run {
    /* inputs; zero values mean: */
    const cfv_defs *defs;           /* required */
    cfv_regex_cache *regex;         /* REGEX operands are not compiled */
    uint32_t sensors;               /* every sensor */
    uint64_t now;                   /* CFV008 skipped */
    const char *name;               /* no file name (CFV070 skipped) */
    uint64_t max_size;              /* CFV_DEFAULT_MAX_SIZE */
    uint64_t real_size;             /* the buffer's length */
    uint32_t max_diagnostics;       /* CFV_DEFAULT_MAX_DIAGNOSTICS */
    /* outputs of the last vt_validate */
    cfv_result res;
    cfv_diag *diags;
    size_t ndiags, cap;
} vt_run;

/* Validates buf[0..len) (buf may be NULL when len is 0); replaces outputs. */
void vt_validate(vt_run *r, const uint8_t *buf, size_t len);
void vt_free(vt_run *r);

/* Sensor mask of one sensor by name (fails the test if unknown). */
uint32_t vt_sensor(const cfv_defs *d, const char *name);

/* 0 if r's diagnostics are exactly `expect` as a multiset; else -1 with a
 * description in msg. */
int vt_match(const vt_run *r, const char *expect, char *msg, size_t cap);

/* Asserts that r holds exactly one diagnostic of rule (for sensor, or no
 * sensor when NULL), with this severity, offset and field path; returns it.
 * On failure, both assertions free r's diagnostics before failing. */
const cfv_diag *vt_assert_diag(vt_run *r, unsigned rule, unsigned severity, uint64_t offset,
                               const char *field, const char *sensor);
/* Asserts r's diagnostics are exactly `expect` (vt_match), printing them if not. */
void vt_assert_only(vt_run *r, const char *expect);
void vt_print(const vt_run *r);


#endif
