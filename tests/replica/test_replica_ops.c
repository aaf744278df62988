/* Each op with and without NOCASE and NEGATE, on a ProcessStart instance:
 * string ops on field 0 (image), integer ops on field 5 (integrity). Plus
 * what the interpreter does around the ops: disabled instances, other
 * types, file order, operands only a trusting load lets through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "replica_fixture.h"
#include "fixture.h"

#define NC CFF_CRITERION_FLAG_NOCASE
#define NG CFF_CRITERION_FLAG_NEGATE
#define PS_FIELDS 12
#define STR_FIELD 0
#define INT_FIELD 5

typedef struct op_case {
    uint8_t op, flags;
    const char *operand;        /* string ops */
    uint32_t value;             /* integer ops: the operand */
    const char *input;          /* string ops */
    uint32_t ivalue;            /* integer ops: the input */
    int want;
} op_case;

static const op_case cases[] = {
    /* EQUALS: bytes; NOCASE as PCRE2_CASELESS. */
    {CFF_OP_EQUALS, 0, "cmd.exe", 0, "cmd.exe", 0, 1},
    {CFF_OP_EQUALS, 0, "cmd.exe", 0, "cmd.exe ", 0, 0},
    {CFF_OP_EQUALS, 0, "cmd.exe", 0, "cmd.ex", 0, 0},
    {CFF_OP_EQUALS, 0, "cmd.exe", 0, "CMD.EXE", 0, 0},
    {CFF_OP_EQUALS, NC, "cmd.exe", 0, "CMD.EXE", 0, 1},
    {CFF_OP_EQUALS, NC, "cmd.exe", 0, "CMD.EXE2", 0, 0},
    {CFF_OP_EQUALS, NC, "cmd.exe", 0, "xCMD.EXE", 0, 0},
    {CFF_OP_EQUALS, NG, "cmd.exe", 0, "cmd.exe", 0, 0},
    {CFF_OP_EQUALS, NG, "cmd.exe", 0, "CMD.EXE", 0, 1},
    {CFF_OP_EQUALS, NC | NG, "cmd.exe", 0, "CMD.EXE", 0, 0},
    {CFF_OP_EQUALS, NC | NG, "cmd.exe", 0, "pwsh.exe", 0, 1},
    {CFF_OP_EQUALS, 0, "cmd.exe", 0, "", 0, 0},
    /* Regex metacharacters in a plain operand are literal, with NOCASE too. */
    {CFF_OP_EQUALS, NC, "a.b*", 0, "A.B*", 0, 1},
    {CFF_OP_EQUALS, NC, "a.b*", 0, "axbbb", 0, 0},
    {CFF_OP_EQUALS, NC, "\\E(x)\\Q", 0, "\\e(X)\\q", 0, 1},
    /* PREFIX */
    {CFF_OP_PREFIX, 0, "C:\\Windows\\", 0, "C:\\Windows\\System32\\cmd.exe", 0, 1},
    {CFF_OP_PREFIX, 0, "C:\\Windows\\", 0, "c:\\windows\\system32\\cmd.exe", 0, 0},
    {CFF_OP_PREFIX, NC, "C:\\Windows\\", 0, "c:\\windows\\system32\\cmd.exe", 0, 1},
    {CFF_OP_PREFIX, NC, "C:\\Windows\\", 0, "D:\\c:\\windows\\", 0, 0},
    {CFF_OP_PREFIX, 0, "C:\\Windows\\", 0, "C:\\Win", 0, 0},
    {CFF_OP_PREFIX, NG, "C:\\Windows\\", 0, "C:\\Windows\\x", 0, 0},
    {CFF_OP_PREFIX, NG, "C:\\Windows\\", 0, "D:\\x", 0, 1},
    {CFF_OP_PREFIX, NC | NG, "C:\\Windows\\", 0, "c:\\WINDOWS\\x", 0, 0},
    /* SUFFIX */
    {CFF_OP_SUFFIX, 0, "\\cmd.exe", 0, "C:\\Windows\\System32\\cmd.exe", 0, 1},
    {CFF_OP_SUFFIX, 0, "\\cmd.exe", 0, "C:\\Windows\\System32\\CMD.EXE", 0, 0},
    {CFF_OP_SUFFIX, NC, "\\cmd.exe", 0, "C:\\Windows\\System32\\CMD.EXE", 0, 1},
    {CFF_OP_SUFFIX, NC, "\\cmd.exe", 0, "C:\\CMD.EXE.bak", 0, 0},
    {CFF_OP_SUFFIX, 0, "\\cmd.exe", 0, "cmd.exe", 0, 0},
    {CFF_OP_SUFFIX, NG, "\\cmd.exe", 0, "C:\\cmd.exe", 0, 0},
    {CFF_OP_SUFFIX, NC | NG, "\\cmd.exe", 0, "C:\\PWSH.EXE", 0, 1},
    /* CONTAINS */
    {CFF_OP_CONTAINS, 0, "\\pipe\\", 0, "\\\\.\\pipe\\msagent_4f", 0, 1},
    {CFF_OP_CONTAINS, 0, "\\PIPE\\", 0, "\\\\.\\pipe\\msagent_4f", 0, 0},
    {CFF_OP_CONTAINS, NC, "\\PIPE\\", 0, "\\\\.\\pipe\\msagent_4f", 0, 1},
    {CFF_OP_CONTAINS, 0, "msagent", 0, "msagen", 0, 0},
    {CFF_OP_CONTAINS, NG, "\\pipe\\", 0, "\\\\.\\pipe\\x", 0, 0},
    {CFF_OP_CONTAINS, NG, "\\pipe\\", 0, "C:\\x", 0, 1},
    {CFF_OP_CONTAINS, NC | NG, "\\PIPE\\", 0, "\\\\.\\pipe\\x", 0, 0},
    {CFF_OP_CONTAINS, 0, "", 0, "abc", 0, 1},              /* the empty operand is in any text */
    /* REGEX: PCRE2, UTF, unanchored unless the pattern anchors itself. */
    {CFF_OP_REGEX, 0, "msagent_[0-9a-f]{2}$", 0, "\\\\.\\pipe\\msagent_4f", 0, 1},
    {CFF_OP_REGEX, 0, "^msagent_[0-9a-f]{2}$", 0, "\\\\.\\pipe\\msagent_4f", 0, 0},
    {CFF_OP_REGEX, 0, "msagent_[0-9a-f]{2}$", 0, "\\\\.\\pipe\\MSAGENT_4F", 0, 0},
    {CFF_OP_REGEX, NC, "msagent_[0-9a-f]{2}$", 0, "\\\\.\\pipe\\MSAGENT_4F", 0, 1},
    {CFF_OP_REGEX, NG, "msagent_[0-9a-f]{2}$", 0, "\\\\.\\pipe\\msagent_4f", 0, 0},
    {CFF_OP_REGEX, NG, "msagent_[0-9a-f]{2}$", 0, "\\\\.\\pipe\\x", 0, 1},
    {CFF_OP_REGEX, NC | NG, "MSAGENT", 0, "msagent", 0, 0},
    {CFF_OP_REGEX, 0, "^.$", 0, "\xC3\xA9", 0, 1}, /* one code point, two bytes */
    /* NOCASE beyond ASCII: Unicode simple case folding, as PCRE2_CASELESS. */
    {CFF_OP_EQUALS, 0, "\xC3\xA9t\xC3\xA9", 0, "\xC3\x89T\xC3\x89", 0, 0},     /* été / ÉTÉ */
    {CFF_OP_EQUALS, NC, "\xC3\xA9t\xC3\xA9", 0, "\xC3\x89T\xC3\x89", 0, 1},
    {CFF_OP_EQUALS, NC, "k", 0, "\xE2\x84\xAA", 0, 1},                         /* KELVIN SIGN */
    {CFF_OP_PREFIX, NC, "\xE2\x84\xAA" "ey", 0, "KEY.txt", 0, 1},
    {CFF_OP_SUFFIX, NC, "s", 0, "bu\xC5\xBF", 0, 1},                            /* LONG S */
    {CFF_OP_CONTAINS, NC, "\xCF\x83", 0, "O\xCE\xA3O", 0, 1},                   /* σ in OΣO */
    {CFF_OP_EQUALS, NC, "\xCF\x82", 0, "\xCE\xA3", 0, 1},                       /* ς ~ Σ */
    {CFF_OP_EQUALS, NC, "stra\xC3\x9F" "e", 0, "STRASSE", 0, 0},               /* no full folding */
    {CFF_OP_REGEX, NC, "^\xCF\x83$", 0, "\xCF\x82", 0, 1},                      /* same in REGEX */
    /* INT_EQ */
    {CFF_OP_INT_EQ, 0, NULL, 4, NULL, 4, 1},
    {CFF_OP_INT_EQ, 0, NULL, 4, NULL, 5, 0},
    {CFF_OP_INT_EQ, 0, NULL, 4294967295u, NULL, 4294967295u, 1},
    {CFF_OP_INT_EQ, 0, NULL, 0, NULL, 0, 1},
    {CFF_OP_INT_EQ, NG, NULL, 4, NULL, 4, 0},
    {CFF_OP_INT_EQ, NG, NULL, 4, NULL, 3, 1},
    {CFF_OP_INT_EQ, NC, NULL, 4, NULL, 4, 1},              /* NOCASE means nothing to a number */
    /* INT_MASK */
    {CFF_OP_INT_MASK, 0, NULL, 0x6, NULL, 0x2, 1},
    {CFF_OP_INT_MASK, 0, NULL, 0x6, NULL, 0x9, 0},
    {CFF_OP_INT_MASK, 0, NULL, 0x80000000u, NULL, 0xFFFFFFFFu, 1},
    {CFF_OP_INT_MASK, 0, NULL, 0, NULL, 0xFFFFFFFFu, 0},
    {CFF_OP_INT_MASK, NG, NULL, 0x6, NULL, 0x4, 0},
    {CFF_OP_INT_MASK, NG, NULL, 0x6, NULL, 0x1, 1},
};

static int is_int_op(uint8_t op) { return op == CFF_OP_INT_EQ || op == CFF_OP_INT_MASK; }

/* One ProcessStart instance (id 1) holding criterion c on its field. */
static cfv_replica *one_criterion(const op_case *c)
{
    cfv_writer *w = rt_writer(RT_CH_PROCESS_START);
    int i = cfv_writer_add_instance(w, 1, RT_PROCESS_START, PS_FIELDS, CFF_INSTANCE_FLAG_ENABLED,
                                    "case");
    assert_true(i >= 0);
    if (is_int_op(c->op))
        assert_int_equal(cfv_writer_set_int(w, (size_t)i, INT_FIELD, c->op, c->flags, c->value), 0);
    else
        assert_int_equal(cfv_writer_set_str(w, (size_t)i, STR_FIELD, c->op, c->flags, c->operand),
                         0);
    return rt_load_writer(w);
}

static void each_op_with_and_without_nocase_and_negate(void **s)
{
    const cfv_defs *defs = *s;
    unsigned seen[8] = {0};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const op_case *c = &cases[k];
        seen[c->op] |= 1u << c->flags;
        cfv_replica *r = one_criterion(c);
        cfv_replica_input in[PS_FIELDS];
        rt_blank_inputs(defs, RT_PROCESS_START, in, PS_FIELDS);
        if (is_int_op(c->op))
            in[INT_FIELD] = rt_u32(c->ivalue);
        else
            in[STR_FIELD] = rt_str(c->input);
        for (int mode = CFV_REPLICA_FAITHFUL; mode <= CFV_REPLICA_HARDENED; mode++) {
            rt_verdicts v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, (cfv_replica_mode)mode);
            assert_int_equal(v.n, 1);
            if ((int)v.v[0] != c->want)
                fail_msg("case %zu: %s flags %u operand \"%s\"/%u input \"%s\"/%u: got %d, want %d",
                         k, cff_Op_name(c->op), c->flags, c->operand ? c->operand : "", c->value,
                         c->input ? c->input : "", c->ivalue, (int)v.v[0], c->want);
        }
        cfv_replica_free(r);
    }
    /* The table covers every op that reads, plain and NEGATE; string ops with NOCASE too. */
    for (uint8_t op = CFF_OP_EQUALS; op <= CFF_OP_INT_MASK; op++) {
        unsigned want = (1u << 0) | (1u << NG);
        if (!is_int_op(op))
            want |= (1u << NC) | (1u << (NC | NG));
        assert_int_equal(seen[op] & want, want);
    }
}

static void any_always_holds_and_negate_is_ignored(void **s)
{
    const cfv_defs *defs = *s;
    cfv_writer *w = rt_writer(RT_CH_PROCESS_START);
    assert_true(cfv_writer_add_instance(w, 7, RT_PROCESS_START, PS_FIELDS,
                                        CFF_INSTANCE_FLAG_ENABLED, "all wildcards") >= 0);
    /* ANY with NEGATE (CFV052): a trusting load keeps the flag, the wildcard ignores it. */
    assert_int_equal(cfv_writer_set_int(w, 0, 3, CFF_OP_ANY, NG, 0), 0);
    cfv_replica *r = rt_load_writer(w);
    cfv_replica_input in[PS_FIELDS];
    rt_blank_inputs(defs, RT_PROCESS_START, in, PS_FIELDS);
    rt_verdicts v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_FAITHFUL);
    assert_int_equal(v.n, 1);
    assert_int_equal(v.v[0], CFV_VERDICT_MATCH);
    cfv_replica_free(r);
}

/* Instances: 1 enabled match, 2 disabled (would match), 3 enabled no match,
 * 4 of another type, 5 enabled match. Only 1, 3, 5 are evaluated, in order. */
static void disabled_and_other_types_are_skipped_in_file_order(void **s)
{
    const cfv_defs *defs = *s;
    cfv_writer *w = rt_writer(RT_CH_PROCESS_START);
    const uint8_t en = CFF_INSTANCE_FLAG_ENABLED;
    assert_int_equal(cfv_writer_add_instance(w, 1, RT_PROCESS_START, PS_FIELDS, en, "one"), 0);
    assert_int_equal(cfv_writer_add_instance(w, 2, RT_PROCESS_START, PS_FIELDS, 0, "two"), 1);
    assert_int_equal(cfv_writer_add_instance(w, 3, RT_PROCESS_START, PS_FIELDS, en, "three"), 2);
    assert_int_equal(cfv_writer_add_instance(w, 4, RT_FILE_WRITE, 9, en, "four"), 3);
    assert_int_equal(cfv_writer_add_instance(w, 5, RT_PROCESS_START, PS_FIELDS, en, "five"), 4);
    assert_int_equal(cfv_writer_set_str(w, 0, 0, CFF_OP_SUFFIX, NC, "\\cmd.exe"), 0);
    assert_int_equal(cfv_writer_set_str(w, 1, 0, CFF_OP_SUFFIX, NC, "\\cmd.exe"), 0);
    assert_int_equal(cfv_writer_set_str(w, 2, 0, CFF_OP_SUFFIX, 0, "\\pwsh.exe"), 0);
    assert_int_equal(cfv_writer_set_int(w, 4, INT_FIELD, CFF_OP_INT_MASK, 0, 0x3000), 0);
    cfv_replica *r = rt_load_writer(w);
    assert_int_equal(cfv_replica_count(r), 5);
    cfv_replica_input in[PS_FIELDS];
    rt_blank_inputs(defs, RT_PROCESS_START, in, PS_FIELDS);
    in[STR_FIELD] = rt_str("C:\\Windows\\System32\\CMD.exe");
    in[INT_FIELD] = rt_u32(0x2000);
    for (int mode = CFV_REPLICA_FAITHFUL; mode <= CFV_REPLICA_HARDENED; mode++) {
        rt_verdicts v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, (cfv_replica_mode)mode);
        assert_int_equal(v.n, 3);
        assert_int_equal(v.id[0], 1);
        assert_int_equal(v.v[0], CFV_VERDICT_MATCH);
        assert_int_equal(v.id[1], 3);
        assert_int_equal(v.v[1], CFV_VERDICT_NO_MATCH);
        assert_int_equal(v.id[2], 5);
        assert_int_equal(v.v[2], CFV_VERDICT_MATCH);
        assert_int_equal(v.counts.evaluated, 3);
        assert_int_equal(v.counts.matched, 2);
        assert_int_equal(v.counts.refused, 0);
    }
    cfv_replica_free(r);
}

/* Every criterion must hold; and each is evaluated (no short cut), which
 * the wildcard test in test_replica_incident.c relies on to be meaningful. */
static void all_criteria_must_hold(void **s)
{
    const cfv_defs *defs = *s;
    cfv_writer *w = rt_one(RT_CH_PROCESS_START, RT_PROCESS_START, PS_FIELDS, "two criteria");
    assert_int_equal(cfv_writer_set_str(w, 0, 0, CFF_OP_SUFFIX, NC, "\\rundll32.exe"), 0);
    assert_int_equal(cfv_writer_set_str(w, 0, 1, CFF_OP_CONTAINS, NC, "javascript:"), 0);
    cfv_replica *r = rt_load_writer(w);
    cfv_replica_input in[PS_FIELDS];
    rt_blank_inputs(defs, RT_PROCESS_START, in, PS_FIELDS);
    in[0] = rt_str("C:\\Windows\\System32\\rundll32.exe");
    in[1] = rt_str("rundll32.exe JavaScript:\"\\..\\mshtml,RunHTMLApplication\"");
    assert_int_equal(rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_HARDENED).v[0],
                     CFV_VERDICT_MATCH);
    in[1] = rt_str("rundll32.exe shell32.dll,Control_RunDLL");
    assert_int_equal(rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_HARDENED).v[0],
                     CFV_VERDICT_NO_MATCH);
    in[0] = rt_str("C:\\x.exe");
    in[1] = rt_str("javascript:");
    assert_int_equal(rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_HARDENED).v[0],
                     CFV_VERDICT_NO_MATCH);
    cfv_replica_free(r);
}

/* Criteria only a trusting load lets through: an unsafe regex runs under
 * the match limit; a regex that gives up or does not compile, an unknown op,
 * a string op on a u32 field, an integer op on a str field, a REGEX on a u32
 * field and a NOCASE operand that is not UTF-8 (PCRE2 does not compile it)
 * cannot be evaluated and never hold, NEGATE or not. */
static void trusting_only_criteria(void **s)
{
    const cfv_defs *defs = *s;
    cfv_writer *w = rt_writer(RT_CH_PROCESS_START);
    const uint8_t en = CFF_INSTANCE_FLAG_ENABLED;
    for (uint32_t id = 1; id <= 11; id++)
        assert_int_equal(cfv_writer_add_instance(w, id, RT_PROCESS_START, PS_FIELDS, en, "t"),
                         (int)id - 1);
    assert_int_equal(cfv_writer_set_str(w, 0, 0, CFF_OP_REGEX, 0, "^(a+)+$"), 0);
    assert_int_equal(cfv_writer_set_str(w, 1, 0, CFF_OP_REGEX, 0, "(unclosed"), 0);
    assert_int_equal(cfv_writer_set_str(w, 2, 0, CFF_OP_REGEX, NG, "(unclosed"), 0);
    assert_int_equal(cfv_writer_set_int(w, 3, 0, 9, 0, 0), 0);        /* unknown op */
    assert_int_equal(cfv_writer_set_str(w, 4, INT_FIELD, CFF_OP_EQUALS, 0, "x"), 0);
    assert_int_equal(cfv_writer_set_int(w, 5, STR_FIELD, CFF_OP_INT_EQ, 0, 0), 0);
    assert_int_equal(cfv_writer_set_str(w, 6, 0, CFF_OP_REGEX, 0, "^(a+)+$"), 0);
    assert_int_equal(cfv_writer_set_str(w, 7, 0, CFF_OP_REGEX, NG, "^(a+)+$"), 0);
    assert_int_equal(cfv_writer_set_str(w, 8, INT_FIELD, CFF_OP_EQUALS, NG, "x"), 0);
    assert_int_equal(cfv_writer_set_str(w, 9, INT_FIELD, CFF_OP_REGEX, 0, "x"), 0);
    assert_int_equal(cfv_writer_set_str(w, 10, 0, CFF_OP_EQUALS, NC, "\xFF"), 0);
    cfv_replica *r = rt_load_writer(w);
    cfv_replica_input in[PS_FIELDS];
    rt_blank_inputs(defs, RT_PROCESS_START, in, PS_FIELDS);
    in[0] = rt_str("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
    clock_t t0 = clock();
    rt_verdicts v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_FAITHFUL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 10.0); /* the match limit, not exponential backtracking */
    assert_int_equal(v.n, 11);
    for (size_t k = 0; k < 11; k++)
        if (v.v[k] != CFV_VERDICT_NO_MATCH)
            fail_msg("instance %u: got %d, want no match", v.id[k], (int)v.v[k]);
    /* The unsafe pattern is still a working regex where it terminates. */
    in[0] = rt_str("aaaa");
    v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_HARDENED);
    assert_int_equal(v.v[0], CFV_VERDICT_MATCH);
    assert_int_equal(v.v[7], CFV_VERDICT_NO_MATCH);
    cfv_replica_free(r);
}

/* Many NOCASE operands, each compiled once into the replica (the table of
 * compiled patterns grows past its first 16), and an evaluation without a
 * callback counts the same as one with. */
static void many_nocase_operands(void **s)
{
    const cfv_defs *defs = *s;
    enum { N = 40 };
    cfv_writer *w = rt_writer(RT_CH_PROCESS_START);
    for (uint32_t id = 1; id <= N; id++) {
        assert_int_equal(cfv_writer_add_instance(w, id, RT_PROCESS_START, PS_FIELDS,
                                                 CFF_INSTANCE_FLAG_ENABLED, "n"), (int)id - 1);
        char operand[16];
        snprintf(operand, sizeof operand, "k%u", (unsigned)id % 2);   /* k0 or k1 */
        assert_int_equal(cfv_writer_set_str(w, id - 1, STR_FIELD, CFF_OP_EQUALS, NC, operand), 0);
    }
    cfv_replica *r = rt_load_writer(w);
    cfv_replica_input in[PS_FIELDS];
    rt_blank_inputs(defs, RT_PROCESS_START, in, PS_FIELDS);
    in[STR_FIELD] = rt_str("\xE2\x84\xAA" "1");   /* KELVIN SIGN, 1 */
    rt_verdicts v = rt_eval(r, RT_PROCESS_START, in, PS_FIELDS, CFV_REPLICA_FAITHFUL);
    assert_int_equal(v.n, N);
    for (size_t k = 0; k < N; k++)
        assert_int_equal(v.v[k], v.id[k] % 2 ? CFV_VERDICT_MATCH : CFV_VERDICT_NO_MATCH);
    cfv_replica_input *slots = cfv_replica_inputs_new(PS_FIELDS);
    assert_non_null(slots);
    memcpy(slots, in, sizeof in);
    cfv_replica_counts c = cfv_replica_eval(r, RT_PROCESS_START, slots, PS_FIELDS,
                                            CFV_REPLICA_HARDENED, NULL, NULL);
    assert_int_equal(c.evaluated, N);
    assert_int_equal(c.matched, N / 2);
    assert_int_equal(c.refused, 0);
    assert_int_equal(v.counts.matched, N / 2);
    cfv_replica_inputs_free(slots, PS_FIELDS);
    cfv_replica_inputs_free(NULL, PS_FIELDS);   /* as free(NULL): nothing */
    cfv_replica_free(r);
}

int main(void)
{
    return TF_RUN(tf_setup_defs, tf_teardown_defs, each_op_with_and_without_nocase_and_negate,
                  any_always_holds_and_negate_is_ignored,
                  disabled_and_other_types_are_skipped_in_file_order, all_criteria_must_hold,
                  trusting_only_criteria, many_nocase_operands);
}
