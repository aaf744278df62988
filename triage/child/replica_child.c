/* cfv-replica-child: runs one channel file through the faithful Content
 * Interpreter replica, built without sanitizers, for `cfv triage`.
 *
 *   cfv-replica-child [--sensor INDEX] FILE
 *
 * The definitions arrive as a raw cfv_defs on descriptor CFV_TR_DEFS_FD;
 * a crash is reported on CFV_TR_REPORT_FD (triage_record.h). For each
 * sensor (INDEX, or all in order) and each template type with an ENABLED
 * instance that the sensor supports, one synthesized event is evaluated,
 * so every non-wildcard criterion is read. Exit: triage_record.h.
 * Built twice: plain with the capture handler, and with AddressSanitizer
 * (CFV_TRIAGE_ASAN_CHILD), where ASan reports on stderr instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfv_replica.h"
#include "read_input.h"
#include "synth.h"
#include "triage_record.h"
#ifndef CFV_TRIAGE_ASAN_CHILD
#include "capture.h"
#endif

static int usage(const char *msg)
{
    fprintf(stderr, "cfv-replica-child: %s\nusage: cfv-replica-child [--sensor INDEX] FILE\n", msg);
    return CFV_TR_EXIT_USAGE;
}

static int read_defs(cfv_defs *d)
{
    size_t got = 0;
    while (got < sizeof *d) {
        ssize_t n = pread(CFV_TR_DEFS_FD, (char *)d + got, sizeof *d - got, (off_t)got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return d->ntypes <= CFV_MAX_TYPES && d->nsensors <= CFV_MAX_SENSORS ? 0 : -1;
}

static int eval_type(cfv_replica *r, const cfv_defs *d, int s, int t)
{
    uint32_t m = cfv_defs_supplied(d, s, t);
    if (m == CFV_UNSUPPORTED || !cfv_tc_type_enabled(r, d->types[t].id))
        return 0;
    cfv_replica_input *in = cfv_tc_synth_inputs(d, t, m);
    if (!in)
        return -1;
#ifndef CFV_TRIAGE_ASAN_CHILD
    cfv_tc_note(s, t);
#endif
    cfv_replica_eval(r, (uint16_t)d->types[t].id, in, m, CFV_REPLICA_FAITHFUL, NULL, NULL);
    cfv_replica_inputs_free(in, m);
    return 0;
}

int main(int argc, char **argv)
{
    int sensor = -1;
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--sensor") == 0) {
        sensor = atoi(argv[i + 1]);
        i += 2;
    }
    if (i + 1 != argc)
        return usage("expected one FILE");
    static cfv_defs defs; /* ~100 KB: not on the stack */
    if (read_defs(&defs) != 0)
        return usage("no definitions on descriptor 3");
    if (sensor >= (int)defs.nsensors)
        return usage("sensor index out of range");
    cfv_input in;
    static cfv_err e;
    if (cfv_read_any(argv[i], (size_t)1 << 30, CFV_READ_STREAMS | CFV_READ_PREFIX, &in, &e) != 0) {
        fprintf(stderr, "cfv-replica-child: %s\n", e.msg);
        return CFV_TR_EXIT_USAGE;
    }
    uint8_t *buf = in.data;
    size_t len = in.len;
#ifndef CFV_TRIAGE_ASAN_CHILD
    if (cfv_tc_arm(CFV_TR_REPORT_FD) != 0)
        return usage("cannot arm the crash handler");
#endif
    cfv_replica_load_options opt;
    memset(&opt, 0, sizeof opt);
    opt.mode = CFV_LOAD_TRUSTING;
    cfv_replica *r;
    cfv_replica_error err;
    if (cfv_replica_load(&r, buf, len, &opt, &err) != CFV_REPLICA_OK) {
        fprintf(stderr, "cfv-replica-child: %s: offset %llu: %s\n", argv[i],
                (unsigned long long)err.offset, err.message);
        free(buf);
        return CFV_TR_EXIT_REFUSED;
    }
    free(buf);
    int first = sensor < 0 ? 0 : sensor, last = sensor < 0 ? (int)defs.nsensors - 1 : sensor;
    for (int s = first; s <= last; s++)
        for (int t = 0; t < (int)defs.ntypes; t++)
            if (eval_type(r, &defs, s, t) != 0) {
                fputs("cfv-replica-child: out of memory\n", stderr);
                cfv_replica_free(r);
                return CFV_TR_EXIT_USAGE;
            }
    cfv_replica_free(r);
    return CFV_TR_EXIT_CLEAN;
}
