/* The fleet inventory of `cfv plan` (/work/shared/FLEET.md): which sensor
 * versions run in which deployment ring, on how many hosts. Read with
 * jansson; every error names its place as FILE:LINE:COL. */
#ifndef CFV_CLI_FLEET_H
#define CFV_CLI_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Host counts and their sums stay within int64 so that any JSON reader
 * (jansson included) can read back what cfv plan writes. */
#define CFV_FLEET_MAX_HOSTS INT64_MAX
#define CFV_FLEET_NAME_MAX 256          /* bytes in a fleet, ring or sensor name */
#define CFV_FLEET_MAX_SIZE (64u * 1024u * 1024u)

typedef struct cfv_fleet_entry {
    uint32_t sensor;            /* index into cfv_fleet.sensors */
    uint32_t ring;              /* index into cfv_fleet.rings */
    uint64_t hosts;
} cfv_fleet_entry;

typedef struct cfv_fleet {
    char *name;
    char **rings;               /* deployment order */
    size_t nrings;
    char **sensors;             /* distinct sensor names, in order of first appearance */
    size_t nsensors;
    cfv_fleet_entry *entries;   /* in file order */
    size_t nentries;
    uint64_t total_hosts;       /* <= CFV_FLEET_MAX_HOSTS */
} cfv_fleet;

/* Parses text[0..len) (display name `path` for messages). 0, or -1 with
 * "PATH:LINE:COL: message" in *e (malformed JSON, wrong type, missing or
 * unknown key, unknown ring, duplicate (sensor, ring), bad host count, a sum
 * past CFV_FLEET_MAX_HOSTS, out of memory). */
int cfv_fleet_parse(cfv_fleet *f, const char *text, size_t len, const char *path, cfv_err *e);
/* Reads path ("-" is stdin) and parses it; I/O errors as "PATH: reason". */
int cfv_fleet_load(cfv_fleet *f, const char *path, cfv_err *e);
void cfv_fleet_free(cfv_fleet *f);

/* Index of a ring by name, or -1. */
long cfv_fleet_ring(const cfv_fleet *f, const char *name);

#endif
