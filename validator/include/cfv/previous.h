/* The previous release as the release gate's rules see it (grammar entry
 * Release: CFV080..CFV082): a summary the caller builds from that file
 * (cli/gate) and hands over in cfv_options.previous; the grammar's
 * previous_* externs (validator/core/cff_externs.c) look it up. Plain
 * arrays, so the core allocates nothing: a lookup is a binary search. */
#ifndef CFV_PREVIOUS_H
#define CFV_PREVIOUS_H

#include <stddef.h>
#include <stdint.h>

/* An instance of the previous release: the first one of its instance_id. */
typedef struct cfv_prev_instance {
    uint32_t instance_id;
    uint16_t template_type;
    size_t first_op;            /* its criteria's ops: ops[first_op .. first_op + nops) */
    uint32_t nops;
} cfv_prev_instance;

/* A template type the previous release holds instances of. */
typedef struct cfv_prev_type {
    uint16_t template_type;
    uint32_t instances;         /* how many */
    uint8_t reads[32];          /* bit i (of 256): one of them has a non-ANY criterion i */
} cfv_prev_type;

typedef struct cfv_previous {
    uint64_t channel_id, content_version;
    const char *name;           /* as messages show it */
    size_t name_len;
    const cfv_prev_instance *instances;     /* ascending instance_id, each id once */
    size_t ninstances;
    const uint8_t *ops;
    size_t nops;
    const cfv_prev_type *types;             /* ascending template_type */
    size_t ntypes;
} cfv_previous;

#endif
