/* The trusting walk, as the 2024 sensor loaded a channel file: the magic,
 * then the section table, the first STRINGS and INSTANCES sections, the
 * instance count, each field_count and every sref exactly as given. No rule
 * of FORMAT.md is checked. It stops only where the next read would fall
 * outside the file, so the one out-of-bounds read the replica can make is
 * the interpreter's inputs[i]. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cff_layout.h"
#include "cfv/le.h"
#include "replica_internal.h"

typedef struct layout {
    uint64_t strings;           /* offset of the STRINGS section: srefs count from here */
    uint64_t instances;         /* offset of the first instance record */
    uint32_t count;             /* instance records, as the section table says */
} layout;

__attribute__((format(printf, 3, 4))) static cfv_replica_status
malformed(cfv_replica_error *err, uint64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->status = CFV_REPLICA_MALFORMED;
    err->offset = offset;
    return CFV_REPLICA_MALFORMED;
}

static cfv_replica_status nomem(cfv_replica_error *err)
{
    err->status = CFV_REPLICA_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return CFV_REPLICA_NOMEM;
}

static int in_file(const cfv_replica *r, uint64_t off, uint64_t n) { return off <= r->len && n <= r->len - off; }

static cfv_replica_status find_sections(cfv_replica *r, layout *l, cfv_replica_error *err)
{
    const uint8_t *b = r->bytes;
    if (!in_file(r, CFF_HEADER_MAGIC_OFF, CFF_HEADER_MAGIC_SIZE) ||
        cfv_le32(b + CFF_HEADER_MAGIC_OFF) != CFF_MAGIC)
        return malformed(err, CFF_HEADER_MAGIC_OFF, "bad magic: not a channel file");
    if (!in_file(r, 0, CFF_HEADER_FIXED_SIZE))
        return malformed(err, r->len, "the file ends inside the %u-byte header",
                         (unsigned)CFF_HEADER_FIXED_SIZE);
    r->channel = cfv_le32(b + CFF_HEADER_CHANNEL_ID_OFF);
    uint32_t nsec = cfv_le32(b + CFF_HEADER_SECTION_COUNT_OFF);
    int have_strings = 0, have_instances = 0;
    for (uint32_t i = 0; i < nsec && !(have_strings && have_instances); i++) {
        uint64_t at = CFF_HEADER_FIXED_SIZE + (uint64_t)i * CFF_SECTION_FIXED_SIZE;
        if (!in_file(r, at, CFF_SECTION_FIXED_SIZE))
            return malformed(err, at, "section table entry %u (of %u) runs past the end of the file",
                             i, nsec);
        uint16_t kind = cfv_le16(b + at + CFF_SECTION_KIND_OFF);
        uint64_t off = cfv_le32(b + at + CFF_SECTION_OFFSET_OFF);
        if (kind == CFF_SECTION_KIND_STRINGS && !have_strings) {
            have_strings = 1;
            l->strings = off;
        } else if (kind == CFF_SECTION_KIND_INSTANCES && !have_instances) {
            have_instances = 1;
            l->instances = off;
            l->count = cfv_le32(b + at + CFF_SECTION_COUNT_OFF);
        }
    }
    if (!have_strings || !have_instances)
        return malformed(err, CFF_HEADER_SECTION_COUNT_OFF, "no %s section among the %u in the table",
                         have_strings ? "INSTANCES" : "STRINGS", nsec);
    return CFV_REPLICA_OK;
}

/* Where the record at `at` ends, or 0 when it runs past the end of the file. */
static uint64_t record_end(const cfv_replica *r, uint64_t at)
{
    if (!in_file(r, at, CFF_INSTANCE_FIXED_SIZE))
        return 0;
    uint64_t n = (uint64_t)r->bytes[at + CFF_INSTANCE_FIELD_COUNT_OFF] * CFF_CRITERION_FIXED_SIZE;
    if (!in_file(r, at + CFF_INSTANCE_FIXED_SIZE, n))
        return 0;
    return at + CFF_INSTANCE_FIXED_SIZE + n;
}

/* First pass: every record lies in the file; how many criteria in all. */
static cfv_replica_status measure(const cfv_replica *r, const layout *l, size_t *ncrit,
                                  cfv_replica_error *err)
{
    uint64_t at = l->instances;
    *ncrit = 0;
    for (uint32_t k = 0; k < l->count; k++) {
        uint64_t end = record_end(r, at);
        if (!end)
            return malformed(err, at, "instance record %u of %u (at %llu) runs past the end of the file",
                             k, l->count, (unsigned long long)at);
        *ncrit += r->bytes[at + CFF_INSTANCE_FIELD_COUNT_OFF];
        at = end;
    }
    return CFV_REPLICA_OK;
}

/* The string a sref names: from strings + sref up to the next NUL (the
 * copy's extra NUL ends the last one). -1 when it starts outside the file. */
static int sref(const cfv_replica *r, const layout *l, uint32_t ref, const char **s, size_t *n)
{
    uint64_t at = l->strings + ref;
    if (at >= r->len)
        return -1;
    *s = (const char *)r->bytes + at;
    *n = strlen(*s);
    return 0;
}

static int is_string_op(uint8_t op) { return op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX; }

static cfv_replica_status criterion(cfv_replica *r, const layout *l, uint64_t at,
                                    cfv_replica_criterion *c, cfv_replica_error *err)
{
    const uint8_t *b = r->bytes + at;
    c->op = b[CFF_CRITERION_OP_OFF];
    c->flags = b[CFF_CRITERION_FLAGS_OFF];
    c->operand = cfv_le32(b + CFF_CRITERION_OPERAND_OFF);
    if (!is_string_op(c->op))
        return CFV_REPLICA_OK;
    if (sref(r, l, c->operand, &c->str, &c->len) != 0)
        return malformed(err, at + CFF_CRITERION_OPERAND_OFF,
                         "string operand %u points outside the file", c->operand);
    return cfv_rp_compile(r, c) == 0 ? CFV_REPLICA_OK : nomem(err);
}

static cfv_replica_status instance(cfv_replica *r, const layout *l, uint64_t at,
                                   cfv_replica_instance *in, cfv_replica_error *err)
{
    const uint8_t *b = r->bytes + at;
    in->offset = at;
    in->id = cfv_le32(b + CFF_INSTANCE_INSTANCE_ID_OFF);
    in->type = cfv_le16(b + CFF_INSTANCE_TEMPLATE_TYPE_OFF);
    in->field_count = b[CFF_INSTANCE_FIELD_COUNT_OFF];
    in->flags = b[CFF_INSTANCE_FLAGS_OFF];
    uint32_t name = cfv_le32(b + CFF_INSTANCE_NAME_OFF);
    size_t n;
    if (sref(r, l, name, &in->name, &n) != 0)
        return malformed(err, at + CFF_INSTANCE_NAME_OFF,
                         "instance %u: name %u points outside the file", in->id, name);
    cfv_replica_criterion *c = r->crit + r->ncrit;
    in->criteria = c;
    for (uint32_t i = 0; i < in->field_count; i++) {
        uint64_t cat = at + CFF_INSTANCE_FIXED_SIZE + (uint64_t)i * CFF_CRITERION_FIXED_SIZE;
        cfv_replica_status st = criterion(r, l, cat, &c[i], err);
        if (st != CFV_REPLICA_OK)
            return st;
    }
    r->ncrit += in->field_count;
    return CFV_REPLICA_OK;
}

cfv_replica_status cfv_rp_parse(cfv_replica *r, cfv_replica_error *err)
{
    layout l = {0};
    size_t ncrit;
    cfv_replica_status st = find_sections(r, &l, err);
    if (st == CFV_REPLICA_OK)
        st = measure(r, &l, &ncrit, err);
    if (st != CFV_REPLICA_OK)
        return st;
    r->inst = calloc(l.count ? l.count : 1, sizeof *r->inst);
    r->crit = calloc(ncrit ? ncrit : 1, sizeof *r->crit);
    if (!r->inst || !r->crit)
        return nomem(err);
    uint64_t at = l.instances;
    for (; r->ninst < l.count; r->ninst++) {
        st = instance(r, &l, at, &r->inst[r->ninst], err);
        if (st != CFV_REPLICA_OK)
            return st;
        at = record_end(r, at);
    }
    return CFV_REPLICA_OK;
}
