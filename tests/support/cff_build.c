#include "cff_build.h"

#include <string.h>

#include "cfv/crc32c.h"
#include "cfv/le.h"

cff_spec cff_valid(void) { return (cff_spec){261, 1, 12, CFF_CREATED, -1, 0, NULL}; }

cff_spec cff_incident(void) { return (cff_spec){291, 4, 21, CFF_CREATED, 20, 0, NULL}; }

size_t cff_build(uint8_t *out, const cff_spec *s)
{
    /* STRINGS: "rule" at sref 0, the operand at sref 5. */
    const char *operand = s->operand ? s->operand : "value";
    size_t oplen = strlen(operand);
    if (oplen > 1024)
        oplen = 1024;
    const uint32_t str_off = 96, str_size = 5u + (uint32_t)oplen + 1u;
    const uint32_t inst_off = (str_off + str_size + 7u) & ~7u;
    const uint32_t inst_size = 16u + 8u * s->nfields;
    const uint32_t size = inst_off + inst_size;
    memset(out, 0, CFF_MAX_BYTES);

    memset(out, 0xAA, 4);
    cfv_put16(out + 4, 1);
    cfv_put16(out + 6, 0);
    cfv_put32(out + 8, s->channel);
    cfv_put32(out + 12, 1);
    cfv_put64(out + 16, s->created_utc);
    cfv_put32(out + 24, size);
    cfv_put32(out + 32, 2);

    uint8_t *t = out + 64;
    cfv_put16(t, 1); /* STRINGS */
    cfv_put32(t + 4, str_off);
    cfv_put32(t + 8, str_size);
    cfv_put32(t + 12, 2);
    cfv_put16(t + 16, 2); /* INSTANCES */
    cfv_put32(t + 20, inst_off);
    cfv_put32(t + 24, inst_size);
    cfv_put32(t + 28, 1);

    memcpy(out + str_off, "rule", 5);
    memcpy(out + str_off + 5, operand, oplen);

    uint8_t *in = out + inst_off;
    cfv_put32(in, 1);           /* instance_id */
    cfv_put16(in + 4, s->type);
    in[6] = s->nfields;
    in[7] = 1;                  /* ENABLED */
    cfv_put32(in + 8, 0);       /* name: "rule" */
    if (s->eq_field >= 0) {
        uint8_t *c = in + 16 + 8 * s->eq_field;
        c[0] = s->op ? s->op : 1;
        cfv_put32(c + 4, 5);    /* the operand */
    }
    cfv_put32(out + 28, cfv_crc32c_skip4(out, size, 28));
    return size;
}
