/* `cfv dump --format json`: the same view as one JSON object. Every field
 * is {"offset": N, "value": V}; texts are JSON strings (bytes that are not
 * UTF-8 become U+FFFD); diagnostics carry their offsets. */
#include <inttypes.h>
#include <string.h>

#include "dump.h"
#include "escape.h"
#include "report.h"

static void str(cfv_buf *b, const char *s) { cfv_esc_json(b, s, strlen(s)); }

static void str_or_null(cfv_buf *b, const char *s)
{
    if (s)
        str(b, s);
    else
        cfv_buf_puts(b, "null");
}

/* "name":{"offset":N,"value":V} */
static void field(cfv_buf *b, const char *name, uint64_t off, uint64_t value, int comma)
{
    cfv_buf_printf(b, "%s\"%s\":{\"offset\":%" PRIu64 ",\"value\":%" PRIu64 "}", comma ? "," : "",
                   name, off, value);
}

static void header(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    const cfv_dec_header *h = &d->header;
    cfv_buf *b = c->b;
    cfv_buf_printf(b, "\"header\":{\"present\":%zu", d->header_len);
#define F(FIELD, name, v)                                                                 \
    if (cfv_decoded_has_header_field(d, CFF_HEADER_##FIELD##_OFF, CFF_HEADER_##FIELD##_SIZE)) \
        field(b, name, CFF_HEADER_##FIELD##_OFF, v, 1);
    F(MAGIC, "magic", h->magic)
    F(VERSION_MAJOR, "version_major", h->version_major)
    F(VERSION_MINOR, "version_minor", h->version_minor)
    F(CHANNEL_ID, "channel_id", h->channel_id)
    F(CONTENT_VERSION, "content_version", h->content_version)
    F(CREATED_UTC, "created_utc", h->created_utc)
    F(FILE_SIZE, "file_size", h->file_size)
    F(CRC32C, "crc32c", h->crc32c)
    F(SECTION_COUNT, "section_count", h->section_count)
#undef F
    if (d->header_len > CFF_HEADER_RESERVED_OFF)
        cfv_buf_printf(b, ",\"reserved\":{\"offset\":%u,\"nonzero_bytes\":%" PRIu32 "}",
                       (unsigned)CFF_HEADER_RESERVED_OFF, h->reserved_nonzero);
    int t = cfv_defs_type_by_channel(c->env->defs, h->channel_id);
    cfv_buf_puts(b, ",\"channel_type\":");
    str_or_null(b, t >= 0 ? c->env->defs->types[t].name : NULL);
    cfv_buf_putc(b, '}');
}

static void sections(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    cfv_buf *b = c->b;
    cfv_buf_printf(b, ",\"section_table\":{\"entries_decoded\":%zu,\"cut\":%s,\"entries\":[",
                   d->nsections, d->table_cut ? "true" : "false");
    for (size_t i = 0; i < d->nsections; i++) {
        const cfv_dec_section *s = &d->sections[i];
        cfv_buf_printf(b, "%s{\"index\":%zu,\"offset\":%" PRIu64, i ? "," : "", i, s->entry_off);
        field(b, "kind", s->entry_off + CFF_SECTION_KIND_OFF, s->kind, 1);
        cfv_buf_puts(b, ",\"kind_name\":");
        str_or_null(b, cff_SectionKind_name(s->kind));
        field(b, "flags", s->entry_off + CFF_SECTION_FLAGS_OFF, s->flags, 1);
        field(b, "section_offset", s->entry_off + CFF_SECTION_OFFSET_OFF, s->offset, 1);
        field(b, "size", s->entry_off + CFF_SECTION_SIZE_OFF, s->size, 1);
        field(b, "count", s->entry_off + CFF_SECTION_COUNT_OFF, s->count, 1);
        cfv_buf_printf(b, ",\"bytes_in_file\":%" PRIu32 "}", s->avail);
    }
    cfv_buf_puts(b, "]}");
}

static void strings(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    cfv_buf *b = c->b;
    cfv_buf_puts(b, ",\"strings\":[");
    uint64_t base = d->strtab ? d->sections[d->strings_section].offset : 0;
    for (size_t i = 0; i < d->nstrings; i++) {
        const cfv_dec_string *s = &d->strings[i];
        cfv_buf_printf(b, "%s{\"offset\":%" PRIu64 ",\"sref\":%" PRIu32 ",\"text\":", i ? "," : "",
                       base + s->off, s->off);
        cfv_esc_json(b, (const char *)d->strtab + s->off, s->len);
        cfv_buf_printf(b, ",\"terminated\":%s}", s->terminated ? "true" : "false");
    }
    cfv_buf_putc(b, ']');
}

/* "name":{"offset":N,"value":REF,"status":"ok","text":"..."} */
static void sref(cfv_dump_ctx *c, const char *name, uint64_t off, uint32_t ref)
{
    const uint8_t *t;
    size_t n;
    cfv_sref_status st = cfv_decoded_sref(c->d, ref, &t, &n);
    cfv_buf_printf(c->b, ",\"%s\":{\"offset\":%" PRIu64 ",\"value\":%" PRIu32 ",\"status\":", name,
                   off, ref);
    str(c->b, cfv_dump_sref_status(st));
    cfv_buf_puts(c->b, ",\"text\":");
    if (t)
        cfv_esc_json(c->b, (const char *)t, n);
    else
        cfv_buf_puts(c->b, "null");
    cfv_buf_putc(c->b, '}');
}

static void criterion(cfv_dump_ctx *c, int t, const cfv_dec_criterion *k, uint32_t i)
{
    cfv_buf *b = c->b;
    cfv_buf_printf(b, "%s{\"index\":%" PRIu32 ",\"offset\":%" PRIu64 ",\"field\":", i ? "," : "", i,
                   k->off);
    str_or_null(b, cfv_dump_field(c, t, i));
    field(b, "op", k->off + CFF_CRITERION_OP_OFF, k->op, 1);
    cfv_buf_puts(b, ",\"op_name\":");
    str_or_null(b, cff_Op_name(k->op));
    field(b, "flags", k->off + CFF_CRITERION_FLAGS_OFF, k->flags, 1);
    cfv_buf_printf(b, ",\"nocase\":%s,\"negate\":%s",
                   k->flags & CFF_CRITERION_FLAG_NOCASE ? "true" : "false",
                   k->flags & CFF_CRITERION_FLAG_NEGATE ? "true" : "false");
    field(b, "reserved", k->off + CFF_CRITERION_RESERVED_OFF, k->reserved, 1);
    if (cfv_op_takes_sref(k->op))
        sref(c, "operand", k->off + CFF_CRITERION_OPERAND_OFF, k->operand);
    else
        field(b, "operand", k->off + CFF_CRITERION_OPERAND_OFF, k->operand, 1);
    cfv_buf_putc(b, '}');
}

static void instance(cfv_dump_ctx *c, size_t i)
{
    const cfv_dec_instance *in = &c->d->instances[i];
    cfv_buf *b = c->b;
    int t = cfv_dump_type(c, in->template_type);
    cfv_buf_printf(b, "%s{\"offset\":%" PRIu64, i ? "," : "", in->off);
    field(b, "instance_id", in->off + CFF_INSTANCE_INSTANCE_ID_OFF, in->instance_id, 1);
    field(b, "template_type", in->off + CFF_INSTANCE_TEMPLATE_TYPE_OFF, in->template_type, 1);
    cfv_buf_puts(b, ",\"type_name\":");
    str_or_null(b, t >= 0 ? c->env->defs->types[t].name : NULL);
    field(b, "field_count", in->off + CFF_INSTANCE_FIELD_COUNT_OFF, in->field_count, 1);
    field(b, "flags", in->off + CFF_INSTANCE_FLAGS_OFF, in->flags, 1);
    cfv_buf_printf(b, ",\"enabled\":%s", in->flags & CFF_INSTANCE_FLAG_ENABLED ? "true" : "false");
    sref(c, "name", in->off + CFF_INSTANCE_NAME_OFF, in->name);
    field(b, "reserved", in->off + CFF_INSTANCE_RESERVED_OFF, in->reserved, 1);
    cfv_buf_printf(b, ",\"complete\":%s,\"criteria\":[", in->complete ? "true" : "false");
    for (uint32_t k = 0; k < in->ncriteria; k++)
        criterion(c, t, cfv_decoded_criterion(c->d, i, k), k);
    cfv_buf_puts(b, "]}");
}

static void diagnostics(cfv_dump_ctx *c)
{
    cfv_buf *b = c->b;
    cfv_buf_puts(b, ",\"diagnostics\":[");
    for (size_t k = 0; k < c->diags->n; k++) {
        const cfv_diag *dg = &c->diags->items[c->order[k]];
        char rule[8];
        cfv_report_rule_name(dg->rule, rule);
        cfv_buf_printf(b, "%s{\"rule\":\"%s\",\"severity\":\"%s\",\"offset\":%" PRIu64 ",\"field\":",
                       k ? "," : "", rule, cfv_severity_name(dg->severity), dg->offset);
        cfv_esc_json(b, dg->field, cfv_report_strnlen(dg->field, sizeof dg->field));
        cfv_buf_puts(b, ",\"sensor\":");
        str_or_null(b, cfv_dump_sensor(c, dg));
        cfv_buf_puts(b, ",\"message\":");
        cfv_esc_json(b, dg->message, strlen(dg->message));
        cfv_buf_putc(b, '}');
    }
    const cfv_result *r = &c->diags->result;
    cfv_buf_printf(b, "],\"errors\":%" PRIu32 ",\"warnings\":%" PRIu32 ",\"truncated\":%s", r->errors,
                   r->warnings, r->truncated ? "true" : "false");
}

void cfv_dump_json(cfv_dump_ctx *c)
{
    const cfv_decoded *d = c->d;
    cfv_buf *b = c->b;
    cfv_buf_puts(b, "{\"file\":");
    str_or_null(b, c->label);
    cfv_buf_printf(b, ",\"size\":%" PRIu64 ",\"sensors\":[", c->real_size);
    int first = 1;
    for (uint32_t s = 0; s < c->env->defs->nsensors; s++) {
        if (!(c->env->sensors >> s & 1))
            continue;
        if (!first)
            cfv_buf_putc(b, ',');
        first = 0;
        str(b, c->env->defs->sensors[s].name);
    }
    cfv_buf_puts(b, "],");
    header(c);
    sections(c);
    strings(c);
    cfv_buf_puts(b, ",\"instances\":[");
    for (size_t i = 0; i < d->ninstances; i++)
        instance(c, i);
    cfv_buf_putc(b, ']');
    if (d->leftover_len)
        cfv_buf_printf(b, ",\"leftover\":{\"offset\":%" PRIu64 ",\"size\":%" PRIu32 "}",
                       d->leftover_off, d->leftover_len);
    diagnostics(c);
    cfv_buf_puts(b, "}\n");
}
