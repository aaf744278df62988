/* `pool { "a" "b" ... }`: the STRINGS section spelled out, in order, for
 * files whose strings are not in the order the writer would choose (or
 * repeat). Text references resolve to a string's first occurrence by a
 * binary search over the pool sorted by text; @N names any offset. */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "src_parse_internal.h"

/* Appends a STRING token's text (and its NUL) to the pool bytes. */
static int add(cfv_parser *ps, const cfv_tok *t)
{
    cfv_src_model *m = ps->m;
    if (m->pool_len + t->len + 1 > UINT32_MAX - 1)
        return cfv_src_fail(ps, t, "the pool is over 4 GiB");
    if (m->pool_len + t->len + 1 > m->pool_cap) {
        size_t cap = m->pool_cap ? m->pool_cap : 256;
        while (cap < m->pool_len + t->len + 1)
            cap *= 2;
        uint8_t *p = realloc(m->pool, cap);
        if (!p)
            return cfv_src_fail(ps, t, "out of memory");
        m->pool = p;
        m->pool_cap = cap;
    }
    memcpy(m->pool + m->pool_len, t->text, t->len + 1);
    m->pool_len += t->len + 1;
    ps->pool_count++;
    return 0;
}

static int by_text_then_offset(const void *a, const void *b, void *pool)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp((const char *)pool + x, (const char *)pool + y);
    return c ? c : (x > y) - (x < y);
}

/* The pool's string offsets sorted by text, first occurrences first. */
static int index_pool(cfv_parser *ps, const cfv_tok *at)
{
    ps->sorted = malloc((ps->pool_count ? ps->pool_count : 1) * sizeof *ps->sorted);
    if (!ps->sorted)
        return cfv_src_fail(ps, at, "out of memory");
    uint32_t n = 0;
    for (size_t off = 0; off < ps->m->pool_len; off += strlen((char *)ps->m->pool + off) + 1)
        ps->sorted[n++] = (uint32_t)off;
    qsort_r(ps->sorted, n, sizeof *ps->sorted, by_text_then_offset, ps->m->pool);
    return 0;
}

int cfv_src_stmt_pool(cfv_parser *ps)
{
    if (ps->have_pool)
        return cfv_src_fail(ps, &ps->tok, "pool is already given at line %u", ps->pool_at.line);
    if (ps->m->ninst)
        return cfv_src_fail(ps, &ps->tok, "the pool must come before the first instance");
    if (ps->have_extra)
        return cfv_src_fail(ps, &ps->tok, "with a pool block, list every string in the pool");
    ps->pool_at.line = ps->tok.line;
    ps->pool_at.col = ps->tok.col;
    ps->have_pool = 1;
    if (cfv_src_advance(ps) || cfv_src_expect(ps, CFV_TOK_LBRACE, "'{'"))
        return -1;
    while (ps->tok.kind == CFV_TOK_STRING) {
        if (add(ps, &ps->tok) || cfv_src_advance(ps))
            return -1;
    }
    cfv_tok end = ps->tok;
    return cfv_src_expect(ps, CFV_TOK_RBRACE, "a quoted string or '}'") || index_pool(ps, &end)
               ? -1
               : 0;
}

int64_t cfv_src_pool_ref(cfv_parser *ps, const cfv_tok *t)
{
    size_t lo = 0, hi = ps->pool_count;
    while (lo < hi) {   /* the first entry not below the text */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp((const char *)ps->m->pool + ps->sorted[mid], t->text) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == ps->pool_count || strcmp((const char *)ps->m->pool + ps->sorted[lo], t->text) != 0) {
        cfv_src_fail(ps, t, "this string is not in the pool; add it there or use @OFFSET");
        return -1;
    }
    return ps->sorted[lo];
}

void cfv_src_pool_attach(cfv_parser *ps)
{
    cfv_writer_layout *l = cfv_writer_layout_of(ps->m->w);
    for (size_t i = 0; i < l->nsections; i++) {
        cfv_writer_section *s = &l->sections[i];
        if (s->content != CFV_WRITER_STRINGS)
            continue;
        s->content = CFV_WRITER_RAW;
        s->raw = ps->m->pool;
        s->raw_len = ps->m->pool_len;
        s->has_count = 1;
        s->count = ps->pool_count;
    }
}
