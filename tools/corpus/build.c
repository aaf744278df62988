/* Building blocks of the corpus builders: writers for a template type,
 * instances from field-name tables, encoding. */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

cfv_writer *corpus_writer(const corpus_ctx *ctx, const char *type)
{
    int t = cfv_defs_type_by_name(ctx->defs, type, strlen(type));
    if (t < 0)
        return NULL;
    return cfv_writer_new(ctx->defs->types[t].channel, 1, CORPUS_CREATED);
}

static int writer_type(const corpus_ctx *ctx, const cfv_writer *w)
{
    return cfv_defs_type_by_channel(ctx->defs,
                                    cfv_writer_header_of((cfv_writer *)w)->channel_id);
}

int corpus_field(const corpus_ctx *ctx, const cfv_writer *w, const char *field)
{
    return cfv_defs_field_by_name(ctx->defs, writer_type(ctx, w), field, strlen(field));
}

int corpus_add(const corpus_ctx *ctx, cfv_writer *w, const corpus_inst *in)
{
    int t = writer_type(ctx, w);
    if (t < 0)
        return -1;
    const cfv_type_def *def = &ctx->defs->types[t];
    int i = cfv_writer_add_instance(w, in->id, (uint16_t)def->id, (uint8_t)def->nfields,
                                    in->flags, in->name);
    if (i < 0)
        return -1;
    for (size_t k = 0; k < in->ncrit; k++) {
        const corpus_crit *c = &in->crit[k];
        int f = corpus_field(ctx, w, c->field);
        int rc = f < 0 ? -1
                 : c->text ? cfv_writer_set_str(w, (size_t)i, (size_t)f, c->op, c->flags, c->text)
                           : cfv_writer_set_int(w, (size_t)i, (size_t)f, c->op, c->flags, c->value);
        if (rc != CFV_WRITER_OK)
            return -1;
    }
    return i;
}

cfv_writer *corpus_writer_with(const corpus_ctx *ctx, const char *type, const corpus_inst *in,
                               size_t n)
{
    cfv_writer *w = corpus_writer(ctx, type);
    for (size_t k = 0; w && k < n; k++)
        if (corpus_add(ctx, w, &in[k]) < 0) {
            cfv_writer_free(w);
            w = NULL;
        }
    return w;
}

static const corpus_crit base_crit[] = {
    CORPUS_STR("image", SUFFIX, NOCASE, "\\rundll32.exe"),
    CORPUS_STR("cmdline", CONTAINS, NOCASE, "javascript:"),
    CORPUS_INT("integrity", INT_EQ, 0, 0x2000),
};

cfv_writer *corpus_base(const corpus_ctx *ctx)
{
    static const corpus_inst base = { 1, "rundll32-javascript", ENABLED, CORPUS_CRITS(base_crit) };
    return corpus_writer_with(ctx, "ProcessStart", &base, 1);
}

static int64_t part_offset(const cfv_wfile *f, const corpus_patch *p)
{
    switch (p->at) {
    case AT_FILE: return 0;
    case AT_SECTION:
        return p->index < f->nsections ? (int64_t)cfv_wfile_section_entry(p->index) : -1;
    case AT_INSTANCE: return cfv_wfile_instance(f, p->index);
    case AT_CRITERION: return cfv_wfile_criterion(f, p->index, p->sub);
    default: return -1;
    }
}

int corpus_apply(cfv_wfile *f, const corpus_patch *p)
{
    int64_t base = part_offset(f, p);
    if (base < 0 || p->width > 8)
        return -1;
    uint64_t at = (uint64_t)base + p->off, v = 0;
    for (unsigned k = 0; k < p->width && at + k < f->len; k++)
        v |= (uint64_t)f->data[at + k] << (8 * k);
    v = p->how == ADD ? v + p->value : p->how == XOR ? v ^ p->value : p->value;
    if (cfv_wfile_put(f, at, p->width, v) != CFV_WRITER_OK)
        return -1;
    return p->keep_crc ? 0 : cfv_writer_fix_crc(f->data, f->len);
}

int corpus_patch_base(const corpus_ctx *ctx, corpus_patch p, int64_t (*value_of)(const cfv_wfile *),
                      corpus_bytes *out)
{
    cfv_wfile f;
    if (corpus_encode(corpus_base(ctx), &f) != CFV_WRITER_OK)
        return -1;
    int64_t v = value_of ? value_of(&f) : 0;
    p.value = value_of ? (uint64_t)v : p.value;
    if (v < 0 || corpus_apply(&f, &p) != 0) {
        cfv_wfile_free(&f);
        return -1;
    }
    return corpus_take(&f, out);
}

int corpus_patched(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    return corpus_patch_base(ctx, *(const corpus_patch *)arg, NULL, out);
}

/* The base file with the cfv_writer_layout `arg`. */
int corpus_laid_out(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    if (!w)
        return -1;
    *cfv_writer_layout_of(w) = *(const cfv_writer_layout *)arg;
    return corpus_finish(w, out);
}

/* The base file with instance 0 renamed to `arg` (a C string). */
int corpus_renamed(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    cfv_writer *w = corpus_base(ctx);
    if (!w || cfv_writer_set_name(w, 0, arg) != 0) {
        cfv_writer_free(w);
        return -1;
    }
    return corpus_finish(w, out);
}

int corpus_encode(cfv_writer *w, cfv_wfile *f)
{
    int rc = w ? cfv_writer_encode(w, f) : CFV_WRITER_EINVAL;
    cfv_writer_free(w);
    return rc;
}

int corpus_take(cfv_wfile *f, corpus_bytes *out)
{
    out->data = f->data;
    out->len = f->len;
    f->data = NULL;
    cfv_wfile_free(f);
    return 0;
}

int corpus_finish(cfv_writer *w, corpus_bytes *out)
{
    cfv_wfile f;
    if (corpus_encode(w, &f) != CFV_WRITER_OK)
        return -1;
    return corpus_take(&f, out);
}

int corpus_zeros(const corpus_ctx *ctx, const void *arg, corpus_bytes *out)
{
    (void)ctx;
    out->len = *(const size_t *)arg;
    out->data = calloc(1, out->len ? out->len : 1);
    return out->data ? 0 : -1;
}
