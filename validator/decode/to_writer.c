/* A decoded file as a cfv_writer model: the layout (table order, gaps,
 * fills, counts), then the instances and criteria, then the strings. */
#include <string.h>

#include "decode_internal.h"

static uint64_t align8(uint64_t x) { return (x + CFF_ALIGN - 1) & ~(uint64_t)(CFF_ALIGN - 1); }

/* The first non-zero byte of data[from..to) clipped to the file, else 0:
 * the single fill byte the writer can repeat there. */
static uint8_t fill_of(const cfv_decoded *d, uint64_t from, uint64_t to)
{
    if (to > d->len)
        to = d->len;
    for (uint64_t i = from; i < to; i++)
        if (d->data[i])
            return d->data[i];
    return 0;
}

static uint64_t records_size(const cfv_decoded *d)
{
    return CFF_INSTANCE_FIXED_SIZE * (uint64_t)d->ninstances +
           CFF_CRITERION_FIXED_SIZE * (uint64_t)d->ncriteria;
}

/* What the writer puts in section i, its size, and the count it would write. */
static void content_of(const cfv_decoded *d, size_t i, int text, cfv_writer_section *ws,
                       uint64_t *size, uint32_t *count)
{
    const cfv_dec_section *s = &d->sections[i];
    if ((int)i == d->instances_section) {
        ws->content = CFV_WRITER_INSTANCES;
        *size = records_size(d);
        *count = (uint32_t)d->ninstances;
    } else if ((int)i == d->strings_section && text) {
        ws->content = CFV_WRITER_STRINGS;
        *size = d->strtab_len;
        *count = (uint32_t)d->nstrings;
    } else {
        ws->content = CFV_WRITER_RAW;
        ws->raw = s->avail ? d->data + s->offset : NULL;
        ws->raw_len = s->avail;
        *size = s->avail;
        *count = 0;
    }
}

/* Section i at the writer's position *pos: the same offset when the file
 * allows it (gap or unaligned start), the same size via `extra` bytes. */
static void place(const cfv_decoded *d, size_t i, cfv_writer_section *ws, uint64_t csize,
                  uint64_t *pos)
{
    const cfv_dec_section *s = &d->sections[i];
    int in_file = (uint64_t)s->offset + s->size <= d->len;
    uint64_t at = align8(*pos);
    if (in_file && s->offset >= *pos) {
        if (s->offset >= at) {
            ws->gap = (uint32_t)(s->offset - at);
        } else {
            ws->unaligned = 1;
            ws->gap = (uint32_t)(s->offset - *pos);
        }
        ws->pad_fill = fill_of(d, *pos, s->offset);
        at = s->offset;
    }
    if (in_file && s->size > csize) {
        ws->extra = (uint32_t)(s->size - csize);
        ws->extra_fill = fill_of(d, s->offset + csize, (uint64_t)s->offset + s->size);
    }
    *pos = at + csize + ws->extra;
}

static void build_layout(const cfv_decoded *d, cfv_writer_layout *l, int text)
{
    memset(l, 0, sizeof *l);
    uint64_t pos = CFF_HEADER_SIZE + CFF_SECTION_SIZE * (uint64_t)d->nsections;
    for (size_t i = 0; i < d->nsections; i++) {
        const cfv_dec_section *s = &d->sections[i];
        cfv_writer_section *ws = cfv_writer_layout_add(l, s->kind, CFV_WRITER_RAW);
        ws->flags = s->flags;
        uint64_t csize;
        uint32_t count;
        content_of(d, i, text, ws, &csize, &count);
        if (s->count != count) {
            ws->has_count = 1;
            ws->count = s->count;
        }
        place(d, i, ws, csize, &pos);
    }
    uint64_t end = align8(pos);
    if (d->len > end) {
        l->tail = (uint32_t)(d->len - end);
        l->tail_fill = fill_of(d, end, d->len);
    }
}

/* In text mode, a reference that resolves to a whole string, as a C string
 * (it is NUL-terminated inside the STRINGS bytes); else NULL: write it raw. */
static const char *text_of(const cfv_decoded *d, int text, uint32_t ref)
{
    return text && cfv_dec_whole_string(d, ref) ? (const char *)d->strtab + ref : NULL;
}

int cfv_decode_append_instance(cfv_writer *w, const cfv_decoded *d, size_t i, int text)
{
    if (!w || !d || i >= d->ninstances)
        return CFV_WRITER_EINVAL;
    const cfv_dec_instance *in = &d->instances[i];
    const char *name = text_of(d, text, in->name);
    int wi = cfv_writer_add_instance(w, in->instance_id, in->template_type, in->field_count,
                                     in->flags, name ? name : "");
    if (wi < 0)
        return wi;
    int rc = name ? CFV_WRITER_OK : cfv_writer_set_name_ref(w, (size_t)wi, in->name);
    if (rc == CFV_WRITER_OK)
        rc = cfv_writer_set_criteria_count(w, (size_t)wi, in->ncriteria);
    if (rc != CFV_WRITER_OK)
        return rc;
    cfv_writer_instance_at(w, (size_t)wi)->reserved = in->reserved;
    for (uint32_t c = 0; c < in->ncriteria && rc == CFV_WRITER_OK; c++) {
        const cfv_dec_criterion *k = cfv_decoded_criterion(d, i, c);
        const char *t = cfv_op_takes_sref(k->op) ? text_of(d, text, k->operand) : NULL;
        rc = t ? cfv_writer_set_str(w, (size_t)wi, c, k->op, k->flags, t)
               : cfv_writer_set_int(w, (size_t)wi, c, k->op, k->flags, k->operand);
        if (rc == CFV_WRITER_OK)
            cfv_writer_criterion_at(w, (size_t)wi, c)->reserved = k->reserved;
    }
    return rc;
}

/* d's header and layout into w (no instances, no strings): 1 when d's
 * string table is usable as text (*first_unused: its first string no
 * instance references), 0 when not, -1 out of memory. */
static int frame(cfv_writer *w, cfv_decoded *d, size_t *first_unused)
{
    const int text = cfv_decoded_pool_check(d, first_unused);
    if (text < 0)
        return -1;
    cfv_writer_header *h = cfv_writer_header_of(w);
    h->magic = d->header.magic;
    h->version_major = d->header.version_major;
    h->version_minor = d->header.version_minor;
    build_layout(d, cfv_writer_layout_of(w), text);
    return text;
}

static int fill_model(cfv_writer *w, cfv_decoded *d)
{
    size_t first_unused = 0;
    const int text = frame(w, d, &first_unused);
    if (text < 0)
        return CFV_WRITER_ENOMEM;
    int rc = CFV_WRITER_OK;
    for (size_t i = 0; i < d->ninstances && rc == CFV_WRITER_OK; i++)
        rc = cfv_decode_append_instance(w, d, i, text);
    for (size_t s = first_unused; text && s < d->nstrings && rc == CFV_WRITER_OK; s++)
        rc = cfv_writer_add_string(w, (const char *)d->strtab + d->strings[s].off);
    return rc;
}

int cfv_decode_to_writer(cfv_decoded *d, cfv_writer **out)
{
    if (!out)
        return CFV_WRITER_EINVAL;
    *out = NULL;
    if (!d)
        return CFV_WRITER_EINVAL;
    cfv_writer *w = cfv_writer_new(d->header.channel_id, d->header.content_version,
                                   d->header.created_utc);
    if (!w)
        return CFV_WRITER_ENOMEM;
    int rc = fill_model(w, d);
    if (rc != CFV_WRITER_OK) {
        cfv_writer_free(w);
        return rc;
    }
    *out = w;
    return CFV_WRITER_OK;
}

int cfv_decode_into_writer(cfv_decoded *d, cfv_writer *w)
{
    if (!d || !w)
        return CFV_WRITER_EINVAL;
    cfv_writer_reset(w, d->header.channel_id, d->header.content_version, d->header.created_utc);
    return fill_model(w, d);
}

int cfv_decode_frame_into_writer(cfv_decoded *d, cfv_writer *w)
{
    if (!d || !w)
        return CFV_WRITER_EINVAL;
    cfv_writer_reset(w, d->header.channel_id, d->header.content_version, d->header.created_utc);
    size_t first_unused = 0;
    return frame(w, d, &first_unused) < 0 ? CFV_WRITER_ENOMEM : CFV_WRITER_OK;
}
