/* A decoded file written in the source format (`cfv dump --format source`),
 * so that `cfv build` makes the same bytes again. What the format cannot
 * say (broken headers, layouts, reserved bits) becomes a `# not kept:`
 * comment; `cfv dump` then checks the round trip and says so. */
#include "src_emit.h"

#include <inttypes.h>
#include <string.h>

#include "src_lex.h"
#include "src_quote.h"

typedef struct emit_ctx {
    cfv_buf *b;
    cfv_decoded *d;
    const cfv_defs *defs;
    int pool;                   /* strings spelled out in a pool block */
    const uint32_t *same;       /* first string with the same text (pool mode) */
    unsigned lost;
} emit_ctx;

static void lost(emit_ctx *e, const char *indent, const char *what, uint64_t value)
{
    cfv_buf_printf(e->b, "%s# not kept: %s %#" PRIx64 "\n", indent, what, value);
    e->lost++;
}

static void header(emit_ctx *e, int type)
{
    const cfv_decoded *d = e->d;
    const cfv_dec_header *h = &d->header;
    if (d->header_len < CFF_HEADER_SIZE)
        lost(e, "", "the file ends inside the header; its length is", d->len);
    if (h->magic != CFF_MAGIC)
        lost(e, "", "magic", h->magic);
    if (h->version_major != CFF_VERSION_MAJOR || h->version_minor != CFF_VERSION_MINOR)
        lost(e, "", "version (major << 16 | minor)",
             (uint64_t)h->version_major << 16 | h->version_minor);
    if (h->reserved_nonzero)
        lost(e, "", "non-zero reserved header bytes:", h->reserved_nonzero);
    if (type >= 0)
        cfv_buf_printf(e->b, "type %s\n", e->defs->types[type].name);
    cfv_buf_printf(e->b, "channel %" PRIu32 "\n", h->channel_id);
    cfv_buf_printf(e->b, "content_version %" PRIu32 "\n", h->content_version);
    char when[32];
    cfv_format_utc(h->created_utc, when);
    cfv_buf_printf(e->b, "created_utc %" PRIu64 "%s%s\n", h->created_utc, when[0] ? "  # " : "",
                   when);
}

static void sections(emit_ctx *e)
{
    const cfv_decoded *d = e->d;
    for (size_t i = 0; i < d->nsections; i++)
        if (d->sections[i].flags)
            lost(e, "", "section flags", d->sections[i].flags);
    if (d->nsections != 2 || d->strings_section < 0 || d->instances_section < 0) {
        lost(e, "", "a section table that is not one STRINGS and one INSTANCES entry; entries:",
             d->nsections);
        return;
    }
    if (d->instances_section == 0)
        cfv_buf_puts(e->b, "sections instances strings\n");
}

static void pool_block(emit_ctx *e)
{
    const cfv_decoded *d = e->d;
    cfv_buf_puts(e->b, "\n# The strings in file order (not the order cfv build would choose).\npool {\n");
    for (size_t i = 0; i < d->nstrings; i++) {
        cfv_buf_puts(e->b, "    ");
        cfv_src_quote(e->b, d->strtab + d->strings[i].off, d->strings[i].len);
        cfv_buf_putc(e->b, '\n');
    }
    cfv_buf_puts(e->b, "}\n");
}

/* A string reference as text when the source can say it, else @N: with a
 * pool (same != NULL) only the first copy of a text is said as text. */
static void sref(cfv_buf *b, const cfv_decoded *d, const uint32_t *same, uint32_t ref)
{
    const uint8_t *t;
    size_t n;
    if (cfv_decoded_sref(d, ref, &t, &n) == CFV_SREF_OK) {
        long i = cfv_decoded_string_index(d, ref);
        if (!same || same[i] == (uint32_t)i) {
            cfv_src_quote(b, t, n);
            return;
        }
    }
    cfv_buf_printf(b, "@%" PRIu32, ref);
}

void cfv_src_op(cfv_buf *b, const cfv_decoded *d, const cfv_dec_criterion *k,
                const uint32_t *same)
{
    static const char *const words[] = {"any", "equals", "prefix", "suffix", "contains",
                                        "regex", "eq", "mask"};
    if (k->flags & CFF_CRITERION_FLAG_NEGATE)
        cfv_buf_puts(b, "not ");
    if (k->op <= CFF_OP_MAX)
        cfv_buf_puts(b, words[k->op]);
    else
        cfv_buf_printf(b, "op%u", k->op);
    if (k->flags & CFF_CRITERION_FLAG_NOCASE)
        cfv_buf_puts(b, " nocase");
    if (cfv_op_takes_sref(k->op)) {
        cfv_buf_putc(b, ' ');
        sref(b, d, same, k->operand);
    } else if (k->op == CFF_OP_INT_MASK) {
        cfv_buf_printf(b, " %#" PRIx32, k->operand);
    } else if (k->op == CFF_OP_INT_EQ) {
        cfv_buf_printf(b, " %" PRIu32, k->operand);
    }
}

static void field_name(emit_ctx *e, int type, uint32_t c)
{
    if (type >= 0 && c < e->defs->types[type].nfields)
        cfv_buf_puts(e->b, e->defs->fields[e->defs->types[type].first_field + c].name);
    else
        cfv_buf_printf(e->b, "[%" PRIu32 "]", c);
}

static void criterion(emit_ctx *e, int type, const cfv_dec_criterion *k, uint32_t c)
{
    uint8_t known = CFF_CRITERION_FLAG_NOCASE | CFF_CRITERION_FLAG_NEGATE;
    if (k->op > CFF_OP_MAX || k->reserved || (k->flags & ~known) ||
        (k->op == CFF_OP_ANY && k->operand)) {
        cfv_buf_printf(e->b, "    # not kept: criterion %" PRIu32 " (op %u, flags %#x, reserved %#x, "
                             "operand %#" PRIx32 ")\n",
                       c, k->op, k->flags, k->reserved, k->operand);
        e->lost++;
        return;
    }
    if (k->op == CFF_OP_ANY && k->flags == 0)
        return;     /* implied */
    cfv_buf_puts(e->b, "    ");
    field_name(e, type, c);
    cfv_buf_putc(e->b, ' ');
    cfv_src_op(e->b, e->d, k, e->pool ? e->same : NULL);
    cfv_buf_putc(e->b, '\n');
}

static void instance(emit_ctx *e, size_t i, int default_type)
{
    const cfv_dec_instance *in = &e->d->instances[i];
    int type = cfv_defs_type_by_id(e->defs, in->template_type);
    cfv_buf_putc(e->b, '\n');
    if (type < 0)
        lost(e, "", "template type not in the definitions:", in->template_type);
    else if (in->field_count != e->defs->types[type].nfields || !in->complete)
        lost(e, "", "field_count", in->field_count);
    if (in->flags & ~CFF_INSTANCE_FLAG_ENABLED)
        lost(e, "", "instance flags", in->flags);
    if (in->reserved)
        lost(e, "", "instance reserved field", in->reserved);
    cfv_buf_printf(e->b, "instance %" PRIu32 " ", in->instance_id);
    sref(e->b, e->d, e->pool ? e->same : NULL, in->name);
    if (type >= 0 && type != default_type)
        cfv_buf_printf(e->b, " type %s", e->defs->types[type].name);
    if (!(in->flags & CFF_INSTANCE_FLAG_ENABLED))
        cfv_buf_puts(e->b, " disabled");
    cfv_buf_puts(e->b, " {\n");
    for (uint32_t c = 0; c < in->ncriteria; c++)
        criterion(e, type, cfv_decoded_criterion(e->d, i, c), c);
    cfv_buf_puts(e->b, "}\n");
}

int cfv_src_emit(cfv_buf *b, cfv_decoded *d, const cfv_defs *defs, const char *label)
{
    emit_ctx e = {b, d, defs, 0, NULL, 0};
    size_t first_unused = d->nstrings;
    int canon = cfv_decoded_pool_check(d, &first_unused);
    if (canon < 0 || cfv_decoded_first_same(d, &e.same) != 0)
        return -1;
    e.pool = !canon && d->strtab;
    cfv_buf_puts(b, "# cfv source");
    if (label) {
        cfv_buf_puts(b, " of ");
        cfv_src_quote(b, (const uint8_t *)label, strlen(label));
    }
    cfv_buf_puts(b, "; `cfv build` turns it into a CFF v1 file (docs/source-format.md).\n");
    /* The channel's type; for a channel the definitions do not know, the
     * first instance's, so the source still names one. */
    int type = cfv_defs_type_by_channel(defs, d->header.channel_id);
    if (type < 0 && d->ninstances)
        type = cfv_defs_type_by_id(defs, d->instances[0].template_type);
    header(&e, type);
    sections(&e);
    if (e.pool)
        pool_block(&e);
    for (size_t i = 0; i < d->ninstances; i++)
        instance(&e, i, type);
    if (d->leftover_len)
        lost(&e, "", "bytes after the last whole instance record:", d->leftover_len);
    if (!e.pool && first_unused < d->nstrings) {
        cfv_buf_puts(b, "\n# Strings no instance uses.\n");
        for (size_t s = first_unused; s < d->nstrings; s++) {
            cfv_buf_puts(b, "string ");
            cfv_src_quote(b, d->strtab + d->strings[s].off, d->strings[s].len);
            cfv_buf_putc(b, '\n');
        }
    }
    return (int)e.lost;
}
