/* Template Type Definitions and sensor profiles (FORMAT.md section 7),
 * read at run time from a text file (grammar/cff.defs). Freestanding: the
 * parser works on a caller-supplied buffer and fills a caller-owned struct. */
#ifndef CFV_DEFS_H
#define CFV_DEFS_H

#include <stddef.h>
#include <stdint.h>

#define CFV_MAX_TYPES 32
#define CFV_MAX_SENSORS 32
#define CFV_MAX_TYPE_FIELDS 255   /* field_count is a u8 */
#define CFV_FIELD_POOL 2048
#define CFV_NAME_MAX 32           /* including the NUL */
#define CFV_UNSUPPORTED 0xFFFFu   /* sensor does not support the type */

enum cfv_field_type { CFV_FT_STR = 1, CFV_FT_U32 = 2 };

typedef struct cfv_field_def {
    char name[CFV_NAME_MAX];
    uint8_t type;               /* cfv_field_type */
} cfv_field_def;

typedef struct cfv_type_def {
    uint32_t id;                /* template_type as stored in files (u16 range) */
    uint32_t channel;
    char name[CFV_NAME_MAX];
    uint16_t nfields;
    uint16_t first_field;       /* index into cfv_defs.fields */
} cfv_type_def;

typedef struct cfv_sensor_def {
    char name[CFV_NAME_MAX];    /* "7.11" */
    uint16_t supplied[CFV_MAX_TYPES]; /* by type index; CFV_UNSUPPORTED if absent */
} cfv_sensor_def;

typedef struct cfv_defs {
    cfv_type_def types[CFV_MAX_TYPES];
    uint32_t ntypes;
    cfv_field_def fields[CFV_FIELD_POOL];
    uint32_t nfields;
    cfv_sensor_def sensors[CFV_MAX_SENSORS];
    uint32_t nsensors;
} cfv_defs;

typedef struct cfv_defs_error {
    uint32_t line, col;         /* 1-based */
    char message[160];
} cfv_defs_error;

/* Returns 0 and fills *out, or -1 and fills *err. Never reads past len. */
int cfv_defs_parse(cfv_defs *out, const char *text, size_t len, cfv_defs_error *err);

/* Look-ups return a type index (0..ntypes-1) or -1. */
int cfv_defs_type_by_id(const cfv_defs *d, uint32_t id);
int cfv_defs_type_by_channel(const cfv_defs *d, uint32_t channel);
int cfv_defs_type_by_name(const cfv_defs *d, const char *name, size_t len);
int cfv_defs_sensor_by_name(const cfv_defs *d, const char *name, size_t len);
int cfv_defs_field_by_name(const cfv_defs *d, int type_index, const char *name, size_t len);

/* Field type (cfv_field_type) of field i of type index t, or 0 if out of range. */
uint8_t cfv_defs_field_type(const cfv_defs *d, int type_index, uint32_t i);
/* Inputs sensor s supplies for type index t, or CFV_UNSUPPORTED. */
uint32_t cfv_defs_supplied(const cfv_defs *d, int sensor_index, int type_index);

#endif
