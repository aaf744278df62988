/* The mutator's life cycle and one mutation round: decode, mutate the
 * model, encode, then settle the integrity fields. */
#include <stdlib.h>
#include <string.h>

#include "cff_layout.h"
#include "mut_internal.h"

cfv_mutator *cfv_mutator_new(const cfv_defs *defs)
{
    if (!defs)
        return NULL;
    cfv_mutator *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->defs = defs;
    if (!(m->w = cfv_writer_new(0, 0, 0))) {
        free(m);
        return NULL;
    }
    cfv_decoded_init(&m->a);
    cfv_decoded_init(&m->b);
    return m;
}

void cfv_mutator_free(cfv_mutator *m)
{
    if (!m)
        return;
    cfv_decoded_free(&m->a);
    cfv_decoded_free(&m->b);
    cfv_writer_free(m->w);
    free(m->plan);
    free(m->out);
    free(m);
}

void cfv_mutator_set_bytes_fn(cfv_mutator *m, cfv_mutator_bytes_fn fn, void *user)
{
    m->bytes = fn;
    m->bytes_user = user;
}

static void start(cfv_mutator *m, uint32_t seed)
{
    m->rng = seed * UINT64_C(0x2545F4914F6CDD1D) + 1;
    m->desc_len = 0;
    m->desc[0] = 0;
    m->b_live = 0;
}

static int reserve(cfv_mutator *m, size_t n)
{
    if (n <= m->out_cap)
        return 0;
    uint8_t *p = realloc(m->out, n);
    if (!p)
        return -1;
    m->out = p;
    m->out_cap = n;
    return 0;
}

/* A whole header: worth reading as a channel file. */
static int has_header(const cfv_decoded *d) { return d->header_len >= CFF_HEADER_SIZE; }

/* Encodes w into m->out; -1 when it fails or does not fit max_size. */
static int emit(cfv_mutator *m, cfv_writer *w, size_t max_size, size_t *len)
{
    if (reserve(m, max_size) != 0 || cfv_writer_encode_to(w, m->out, max_size, len) != CFV_WRITER_OK)
        return -1;
    return *len ? 0 : -1;
}

/* After encoding: sometimes byte-level havoc on top (then the integrity
 * fields are fixed, so the change gets past the CRC), sometimes the
 * integrity fields broken on purpose. */
static size_t settle(cfv_mutator *m, size_t len, size_t max_size)
{
    int havoc = cfv_mut_chance(m, 12);
    if (havoc) {
        len = cfv_mut_bytes(m, m->out, len, max_size);
        cfv_mut_note(m, "bytes");
    }
    if (cfv_mut_chance(m, 10)) {
        cfv_mut_break(m, m->out, len);
        cfv_mut_note(m, "badcrc");
    } else {
        if (havoc)
            cfv_mut_fix(m->out, len);
        cfv_mut_note(m, "crc");
    }
    return len;
}

typedef int (*field_op)(cfv_mutator *, cfv_writer *);

static const struct {
    field_op fn;
    uint32_t weight;
} field_ops[] = {
    {cfv_mut_criterion, 40}, {cfv_mut_instance, 22}, {cfv_mut_string, 12},
    {cfv_mut_header, 10},    {cfv_mut_layout, 8},
};

static field_op pick_field_op(cfv_mutator *m)
{
    uint32_t total = 0;
    for (size_t i = 0; i < sizeof field_ops / sizeof field_ops[0]; i++)
        total += field_ops[i].weight;
    uint32_t r = cfv_mut_below(m, total);
    for (size_t i = 0;; i++) {
        if (r < field_ops[i].weight)
            return field_ops[i].fn;
        r -= field_ops[i].weight;
    }
}

/* One grammar-level round on m->a (and m->b when splicing). */
static int grammar_round(cfv_mutator *m, int splice, size_t max_size, size_t *len)
{
    cfv_writer *w = m->w;
    int rc;
    if (splice)
        rc = cfv_mut_splice(m, w);
    else if (cfv_mut_chance(m, 12))
        rc = cfv_mut_restructure(m, w);
    else
        rc = cfv_decode_into_writer(&m->a, w);
    if (rc != CFV_WRITER_OK)
        return -1;
    /* Mostly one change, sometimes a stack of them (havoc at the grammar level). */
    uint32_t n = splice ? cfv_mut_below(m, 2) : 1 + (cfv_mut_chance(m, 30) ? cfv_mut_below(m, 4) : 0);
    for (uint32_t k = 0; k < n; k++)
        for (int tries = 0; tries < 4 && pick_field_op(m)(m, w) != 0; tries++)
            ;
    return emit(m, w, max_size, len);
}

/* Bytes the grammar cannot place: byte-level havoc, then usually the
 * integrity fields fixed. */
static size_t byte_round(cfv_mutator *m, const uint8_t *data, size_t size, size_t max_size)
{
    if (reserve(m, max_size) != 0)
        return 0;
    size_t len = size < max_size ? size : max_size;
    if (len)
        memcpy(m->out, data, len);
    len = cfv_mut_bytes(m, m->out, len, max_size);
    if (len == 0) {
        m->out[0] = 0;
        len = 1;
    }
    cfv_mut_note(m, "bytes");
    if (cfv_mut_chance(m, 85))
        cfv_mut_fix(m->out, len);
    return len;
}

static size_t done(cfv_mutator *m, size_t len, const uint8_t **out)
{
    *out = m->out;
    return len;
}

size_t cfv_mutator_mutate(cfv_mutator *m, const uint8_t *data, size_t size, size_t max_size,
                          uint32_t seed, const uint8_t **out)
{
    start(m, seed);
    size_t len;
    if (cfv_decode(&m->a, data, size) == CFV_DECODE_OK && has_header(&m->a) &&
        !cfv_mut_chance(m, 8)) {
        m->a_text = cfv_decoded_strings_canonical(&m->a);
        if (grammar_round(m, 0, max_size, &len) == 0)
            return done(m, settle(m, len, max_size), out);
        m->desc_len = 0;
    }
    return done(m, byte_round(m, data, size, max_size), out);
}

size_t cfv_mutator_crossover(cfv_mutator *m, const uint8_t *a, size_t na, const uint8_t *b,
                             size_t nb, size_t max_size, uint32_t seed, const uint8_t **out)
{
    /* libFuzzer picks cross-over for half its mutations when a custom one
     * exists; a plain mutation serves better for half of those. */
    start(m, seed);
    if (cfv_mut_chance(m, 50))
        return cfv_mutator_mutate(m, a, na, max_size, (uint32_t)cfv_mut_next(m), out);
    size_t len;
    if (cfv_decode(&m->a, a, na) == CFV_DECODE_OK && cfv_decode(&m->b, b, nb) == CFV_DECODE_OK &&
        has_header(&m->a) && has_header(&m->b)) {
        m->a_text = cfv_decoded_strings_canonical(&m->a);
        m->b_text = cfv_decoded_strings_canonical(&m->b);
        m->b_live = 1;
        if (grammar_round(m, 1, max_size, &len) == 0)
            return done(m, settle(m, len, max_size), out);
        m->desc_len = 0;
    }
    /* Bytes: a's head, b's tail. */
    if (reserve(m, max_size) != 0)
        return done(m, 0, out);
    size_t head = na ? cfv_mut_below(m, (uint32_t)(na < max_size ? na : max_size)) : 0;
    size_t tail = nb ? cfv_mut_below(m, (uint32_t)nb) : 0;
    if (head + (nb - tail) > max_size)
        tail = nb - (max_size - head);
    memcpy(m->out, a, head);
    memcpy(m->out + head, b + tail, nb - tail);
    len = head + (nb - tail);
    if (len == 0)
        m->out[len++] = 0;
    cfv_mut_note(m, "xbytes");
    cfv_mut_fix(m->out, len);
    return done(m, len, out);
}
