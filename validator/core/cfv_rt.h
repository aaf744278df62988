/* The runtime that generated validator code (cff_validate.c) calls: bounded
 * byte views, saturating arithmetic, definitions look-ups, diagnostics.
 * Internal to the core; freestanding (no libc, no globals). */
#ifndef CFV_RT_H
#define CFV_RT_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/cfv.h"
#include "cfv/le.h"

#define CFV_NONE 0xFFFFFFFFu   /* "no such type / section" in the grammar */

typedef struct cfv_bytes {
    const uint8_t *p;
    uint64_t n;
} cfv_bytes;

/* One step of a field path, linked up the C stack: built for free while
 * parsing, rendered only when a diagnostic is emitted. */
typedef struct cfv_path {
    const struct cfv_path *up;
    const char *name;
    int64_t index;              /* -1: not an array element */
} cfv_path;

typedef struct cfv_gctx {
    const uint8_t *buf;
    uint64_t len;               /* bytes available in buf */
    uint64_t real_size, max_size, now;
    const cfv_options *opt;
    const cfv_defs *defs;
    uint32_t sensors;           /* selected sensor mask */
    uint32_t nsel;              /* selected sensors, in index order */
    uint8_t sel[CFV_MAX_SENSORS];
    int sensor;                 /* sensor of the per-sensor check being evaluated, or -1 */
    uint32_t max_diag;
    cfv_result res;
    cfv_diag d;                 /* the diagnostic being built */
    size_t mlen;
    int quiet;                  /* the caller's want() declined this diagnostic: count only */
    int name_ok;                /* file name is C-<8>-<8>-<8>.sys */
    uint64_t name_channel, name_version;
} cfv_gctx;

/* Parse outcome of one generated struct parser. */
enum { CFV_OK = 0, CFV_STOP = 1, CFV_ABORT = 2 };

/* ---- arithmetic: saturating, so no check can be fooled by wrap-around */
static inline uint64_t cfv_rt_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }
static inline uint64_t cfv_rt_sub(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }
static inline uint64_t cfv_rt_mul(uint64_t a, uint64_t b)
{
    return (a != 0 && b > UINT64_MAX / a) ? UINT64_MAX : a * b;
}
static inline uint64_t cfv_rt_div(uint64_t a, uint64_t b) { return b ? a / b : 0; }
static inline uint64_t cfv_rt_mod(uint64_t a, uint64_t b) { return b ? a % b : 0; }
static inline uint64_t cfv_rt_align8(uint64_t a) { return a > UINT64_MAX - 7 ? UINT64_MAX : (a + 7) & ~(uint64_t)7; }

/* ---- byte views (every access is bounds-checked) */
static inline cfv_bytes cfv_rt_view(const cfv_gctx *g, uint64_t from, uint64_t to)
{
    cfv_bytes b = { g->buf, 0 };
    if (to > g->len) to = g->len;
    if (from > to) from = to;
    b.p = g->buf + from;
    b.n = to - from;
    return b;
}
static inline uint64_t cfv_rt_byte(cfv_bytes b, uint64_t i) { return i < b.n ? b.p[i] : 0; }
static inline uint64_t cfv_rt_file_byte(const cfv_gctx *g, uint64_t i) { return i < g->len ? g->buf[i] : 0; }
static inline cfv_bytes cfv_rt_str(const char *s, size_t cap)
{
    cfv_bytes b = { (const uint8_t *)s, 0 };
    while (b.n < cap && s[b.n])
        b.n++;
    return b;
}
uint64_t cfv_rt_all_zero(cfv_bytes b);
uint64_t cfv_rt_first_nonzero(cfv_bytes b);
uint64_t cfv_rt_find_nul(cfv_bytes b);          /* index of the first NUL, or b.n */
cfv_bytes cfv_rt_cstr(cfv_bytes b, uint64_t off); /* the NUL-terminated string at off (empty if off out of range) */
uint64_t cfv_rt_utf8_valid(cfv_bytes b);
uint64_t cfv_rt_utf8_bad(cfv_bytes b);
uint64_t cfv_rt_file_crc32c(const cfv_gctx *g, uint64_t skip_off);

/* ---- definitions (type values are type indexes, or CFV_NONE).
 * The per-criterion look-ups are inline: they run for every criterion and
 * every selected sensor. */
uint64_t cfv_rt_channel_type(const cfv_gctx *g, uint64_t channel);
uint64_t cfv_rt_type_by_id(const cfv_gctx *g, uint64_t id);
cfv_bytes cfv_rt_type_name(const cfv_gctx *g, uint64_t t);
cfv_bytes cfv_rt_field_name(const cfv_gctx *g, uint64_t t, uint64_t i);

static inline uint64_t cfv_rt_type_fields(const cfv_gctx *g, uint64_t t)
{
    return t < g->defs->ntypes ? g->defs->types[t].nfields : 0;
}
static inline uint64_t cfv_rt_field_type(const cfv_gctx *g, uint64_t t, uint64_t i)
{
    if (t >= g->defs->ntypes || i >= g->defs->types[t].nfields)
        return 0;
    return g->defs->fields[g->defs->types[t].first_field + i].type;
}
/* For g->sensor; a type the sensor does not support supplies 0 inputs. */
static inline uint64_t cfv_rt_supported(const cfv_gctx *g, uint64_t t)
{
    return g->sensor >= 0 && t < g->defs->ntypes &&
           g->defs->sensors[g->sensor].supplied[t] != CFV_UNSUPPORTED;
}
static inline uint64_t cfv_rt_supplied(const cfv_gctx *g, uint64_t t)
{
    return cfv_rt_supported(g, t) ? g->defs->sensors[g->sensor].supplied[t] : 0;
}

/* ---- file name (CFV070) */
static inline uint64_t cfv_rt_name_is_channel_file(const cfv_gctx *g) { return (uint64_t)g->name_ok; }
static inline uint64_t cfv_rt_name_channel(const cfv_gctx *g) { return g->name_channel; }
static inline uint64_t cfv_rt_name_version(const cfv_gctx *g) { return g->name_version; }

/* ---- REGEX operands, through the caller's cfv_regex_fn */
void cfv_rt_regex(cfv_gctx *g, cfv_bytes pattern, uint64_t nocase, cfv_re_verdict *out);

/* ---- diagnostics: begin, append message pieces, end.
 * Once max_diagnostics are out, begin sets res.truncated and what follows is
 * built but not emitted; generated parsers stop at the next array element
 * (cfv_rt_capped), so the work after the cap is bounded by one element.
 * With a want() callback there is no cap: a declined diagnostic is only
 * counted (begin sets quiet; the pieces and the path are skipped). */
void cfv_rt_begin(cfv_gctx *g, unsigned rule, unsigned severity, uint64_t offset,
                  const cfv_path *path, const char *field, int64_t field_index);
static inline int cfv_rt_capped(const cfv_gctx *g) { return g->res.truncated != 0; }
void cfv_rt_text(cfv_gctx *g, const char *s);
void cfv_rt_u64(cfv_gctx *g, uint64_t v);
void cfv_rt_hex(cfv_gctx *g, uint64_t v);
void cfv_rt_bytes(cfv_gctx *g, cfv_bytes b);
void cfv_rt_sensor(cfv_gctx *g);
void cfv_rt_enum(cfv_gctx *g, uint64_t v, const char *const *names, uint64_t count);
void cfv_rt_end(cfv_gctx *g);
/* A read the grammar did not guard: a grammar bug, reported (never silent). */
int cfv_rt_unguarded(cfv_gctx *g, uint64_t offset, const cfv_path *path, const char *field);

/* Generated entry point (cff_validate.c). */
int cff_entry(cfv_gctx *g);

#endif
