/* Hand-built CFF v1 files for the cli tests (until corpus/ lands, and for
 * exact control): one STRINGS and one INSTANCES section, one instance. */
#ifndef CFV_TEST_CFF_BUILD_H
#define CFV_TEST_CFF_BUILD_H

#include <stddef.h>
#include <stdint.h>

typedef struct cff_spec {
    uint32_t channel;       /* e.g. 261 (ProcessStart) */
    uint16_t type;          /* template type id */
    uint8_t nfields;        /* field_count, equal to the type's definition */
    uint64_t created_utc;
    int eq_field;           /* -1: every criterion ANY; else a string criterion on this field */
    uint8_t op;             /* that criterion's op: 0 means EQUALS (1); 5 is REGEX */
    const char *operand;    /* its operand; NULL means "value" */
    uint8_t any_flags;      /* the ANY criteria's flags (0; 2 breaks CFV052 in each) */
} cff_spec;

#define CFF_MAX_BYTES 4096
#define CFF_CREATED 1700000000u /* 2023-11-14 */

/* A file that should pass: ProcessStart, 12 ANY criteria. */
cff_spec cff_valid(void);
/* The Channel File 291 shape: NamedPipe, 21 fields, non-wildcard criterion
 * on field 20, which sensor 7.11 (20 inputs) would read past. */
cff_spec cff_incident(void);

/* Writes the file into out (CFF_MAX_BYTES) and returns its size. */
size_t cff_build(uint8_t *out, const cff_spec *s);

#endif
