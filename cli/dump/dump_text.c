/* The readable listing: one line per field, "@OFFSET  name  value", the
 * diagnostics that point into a line's bytes printed right under it, and
 * any that point elsewhere (padding, past the end) at the end. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cfv/le.h"
#include "dump.h"
#include "escape.h"
#include "report.h"
#include "src_lex.h"
#include "src_quote.h"

/* Prints the diagnostics whose offset lies in [start, start + size). */
static void notes(cfv_dump_ctx *c, uint64_t start, uint64_t size)
{
    const cfv_diag_list *l = c->diags;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {   /* first at or after start */
        size_t mid = lo + (hi - lo) / 2;
        if (l->items[c->order[mid]].offset < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < l->n && l->items[c->order[k]].offset - start < size; k++) {
        size_t i = c->order[k];
        if (c->shown[i])
            continue;
        c->shown[i] = 1;
        const cfv_diag *dg = &l->items[i];
        char rule[8];
        cfv_report_rule_name(dg->rule, rule);
        cfv_buf_printf(c->b, "         ! %s %s @%" PRIu64 ": ", cfv_severity_name(dg->severity),
                       rule, dg->offset);
        cfv_esc_text(c->b, dg->message, strlen(dg->message));
        const char *sensor = cfv_dump_sensor(c, dg);
        if (sensor)
            cfv_buf_printf(c->b, " (sensor %s)", sensor);
        cfv_buf_putc(c->b, '\n');
    }
}

/* "  @OFF    name             " then the caller's value, then notes. */
static void row(cfv_dump_ctx *c, uint64_t off, const char *name)
{
    cfv_buf_printf(c->b, "  @%-8" PRIu64 " %-16s ", off, name);
}

static void end_row(cfv_dump_ctx *c, uint64_t off, uint64_t size)
{
    cfv_buf_putc(c->b, '\n');
    notes(c, off, size);
}

static void header(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    const cfv_dec_header *h = &d->header;
    cfv_buf_printf(c->b, "\nheader @0..%zu\n", d->header_len);
    if (d->header_len < CFF_HEADER_SIZE)
        cfv_buf_printf(c->b, "  (the file ends at %zu, inside the %u-byte header)\n", d->len,
                       (unsigned)CFF_HEADER_SIZE);
#define FIELD(F, name, ...)                                                          \
    if (cfv_decoded_has_header_field(d, CFF_HEADER_##F##_OFF, CFF_HEADER_##F##_SIZE)) { \
        row(c, CFF_HEADER_##F##_OFF, name);                                              \
        cfv_buf_printf(c->b, __VA_ARGS__);                                               \
        end_row(c, CFF_HEADER_##F##_OFF, CFF_HEADER_##F##_SIZE);                         \
    }
    FIELD(MAGIC, "magic", "%#010" PRIx32 "%s", h->magic, h->magic == CFF_MAGIC ? "" : "  (not AA AA AA AA)")
    FIELD(VERSION_MAJOR, "version_major", "%u", h->version_major)
    FIELD(VERSION_MINOR, "version_minor", "%u", h->version_minor)
    int t = cfv_defs_type_by_channel(c->env->defs, h->channel_id);
    FIELD(CHANNEL_ID, "channel_id", "%" PRIu32 "  %s", h->channel_id,
          t >= 0 ? c->env->defs->types[t].name : "(not in the definitions)")
    FIELD(CONTENT_VERSION, "content_version", "%" PRIu32, h->content_version)
    char when[32];
    cfv_format_utc(h->created_utc, when);
    FIELD(CREATED_UTC, "created_utc", "%" PRIu64 "  %s", h->created_utc, when)
    FIELD(FILE_SIZE, "file_size", "%" PRIu32 "%s", h->file_size,
          h->file_size == c->real_size ? "" : "  (differs from the real size)")
    FIELD(CRC32C, "crc32c", "%#010" PRIx32, h->crc32c)
    FIELD(SECTION_COUNT, "section_count", "%" PRIu32, h->section_count)
#undef FIELD
    if (d->header_len > CFF_HEADER_RESERVED_OFF) {
        row(c, CFF_HEADER_RESERVED_OFF, "reserved");
        cfv_buf_printf(c->b, "%zu bytes, %" PRIu32 " not zero",
                       d->header_len - (size_t)CFF_HEADER_RESERVED_OFF, h->reserved_nonzero);
        end_row(c, CFF_HEADER_RESERVED_OFF, CFF_HEADER_RESERVED_SIZE);
    }
}

static const char *kind_name(uint16_t kind)
{
    const char *n = cff_SectionKind_name(kind);
    return n ? n : "unknown";
}

static void table(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    if (d->header_len < CFF_HEADER_SIZE)
        return;
    cfv_buf_printf(c->b, "\nsection table @%u, %zu of %" PRIu32 " entries in the file%s\n",
                   (unsigned)CFF_HEADER_SIZE, d->nsections, d->header.section_count,
                   d->table_cut ? " (the rest not decoded)" : "");
    for (size_t i = 0; i < d->nsections; i++) {
        const cfv_dec_section *s = &d->sections[i];
        cfv_buf_printf(c->b, "  @%-8" PRIu64 " [%zu] %-9s kind %u  flags %#x  offset %" PRIu32
                             "  size %" PRIu32 "  count %" PRIu32 "%s",
                       s->entry_off, i, kind_name(s->kind), s->kind, s->flags, s->offset,
                       s->size, s->count, s->avail < s->size ? "  (runs past the end of the file)" : "");
        end_row(c, s->entry_off, CFF_SECTION_SIZE);
    }
}

static void strings(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    if (!d->strtab)
        return;
    const cfv_dec_section *s = &d->sections[d->strings_section];
    cfv_buf_printf(c->b, "\nSTRINGS (section %d) @%" PRIu32 "..%" PRIu64 ", %zu strings\n",
                   d->strings_section, s->offset, (uint64_t)s->offset + s->avail, d->nstrings);
    for (size_t i = 0; i < d->nstrings; i++) {
        const cfv_dec_string *str = &d->strings[i];
        uint64_t off = (uint64_t)s->offset + str->off;
        cfv_buf_printf(c->b, "  @%-8" PRIu64 " +%-8" PRIu32 " ", off, str->off);
        cfv_src_quote(c->b, d->strtab + str->off, str->len);
        if (!str->terminated)
            cfv_buf_puts(c->b, "  (no NUL before the end of the section)");
        end_row(c, off, (uint64_t)str->len + 1);
    }
}

/* "+REF "text"" or "+REF (why not)". */
static void sref(cfv_dump_ctx *c, uint32_t ref)
{
    const uint8_t *t;
    size_t n;
    cfv_sref_status st = cfv_decoded_sref(c->d, ref, &t, &n);
    cfv_buf_printf(c->b, "+%" PRIu32 " ", ref);
    if (t)
        cfv_src_quote(c->b, t, n);
    if (st != CFV_SREF_OK)
        cfv_buf_printf(c->b, "%s(%s)", t ? "  " : "", cfv_dump_sref_status(st));
}

static void criterion(cfv_dump_ctx *c, int t, const cfv_dec_criterion *k, uint32_t i)
{
    const char *field = cfv_dump_field(c, t, i);
    char label[48];
    snprintf(label, sizeof label, "[%" PRIu32 "] %s", i, field ? field : "(no such field)");
    cfv_buf_printf(c->b, "  @%-8" PRIu64 "   %-24s ", k->off, label);
    const char *op = cff_Op_name(k->op);
    if (op)
        cfv_buf_puts(c->b, op);
    else
        cfv_buf_printf(c->b, "op %u (unknown)", k->op);
    if (k->flags & CFF_CRITERION_FLAG_NEGATE)
        cfv_buf_puts(c->b, " NEGATE");
    if (k->flags & CFF_CRITERION_FLAG_NOCASE)
        cfv_buf_puts(c->b, " NOCASE");
    if (k->flags & ~(CFF_CRITERION_FLAG_NOCASE | CFF_CRITERION_FLAG_NEGATE))
        cfv_buf_printf(c->b, " flags %#x", k->flags);
    if (k->reserved)
        cfv_buf_printf(c->b, " reserved %#x", k->reserved);
    if (cfv_op_takes_sref(k->op)) {
        cfv_buf_putc(c->b, ' ');
        sref(c, k->operand);
    } else if (k->op != CFF_OP_ANY || k->operand) {
        cfv_buf_printf(c->b, " %" PRIu32 " (%#" PRIx32 ")", k->operand, k->operand);
    }
    end_row(c, k->off, CFF_CRITERION_FIXED_SIZE);
}

static void instance(cfv_dump_ctx *c, size_t i)
{
    const cfv_dec_instance *in = &c->d->instances[i];
    int t = cfv_dump_type(c, in->template_type);
    const char *tname = t >= 0 ? c->env->defs->types[t].name : "(unknown type)";
    cfv_buf_printf(c->b, "  instance %" PRIu32 " ", in->instance_id);
    const uint8_t *name;
    size_t n;
    if (cfv_decoded_sref(c->d, in->name, &name, &n) == CFV_SREF_OK) {
        cfv_src_quote(c->b, name, n);
        cfv_buf_putc(c->b, ' ');
    }
    cfv_buf_printf(c->b, "(%s, %s)\n", tname,
                   in->flags & CFF_INSTANCE_FLAG_ENABLED ? "enabled" : "disabled");
#define FIELD(F, name, ...)                                               \
    row(c, in->off + CFF_INSTANCE_##F##_OFF, name);                         \
    cfv_buf_printf(c->b, __VA_ARGS__);                                      \
    end_row(c, in->off + CFF_INSTANCE_##F##_OFF, CFF_INSTANCE_##F##_SIZE);
    FIELD(INSTANCE_ID, "instance_id", "%" PRIu32, in->instance_id)
    FIELD(TEMPLATE_TYPE, "template_type", "%u  %s", in->template_type, tname)
    FIELD(FIELD_COUNT, "field_count", "%u%s", in->field_count,
          in->complete ? "" : "  (the section ends inside its criteria)")
    FIELD(FLAGS, "flags", "%#04x%s", in->flags, in->flags & CFF_INSTANCE_FLAG_ENABLED ? "  ENABLED" : "")
    row(c, in->off + CFF_INSTANCE_NAME_OFF, "name");
    sref(c, in->name);
    end_row(c, in->off + CFF_INSTANCE_NAME_OFF, CFF_INSTANCE_NAME_SIZE);
    FIELD(RESERVED, "reserved", "%#" PRIx32, in->reserved)
#undef FIELD
    for (uint32_t k = 0; k < in->ncriteria; k++)
        criterion(c, t, cfv_decoded_criterion(c->d, i, k), k);
}

static void instances(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    if (d->instances_section < 0)
        return;
    const cfv_dec_section *s = &d->sections[d->instances_section];
    cfv_buf_printf(c->b, "\nINSTANCES (section %d) @%" PRIu32 "..%" PRIu64 ", %zu records\n",
                   d->instances_section, s->offset, (uint64_t)s->offset + s->avail,
                   d->ninstances);
    for (size_t i = 0; i < d->ninstances; i++)
        instance(c, i);
    if (d->leftover_len) {
        cfv_buf_printf(c->b, "  @%-8" PRIu64 " %" PRIu32 " bytes after the last whole record",
                       d->leftover_off, d->leftover_len);
        end_row(c, d->leftover_off, d->leftover_len);
    }
}

static void summary(cfv_dump_ctx *c)
{
    const cfv_result *r = &c->diags->result;
    cfv_buf_puts(c->b, "cfv dump: ");
    if (c->label) {
        cfv_esc_text(c->b, c->label, strlen(c->label));
        cfv_buf_puts(c->b, ", ");
    }
    cfv_buf_printf(c->b, "%" PRIu64 " bytes; sensors:", c->real_size);
    for (uint32_t s = 0; s < c->env->defs->nsensors; s++)
        if (c->env->sensors >> s & 1)
            cfv_buf_printf(c->b, " %s", c->env->defs->sensors[s].name);
    cfv_buf_printf(c->b, "; %" PRIu32 " error%s, %" PRIu32 " warning%s%s\n", r->errors,
                   r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s",
                   r->truncated ? " (diagnostics truncated)" : "");
}

void cfv_dump_text(cfv_dump_ctx *c)
{
    summary(c);
    header(c);
    table(c);
    /* Sections in file order, as a hex listing would show them. */
    const cfv_decoded *d = c->d;
    int strings_first = d->strings_section >= 0 &&
                        (d->instances_section < 0 ||
                         d->sections[d->strings_section].offset <=
                             d->sections[d->instances_section].offset);
    if (strings_first)
        strings(c);
    instances(c);
    if (!strings_first)
        strings(c);
    int header_done = 0;
    for (size_t i = 0; i < c->diags->n; i++) {
        if (c->shown[i])
            continue;
        if (!header_done)
            cfv_buf_puts(c->b, "\nelsewhere\n");
        header_done = 1;
        notes(c, c->diags->items[i].offset, 1);
    }
}
