#include "cff_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfv/writer.h"
#include "fixture.h"

cff_spec cff_valid(void) { return (cff_spec){261, 1, 12, CFF_CREATED, -1, 0, NULL, 0}; }

cff_spec cff_incident(void) { return (cff_spec){291, 4, 21, CFF_CREATED, 20, 0, NULL, 0}; }

size_t cff_build(uint8_t *out, const cff_spec *s)
{
    cfv_writer *w = cfv_writer_new(s->channel, 1, s->created_utc);
    assert_non_null(w);
    assert_int_equal(cfv_writer_add_instance(w, 1, s->type, s->nfields, CFF_INSTANCE_FLAG_ENABLED,
                                             "rule"), 0);
    if (s->eq_field >= 0) {
        char operand[1025];
        /* Operands are cut at 1024 bytes, so a file always fits CFF_MAX_BYTES. */
        snprintf(operand, sizeof operand, "%s", s->operand ? s->operand : "value");
        assert_int_equal(cfv_writer_set_str(w, 0, (size_t)s->eq_field, s->op ? s->op : CFF_OP_EQUALS,
                                            0, operand), CFV_WRITER_OK);
    }
    for (size_t c = 0; c < s->nfields; c++)
        if ((int)c != s->eq_field)
            cfv_writer_criterion_at(w, 0, c)->flags = s->any_flags;
    size_t len;
    uint8_t *bytes = tf_encode(w, &len);
    assert_true(len <= CFF_MAX_BYTES);
    memset(out, 0, CFF_MAX_BYTES);
    memcpy(out, bytes, len);
    free(bytes);
    return len;
}
