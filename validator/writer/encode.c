/* Encoding a model: place the sections in table order, then write the
 * header, the section table, the padding, the contents and the CRC. */
#include <stdlib.h>
#include <string.h>

#include "cfv/le.h"
#include "writer_internal.h"

/* The stores below write each field at its width: a grammar change of a
 * width must show up here, not as a silently wrong file. */
#define WIDTH(field, n) _Static_assert(field##_SIZE == (n), #field " is " #n " bytes")
WIDTH(CFF_HEADER_MAGIC, 4);
WIDTH(CFF_HEADER_VERSION_MAJOR, 2);
WIDTH(CFF_HEADER_VERSION_MINOR, 2);
WIDTH(CFF_HEADER_CHANNEL_ID, 4);
WIDTH(CFF_HEADER_CONTENT_VERSION, 4);
WIDTH(CFF_HEADER_CREATED_UTC, 8);
WIDTH(CFF_HEADER_FILE_SIZE, 4);
WIDTH(CFF_HEADER_SECTION_COUNT, 4);
WIDTH(CFF_SECTION_KIND, 2);
WIDTH(CFF_SECTION_FLAGS, 2);
WIDTH(CFF_SECTION_OFFSET, 4);
WIDTH(CFF_SECTION_SIZE, 4);
WIDTH(CFF_SECTION_COUNT, 4);
WIDTH(CFF_INSTANCE_INSTANCE_ID, 4);
WIDTH(CFF_INSTANCE_TEMPLATE_TYPE, 2);
WIDTH(CFF_INSTANCE_FIELD_COUNT, 1);
WIDTH(CFF_INSTANCE_FLAGS, 1);
WIDTH(CFF_INSTANCE_NAME, 4);
WIDTH(CFF_INSTANCE_RESERVED, 4);
WIDTH(CFF_CRITERION_OP, 1);
WIDTH(CFF_CRITERION_FLAGS, 1);
WIDTH(CFF_CRITERION_RESERVED, 2);
WIDTH(CFF_CRITERION_OPERAND, 4);
_Static_assert(CFF_INSTANCE_FIXED_SIZE == CFF_INSTANCE_SIZE, "record header size");
_Static_assert(CFF_CRITERION_FIXED_SIZE == CFF_CRITERION_SIZE, "criterion size");
_Static_assert(CFF_SECTION_FIXED_SIZE == CFF_SECTION_SIZE, "table entry size");
_Static_assert(CFF_HEADER_FIXED_SIZE == CFF_HEADER_SIZE, "header size");

static uint64_t align8(uint64_t x) { return (x + CFF_ALIGN - 1) & ~(uint64_t)(CFF_ALIGN - 1); }

static uint64_t record_size(size_t ncrit)
{
    return CFF_INSTANCE_FIXED_SIZE + (uint64_t)CFF_CRITERION_FIXED_SIZE * ncrit;
}

static uint64_t content_size(const cfv_writer *w, const cfv_writer_section *s,
                             const cfv_wpool *pool)
{
    uint64_t n = 0;
    if (s->content == CFV_WRITER_STRINGS) {
        n = pool->len;
    } else if (s->content == CFV_WRITER_INSTANCES) {
        for (size_t i = 0; i < w->ninst; i++)
            n += record_size(w->inst[i].ncrit);
    } else if (s->content == CFV_WRITER_RAW) {
        n = s->raw ? s->raw_len : 0;
    }
    return n + s->extra;
}

static uint32_t real_count(const cfv_writer *w, const cfv_writer_section *s, const cfv_wpool *pool)
{
    if (s->content == CFV_WRITER_STRINGS)
        return pool->count;
    if (s->content == CFV_WRITER_INSTANCES)
        return (uint32_t)w->ninst;
    return 0;
}

/* Decides every section's offset and size; returns the file length, or 0
 * when it would not fit the format's u32 offsets and file_size. */
static uint64_t place(const cfv_writer *w, const cfv_wpool *pool, cfv_wfile *f)
{
    const cfv_writer_layout *l = &w->layout;
    uint64_t pos = CFF_HEADER_SIZE + CFF_SECTION_SIZE * (uint64_t)l->nsections;
    for (size_t i = 0; i < l->nsections; i++) {
        const cfv_writer_section *s = &l->sections[i];
        uint64_t at = (s->unaligned ? pos : align8(pos)) + s->gap;
        uint64_t size = content_size(w, s, pool);
        if (at + size > UINT32_MAX)
            return 0;
        cfv_wfile_section *o = &f->sections[i];
        o->kind = s->kind;
        o->content = s->content;
        o->offset = (uint32_t)at;
        o->size = (uint32_t)size;
        o->count = s->has_count ? s->count : real_count(w, s, pool);
        pos = at + size;
    }
    uint64_t end = align8(pos) + l->tail;
    return end > UINT32_MAX ? 0 : end;
}

static void write_header(const cfv_writer *w, uint8_t *d, size_t len)
{
    const cfv_writer_header *h = &w->header;
    cfv_put32(d + CFF_HEADER_MAGIC_OFF, h->magic);
    cfv_put16(d + CFF_HEADER_VERSION_MAJOR_OFF, h->version_major);
    cfv_put16(d + CFF_HEADER_VERSION_MINOR_OFF, h->version_minor);
    cfv_put32(d + CFF_HEADER_CHANNEL_ID_OFF, h->channel_id);
    cfv_put32(d + CFF_HEADER_CONTENT_VERSION_OFF, h->content_version);
    cfv_put64(d + CFF_HEADER_CREATED_UTC_OFF, h->created_utc);
    cfv_put32(d + CFF_HEADER_FILE_SIZE_OFF, (uint32_t)len);
    cfv_put32(d + CFF_HEADER_SECTION_COUNT_OFF, (uint32_t)w->layout.nsections);
}

static void write_entry(uint8_t *e, const cfv_writer_section *s, const cfv_wfile_section *o)
{
    cfv_put16(e + CFF_SECTION_KIND_OFF, s->kind);
    cfv_put16(e + CFF_SECTION_FLAGS_OFF, s->flags);
    cfv_put32(e + CFF_SECTION_OFFSET_OFF, o->offset);
    cfv_put32(e + CFF_SECTION_SIZE_OFF, o->size);
    cfv_put32(e + CFF_SECTION_COUNT_OFF, o->count);
}

/* The instance records at d; returns the bytes written. */
static size_t write_instances(const cfv_writer *w, const cfv_wpool *pool, uint8_t *d)
{
    uint8_t *p = d;
    for (size_t i = 0; i < w->ninst; i++) {
        const cfv_winst *in = &w->inst[i];
        cfv_put32(p + CFF_INSTANCE_INSTANCE_ID_OFF, in->pub.instance_id);
        cfv_put16(p + CFF_INSTANCE_TEMPLATE_TYPE_OFF, in->pub.template_type);
        p[CFF_INSTANCE_FIELD_COUNT_OFF] = in->pub.field_count;
        p[CFF_INSTANCE_FLAGS_OFF] = in->pub.flags;
        cfv_put32(p + CFF_INSTANCE_NAME_OFF,
                  in->name ? cfv_wpool_find(pool, in->name) : in->pub.name_ref);
        cfv_put32(p + CFF_INSTANCE_RESERVED_OFF, in->pub.reserved);
        p += CFF_INSTANCE_FIXED_SIZE;
        for (size_t c = 0; c < in->ncrit; c++) {
            const cfv_wcrit *k = &in->crit[c];
            p[CFF_CRITERION_OP_OFF] = k->pub.op;
            p[CFF_CRITERION_FLAGS_OFF] = k->pub.flags;
            cfv_put16(p + CFF_CRITERION_RESERVED_OFF, k->pub.reserved);
            cfv_put32(p + CFF_CRITERION_OPERAND_OFF,
                      k->text ? cfv_wpool_find(pool, k->text) : k->pub.operand);
            p += CFF_CRITERION_FIXED_SIZE;
        }
    }
    return (size_t)(p - d);
}

static void write_section(const cfv_writer *w, const cfv_wpool *pool,
                          const cfv_writer_section *s, uint8_t *d, size_t size)
{
    size_t n = 0;
    if (s->content == CFV_WRITER_STRINGS) {
        if (pool->len)
            memcpy(d, pool->bytes, pool->len);
        n = pool->len;
    } else if (s->content == CFV_WRITER_INSTANCES) {
        n = write_instances(w, pool, d);
    } else if (s->content == CFV_WRITER_RAW && s->raw && s->raw_len) {
        memcpy(d, s->raw, s->raw_len);
        n = s->raw_len;
    }
    memset(d + n, s->extra_fill, size - n);
}

/* Where the first INSTANCES-content section put each record. */
static int locate_instances(const cfv_writer *w, cfv_wfile *f)
{
    f->strings_section = f->instances_section = SIZE_MAX;
    for (size_t i = f->nsections; i-- > 0;) {
        if (f->sections[i].content == CFV_WRITER_STRINGS)
            f->strings_section = i;
        if (f->sections[i].content == CFV_WRITER_INSTANCES)
            f->instances_section = i;
    }
    if (f->instances_section == SIZE_MAX || w->ninst == 0)
        return CFV_WRITER_OK;
    f->instance_off = calloc(w->ninst, sizeof *f->instance_off);
    f->instance_ncrit = calloc(w->ninst, sizeof *f->instance_ncrit);
    if (!f->instance_off || !f->instance_ncrit)
        return CFV_WRITER_ENOMEM;
    size_t at = f->sections[f->instances_section].offset;
    for (size_t i = 0; i < w->ninst; i++) {
        f->instance_off[i] = at;
        f->instance_ncrit[i] = w->inst[i].ncrit;
        at += (size_t)record_size(w->inst[i].ncrit);
    }
    f->ninstances = w->ninst;
    return CFV_WRITER_OK;
}

/* The bytes of the file f was placed for, into data (f->len bytes, zeroed),
 * with file_size and CRC-32C. */
static int write_file(const cfv_writer *w, const cfv_wpool *pool, const cfv_wfile *f,
                      uint8_t *data)
{
    const cfv_writer_layout *l = &w->layout;
    write_header(w, data, f->len);
    size_t prev_end = CFF_HEADER_SIZE + CFF_SECTION_SIZE * l->nsections;
    for (size_t i = 0; i < l->nsections; i++) {
        const cfv_wfile_section *o = &f->sections[i];
        write_entry(data + cfv_wfile_section_entry(i), &l->sections[i], o);
        memset(data + prev_end, l->sections[i].pad_fill, o->offset - prev_end);
        write_section(w, pool, &l->sections[i], data + o->offset, o->size);
        prev_end = (size_t)o->offset + o->size;
    }
    memset(data + f->len - l->tail, l->tail_fill, l->tail);
    return cfv_writer_fix_crc(data, f->len);
}

/* Places the sections: f->len, or ERANGE. */
static int layout(const cfv_writer *w, const cfv_wpool *pool, cfv_wfile *f)
{
    f->nsections = w->layout.nsections;
    uint64_t len = place(w, pool, f);
    if (len == 0)
        return CFV_WRITER_ERANGE;
    f->len = (size_t)len;
    return CFV_WRITER_OK;
}

static int encode(const cfv_writer *w, const cfv_wpool *pool, cfv_wfile *f)
{
    int rc = layout(w, pool, f);
    if (rc != CFV_WRITER_OK)
        return rc;
    f->data = calloc(1, f->len);
    if (!f->data)
        return CFV_WRITER_ENOMEM;
    rc = locate_instances(w, f);
    if (rc != CFV_WRITER_OK)
        return rc;
    return write_file(w, pool, f, f->data);
}

int cfv_writer_encode(const cfv_writer *w, cfv_wfile *out)
{
    if (!out)
        return CFV_WRITER_EINVAL;
    memset(out, 0, sizeof *out);
    if (!w || w->layout.nsections > CFV_WRITER_MAX_SECTIONS)
        return CFV_WRITER_EINVAL;
    cfv_wpool pool = { 0 };
    int rc = cfv_wpool_build(&pool, w);
    if (rc == CFV_WRITER_OK)
        rc = encode(w, &pool, out);
    cfv_wpool_free(&pool);
    if (rc != CFV_WRITER_OK)
        cfv_wfile_free(out);
    return rc;
}

int cfv_writer_encode_to(cfv_writer *w, uint8_t *buf, size_t cap, size_t *len)
{
    if (!w || !buf || !len || w->layout.nsections > CFV_WRITER_MAX_SECTIONS)
        return CFV_WRITER_EINVAL;
    *len = 0;
    cfv_wpool_reset(&w->pool);
    int rc = cfv_wpool_build(&w->pool, w);
    if (rc != CFV_WRITER_OK)
        return rc;
    cfv_wfile f;
    memset(&f, 0, sizeof f);
    rc = layout(w, &w->pool, &f);
    if (rc != CFV_WRITER_OK)
        return rc;
    if (f.len > cap)
        return CFV_WRITER_ERANGE;
    memset(buf, 0, f.len);
    rc = write_file(w, &w->pool, &f, buf);
    if (rc == CFV_WRITER_OK)
        *len = f.len;
    return rc;
}
