/* Reads one input file for a subcommand, refusing anything that is not a
 * plain file of bounded size: directories, FIFOs, sockets and devices are
 * rejected before they are read (a FIFO would block, /dev/zero never ends). */
#ifndef CFV_HOST_READ_INPUT_H
#define CFV_HOST_READ_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct cfv_input {
    uint8_t *data;          /* malloc'd; NULL when len is 0 */
    size_t len;             /* bytes read; 0 when over_limit */
    uint64_t real_size;     /* the input's size (a lower bound for stdin over the limit) */
    int over_limit;         /* real_size > max_size: not read */
} cfv_input;

/* "-" is standard input. Returns 0, or -1 with a one-line reason in *e
 * ("PATH: is a directory"). Never reads more than max_size + 1 bytes. The
 * data, when there is any, is followed by a NUL byte (not counted in len). */
int cfv_read_input(const char *path, uint64_t max_size, cfv_input *in, cfv_err *e);

/* Options of cfv_read_any. */
enum {
    CFV_READ_STREAMS = 1,   /* also pipes, FIFOs and /proc files (whose stat size is 0) */
    CFV_READ_PREFIX = 2,    /* over max_size: keep the first max_size bytes, not an error */
};

/* cfv_read_input with options: for triage, which reads logs, ELF files and
 * inputs that may be pipes or /proc entries, and may cut a long one short.
 * An empty input is accepted (len 0, data NULL). */
int cfv_read_any(const char *path, uint64_t max_size, unsigned flags, cfv_input *in,
                 cfv_err *e);
void cfv_input_free(cfv_input *in);

/* How a path is shown in reports and messages: "<stdin>" for "-". */
const char *cfv_input_name(const char *path);

#endif
