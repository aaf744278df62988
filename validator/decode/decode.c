/* Decoding: header, section table, STRINGS, INSTANCES, in one pass over the
 * bytes present. Nothing here trusts a count field for memory: arrays grow
 * only as items are found. */
#include <stdlib.h>
#include <string.h>

#include "cfv/grow.h"

#include "cfv/le.h"
#include "decode_internal.h"

void cfv_decoded_init(cfv_decoded *d)
{
    memset(d, 0, sizeof *d);
    d->strings_section = d->instances_section = -1;
}

void cfv_decoded_free(cfv_decoded *d)
{
    if (!d)
        return;
    free(d->strings);
    free(d->instances);
    free(d->criteria);
    free(d->scratch);
    free(d->same);
    cfv_decoded_init(d);
}

int cfv_dec_grow(void **p, size_t *cap, size_t need, size_t el)
{
    return cfv_grow(p, cap, need, el);
}

int cfv_decoded_has_header_field(const cfv_decoded *d, size_t off, size_t size)
{
    return off + size <= d->header_len;
}

static void decode_header(cfv_decoded *d)
{
    const uint8_t *p = d->data;
    cfv_dec_header *h = &d->header;
    d->header_len = d->len < CFF_HEADER_SIZE ? d->len : (size_t)CFF_HEADER_SIZE;
#define HAS(F) cfv_decoded_has_header_field(d, CFF_HEADER_##F##_OFF, CFF_HEADER_##F##_SIZE)
    /* Each field the header holds whole, read at its offset. */
#define FIELD(name, F, bits)                                                                      \
    if (HAS(F))                                                                                   \
        h->name = cfv_le##bits(p + CFF_HEADER_##F##_OFF)
    FIELD(magic, MAGIC, 32);
    FIELD(version_major, VERSION_MAJOR, 16);
    FIELD(version_minor, VERSION_MINOR, 16);
    FIELD(channel_id, CHANNEL_ID, 32);
    FIELD(content_version, CONTENT_VERSION, 32);
    FIELD(created_utc, CREATED_UTC, 64);
    FIELD(file_size, FILE_SIZE, 32);
    FIELD(crc32c, CRC32C, 32);
    FIELD(section_count, SECTION_COUNT, 32);
#undef FIELD
    /* Partly present reserved bytes are counted as far as they go. */
    for (size_t i = CFF_HEADER_RESERVED_OFF; i < d->header_len; i++)
        h->reserved_nonzero += p[i] != 0;
#undef HAS
}

static void decode_table(cfv_decoded *d)
{
    if (d->header_len < CFF_HEADER_SIZE)
        return;
    uint64_t want = d->header.section_count;
    uint64_t fit = (d->len - CFF_HEADER_SIZE) / CFF_SECTION_SIZE;
    uint64_t n = want < fit ? want : fit;
    if (n > CFV_DECODE_MAX_SECTIONS)
        n = CFV_DECODE_MAX_SECTIONS;
    d->table_cut = n < want;
    for (size_t i = 0; i < n; i++) {
        cfv_dec_section *s = &d->sections[i];
        s->entry_off = CFF_HEADER_SIZE + CFF_SECTION_SIZE * i;
        const uint8_t *e = d->data + s->entry_off;
        s->kind = cfv_le16(e + CFF_SECTION_KIND_OFF);
        s->flags = cfv_le16(e + CFF_SECTION_FLAGS_OFF);
        s->offset = cfv_le32(e + CFF_SECTION_OFFSET_OFF);
        s->size = cfv_le32(e + CFF_SECTION_SIZE_OFF);
        s->count = cfv_le32(e + CFF_SECTION_COUNT_OFF);
        if (s->offset < d->len) {
            uint64_t room = d->len - s->offset;
            s->avail = s->size < room ? s->size : (uint32_t)room;
        }
        if (s->kind == CFF_SECTION_KIND_STRINGS && d->strings_section < 0)
            d->strings_section = (int)i;
        if (s->kind == CFF_SECTION_KIND_INSTANCES && d->instances_section < 0)
            d->instances_section = (int)i;
    }
    d->nsections = (size_t)n;
}

static int decode_strings(cfv_decoded *d)
{
    if (d->strings_section < 0)
        return 0;
    const cfv_dec_section *s = &d->sections[d->strings_section];
    if (s->avail == 0)
        return 0;
    d->strtab = d->data + s->offset;
    d->strtab_len = s->avail;
    for (uint32_t at = 0; at < d->strtab_len;) {
        /* Each NUL by a loop, not memchr: the strings are short, and in the
         * fuzz targets (the mutator decodes every input) a libc call goes
         * through ASan's interceptor, which checks the range first: that
         * was half of the decoding. */
        uint32_t n = 0;
        while (n < d->strtab_len - at && d->strtab[at + n] != 0)
            n++;
        const int nul = n < d->strtab_len - at;
        if (cfv_dec_grow((void **)&d->strings, &d->strings_cap, d->nstrings + 1,
                         sizeof *d->strings) != 0)
            return -1;
        cfv_dec_string *str = &d->strings[d->nstrings++];
        str->off = at;
        str->len = n;
        str->terminated = nul;
        at += n + (uint32_t)nul;
    }
    return 0;
}

/* Criteria of the record at rec (file offset), as many as fit in `room`. */
static int decode_criteria(cfv_decoded *d, cfv_dec_instance *in, uint64_t rec, uint64_t room)
{
    uint64_t fit = (room - CFF_INSTANCE_FIXED_SIZE) / CFF_CRITERION_FIXED_SIZE;
    uint32_t n = fit < in->field_count ? (uint32_t)fit : in->field_count;
    in->complete = n == in->field_count;
    in->first_criterion = d->ncriteria;
    in->ncriteria = n;
    if (cfv_dec_grow((void **)&d->criteria, &d->criteria_cap, d->ncriteria + n,
                     sizeof *d->criteria) != 0)
        return -1;
    for (uint32_t c = 0; c < n; c++) {
        cfv_dec_criterion *k = &d->criteria[d->ncriteria++];
        k->off = rec + CFF_INSTANCE_FIXED_SIZE + (uint64_t)CFF_CRITERION_FIXED_SIZE * c;
        const uint8_t *p = d->data + k->off;
        k->op = p[CFF_CRITERION_OP_OFF];
        k->flags = p[CFF_CRITERION_FLAGS_OFF];
        k->reserved = cfv_le16(p + CFF_CRITERION_RESERVED_OFF);
        k->operand = cfv_le32(p + CFF_CRITERION_OPERAND_OFF);
    }
    return 0;
}

static int decode_instances(cfv_decoded *d)
{
    if (d->instances_section < 0)
        return 0;
    const cfv_dec_section *s = &d->sections[d->instances_section];
    uint64_t at = s->offset, end = (uint64_t)s->offset + s->avail;
    while (end - at >= CFF_INSTANCE_FIXED_SIZE) {
        if (cfv_dec_grow((void **)&d->instances, &d->instances_cap, d->ninstances + 1,
                         sizeof *d->instances) != 0)
            return -1;
        cfv_dec_instance *in = &d->instances[d->ninstances++];
        const uint8_t *p = d->data + at;
        in->off = at;
        in->instance_id = cfv_le32(p + CFF_INSTANCE_INSTANCE_ID_OFF);
        in->template_type = cfv_le16(p + CFF_INSTANCE_TEMPLATE_TYPE_OFF);
        in->field_count = p[CFF_INSTANCE_FIELD_COUNT_OFF];
        in->flags = p[CFF_INSTANCE_FLAGS_OFF];
        in->name = cfv_le32(p + CFF_INSTANCE_NAME_OFF);
        in->reserved = cfv_le32(p + CFF_INSTANCE_RESERVED_OFF);
        if (decode_criteria(d, in, at, end - at) != 0)
            return -1;
        at += CFF_INSTANCE_FIXED_SIZE + (uint64_t)CFF_CRITERION_FIXED_SIZE * in->ncriteria;
        if (!in->complete)
            break;      /* the rest of the section cannot be located */
    }
    d->leftover_off = at;
    d->leftover_len = (uint32_t)(end - at);
    return 0;
}

/* Empties the view but keeps the arrays' memory. */
static void reset(cfv_decoded *d, const uint8_t *buf, size_t len)
{
    d->data = buf;
    d->len = len;
    d->header_len = 0;
    memset(&d->header, 0, sizeof d->header);
    d->nsections = 0;
    d->table_cut = 0;
    memset(d->sections, 0, sizeof d->sections);
    d->strings_section = d->instances_section = -1;
    d->strtab = NULL;
    d->strtab_len = 0;
    d->nstrings = d->ninstances = d->ncriteria = 0;
    d->leftover_off = 0;
    d->leftover_len = 0;
    d->pool_checked = 0;
}

int cfv_decode(cfv_decoded *d, const uint8_t *buf, size_t len)
{
    if (!d || (!buf && len))
        return CFV_DECODE_EINVAL;
    reset(d, buf, len);
    decode_header(d);
    decode_table(d);
    if (decode_strings(d) != 0 || decode_instances(d) != 0) {
        reset(d, buf, 0);
        return CFV_DECODE_ENOMEM;
    }
    return CFV_DECODE_OK;
}
