/* The model: header, layout, instances and their criteria, extra strings. */
#include <stdlib.h>
#include <string.h>

#include "cfv/grow.h"

#include "writer_internal.h"

int cfv_w_grow(void **p, size_t *cap, size_t need, size_t el)
{
    return cfv_grow(p, cap, need, el);
}

/* A valid header, the default layout, no instance, no extra string. */
static void start(cfv_writer *w, uint32_t channel_id, uint32_t content_version,
                  uint64_t created_utc)
{
    memset(&w->header, 0, sizeof w->header);
    w->header.magic = (uint32_t)CFF_MAGIC;
    w->header.version_major = (uint16_t)CFF_VERSION_MAJOR;
    w->header.version_minor = (uint16_t)CFF_VERSION_MINOR;
    w->header.channel_id = channel_id;
    w->header.content_version = content_version;
    w->header.created_utc = created_utc;
    cfv_writer_layout_default(&w->layout);
    w->ninst = 0;
    w->nextra = 0;
}

cfv_writer *cfv_writer_new(uint32_t channel_id, uint32_t content_version, uint64_t created_utc)
{
    cfv_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    start(w, channel_id, content_version, created_utc);
    return w;
}

void cfv_writer_reset(cfv_writer *w, uint32_t channel_id, uint32_t content_version,
                      uint64_t created_utc)
{
    if (!w)
        return;
    cfv_arena_reset(&w->arena);
    start(w, channel_id, content_version, created_utc);
}

void cfv_writer_free(cfv_writer *w)
{
    if (!w)
        return;
    cfv_arena_free(&w->arena);
    cfv_wpool_free(&w->pool);
    free(w->inst);
    free(w->extra);
    free(w);
}

cfv_writer_header *cfv_writer_header_of(cfv_writer *w) { return w ? &w->header : NULL; }
cfv_writer_layout *cfv_writer_layout_of(cfv_writer *w) { return w ? &w->layout : NULL; }

void cfv_writer_layout_default(cfv_writer_layout *l)
{
    memset(l, 0, sizeof *l);
    cfv_writer_layout_add(l, CFF_SECTION_KIND_STRINGS, CFV_WRITER_STRINGS);
    cfv_writer_layout_add(l, CFF_SECTION_KIND_INSTANCES, CFV_WRITER_INSTANCES);
}

cfv_writer_section *cfv_writer_layout_add(cfv_writer_layout *l, uint16_t kind, uint8_t content)
{
    if (!l || l->nsections >= CFV_WRITER_MAX_SECTIONS)
        return NULL;
    cfv_writer_section *s = &l->sections[l->nsections++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->content = content;
    return s;
}

static cfv_winst *inst(const cfv_writer *w, size_t i)
{
    return w && i < w->ninst ? &w->inst[i] : NULL;
}

int cfv_writer_add_instance(cfv_writer *w, uint32_t instance_id, uint16_t template_type,
                            uint8_t field_count, uint8_t flags, const char *name)
{
    if (!w || !name)
        return CFV_WRITER_EINVAL;
    if (w->ninst >= INT32_MAX ||
        cfv_w_grow((void **)&w->inst, &w->inst_cap, w->ninst + 1, sizeof *w->inst) != 0)
        return CFV_WRITER_ENOMEM;
    cfv_winst *in = &w->inst[w->ninst];
    memset(in, 0, sizeof *in);
    in->pub.instance_id = instance_id;
    in->pub.template_type = template_type;
    in->pub.field_count = field_count;
    in->pub.flags = flags;
    in->name = cfv_arena_strdup(&w->arena, name);
    if (!in->name)
        return CFV_WRITER_ENOMEM;
    w->ninst++;
    int rc = cfv_writer_set_criteria_count(w, w->ninst - 1, field_count);
    if (rc != CFV_WRITER_OK) {
        w->ninst--;
        return rc;
    }
    return (int)(w->ninst - 1);
}

size_t cfv_writer_instance_count(const cfv_writer *w) { return w ? w->ninst : 0; }

cfv_writer_instance *cfv_writer_instance_at(cfv_writer *w, size_t i)
{
    cfv_winst *in = inst(w, i);
    return in ? &in->pub : NULL;
}

/* Replaces a text (NULL clears it); the old one stays in the arena until
 * the model is reset or freed. */
static int set_text(cfv_writer *w, char **slot, const char *text)
{
    char *copy = NULL;
    if (text && !(copy = cfv_arena_strdup(&w->arena, text)))
        return CFV_WRITER_ENOMEM;
    *slot = copy;
    return CFV_WRITER_OK;
}

int cfv_writer_set_name(cfv_writer *w, size_t i, const char *text)
{
    cfv_winst *in = inst(w, i);
    if (!in || !text)
        return CFV_WRITER_EINVAL;
    return set_text(w, &in->name, text);
}

int cfv_writer_set_name_ref(cfv_writer *w, size_t i, uint32_t ref)
{
    cfv_winst *in = inst(w, i);
    if (!in)
        return CFV_WRITER_EINVAL;
    in->pub.name_ref = ref;
    return set_text(w, &in->name, NULL);
}

size_t cfv_writer_criteria_count(const cfv_writer *w, size_t i)
{
    const cfv_winst *in = inst(w, i);
    return in ? in->ncrit : 0;
}

int cfv_writer_set_criteria_count(cfv_writer *w, size_t i, size_t n)
{
    cfv_winst *in = inst(w, i);
    if (!in)
        return CFV_WRITER_EINVAL;
    if (n > in->crit_cap) {
        /* exactly n: a model's counts rarely change after they are set */
        if (n > SIZE_MAX / sizeof *in->crit)
            return CFV_WRITER_ENOMEM;
        cfv_wcrit *c = cfv_arena_alloc(&w->arena, n * sizeof *c);
        if (!c)
            return CFV_WRITER_ENOMEM;
        if (in->ncrit)
            memcpy(c, in->crit, in->ncrit * sizeof *c);
        in->crit = c;
        in->crit_cap = n;
    }
    if (n > in->ncrit)
        memset(in->crit + in->ncrit, 0, (n - in->ncrit) * sizeof *in->crit);   /* ANY, no text */
    in->ncrit = n;
    return CFV_WRITER_OK;
}

static cfv_wcrit *crit(const cfv_writer *w, size_t i, size_t c)
{
    const cfv_winst *in = inst(w, i);
    return in && c < in->ncrit ? &in->crit[c] : NULL;
}

cfv_writer_criterion *cfv_writer_criterion_at(cfv_writer *w, size_t i, size_t c)
{
    cfv_wcrit *k = crit(w, i, c);
    return k ? &k->pub : NULL;
}

/* Sets op and flags, keeps reserved as it was (a separate thing to break). */
static int set_criterion(cfv_writer *w, size_t i, size_t c, uint8_t op, uint8_t flags,
                         const char *text, uint32_t operand)
{
    cfv_wcrit *k = crit(w, i, c);
    if (!k)
        return CFV_WRITER_EINVAL;
    int rc = set_text(w, &k->text, text);
    if (rc != CFV_WRITER_OK)
        return rc;
    k->pub.op = op;
    k->pub.flags = flags;
    k->pub.operand = operand;
    return CFV_WRITER_OK;
}

int cfv_writer_set_str(cfv_writer *w, size_t i, size_t c, uint8_t op, uint8_t flags,
                       const char *text)
{
    if (!text)
        return CFV_WRITER_EINVAL;
    return set_criterion(w, i, c, op, flags, text, 0);
}

int cfv_writer_set_int(cfv_writer *w, size_t i, size_t c, uint8_t op, uint8_t flags,
                       uint32_t operand)
{
    return set_criterion(w, i, c, op, flags, NULL, operand);
}

int cfv_writer_add_string(cfv_writer *w, const char *text)
{
    if (!w || !text)
        return CFV_WRITER_EINVAL;
    if (cfv_w_grow((void **)&w->extra, &w->extra_cap, w->nextra + 1, sizeof *w->extra) != 0)
        return CFV_WRITER_ENOMEM;
    if (!(w->extra[w->nextra] = cfv_arena_strdup(&w->arena, text)))
        return CFV_WRITER_ENOMEM;
    w->nextra++;
    return CFV_WRITER_OK;
}
