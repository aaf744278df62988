#include "gen_model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfv/cfv.h"
#include "cfv/regex_pcre2.h"

uint64_t gen_next(gen_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);   /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t gen_below(gen_rng *r, uint32_t n) { return (uint32_t)(gen_next(r) % n); }

/* Texts with everything the source format must escape or keep. */
static const char *const texts[] = {
    "\\cmd.exe", "powershell", "C:\\Windows\\Temp\\", "\"quoted\"", "tab\there",
    "line\nbreak", "caf\xc3\xa9", "\xe2\x9c\x93 ok", "a", "back\\\\slash", "#hash", "}",
    "x\\n", "\\",  "S-1-5-18", "pipe\\msagent_", "trailing space ", " lead",
};
static const char *const regexes[] = {
    "^10\\.1\\.", "\\\\cmd\\.exe$", "(?i)evil", "[0-9a-f]{64}", "a|b|c", "^\\w+$", "x\\ty",
};
static const char *const names[] = {
    "Detect cmd", "Block pipe", "rule", "\xc3\xa9t\xc3\xa9", "name \"q\"", "a\\b",
};

/* A type every selected sensor supports with all of its fields. */
static int pick_type(gen_rng *r, const cfv_defs *defs, uint32_t mask)
{
    int ok[CFV_MAX_TYPES], n = 0;
    for (uint32_t t = 0; t < defs->ntypes; t++) {
        int fits = 1;
        for (uint32_t s = 0; s < defs->nsensors; s++)
            if ((mask >> s & 1) && cfv_defs_supplied(defs, (int)s, (int)t) < defs->types[t].nfields)
                fits = 0;
        if (fits)
            ok[n++] = (int)t;
    }
    assert_true(n > 0);
    return ok[gen_below(r, (uint32_t)n)];
}

static const char *pick(gen_rng *r, const char *const *list, size_t n)
{
    return list[gen_below(r, (uint32_t)n)];
}
#define PICK(r, list) pick((r), (list), sizeof(list) / sizeof(list)[0])

static void set_criterion(gen_rng *r, cfv_writer *w, int wi, uint32_t c, uint8_t ftype)
{
    uint8_t negate = gen_below(r, 4) == 0 ? CFF_CRITERION_FLAG_NEGATE : 0;
    if (ftype == CFV_FT_U32) {
        uint8_t op = gen_below(r, 2) ? CFF_OP_INT_EQ : CFF_OP_INT_MASK;
        uint32_t v = gen_below(r, 3) ? gen_below(r, 100) : (uint32_t)gen_next(r);
        assert_int_equal(cfv_writer_set_int(w, (size_t)wi, c, op, negate, v), 0);
        return;
    }
    uint8_t op = (uint8_t)(CFF_OP_EQUALS + gen_below(r, 5));
    uint8_t nocase = gen_below(r, 3) == 0 ? CFF_CRITERION_FLAG_NOCASE : 0;
    const char *t = op == CFF_OP_REGEX ? PICK(r, regexes) : PICK(r, texts);
    char buf[64];
    if (op != CFF_OP_REGEX && gen_below(r, 2)) {
        snprintf(buf, sizeof buf, "%s%u", t, gen_below(r, 1000));
        t = buf;
    }
    assert_int_equal(cfv_writer_set_str(w, (size_t)wi, c, op, (uint8_t)(nocase | negate), t), 0);
}

cfv_writer *gen_valid_model(gen_rng *r, const cfv_defs *defs, uint32_t sensor_mask)
{
    int t = pick_type(r, defs, sensor_mask);
    const cfv_type_def *td = &defs->types[t];
    uint64_t created = CFF_EPOCH_2020 + gen_below(r, 4u * 365 * 86400);
    cfv_writer *w = cfv_writer_new(td->channel, 1 + gen_below(r, (uint32_t)CFF_MAX_CONTENT),
                                   created);
    if (!w)
        return NULL;
    if (gen_below(r, 4) == 0) {   /* INSTANCES first: the other valid table order */
        cfv_writer_layout *l = cfv_writer_layout_of(w);
        memset(l, 0, sizeof *l);
        cfv_writer_layout_add(l, CFF_SECTION_KIND_INSTANCES, CFV_WRITER_INSTANCES);
        cfv_writer_layout_add(l, CFF_SECTION_KIND_STRINGS, CFV_WRITER_STRINGS);
    }
    uint32_t n = gen_below(r, 7), id = 0;
    for (uint32_t i = 0; i < n; i++) {
        id += 1 + gen_below(r, gen_below(r, 2) ? 5 : 100000);
        char name[80];
        snprintf(name, sizeof name, "%s %u", PICK(r, names), gen_below(r, 50));
        uint8_t flags = gen_below(r, 5) ? CFF_INSTANCE_FLAG_ENABLED : 0;
        int wi = cfv_writer_add_instance(w, id, (uint16_t)td->id, (uint8_t)td->nfields, flags,
                                         gen_below(r, 6) ? name : PICK(r, names));
        assert_true(wi >= 0);
        for (uint32_t c = 0; c < td->nfields; c++)
            if (gen_below(r, 3) == 0)
                set_criterion(r, w, wi, c, cfv_defs_field_type(defs, t, c));
    }
    /* Unreferenced strings; one at least when there is no instance (an
     * empty STRINGS section is CFV030). */
    for (uint32_t k = gen_below(r, 6) == 0 || n == 0 ? 1 + gen_below(r, 3) : 0; k > 0; k--)
        assert_int_equal(cfv_writer_add_string(w, PICK(r, texts)), 0);
    return w;
}

uint32_t gen_validate(const cfv_defs *defs, uint32_t sensor_mask, const uint8_t *buf,
                      size_t len, uint32_t *warnings)
{
    cfv_regex_cache *cache = cfv_regex_cache_new();
    assert_non_null(cache);
    cfv_options opt = {.defs = defs, .sensors = sensor_mask, .real_size = len,
                       .regex = cfv_regex_check, .regex_user = cache};
    static const uint8_t nothing[1];
    cfv_result res = cfv_validate(len ? buf : nothing, len, &opt);
    cfv_regex_cache_free(cache);
    if (warnings)
        *warnings = res.warnings;
    return res.errors;
}
