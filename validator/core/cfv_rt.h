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

/* A byte view: base[off .. off + n) of a buffer with cap readable bytes,
 * off + n <= cap. Reads index base with an absolute index checked against
 * cap (or an end clamped to it) in the function that reads, so a static
 * analyser sees every read in bounds without relating pointers to lengths
 * (proof/README.md). The zero view is empty, with a NULL base, which every
 * reader tests where it reads. */
typedef struct cfv_bytes {
    const uint8_t *base;
    uint64_t cap;
    uint64_t off;
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
    cfv_bytes b = { g->buf, g->len, 0, 0 };
    if (to > g->len) to = g->len;
    if (from > to) from = to;
    b.off = from;
    b.n = to - from;
    return b;
}
/* Where a view ends in its buffer: off + n, never past cap. */
static inline uint64_t cfv_rt_view_end(cfv_bytes b)
{
    uint64_t end = b.off + b.n;
    if (end < b.off || end > b.cap)
        end = b.cap;
    return end;
}
static inline uint64_t cfv_rt_byte(cfv_bytes b, uint64_t i)
{
    if (i >= b.n || !b.base)
        return 0;
    uint64_t at = b.off + i;
    return at < b.cap ? b.base[at] : 0;
}
/* The first n bytes of b (n <= b.n). */
static inline cfv_bytes cfv_rt_prefix(cfv_bytes b, uint64_t n)
{
    if (n < b.n)
        b.n = n;
    return b;
}
static inline uint64_t cfv_rt_file_byte(const cfv_gctx *g, uint64_t i) { return i < g->len ? g->buf[i] : 0; }
static inline cfv_bytes cfv_rt_str(const char *s, size_t cap)
{
    uint64_t n = 0;
    while (n < cap && s[n])
        n++;
    if (n > cap) /* never: states the loop's bound where an analyser sees it */
        n = cap;
    cfv_bytes b = { (const uint8_t *)s, n, 0, n }; /* nothing past the string is read */
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

/* A cfv_defs may be hand-built rather than parsed: every index is checked
 * against the array bounds (CFV_MAX_TYPES, CFV_MAX_SENSORS, the field pool)
 * as well as against the counts, so no struct contents can make these read
 * outside it. Each check sits next to its access (a static analyser keeps
 * the range it proves only within the function). */
#define CFV_RT_TYPE_OK(g, t) ((t) < CFV_MAX_TYPES && (t) < (g)->defs->ntypes)

/* Fields of type t; 0 when t is unknown or its fields leave the pool. */
static inline uint64_t cfv_rt_type_fields(const cfv_gctx *g, uint64_t t)
{
    if (!CFV_RT_TYPE_OK(g, t))
        return 0;
    const cfv_type_def *ty = &g->defs->types[t];
    return (uint64_t)ty->first_field + ty->nfields <= CFV_FIELD_POOL ? ty->nfields : 0;
}
static inline uint64_t cfv_rt_field_type(const cfv_gctx *g, uint64_t t, uint64_t i)
{
    if (!CFV_RT_TYPE_OK(g, t))
        return 0;
    const cfv_type_def *ty = &g->defs->types[t];
    uint64_t at = (uint64_t)ty->first_field + i;
    return i < ty->nfields && at < CFV_FIELD_POOL ? g->defs->fields[at].type : 0;
}
/* Inputs g->sensor supplies for type t, or CFV_UNSUPPORTED. */
static inline uint64_t cfv_rt_sensor_supplies(const cfv_gctx *g, uint64_t t)
{
    if (g->sensor < 0 || g->sensor >= CFV_MAX_SENSORS || !CFV_RT_TYPE_OK(g, t))
        return CFV_UNSUPPORTED;
    return g->defs->sensors[g->sensor].supplied[t];
}
/* For g->sensor; a type the sensor does not support supplies 0 inputs. */
static inline uint64_t cfv_rt_supported(const cfv_gctx *g, uint64_t t)
{
    return cfv_rt_sensor_supplies(g, t) != CFV_UNSUPPORTED;
}
static inline uint64_t cfv_rt_supplied(const cfv_gctx *g, uint64_t t)
{
    uint64_t n = cfv_rt_sensor_supplies(g, t);
    return n != CFV_UNSUPPORTED ? n : 0;
}

/* ---- file name (CFV070) */
static inline uint64_t cfv_rt_name_is_channel_file(const cfv_gctx *g) { return (uint64_t)g->name_ok; }
static inline uint64_t cfv_rt_name_channel(const cfv_gctx *g) { return g->name_channel; }
static inline uint64_t cfv_rt_name_version(const cfv_gctx *g) { return g->name_version; }

/* ---- REGEX operands, through the caller's cfv_regex_fn. A pattern over
 * CFV_RT_REGEX_MAX bytes (the grammar's MAX_REGEX, reported as CFV056
 * before this is called) is never handed over: it stays CFV_RE_UNCHECKED. */
#define CFV_RT_REGEX_MAX 256
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
