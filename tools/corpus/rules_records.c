/* corpus/rules, CFV040..CFV056: instance records and criteria. Each file is
 * the base file (one ProcessStart instance) with one record field or one
 * criterion broken. */
#include <string.h>

#include "corpus.h"

/* The base file with the corpus_crit `arg` set on instance 0. */
static int recriterion(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    const corpus_crit *c = arg;
    const corpus_inst in = { 1, "rundll32-javascript", ENABLED, c, 1 };
    cfv_writer *w = corpus_writer(ctx, "ProcessStart");
    if (!w || corpus_add(ctx, w, &in) < 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

/* The base writer plus an instance like its first; -1 on error. */
static int second(cfv_writer *w, uint32_t id, const char *name)
{
    const cfv_writer_instance *b = w ? cfv_writer_instance_at(w, 0) : NULL;
    return b ? cfv_writer_add_instance(w, id, b->template_type, b->field_count, ENABLED, name) : -1;
}

/* Base plus a second instance; its criteria count cut by *(size_t *)arg, the
 * INSTANCES count saying only the whole records. */
static int short_record(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    int i = second(w, 2, "cut-short");
    if (i < 0 || cfv_writer_set_criteria_count(w, (size_t)i, cfv_writer_criteria_count(w, 0) -
                                                                 *(const size_t *)arg) != 0) {
        cfv_writer_free(w);
        return -1;
    }
    cfv_writer_section *s = &cfv_writer_layout_of(w)->sections[1];
    s->has_count = 1;
    s->count = 1;
    return corpus_finish(w, out);
}

static int repeated_id(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    (void)arg;
    if (second(w, 1, "same-id-again") < 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

/* A FileWrite instance, its criteria fitting FileWrite, on channel 261. */
static int foreign_type(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    int t = cfv_defs_type_by_name(ctx->defs, "FileWrite", 9);
    (void)arg;
    const cfv_type_def *d = t >= 0 ? &ctx->defs->types[t] : NULL;
    int i = w && d ? cfv_writer_add_instance(w, 2, (uint16_t)d->id, (uint8_t)d->nfields, ENABLED,
                                             "filewrite-on-processstart")
                   : -1;
    if (i < 0 || cfv_writer_set_str(w, (size_t)i, 0, CFF_OP_SUFFIX, 0, ".lnk") != 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

/* field_count and the criteria held both one less than the type's fields
 * (one more would put the extra field past the sensors' inputs: CFV062). */
static int fewer_fields(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    (void)arg;
    size_t n = w ? cfv_writer_criteria_count(w, 0) - 1 : 0;
    if (!w || cfv_writer_set_criteria_count(w, 0, n) != 0) {
        cfv_writer_free(w);
        return -1;
    }
    cfv_writer_instance_at(w, 0)->field_count = (uint8_t)n;
    return corpus_finish(w, out);
}

static int long_regex(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    char re[CFF_MAX_REGEX + 2];
    (void)arg;
    memset(re, 'a', CFF_MAX_REGEX + 1);
    re[CFF_MAX_REGEX + 1] = 0;
    const corpus_crit c = CORPUS_STR("cmdline", REGEX, 0, re);
    return recriterion(ctx, &c, out);
}

static const size_t one = 1;
static const cfv_writer_layout leftover = LAYOUT(2, STRINGS_ENTRY, INSTANCES_WITH(.extra = 8));
static const corpus_patch instances_count = SECTION(1, COUNT, ADD, 1);
static const corpus_patch id0 = INSTANCE(0, INSTANCE_ID, SET, 0);
static const corpus_patch type99 = INSTANCE(0, TEMPLATE_TYPE, SET, 99);
static const corpus_patch flag_bit7 = INSTANCE(0, FLAGS, SET, 0x81);
static const corpus_patch inst_reserved = INSTANCE(0, RESERVED, SET, 0x1000);
static const corpus_patch crit_reserved = { AT_CRITERION, 0, 0, SET, CFF_CRITERION_RESERVED_OFF,
                                            CFF_CRITERION_RESERVED_SIZE, 0, 1 };

static const corpus_crit unknown_op = { "pid", 8, 0, NULL, 4 };
static const corpus_crit int_on_str = CORPUS_INT("image", INT_EQ, 0, 1);
static const corpus_crit any_operand = CORPUS_INT("pid", ANY, 0, 4);
static const corpus_crit any_negate = CORPUS_INT("pid", ANY, NEGATE, 0);
static const corpus_crit bad_flag = CORPUS_STR("image", SUFFIX, 0x04, "\\rundll32.exe");
static const corpus_crit nocase_int = CORPUS_INT("integrity", INT_EQ, NOCASE, 0x2000);
static const corpus_crit empty_operand = CORPUS_STR("cmdline", CONTAINS, 0, "");
static const corpus_crit bad_regex = CORPUS_STR("cmdline", REGEX, 0, "javascript:([a-z]+");
static const corpus_crit nested = CORPUS_STR("cmdline", REGEX, 0, "^(\\w+\\s?)*$");

static const corpus_entry entries[] = {
    { "rules/CFV040-record-runs-past-section.cff",
      "the second record says 12 criteria but the section ends after 11 (count 1: the whole "
      "records)", "CFV040", NULL, short_record, &one },
    { "rules/CFV041-instances-count-off-by-one.cff", "INSTANCES count 2, one record", "CFV041",
      NULL, corpus_patched, &instances_count },
    { "rules/CFV041-bytes-left-over.cff", "8 zero bytes after the last whole record", "CFV041",
      NULL, corpus_laid_out, &leftover },
    { "rules/CFV042-instance-id-zero.cff", "instance_id 0", "CFV042", NULL, corpus_patched, &id0 },
    { "rules/CFV042-instance-id-repeated.cff", "two instances with instance_id 1", "CFV042", NULL,
      repeated_id, NULL },
    { "rules/CFV043-unknown-template-type-99.cff", "template_type 99", "CFV043", NULL,
      corpus_patched, &type99 },
    { "rules/CFV044-filewrite-instance-on-processstart-channel.cff",
      "a FileWrite instance in a ProcessStart (261) file", "CFV044", NULL, foreign_type, NULL },
    { "rules/CFV045-field-count-11-of-12.cff", "a ProcessStart record with 11 fields", "CFV045",
      NULL, fewer_fields, NULL },
    { "rules/CFV046-instance-flag-bit-7.cff", "instance flags 0x81", "CFV046", NULL,
      corpus_patched, &flag_bit7 },
    { "rules/CFV046-instance-reserved-set.cff", "instance reserved 0x1000", "CFV046", NULL,
      corpus_patched, &inst_reserved },
    { "rules/CFV047-empty-instance-name.cff", "instance name \"\"", "CFV047", NULL,
      corpus_renamed, "" },
    { "rules/CFV050-unknown-op-8.cff", "op 8 on pid", "CFV050", NULL, recriterion, &unknown_op },
    { "rules/CFV051-int-eq-on-string-field.cff", "INT_EQ on image, a str field", "CFV051", NULL,
      recriterion, &int_on_str },
    { "rules/CFV052-any-with-operand.cff", "ANY with operand 4", "CFV052", NULL, recriterion,
      &any_operand },
    { "rules/CFV052-any-with-negate.cff", "ANY with NEGATE", "CFV052", NULL, recriterion,
      &any_negate },
    { "rules/CFV053-undefined-criterion-flag.cff", "SUFFIX with flag bit 2 (0x04)", "CFV053",
      NULL, recriterion, &bad_flag },
    { "rules/CFV053-nocase-on-int-op.cff", "INT_EQ with NOCASE", "CFV053", NULL, recriterion,
      &nocase_int },
    { "rules/CFV053-criterion-reserved-set.cff", "criterion 0 reserved 1", "CFV053", NULL,
      corpus_patched, &crit_reserved },
    { "rules/CFV054-empty-string-operand.cff", "CONTAINS \"\"", "CFV054", NULL, recriterion,
      &empty_operand },
    { "rules/CFV055-regex-does-not-compile.cff", "REGEX \"javascript:([a-z]+\" (missing ')')",
      "CFV055", NULL, recriterion, &bad_regex },
    { "rules/CFV056-regex-nested-quantifier.cff",
      "REGEX \"^(\\w+\\s?)*$\" (catastrophic backtracking)",
      "CFV056", NULL, recriterion, &nested },
    { "rules/CFV056-regex-257-bytes.cff", "a 257-byte REGEX", "CFV056", NULL, long_regex, NULL },
};

const corpus_entry *corpus_rules_records(size_t *n)
{
    *n = sizeof entries / sizeof entries[0];
    return entries;
}
