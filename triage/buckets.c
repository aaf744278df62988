/* Buckets (see buckets.h). A campaign has hundreds of crashes and a few
 * buckets: linear searches are fine. */
#include "buckets.h"

#include <stdlib.h>
#include <string.h>

#include "cfv/grow.h"

static int same_plain(const cfv_triage_crash *a, const cfv_triage_crash *b)
{
    return a->cls == b->cls && a->stack_hash == b->stack_hash &&
           strcmp(a->function, b->function) == 0 && strcmp(a->instruction, b->instruction) == 0;
}

static int same_line(const cfv_triage_crash *a, const cfv_triage_crash *b)
{
    return a->cls == b->cls && strcmp(a->function, b->function) == 0;
}

static cfv_bucket_rec *find(cfv_buckets *bs, const cfv_triage_crash *c)
{
    for (size_t i = 0; i < bs->n; i++) {
        cfv_bucket_rec *r = &bs->b[i];
        if (c->from_asan ? same_line(&r->pub.crash, c)
                         : (r->plain ? same_plain(&r->pub.crash, c) : same_line(&r->pub.crash, c)))
            return r;
    }
    return NULL;
}

static cfv_bucket_rec *open_bucket(cfv_buckets *bs, const cfv_triage_crash *c)
{
    if (cfv_grow((void **)&bs->b, &bs->cap, bs->n + 1, sizeof *bs->b) != 0)
        return NULL;
    cfv_bucket_rec *r = &bs->b[bs->n++];
    memset(r, 0, sizeof *r);
    r->pub.crash = *c;
    r->plain = !c->from_asan;
    return r;
}

/* Smaller first; equal sizes by name, so the choice does not depend on
 * the order the campaign wrote the files in. */
static int better(uint64_t size, const char *path, uint64_t than_size, const char *than)
{
    return size != than_size ? size < than_size : strcmp(path, than) < 0;
}

static int add_input(cfv_bucket_rec *r, const char *input, uint64_t size, int *added)
{
    *added = 0;
    for (size_t i = 0; i < r->pub.count; i++)
        if (strcmp(r->inputs[i], input) == 0)
            return 0;
    /* Two arrays, one capacity: the second grows to what the first got. */
    size_t cap = r->cap, sizes_cap = r->cap;
    if (cfv_grow((void **)&r->inputs, &cap, r->pub.count + 1, sizeof *r->inputs) != 0 ||
        cfv_grow((void **)&r->sizes, &sizes_cap, cap, sizeof *r->sizes) != 0)
        return -1;
    r->cap = cap;
    char *copy = strdup(input);
    if (!copy)
        return -1;
    r->inputs[r->pub.count] = copy;
    r->sizes[r->pub.count] = size;
    r->pub.count++;
    r->pub.inputs = (const char *const *)r->inputs;
    *added = 1;
    return 0;
}

static void choose_reproducer(cfv_bucket_rec *r, const cfv_triage_crash *c, size_t i)
{
    if (r->pub.reproducer &&
        !better(r->sizes[i], r->inputs[i], r->pub.reproducer_size, r->pub.reproducer))
        return;
    r->pub.reproducer = r->inputs[i];
    r->pub.reproducer_size = r->sizes[i];
    if (!c->from_asan) /* the bucket shows the reproducer's own registers */
        r->pub.crash = *c;
}

static int by_report_order(const void *a, const void *b)
{
    const cfv_bucket_rec *x = a, *y = b;
    if (x->pub.count != y->pub.count)
        return x->pub.count > y->pub.count ? -1 : 1;
    return strcmp(x->pub.reproducer, y->pub.reproducer);
}

int cfv_buckets_add(cfv_buckets *bs, const cfv_triage_crash *c, const char *input, uint64_t size)
{
    cfv_bucket_rec *r = find(bs, c);
    if (!r && !(r = open_bucket(bs, c)))
        return -1;
    if (!c->from_asan && !r->plain) { /* a plain crash takes over an ASan-only bucket */
        r->plain = 1;
        r->pub.crash = *c;
        r->pub.reproducer = NULL;
    }
    if (c->from_asan && r->pub.asan_count++ == 0)
        r->pub.asan = *c;
    int added;
    if (add_input(r, input, size, &added) != 0)
        return -1;
    if (!r->pub.reproducer) {
        for (size_t i = 0; i < r->pub.count; i++)
            choose_reproducer(r, c, i);
    } else if (added) {
        choose_reproducer(r, c, r->pub.count - 1);
    }
    qsort(bs->b, bs->n, sizeof *bs->b, by_report_order);
    return 0;
}

void cfv_buckets_free(cfv_buckets *bs)
{
    for (size_t i = 0; i < bs->n; i++) {
        for (size_t k = 0; k < bs->b[i].pub.count; k++)
            free(bs->b[i].inputs[k]);
        free(bs->b[i].inputs);
        free(bs->b[i].sizes);
    }
    free(bs->b);
    memset(bs, 0, sizeof *bs);
}
