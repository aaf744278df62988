/* Emits <prefix>_validate.c: one parser function per struct that walks a
 * bounded window of the input, evaluates every constraint, reports every
 * failure to the caller's sink as structured facts (rule, message template,
 * typed arguments; no text) and never allocates. ISO C11. Layout: val
 * structs, zero values, prototypes, parsers, the entry point. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "model.h"
#include "imply.h"
#include "prove.h"

typedef struct emitter {
    ectx c;
    FILE *out;
    int after_array;      /* an array that can break (an element stopped) precedes */
    uint64_t proven;      /* bytes from pos known to be in the window */
    /* The pointer a stated window was read into (emit_window_stated), and
     * how far pos is past its start; NULL: reads go to g->buf + pos. */
    char *wptr;
    uint64_t win_off;
    uint64_t win_max;     /* the largest window stated in the file */
    int cur_line;         /* grammar line of the item being emitted */
    /* What the requires prove (prove.h), and what the callers prove for each
     * struct: emission runs until these settle, then for real. */
    facts f;
    int64_t consumed;     /* bytes read from base when known, else -1 */
    int top;              /* emitting a struct's own items, not an if/foreach/at body */
    int may_stop;         /* the struct being emitted can return other than CFV_OK */
    uint64_t *win;        /* per struct: bytes every caller proves its window has */
    uint64_t *win_next;
    int *stops;           /* per struct: may return other than CFV_OK */
    int *stops_next;
    int may_halt;         /* fast tier: the struct being emitted can return CFV_STOP */
    int *halts;           /* per struct, of the fast tier's own emission */
    int *halts_next;
    int may_abort;        /* ... CFV_ABORT (the diagnostic cap, in an array) */
    int *aborts;
    int *aborts_next;
    const char *window_size;   /* C size of the `at` window being filled, or NULL */
    /* The fast tier (docs/performance.md): the same parsers with every report
     * replaced by `return CFV_DIRTY` and nothing computed for messages. */
    int fast;
    char *resets;         /* per struct: an entry's frame holds its frame (emit_frame_reset) */
    known held;           /* fast tier: conditions that hold here (imply.h) */
    int regex_last;       /* fast tier: the regex let being emitted ends the run on a refusal */
} emitter;

/* Nothing is known to be in the window from pos on (pos moved by an
 * amount not known here, or a window of the input's was left). */
static void unproven(emitter *m)
{
    m->proven = 0;
    m->wptr = NULL;
}

/* The parser function family of the tier being emitted. */
static const char *tier(const emitter *m) { return m->fast ? "fast" : "parse"; }

/* What a read the grammar did not guard does: reported (diagnostic tier),
 * or the fast tier's "not clean". */
static char *unguarded(const emitter *m, const char *pos, const char *fname)
{
    return m->fast ? xstrdup("return CFV_DIRTY;") : fmt("return cfv_rt_unguarded(g, %s, path, %s);", pos, fname);
}

/* A call site of st whose window is proven to hold `bytes`. */
static void site(emitter *m, const strct *st, uint64_t bytes)
{
    uint64_t *w = &m->win_next[st - m->c.g->structs];
    if (bytes < *w)
        *w = bytes;
}

static int memoised(const emitter *m, const strct *s);
static void emit_hoisted_views(emitter *m, const strct *st, const item *items, int n, const int *tmps);
static int looped(const emitter *m, const strct *s);
static int stops(const emitter *m, const strct *st) { return m->stops[st - m->c.g->structs]; }
static int halts(const emitter *m, const strct *st) { return m->halts[st - m->c.g->structs]; }

/* Items that report (a rule's check or refinement, a stored array's bound),
 * themselves or through the structs they read. */
static int reports_in(const grammar *g, const item *items, int n, int depth)
{
    for (int i = 0; i < n && depth < 16; i++) {
        const item *it = &items[i];
        if ((it->kind == I_CHECK || it->kind == I_REQUIRE) && it->rule)
            return 1;
        if ((it->kind == I_IF || it->kind == I_FOREACH) && reports_in(g, it->body, it->nbody, depth + 1))
            return 1;
        if (it->kind != I_FIELD && it->kind != I_AT)
            continue;
        if (it->f.ncons || it->f.max)
            return 1;
        const strct *st = it->f.type == F_STRUCT ? find_struct(g, it->f.struct_name) : NULL;
        if (st && reports_in(g, st->items, st->nitems, depth + 1))
            return 1;
    }
    return depth >= 16;
}

/* The fast tier's st returns other than CFV_OK: where the diagnostic tier
 * stops, and wherever that one reports. Else (a window every caller
 * proves, fields without checks) its call needs no test. */
static int fast_stops(const emitter *m, const strct *st)
{
    return stops(m, st) || reports_in(m->c.g, st->items, st->nitems, 0);
}
static int aborts(const emitter *m, const strct *st) { return m->aborts[st - m->c.g->structs]; }

/* A struct that, when it returns CFV_OK, has always consumed a byte: one
 * that reads a field before anything conditional. */
static int consumes(const grammar *g, const strct *st)
{
    for (int i = 0; i < st->nitems; i++) {
        const item *it = &st->items[i];
        if (it->kind == I_FIELD && !it->f.count && !it->f.bytesize &&
            (it->f.type != F_STRUCT || struct_fixed_size(g, find_struct(g, it->f.struct_name), 0)))
            return 1;
        if (it->kind != I_CHECK && it->kind != I_LET && it->kind != I_REQUIRE)
            return 0;
    }
    return 0;
}

/* Does e name `prev`, the previous record? (An aggregate's names are its
 * elements'.) */
static int names_prev(const expr *e)
{
    if (!e || e->kind == E_AGG)
        return 0;
    if (e->kind == E_NAME)
        return !strcmp(e->name, "prev");
    for (int i = 0; e->kind == E_CALL && i < e->nargs; i++)
        if (names_prev(e->args[i]))
            return 1;
    return names_prev(e->a) || names_prev(e->b) || names_prev(e->c);
}

static int message_names_prev(const message *msg)
{
    for (int i = 0; i < msg->nparts; i++)
        if (names_prev(msg->parts[i].e))
            return 1;
    return 0;
}

static int field_names_prev(const grammar *g, const field *f, int depth);

/* Do these items read `prev` (checks, messages, refinements they apply)?
 * A struct that does not keeps one slot per array, not two. */
static int items_name_prev(const grammar *g, const item *items, int n, int depth)
{
    for (int i = 0; i < n && depth < 16; i++) {
        const item *it = &items[i];
        if (names_prev(it->cond) || names_prev(it->at_expr) || names_prev(it->value) ||
            names_prev(it->at_off) || names_prev(it->at_size) || message_names_prev(&it->msg))
            return 1;
        if (it->kind == I_IF && items_name_prev(g, it->body, it->nbody, depth + 1))
            return 1;
        if ((it->kind == I_FIELD || it->kind == I_AT) && field_names_prev(g, &it->f, depth))
            return 1;
    }
    return depth >= 16;
}

static int field_names_prev(const grammar *g, const field *f, int depth)
{
    if (names_prev(f->count) || names_prev(f->bytesize))
        return 1;
    for (int i = 0; i < f->nargs; i++)
        if (names_prev(f->args[i]))
            return 1;
    for (int i = 0; i < f->ncons; i++) {
        const constraint *k = &f->cons[i];
        if (names_prev(k->cond) || names_prev(k->guard) || message_names_prev(&k->msg))
            return 1;
        for (int a = 0; a < k->nargs; a++)
            if (names_prev(k->args[a]))
                return 1;
        const strct *r = k->kind == C_IS ? find_struct(g, k->refine) : NULL;
        if (r && items_name_prev(g, r->items, r->nitems, depth + 1))
            return 1;
    }
    return 0;
}

/* An element struct the fast tier checks a whole array of at once
 * (emit_batch): fixed-size integer fields, checks and lets only (nothing
 * that stops, nests or moves by a computed amount), and no `prev`. */
static int batchable(const grammar *g, const strct *st)
{
    if (!st || st->is_refine || st->is_entry || !struct_fixed_size(g, st, 0) ||
        items_name_prev(g, st->items, st->nitems, 0))
        return 0;
    for (int i = 0; i < st->nitems; i++) {
        const item *it = &st->items[i];
        if (it->kind == I_FIELD ? it->f.type != F_UINT : it->kind != I_CHECK && it->kind != I_LET)
            return 0;
    }
    return 1;
}

/* Does e name `self` (the record's window), or, with file, depend on where
 * the record is at all (the file around it too)? */
static int names_position(const expr *e, int file)
{
    if (!e)
        return 0;
    if (e->kind == E_NAME && !strcmp(e->name, "self"))
        return 1;
    if (file && e->kind == E_CALL && (!strcmp(e->name, "file_slice") || !strcmp(e->name, "file_byte")))
        return 1;
    for (int i = 0; e->kind == E_CALL && i < e->nargs; i++)
        if (names_position(e->args[i], file))
            return 1;
    return names_position(e->a, file) || names_position(e->b, file) || names_position(e->c, file);
}

/* Does a batchable struct's verdict read where its record is (names_position)? */
static int items_name_position(const grammar *g, const strct *st, int file)
{
    for (int i = 0; i < st->nitems; i++) {
        const item *it = &st->items[i];
        if (names_position(it->cond, file) || names_position(it->value, file))
            return 1;
        for (int k = 0; it->kind == I_FIELD && k < it->f.ncons; k++) {
            const constraint *c = &it->f.cons[k];
            if (names_position(c->cond, file) || names_position(c->guard, file))
                return 1;
            for (int a = 0; a < c->nargs; a++)
                if (names_position(c->args[a], file))
                    return 1;
            const strct *r = c->kind == C_IS ? find_struct(g, c->refine) : NULL;
            for (int j = 0; r && j < r->nitems; j++)
                if (names_position(r->items[j].cond, file))
                    return 1;
        }
    }
    return 0;
}

/* An array field whose elements the fast tier checks in one batched loop:
 * counted, not stored, of a batchable struct. */
static int batch_site(const grammar *g, const field *f)
{
    return f->type == F_STRUCT && f->count && !f->max && batchable(g, find_struct(g, f->struct_name));
}

static int is_call_of(const expr *e, const char *fn, const char *arg)
{
    return e && e->kind == E_CALL && !strcmp(e->name, fn) && e->nargs == 1 && e->args[0]->kind == E_NAME &&
           !strcmp(e->args[0]->name, arg);
}

/* A string table's element (table_site): one `cstring` field whose checks
 * are `utf8_valid(it)` and `len(it) <= N` only, after a silent
 * `require find_nul(self) < len(self)` that ends the array at an
 * unterminated tail. The fast tier checks a run of them as a whole
 * (cfv_rt_cstr_table), which the per-element walk cannot: each element
 * starts where the previous one's NUL is. *max: the smallest N (UINT64_MAX
 * if none); *utf8: 1 if checked. */
static int cstring_table(const grammar *g, const strct *st, uint64_t *max, int *utf8)
{
    int fields = 0, ends = 0;
    *max = UINT64_MAX;
    *utf8 = 0;
    if (!st || st->is_refine || st->is_entry || st->nparams)
        return 0;
    for (int i = 0; i < st->nitems; i++) {
        const item *it = &st->items[i];
        const expr *c = it->cond;
        if (it->kind == I_REQUIRE && !it->rule && !it->at_expr && c->kind == E_BINARY && !strcmp(c->op, "<") &&
            is_call_of(c->a, "find_nul", "self") && is_call_of(c->b, "len", "self")) {
            ends++;
            continue;
        }
        const field *f = &it->f;
        /* the require first: a field before it would check an unterminated tail */
        if (it->kind != I_FIELD || f->type != F_CSTRING || f->count || f->bytesize || f->nargs || !ends)
            return 0;
        fields++;
        for (int k = 0; k < f->ncons; k++) {
            const constraint *w = &f->cons[k];
            const expr *e = w->cond;
            uint64_t n = 0;
            if (w->kind != C_WHERE || w->guard || w->per_set)
                return 0;
            if (is_call_of(e, "utf8_valid", f->name))
                *utf8 = 1;
            else if (e->kind == E_BINARY && !strcmp(e->op, "<=") && is_call_of(e->a, "len", f->name) &&
                     (e->b->kind == E_INT ? (n = e->b->value, 1)
                                          : e->b->kind == E_NAME && lookup_constant(g, e->b->name, &n)))
                *max = n < *max ? n : *max;
            else
                return 0;
        }
    }
    return fields == 1 && ends == 1;
}

/* An array of string-table elements filling a byte size (stored nowhere);
 * its length bound and UTF-8 check into max and utf8. */
static int table_site(const grammar *g, const field *f, uint64_t *max, int *utf8)
{
    return f->type == F_STRUCT && f->bytesize && !f->count && !f->max && !f->nargs &&
           cstring_table(g, find_struct(g, f->struct_name), max, utf8);
}

/* How the struct st is used in these items: bit 0 somewhere as a batched
 * array or a string table (no per-record parser in the fast tier), bit 1
 * somewhere else. */
static int batch_uses(const grammar *g, const strct *st, const item *items, int n)
{
    int u = 0;
    uint64_t max;
    int utf8;
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF || it->kind == I_FOREACH)
            u |= batch_uses(g, st, it->body, it->nbody);
        if ((it->kind == I_FIELD || it->kind == I_AT) && it->f.type == F_STRUCT &&
            find_struct(g, it->f.struct_name) == st)
            u |= batch_site(g, &it->f) || table_site(g, &it->f, &max, &utf8) ? 1 : 2;
    }
    return u;
}

static int batch_uses_all(const grammar *g, const strct *st)
{
    int u = 0;
    for (int i = 0; i < g->nstructs; i++)
        u |= batch_uses(g, st, g->structs[i].items, g->structs[i].nitems);
    return u;
}

/* A tier's functions for st: the per-record parser, unless the fast tier
 * checks every use of st in a batched loop or as a string table; the
 * batched loop (fast tier), when some use is one. */
static int has_parser(const grammar *g, const strct *st, int fast)
{
    return !fast || batch_uses_all(g, st) != 1;
}

static int has_batch(const grammar *g, const strct *st, int fast)
{
    return fast && (batch_uses_all(g, st) & 1) && batchable(g, st);
}

static void line(emitter *m, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void line(emitter *m, const char *f, ...)
{
    va_list ap;
    fprintf(m->out, "%*s", m->c.level * 4, "");
    va_start(ap, f);
    vfprintf(m->out, f, ap);
    va_end(ap);
    fputc('\n', m->out);
}

/* Writes what the expressions just emitted need first, at this depth. */
static void flush(emitter *m)
{
    char *pre = sb_take(&m->c.pre);
    for (char *p = pre, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        *nl = 0;
        line(m, "%s", p);
    }
    free(pre);
}

static void open_block(emitter *m) { m->c.level++; }

/* "if (COND) {" for a grammar expression, the block left open; -1 when the
 * expression does not compile (reported). */
static int open_if_c(emitter *m, const char *c)
{
    if (!c)
        return -1;
    flush(m);
    line(m, "if (%s) {", c);
    open_block(m);
    return 0;
}

static int open_if(emitter *m, const expr *cond, vtype *t)
{
    return open_if_c(m, emit_expr(&m->c, cond, t));
}

static void close_block(emitter *m)
{
    m->c.level--;
    memo_close(&m->c);
    line(m, "}");
}

static void blank(emitter *m) { fputc('\n', m->out); }

static char *c_string(const char *s)
{
    sbuf b = { 0 };
    sb_printf(&b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_printf(&b, "\\%c", *s);
        else if (*s == '\n')
            sb_printf(&b, "\\n");
        else
            sb_printf(&b, "%c", *s);
    }
    sb_printf(&b, "\"");
    return sb_take(&b);
}

/* ------------------------------------------------------------ diagnostics */

typedef struct where_at {
    const char *offset;   /* C expression */
    const char *length;   /* C expression: the located field's size, 0 if none */
    const char *path;     /* C expression of a const cfv_path * */
    const char *field;    /* C string literal */
    const char *prelude;  /* declarations needed first (a path node), or "" */
} where_at;

/* A message becomes its template's id and typed arguments (cfv_arg); the
 * text is the catalog's, rendered by the host. */
static int emit_report(emitter *m, const message *msg, int rule, int severity, const where_at *w)
{
    sbuf args = { 0 }, rest = { 0 }; /* rest: args but the first */
    int nargs = 0, shows_message = 0;
    char *view0 = NULL; /* the first hole's view, when it is one (not a message) */
    const param *set = set_param(m->c.g);
    for (int i = 0; i < msg->nparts; i++) {
        const msg_part *p = &msg->parts[i];
        if (p->text)
            continue;
        char *arg;
        if (set && p->e->kind == E_NAME && !strcmp(p->e->name, set->name) && !p->spec) {
            if (!m->c.per_set) {
                gen_error(p->e->at, "{%s} is only known in a `per %s` check", set->name, set->name);
                m->c.errors++;
                return -1;
            }
            arg = fmt("cfv_rt_arg_per(p_%s)", set->name);
        } else {
            vtype t;
            char *v = emit_expr(&m->c, p->e, &t);
            if (!v)
                return -1;
            if (t.k == V_BYTES && !p->spec) {
                arg = fmt("%s", bytes_arg(v));
                if (nargs == 0 && !message_view(v))
                    view0 = v;
                shows_message |= message_view(v);
            } else if (t.k != V_INT) {
                gen_error(p->e->at, "a message hole shows an integer or bytes");
                m->c.errors++;
                return -1;
            } else if (!p->spec) {
                arg = fmt("cfv_rt_arg_u64(%s)", v);
            } else if (!strcmp(p->spec, "x")) {
                arg = fmt("cfv_rt_arg_hex(%s)", v);
            } else if (find_enum(m->c.g, p->spec)) {
                arg = fmt("cfv_rt_arg_enum(%s, %d)", v, (int)(find_enum(m->c.g, p->spec) - m->c.g->enums));
            } else {
                gen_error(p->e->at, "unknown format ':%s' (use :x or an enum name)", p->spec);
                m->c.errors++;
                return -1;
            }
        }
        sb_printf(&args, "%s%s", nargs ? ", " : "", arg);
        if (nargs++)
            sb_printf(&rest, ", %s", arg);
        free(arg);
    }
    char *a = sb_take(&args), *r = sb_take(&rest);
    flush(m);
    if (w->prelude[0])
        line(m, "%s", w->prelude);
    if (shows_message && view0 && nargs >= 2 && nargs <= 3) {   /* cfv_rt_report_v: by value */
        line(m, "cfv_rt_report_v(g, %d, %d, %d, %s, %s, %s, %s, %s, %d, %s%s%s);", rule, severity, msg->id,
             w->offset, w->length, w->path, w->field,
             m->c.per_set ? fmt("(int64_t)p_%s", set->name) : "-1", nargs, view0, r,
             nargs == 2 ? ", cfv_rt_arg_u64(0)" : "");
        free(a);
        free(r);
        return 0;
    }
    free(r);
    if (nargs)
        line(m, "cfv_arg a_[%d] = { %s };", nargs, a); /* cfv_rt_emit may measure one */
    /* cfv_rt_report is inline: counted where it is reported, the event
     * built only for the sink (no branch of its own here to cover). */
    line(m, "cfv_rt_report(g, %d, %d, %d, %s, %s, %s, %s, %s, %s, %d);", rule, severity, msg->id,
         w->offset, w->length, w->path, w->field, m->c.per_set ? fmt("(int64_t)p_%s", set->name) : "-1",
         nargs ? "a_" : "NULL", nargs);
    free(a);
    return 0;
}

static int severity_of(emitter *m, int rule, int severity)
{
    if (severity >= 0)
        return severity;
    const rule_decl *r = find_rule(m->c.g, rule);
    return r ? r->severity : 0;
}

/* The loop over the caller's set (the entry's `per` parameter) that
 * per-set checks run in; its value is p_NAME inside. */
static int open_set_loop(emitter *m, loc at)
{
    const param *set = set_param(m->c.g);
    if (!set) {
        gen_error(at, "a `per` check needs a `per u64 NAME` parameter on the entry");
        m->c.errors++;
        return -1;
    }
    line(m, "for (uint64_t s_ = 0; s_ < g->per_n; s_++) {");
    open_block(m);
    line(m, "const uint64_t p_%s = g->per_v[s_];", set->name);
    line(m, "(void)p_%s;   /* its values may all be in the frame */", set->name);
    return 0;
}

/* if (!(cond)) report [and stop]; inside a set loop when per_set. */
static int emit_check_body(emitter *m, const expr *cond, int rule, int severity, int per_set,
                           const message *msg, const where_at *w, int is_require)
{
    vtype t;
    int rc = -1;
    int saved = m->c.per_set;
    m->c.per_set = per_set;
    /* Which conditions hold is known only of this struct's own names. */
    const int plain = m->fast && !per_set && !m->c.refine && !m->c.elem;
    if (plain && (rule || is_require) && known_implies(&m->held, m->c.g, m->c.s, cond)) {
        rc = 0;   /* an earlier check of this tier returned unless it holds */
        goto out;
    }
    char *c = emit_expr(&m->c, cond, &t);
    if (!c)
        goto out;
    if (t.k != V_INT) {
        gen_error(cond->at, "a condition is an integer (non-zero holds), not %s",
                  t.k == V_BYTES ? "bytes" : "this");
        m->c.errors++;
        goto out;
    }
    flush(m);
    if (m->fast) {
        /* any report means "not clean"; a silent require stops as it does there */
        if (rule || is_require) {
            line(m, "if (!(%s)) return %s;", c, rule ? "CFV_DIRTY" : "CFV_STOP");
            m->may_halt |= !rule;
            if (plain && m->top)
                known_add(&m->held, m->c.g, m->c.s, cond);
        }
        rc = 0;
        goto out;
    }
    line(m, "if (!(%s)) {", c);
    open_block(m);
    if (rule && emit_report(m, msg, rule, severity_of(m, rule, severity), w))
        goto out;
    if (is_require)
        line(m, "return CFV_STOP;");
    close_block(m);
    rc = 0;
out:
    m->c.per_set = saved;
    return rc;
}

/* The fast tier's `per` check with a set part memoised by index (ir.h:
 * ir_set_split): R1 | .. | all(S), no loop over the set per record.
 * 1 emitted, 0 not applicable, -1 error. */
static int set_memo_split(const emitter *m, const expr *cond, int rule, const expr ***rest, int *nrest,
                          expr **sp)
{
    if (!rule || m->c.refine || m->c.elem || !m->c.ir ||
        !ir_set_split(m->c.g, m->c.s, cond, rest, nrest, sp))
        return -1;
    return ir_set_slot_of(m->c.ir, m->c.s, *sp);
}

/* The set slot of a `per` check in either tier (the diagnostic tier's row
 * computes it too), or -1. */
static int set_slot(const emitter *m, const expr *cond, int rule)
{
    const expr **rest = NULL;
    int nrest;
    expr *sp;
    const int slot = set_memo_split(m, cond, rule, &rest, &nrest, &sp);
    free(rest);
    return slot;
}

/* The fast tier's memoised set slot of a `per` check, or -1. */
static int set_memo_slot(const emitter *m, const expr *cond, int rule)
{
    return m->fast ? set_slot(m, cond, rule) : -1;
}

/* Checks conds[0..n) (consecutive, no stop between them) of one set slot:
 * each is R_i || all(S), so together all(S) || (R_0 && R_1 ...): one branch
 * that the slot nearly always decides. */
static int emit_set_memo_run(emitter *m, const expr *const *conds, int n, int slot)
{
    char *all = emit_index_slot(&m->c, slot);
    if (!all)
        return -1;
    sbuf b = { 0 };
    for (int k = 0; k < n; k++) {
        const expr **rest = NULL;
        int nrest;
        expr *ksp;
        (void)set_memo_split(m, conds[k], 1, &rest, &nrest, &ksp);
        sb_printf(&b, "%s(", k ? " & " : "");
        for (int i = 0; i < nrest; i++) {
            vtype t;
            char *r = emit_expr(&m->c, rest[i], &t);
            if (!r)
                return -1;
            sb_printf(&b, "%s((uint64_t)((%s) != 0))", i ? " | " : "", r);
        }
        sb_printf(&b, "%s)", nrest ? "" : "UINT64_C(0)");
        free(rest);
    }
    char *c = sb_take(&b);
    flush(m);
    line(m, "if (!(((uint64_t)((%s) != 0)) | (%s))) return CFV_DIRTY;", all, c);
    free(c);
    return 1;
}

static int emit_set_memo(emitter *m, const expr *cond, int rule)
{
    const int slot = set_memo_slot(m, cond, rule);
    return slot < 0 ? 0 : emit_set_memo_run(m, &cond, 1, slot);
}

static int emit_check(emitter *m, const expr *cond, int rule, int severity, int per_set,
                      const message *msg, const where_at *w, int is_require)
{
    int memo = per_set ? emit_set_memo(m, cond, rule) : 0;
    if (memo)
        return memo < 0 ? -1 : 0;
    if (per_set && open_set_loop(m, cond->at))
        return -1;
    int rc = emit_check_body(m, cond, rule, severity, per_set, msg, w, is_require);
    if (per_set)
        close_block(m);
    return rc;
}

/* `at X`: a field of this struct, a.b, arr[i].f, or any offset expression. */
static int resolve_at(emitter *m, const expr *e, where_at *w)
{
    vtype t;
    w->path = "path";
    w->field = "\"\"";
    w->prelude = "";
    w->length = "0";
    if (!e) {
        w->offset = "base";
        return 0;
    }
    if (e->kind == E_NAME && m->c.elem && find_member(&m->c, m->c.elem, e->name, 0)) {
        /* inside foreach: a field of the element */
        w->offset = fmt("%s->off_%s", m->c.elem_var, e->name);
        w->path = "&fe_";
        w->field = c_string(e->name);
        return 0;
    }
    if (e->kind == E_NAME) {
        const member *mb = find_member(&m->c, m->c.s, e->name, 1);
        if (mb && mb->is_field) {
            w->offset = fmt("out->off_%s", e->name);
            w->field = c_string(e->name);
            return 0;
        }
    }
    if (e->kind == E_MEMBER && e->a->kind == E_NAME) {
        const member *mb = find_member(&m->c, m->c.s, e->a->name, 1);
        if (mb && mb->t.k == V_STRUCT && find_member(&m->c, mb->t.st, e->name, 0)) {
            w->offset = fmt("out->%s.off_%s", e->a->name, e->name);
            w->prelude = fmt("cfv_path at_ = { path, %s, -1 };", c_string(e->a->name));
            w->path = "&at_";
            w->field = c_string(e->name);
            return 0;
        }
    }
    if (e->kind == E_MEMBER && e->a->kind == E_INDEX && e->a->a->kind == E_NAME) {
        const member *mb = find_member(&m->c, m->c.s, e->a->a->name, 1);
        if (mb && mb->t.k == V_ARRAY && mb->t.max) {
            char *ix = emit_expr(&m->c, e->a->b, &t);
            if (!ix)
                return -1;
            const char *arr = e->a->a->name;
            w->offset = fmt("(%s)->off_%s", elem_ptr(&m->c, fmt("out->%s", arr), ix, mb->t.st), e->name);
            w->prelude = fmt("cfv_path at_ = { path, %s, (int64_t)(%s) };", c_string(arr), ix);
            w->path = "&at_";
            w->field = c_string(e->name);
            return 0;
        }
    }
    char *off = emit_expr(&m->c, e, &t);
    if (!off)
        return -1;
    w->offset = off;
    return 0;
}

/* ----------------------------------------------------------------- fields */

/* Leaves a scoped binding (refinement, foreach): the bindings go back,
 * the running state (names, pending statements, computed-once values) stays. */
static void restore_ctx(emitter *m, ectx saved)
{
    saved.errors = m->c.errors;
    saved.tmp = m->c.tmp;
    saved.pre = m->c.pre;
    saved.memo = m->c.memo;
    saved.nmemo = m->c.nmemo;
    saved.level = m->c.level;
    m->c = saved;
}

static int emit_refinement(emitter *m, const field *f, const constraint *k, const where_at *w)
{
    const strct *r = find_struct(m->c.g, k->refine);
    if (!r || !r->is_refine) {
        gen_error(k->at, "'%s' is not a refinement", k->refine);
        m->c.errors++;
        return -1;
    }
    if (k->nargs != r->nparams - 1) {
        gen_error(k->at, "%s takes %d argument(s) after the field", r->name, r->nparams - 1);
        m->c.errors++;
        return -1;
    }
    char **cs = xcalloc((size_t)r->nparams, sizeof *cs);
    vtype *ts = xcalloc((size_t)r->nparams, sizeof *ts);
    cs[0] = fmt("out->%s", f->name);
    ts[0].k = V_INT;
    for (int i = 0; i < k->nargs; i++) {
        if (!(cs[i + 1] = emit_expr(&m->c, k->args[i], &ts[i + 1])))
            return -1;
        if ((ts[i + 1].k == V_BYTES) != r->params[i + 1].is_bytes) {
            gen_error(k->args[i]->at, "argument %d of %s has the wrong type", i + 1, r->name);
            m->c.errors++;
            return -1;
        }
    }
    if (k->guard) {
        vtype gt;
        if (open_if(m, k->guard, &gt))
            return -1;
    }
    flush(m);
    ectx saved = m->c;
    m->c.refine = r;
    m->c.ref_c = cs;
    m->c.ref_t = ts;
    int rc = 0;
    for (int i = 0; i < r->nitems && !rc; i++)
        rc = emit_check(m, r->items[i].cond, r->items[i].rule, r->items[i].severity,
                        r->items[i].per_set, &r->items[i].msg, w, 0);
    restore_ctx(m, saved);
    if (k->guard) {
        close_block(m);
    }
    return rc;
}

/* The fast tier: a run of a field's checks that depend on one or two u8
 * fields and constants only (ir_table.c) as one bit of a table cfv-gen
 * filled. Returns how many constraints from f->cons[i] it took (0: none,
 * fewer than two to fold), -1 on error. */
static int emit_table_run(emitter *m, const field *f, int i)
{
    if (!m->fast || m->c.refine || m->c.elem)
        return 0;
    const char *var[2] = { NULL, NULL };
    int nvar = 0, n = 0, nconds = 0;
    const expr **conds = NULL;
    for (int j = i; j < f->ncons; j++, n++) {
        const constraint *k = &f->cons[j];
        const char *kv[2] = { var[0], var[1] };
        int knv = nvar;
        if (k->kind != C_WHERE || k->per_set || !k->rule || ir_table_vars(m->c.g, m->c.s, k->cond, kv, &knv))
            break;
        int visible = 1;
        for (int v = 0; v < knv; v++)
            visible = visible && find_member(&m->c, m->c.s, kv[v], 1);
        if (!visible)
            break;
        var[0] = kv[0];
        var[1] = kv[1];
        nvar = knv;
        if (!known_implies(&m->held, m->c.g, m->c.s, k->cond))
            *GROW(conds, nconds) = k->cond;
    }
    if (nconds < 2 || !nvar) {
        free(conds);
        return 0;
    }
    ir_table *t = xcalloc(1, sizeof *t);
    t->var[0] = var[0];
    t->var[1] = var[1];
    t->nvar = nvar;
    ir_table_fill(m->c.g, m->c.s, conds, nconds, t);
    const char *tb = fmt("tb%d_", m->c.tmp++);
    sbuf b = { 0 };
    /* one byte per case: a load and a test (a bitmap takes ~6 instructions more) */
    const int rows = nvar == 2 ? 256 : 1;
    for (int r = 0; r < rows; r++) {
        sb_printf(&b, "%s{ ", r ? ", " : "");
        for (int c = 0; c < 256; c++) {
            const int bit = r << 8 | c;
            sb_printf(&b, "%s%d", c ? "," : "", t->bits[bit >> 3] >> (bit & 7) & 1);
        }
        sb_printf(&b, " }");
    }
    char *init = sb_take(&b);
    vtype ta, tv;
    char *a = emit_expr(&m->c, &(expr){ .kind = E_NAME, .name = (char *)var[0] }, &ta);
    char *v = nvar == 2 && a ? emit_expr(&m->c, &(expr){ .kind = E_NAME, .name = (char *)var[1] }, &tv) : a;
    if (!v) {
        free(init);
        free(conds);
        free(t);
        return -1;
    }
    flush(m);
    line(m, "static const unsigned char %s[%d][256] = { %s };", tb, rows, init);
    line(m, "if (!%s[%s][(uint8_t)(%s)]) return CFV_DIRTY;", tb, nvar == 2 ? fmt("(uint8_t)(%s)", a) : "0", v);
    if (m->top)
        for (int c = 0; c < nconds; c++)
            known_add(&m->held, m->c.g, m->c.s, conds[c]);
    free(init);
    free(conds);
    free(t);
    return n;
}

/* The diagnostic tier's `if (!all(S)) {` around a loop over the set whose
 * checks cons[0..n) are each R_i || S with one memoised set part S: when S
 * holds for every member, no check of the loop can fail. 1 opened, 0 not
 * applicable, -1 error. */
static int emit_set_guard(emitter *m, const constraint *cons, int n)
{
    if (m->fast)
        return 0;
    const int slot = set_slot(m, cons[0].cond, cons[0].rule);
    for (int j = 1; slot >= 0 && j < n; j++)
        if (set_slot(m, cons[j].cond, cons[j].rule) != slot)
            return 0;
    if (slot < 0)
        return 0;
    char *all = emit_index_slot(&m->c, slot);
    return open_if_c(m, all ? fmt("!(%s)", all) : NULL) ? -1 : 1;
}

static int emit_constraints(emitter *m, const field *f)
{
    const char *len = f->type == F_UINT ? fmt("%d", f->width)
                      : f->type == F_BYTES ? fmt("%llu", (unsigned long long)f->nbytes)
                      : f->type == F_CSTRING ? fmt("out->%s.n", f->name) : "0";
    where_at w = { fmt("out->off_%s", f->name), len, "path", c_string(f->name), "" };
    for (int i = 0; i < f->ncons; i++) {
        const constraint *k = &f->cons[i];
        if (k->kind == C_IS) {
            if (emit_refinement(m, f, k, &w))
                return -1;
            continue;
        }
        const int tabled = emit_table_run(m, f, i);
        if (tabled < 0)
            return -1;
        if (tabled) {
            i += tabled - 1;
            continue;
        }
        if (!k->per_set) {
            if (emit_check(m, k->cond, k->rule, k->severity, 0, &k->msg, &w, 0))
                return -1;
            continue;
        }
        /* the fast tier: a run of them over one memoised set part, one test */
        const int slot = set_memo_slot(m, k->cond, k->rule);
        if (slot >= 0) {
            const expr **run = NULL;
            int nrun = 0;
            for (; i < f->ncons && f->cons[i].kind == C_WHERE && f->cons[i].per_set &&
                   set_memo_slot(m, f->cons[i].cond, f->cons[i].rule) == slot; i++)
                *GROW(run, nrun) = f->cons[i].cond;
            i--;
            const int rc = emit_set_memo_run(m, run, nrun, slot);
            free(run);
            if (rc < 0)
                return -1;
            continue;
        }
        /* Consecutive per-set constraints share one loop over the set;
         * the diagnostic tier enters it only when their common set part
         * fails for some member (else none of them can report). */
        int n = 0;
        while (i + n < f->ncons && f->cons[i + n].kind == C_WHERE && f->cons[i + n].per_set &&
               (n == 0 || set_memo_slot(m, f->cons[i + n].cond, f->cons[i + n].rule) < 0))
            n++;
        const int guard = emit_set_guard(m, f->cons + i, n);
        if (guard < 0 || open_set_loop(m, k->at))
            return -1;
        /* Behind the guard, the set part's disjuncts that do not depend on
         * the member are known false (the guard failed): evaluated without
         * short circuit there, so no branch side that no input can take
         * (the loop runs only for records that report). Other disjuncts of
         * the check keep their value. */
        const int eager = m->c.eager;
        m->c.eager |= guard;
        for (int j = 0; j < n; j++)
            if (emit_check_body(m, f->cons[i + j].cond, f->cons[i + j].rule, f->cons[i + j].severity,
                                1, &f->cons[i + j].msg, &w, 0))
                return -1;
        m->c.eager = eager;
        i += n - 1;
        close_block(m);
        if (guard)
            close_block(m);
    }
    return 0;
}

/* Hoisted arguments of a struct-typed field: evaluated once, in this scope. */
static int emit_args(emitter *m, const field *f, const strct *st, sbuf *call, int *tmps)
{
    if (f->nargs != st->nparams) {
        gen_error(f->args ? f->args[0]->at : (loc){ m->c.g->file, 0, 0 },
                  "%s takes %d argument(s), %d given", st->name, st->nparams, f->nargs);
        m->c.errors++;
        return -1;
    }
    for (int i = 0; i < f->nargs; i++) {
        vtype t;
        char *a = emit_expr(&m->c, f->args[i], &t);
        if (!a)
            return -1;
        if ((t.k == V_BYTES) != st->params[i].is_bytes || (t.k != V_BYTES && t.k != V_INT)) {
            gen_error(f->args[i]->at, "argument %d of %s must be %s", i + 1, st->name,
                      st->params[i].is_bytes ? "bytes" : "an integer");
            m->c.errors++;
            return -1;
        }
        int n = m->c.tmp++;
        if (tmps)
            tmps[i] = n;
        flush(m);
        line(m, "const %s a%d_ = %s;", c_type(t), n, a);
        sb_printf(call, ", a%d_", n);
    }
    return 0;
}

static int emit_struct_field(emitter *m, const field *f, const char *pos, const char *lim)
{
    uint64_t tmax = 0;   /* a string table's bound and UTF-8 check (table_site) */
    int tutf8 = 0;
    const strct *st = find_struct(m->c.g, f->struct_name);
    const char *P = m->c.g->prefix;
    const uint64_t size = struct_fixed_size(m->c.g, st, 0);
    sbuf args = { 0 };
    line(m, "{");
    open_block(m);
    int *tmps = xcalloc((size_t)f->nargs + 1, sizeof *tmps);
    if (emit_args(m, f, st, &args, tmps))
        return -1;
    char *a = sb_take(&args);
    if (!m->fast)   /* offsets only locate reports */
        line(m, "out->off_%s = %s;", f->name, pos);
    /* The child's frame (ir_frame.c): the parent's when the arguments depend
     * on its parameters only, else a fresh one for this field or array. */
    const char *frame = "&fr_";
    if (ir_nested(m->c.ir, m->c.s, f)) {   /* a single field only (nest_if_invariant) */
        frame = fmt("&inv->f_%s", f->name);
    } else if (ir_keyed_of(m->c.ir, m->c.s, f)) {
        /* the parent's, kept while the key parameters keep their values */
        frame = "fr_";
        line(m, "struct %s_%s_inv *const fr_ = &inv->k_%s;", P, st->name, f->name);
        sbuf c = { 0 };
        for (int k = 0; k < st->nparams; k++)
            if (ir_is_key(&st->params[k]))
                sb_printf(&c, " || inv->k_%s_%s != a%d_", f->name, st->params[k].name, tmps[k]);
        char *cs = sb_take(&c);
        /* The entry's fast tier runs first, on a zeroed frame, and once
         * (outside a foreach): its keyed frames are fresh, nothing to compare. */
        if (*cs && !(m->fast && m->c.s->is_entry && !m->c.elem))
            line(m, "if (%s) fr_->filled_ = 0;", cs + 4);
        for (int k = 0; k < st->nparams; k++)
            if (ir_is_key(&st->params[k]))
                line(m, "inv->k_%s_%s = a%d_;", f->name, st->params[k].name, tmps[k]);
        free(cs);
        if (m->fast && (f->count || f->bytesize) && !batch_site(m->c.g, f))
            emit_hoisted_views(m, st, st->items, st->nitems, tmps);
    } else if (!(m->fast && table_site(m->c.g, f, &tmax, &tutf8))) {   /* a string table has no frame */
        /* zeroed once: a refill then writes only the set's members */
        line(m, "struct %s_%s_inv fr_ = { 0 };", P, st->name);
    }
    if (!f->count && !f->bytesize) {
        site(m, st, m->proven);
        line(m, "const cfv_path node_ = { path, %s, -1 };", c_string(f->name));
        if (m->fast ? fast_stops(m, st) : stops(m, st)) {   /* the fast tier passes CFV_DIRTY on */
            line(m, "const int rc_ = %s_%s_%s(g, %s, %s, &node_, 0, &%s, NULL%s, %s, &out->%s);", P, tier(m),
                 st->name, pos, lim, zero_of(&m->c, st), a, frame, f->name);
            line(m, "if (rc_ != CFV_OK) return rc_;");
            m->may_halt |= m->fast && halts(m, st);
            if (m->fast && m->top)   /* past it, the field's own checks hold */
                known_add_field(&m->held, m->c.g, m->c.s, st, f->name);
            m->may_stop = 1;
            m->may_abort |= aborts(m, st);
        } else {
            line(m, "(void)%s_%s_%s(g, %s, %s, &node_, 0, &%s, NULL%s, %s, &out->%s);", P, tier(m), st->name, pos,
                 lim, zero_of(&m->c, st), a, frame, f->name);
        }
        line(m, "%s = out->%s._end;", pos, f->name);
        close_block(m);
        if (size && m->proven >= size) {
            m->proven -= size;
            m->win_off += size;
        } else {
            unproven(m);
        }
        m->consumed = size && m->consumed >= 0 ? m->consumed + (int64_t)size : -1;
        return 0;
    }
    vtype t;
    char *n = emit_expr(&m->c, f->count ? f->count : f->bytesize, &t);
    if (!n)
        return -1;
    flush(m);
    /* Each element's window: proven by a require over the count, or (in a
     * [:size] array) at least the one byte the loop condition guarantees. */
    if (f->count)
        site(m, st, m->top && m->consumed >= 0 &&
                    facts_array_fits(&m->f, m->c.g, m->c.s, f->count, (uint64_t)m->consumed, size)
                        ? size : 0);
    else
        site(m, st, 1);
    if (f->count && f->max && m->top && facts_bounded(&m->f, m->c.g, m->c.s, f->count, f->max)) {
        /* a require bounds the count: stated again, for an analyser, through
         * the runtime's clamp (cfv_rt.h), not as a branch no input takes */
        line(m, "const uint64_t n_ = cfv_rt_cap(g, %s, UINT64_C(%llu), %s);", n, (unsigned long long)f->max, pos);
        line(m, "const uint64_t end_ = %s;", lim);
    } else if (f->count) {
        line(m, "uint64_t n_ = %s;", n);
        if (f->max) {
            /* The grammar must bound the count before a stored array. */
            if (m->fast)
                line(m, "if (n_ > %llu) return CFV_DIRTY;", (unsigned long long)f->max);
            else
                line(m, "if (n_ > %llu) { (void)cfv_rt_unguarded(g, %s, path, %s); n_ = %llu; }",
                     (unsigned long long)f->max, pos, c_string(f->name), (unsigned long long)f->max);
        }
        line(m, "const uint64_t end_ = %s;", lim);
    } else if (m->window_size && !strcmp(m->window_size, n)) {
        line(m, "const uint64_t end_ = %s;   /* the window is this size */", lim);
    } else {
        line(m, "const uint64_t end_ = cfv_rt_add(%s, %s) < %s ? cfv_rt_add(%s, %s) : %s;", pos, n, lim,
             pos, n, lim);
    }
    if (m->fast && batch_site(m->c.g, f)) {
        /* every element at once (emit_batch): it cannot stop, so the array
         * ends where its last element does */
        line(m, "if (%s_fastn_%s(g, %s, end_, n_%s, %s, &%s) == CFV_DIRTY) return CFV_DIRTY;", P, st->name,
             pos, a, frame, pos);
        line(m, "out->%s_n = n_;", f->name);
        close_block(m);
        unproven(m);
        m->consumed = -1;
        return 0;
    }
    if (m->fast && table_site(m->c.g, f, &tmax, &tutf8)) {
        /* every string at once; an unterminated tail breaks the array as
         * its element's require would. A clean table is kept in the frame
         * for the diagnostic tier (below). */
        line(m, "const uint64_t tfrom_ = %s;", pos);
        line(m, "uint64_t n_ = 0;");
        line(m, "if (cfv_rt_cstr_table(g, %s, end_, UINT64_C(%llu), %d, &n_, &%s) == CFV_DIRTY) return CFV_DIRTY;",
             pos, (unsigned long long)tmax, tutf8, pos);
        line(m, "cfv_rt_table_keep(&inv->t_%s, tfrom_, end_, n_, %s);", f->name, pos);
        line(m, "if (%s < end_) broken = 1;", pos);
        line(m, "out->%s_n = n_;", f->name);
        close_block(m);
        unproven(m);
        m->consumed = -1;
        m->may_stop = 1;
        m->may_abort = 1;
        m->after_array = 1;
        return 0;
    }
    /* A string table the fast tier (or one check here) found clean: the
     * walk below would report nothing, stop only at the unterminated tail
     * and count the same strings, so it is skipped. Not when capped: the
     * walk's first element would abort. */
    const int tclean = !m->fast && table_site(m->c.g, f, &tmax, &tutf8);
    if (tclean) {
        line(m, "uint64_t tn_ = 0, tnext_ = %s;", pos);
        line(m, "if (!cfv_rt_capped(g) && cfv_rt_table_clean(g, &inv->t_%s, %s, end_, UINT64_C(%llu), %d, &tn_, &tnext_)) {",
             f->name, pos, (unsigned long long)tmax, tutf8);
        open_block(m);
        line(m, "%s = tnext_;", pos);
        line(m, "if (%s < end_) broken = 1;", pos);
        line(m, "out->%s_n = tn_;", f->name);
        m->c.level--;
        memo_close(&m->c);
        line(m, "} else {");
        open_block(m);
    }
    /* Two slots: the element and its predecessor (`prev`); zeroed once. One
     * when the element never reads its predecessor. */
    const int one = !f->max && !items_name_prev(m->c.g, st->items, st->nitems, 0);
    if (one) {
        line(m, "struct %s_%s_val el1_ = %s;", P, st->name, zero_of(&m->c, st));
    } else if (!f->max) {
        line(m, "struct %s_%s_val el2_[2];", P, st->name);
        line(m, "el2_[0] = %s; el2_[1] = %s;", zero_of(&m->c, st), zero_of(&m->c, st));
    }
    /* A stored array's count is at most its capacity here (clamped above),
     * so an analyser sees every el_ inside it; one sized in bytes stops at
     * its capacity. */
    const char *more = f->max && !f->count ? fmt(" && i_ < UINT64_C(%llu)", (unsigned long long)f->max) : "";
    if (!m->fast && looped(m, st))
        line(m, "(%s)->wstop_ = cfv_rt_window_stop(g, UINT64_C(%llu), end_);", frame, (unsigned long long)size);
    /* The diagnostic tier's memo was filled with these views (emit_batch
     * compares them for the fast tier's). */
    for (int k = 0; !m->fast && memoised(m, st) && k < st->nparams; k++)
        if (st->params[k].is_bytes)
            line(m, "if (!cfv_rt_same_view((%s)->mb_%s, a%d_)) { (%s)->filled_ = 0; (%s)->mb_%s = a%d_; }", frame,
                 st->params[k].name, tmps[k], frame, frame, st->params[k].name, tmps[k]);
    /* one path node for the array, its index set per element (a sink
     * reads it during its call only) */
    line(m, "cfv_path node_ = { path, %s, 0 };", c_string(f->name));
    /* The diagnostic tier's memo of runs (cfv_rt_run): an array the last
     * one of this frame repeats, whose reports were all muted (or none), is
     * counted at once instead of walked. */
    const int rmemo = !m->fast && looped(m, st) && memoised(m, st);
    if (rmemo) {
        line(m, "if (cfv_rt_rerun(g, (%s)->filled_, &(%s)->run_, %s, cfv_rt_mul(n_, UINT64_C(%llu)))) {", frame,
             frame, pos, (unsigned long long)size);
        line(m, "    %s = cfv_rt_add(%s, cfv_rt_mul(n_, UINT64_C(%llu)));", pos, pos, (unsigned long long)size);
        line(m, "} else {");
        open_block(m);
        line(m, "const uint64_t r0_ = %s;", pos);
        line(m, "cfv_rt_mark(g);");
    }
    /* The walk stops before the array's clean tail (cfv_rt_walked: the
     * records the fast tier remembered clean at their index, in this
     * frame); the element the walk would have started there aborts at the
     * cap, so the walk does. */
    const int tail = rmemo && f->count && !f->max;
    if (tail) {
        line(m, "const uint64_t nw_ = (%s)->filled_ ? cfv_rt_walked(g, %s, (%s)->wstop_, UINT64_C(%llu), (%s)->mrec, (%s)->mok, n_, %d) : n_;",
             frame, pos, frame, (unsigned long long)size, frame, frame, IR_INDEX_MEMO);
    }
    line(m, "for (uint64_t i_ = 0; %s%s; i_++) {", f->count ? (tail ? "i_ < nw_" : "i_ < n_") : fmt("%s < end_", pos), more);
    open_block(m);
    if (!m->fast)   /* the fast tier reports nothing, so never reaches the cap */
        line(m, "if (cfv_rt_capped(g)) return CFV_ABORT;");
    m->may_stop = 1;
    m->may_abort = 1;
    line(m, "node_.index = (int64_t)i_;");
    if (f->max) {
        line(m, "struct %s_%s_val *el_ = &out->%s[i_];", P, st->name, f->name);
        line(m, "const struct %s_%s_val *prev_ = i_ ? &out->%s[i_ - 1] : &%s;", P, st->name, f->name,
             zero_of(&m->c, st));
    } else if (one) {
        line(m, "struct %s_%s_val *el_ = &el1_;", P, st->name);
        line(m, "const struct %s_%s_val *prev_ = &%s;   /* never read */", P, st->name, zero_of(&m->c, st));
    } else {
        line(m, "struct %s_%s_val *el_ = &el2_[i_ & 1];", P, st->name);
        /* the first element's predecessor is the other slot, still zero */
        line(m, "const struct %s_%s_val *prev_ = &el2_[(i_ - 1) & 1];", P, st->name);
    }
    const char *call = fmt("%s_%s_%s(g, %s, end_, &node_, i_, prev_, %s%s, %s, el_)", P, tier(m), st->name, pos,
                           f->max ? fmt("out->%s", f->name) : "NULL", a, frame);
    /* In the fast tier an element stops only where that tier's own
     * emission of it can return CFV_STOP (its reports return CFV_DIRTY). */
    const int el_stops = m->fast ? halts(m, st) : stops(m, st);
    if (m->fast && !el_stops && (size || consumes(m->c.g, st))) {
        /* it cannot stop and always moves on: nothing breaks the array */
        if (fast_stops(m, st))
            line(m, "if (%s == CFV_DIRTY) return CFV_DIRTY;", call);
        else
            line(m, "(void)%s;", call);
    } else if (el_stops || !size) {
        line(m, "const int rc_ = %s;", call);
        if (m->fast)
            line(m, "if (rc_ == CFV_DIRTY) return rc_;");
        if (aborts(m, st) && !m->fast)   /* the fast tier never reaches the cap */
            line(m, "if (rc_ == CFV_ABORT) return rc_;");
        /* A stopped element hides where the next one starts: the array ends
         * (as does one that consumed nothing, unless it cannot). */
        if (consumes(m->c.g, st))
            line(m, "if (rc_ == CFV_STOP) { broken = 1; break; }");
        else if (!el_stops)
            line(m, "if (el_->_end <= %s) { broken = 1; break; }", pos);
        else
            line(m, "if (rc_ == CFV_STOP || el_->_end <= %s) { broken = 1; break; }", pos);
        m->after_array = 1;
    } else {
        /* a fixed-size element that cannot stop always moves on */
        line(m, "(void)%s;", call);
    }
    line(m, "%s = el_->_end;", pos);
    /* ... so a counted array's loop runs to its count, or returns (the cap):
     * nothing reads the count then */
    const int runs_out = !m->fast && f->count && !f->max && !(el_stops || !size) &&
                         !(m->fast && !el_stops && (size || consumes(m->c.g, st)));
    if (!runs_out)
        line(m, "out->%s_n = i_ + 1;", f->name);
    close_block(m);
    if (tail) {
        line(m, "if (cfv_rt_tail_capped(g, nw_, n_)) return CFV_ABORT;");
        line(m, "%s += (n_ - nw_) * UINT64_C(%llu);", pos, (unsigned long long)size);
    }
    if (rmemo) {
        line(m, "cfv_rt_run_keep(g, &(%s)->run_, r0_, %s - r0_);", frame, pos);
        close_block(m);
    }
    if (runs_out)
        line(m, "out->%s_n = n_;", f->name);
    if (tclean)
        close_block(m);
    close_block(m);
    unproven(m);
    m->consumed = -1;
    return 0;
}

static uint64_t fixed_width(const field *f)
{
    return f->type == F_UINT ? (uint64_t)f->width : f->type == F_BYTES ? f->nbytes : 0;
}

/* A window the generator proved (from the call sites or a require), stated
 * again through cfv_rt_window: the reads up to `need` bytes past pos go to
 * the pointer it returns, valid for that many bytes, so that an analyser
 * that keeps no relation between values (Frama-C EVA, proof/) sees them in
 * bounds. It cannot fail when the proof holds, and if it did the run's
 * fault latches (cfv_rt.h): no branch here that no input takes. */
static void emit_window_from(emitter *m, const char *fn, uint64_t need)
{
    m->wptr = fmt("w%d_", m->c.tmp++);
    m->win_off = 0;
    if (need > m->win_max)
        m->win_max = need;
    line(m, "const uint8_t *const %s = %s(g, pos, UINT64_C(%llu), limit);", m->wptr, fn, (unsigned long long)need);
}

static void emit_window_stated(emitter *m, uint64_t need)
{
    emit_window_from(m, "cfv_rt_window", need);
    line(m, "(void)%s;", m->wptr);
}

/* The fast tier's `require len(self) >= K` (K a constant) where the record
 * starts: the window it states is its test (cfv_rt_window_if, NULL when
 * the K bytes do not fit before limit and the input's end, which is
 * exactly len(self) < K there), one test instead of a view's length and a
 * window. 1 emitted, 0 not this shape. */
static int fused_require(emitter *m, const item *it)
{
    const expr *c = it->cond;
    if (!m->fast || it->per_set || !m->top || m->consumed != 0 || m->c.refine || m->c.elem ||
        c->kind != E_BINARY || !strcmp(c->op, "&&"))
        return 0;
    facts f;
    memset(&f, 0, sizeof f);
    facts_require(&f, m->c.g, m->c.s, c);
    if (f.nlen != 1 || f.nup || f.nul || f.len[0].n != 0 || f.len[0].k <= m->proven ||
        known_implies(&m->held, m->c.g, m->c.s, c))
        return 0;
    const uint64_t k = f.len[0].k;
    emit_window_from(m, "cfv_rt_window_if", k);
    line(m, "if (!%s) return %s;", m->wptr, it->rule ? "CFV_DIRTY" : "CFV_STOP");
    m->may_halt |= !it->rule;
    m->may_stop = 1;
    facts_require(&m->f, m->c.g, m->c.s, c);
    known_add(&m->held, m->c.g, m->c.s, c);
    m->proven = k;
    return 1;
}

/* The C reading the next fixed-size field, an integer of width bytes: from
 * the stated window's pointer, or from the input itself past a guard. */
static char *read_uint(emitter *m, const char *pos, int width)
{
    const char *p = m->wptr ? m->wptr : "g->buf";
    char *at = m->wptr ? fmt("%llu", (unsigned long long)m->win_off) : xstrdup(pos);
    if (m->wptr)
        m->win_off += (uint64_t)width;
    return width == 1 ? fmt("%s[%s]", p, at) : fmt("cfv_le%d(%s + %s)", width * 8, p, at);
}

/* One bounds check per run of fixed-size fields (FlatBuffers-verifier style),
 * in a form that cannot wrap: limit <= len && N <= limit && pos <= limit - N. */
static void emit_run_guard(emitter *m, uint64_t need, const char *pos, const char *lim, const char *fname)
{
    if (m->proven >= need)
        return;
    line(m, "if (!(%s <= g->len && UINT64_C(%llu) <= %s && %s <= %s - UINT64_C(%llu)))", lim,
         (unsigned long long)need, lim, pos, lim, (unsigned long long)need);
    line(m, "    %s", unguarded(m, pos, fname));
    m->proven = need;
    m->wptr = NULL;
    m->may_stop = 1;
}

static int emit_field(emitter *m, const field *f, const char *pos, const char *lim, uint64_t run)
{
    const char *name = f->name;
    char *fname = c_string(name);
    line(m, "/* %s:%d: %s */", gen_basename(m->c.g->file), m->cur_line, name);
    if (m->after_array) {
        line(m, "if (broken) return CFV_STOP;");
        m->may_stop = 1;
        m->may_halt = 1;
    }
    switch (f->type) {
    case F_UINT:
        emit_run_guard(m, run, pos, lim, fname);
        if (!m->fast)
            line(m, "out->off_%s = %s;", name, pos);
        line(m, "out->%s = %s;", name, read_uint(m, pos, f->width));
        line(m, "%s += %d;", pos, f->width);
        m->proven -= (uint64_t)f->width;
        if (m->consumed >= 0)
            m->consumed += f->width;
        break;
    case F_BYTES:
        emit_run_guard(m, run, pos, lim, fname);
        if (!m->fast)
            line(m, "out->off_%s = %s;", name, pos);
        line(m, "out->%s = cfv_rt_view(g, %s, %s + %llu);", name, pos, pos, (unsigned long long)f->nbytes);
        if (m->wptr)
            m->win_off += f->nbytes;
        line(m, "%s += %llu;", pos, (unsigned long long)f->nbytes);
        m->proven -= f->nbytes;
        if (m->consumed >= 0)
            m->consumed += (int64_t)f->nbytes;
        break;
    case F_CSTRING:
        unproven(m);
        line(m, "{");
        open_block(m);
        line(m, "const cfv_bytes rest_ = cfv_rt_view(g, %s, %s);", pos, lim);
        line(m, "const uint64_t z_ = cfv_rt_find_nul(rest_);");
        if (!(m->top && m->consumed == 0 && m->f.nul)) {   /* else a require proved the NUL */
            line(m, "if (z_ == rest_.n) %s", unguarded(m, pos, fname));
            m->may_stop = 1;
        }
        m->consumed = -1;
        if (!m->fast)
            line(m, "out->off_%s = %s;", name, pos);
        line(m, "out->%s = cfv_rt_prefix(rest_, z_);", name);
        line(m, "%s += z_ + 1;", pos);
        close_block(m);
        break;
    case F_STRUCT:
        if (emit_struct_field(m, f, pos, lim))
            return -1;
        break;
    }
    mark_seen(&m->c, name);
    return emit_constraints(m, f);
}

/* ------------------------------------------------------------------ items */

static int emit_items(emitter *m, const item *items, int n);

static int emit_item(emitter *m, const item *it, uint64_t run)
{
    vtype t;
    where_at w;
    m->cur_line = it->at.line;
    switch (it->kind) {
    case I_FIELD: {
        int rc = emit_field(m, &it->f, "pos", "limit", run);
        return rc;
    }
    case I_CHECK:
    case I_REQUIRE: {
        if (it->kind == I_REQUIRE && fused_require(m, it))
            return 0;
        if (m->fast)   /* where a report would point: nothing to compute */
            w = (where_at){ "base", "0", "path", "\"\"", "" };
        else if (resolve_at(m, it->at_expr, &w))
            return -1;
        int rc = emit_check(m, it->cond, it->rule, it->severity, it->per_set, &it->msg, &w,
                            it->kind == I_REQUIRE);
        if (it->kind == I_REQUIRE && !it->per_set) {
            m->may_stop = 1;
            if (m->top) {   /* past it, the condition holds */
                facts_require(&m->f, m->c.g, m->c.s, it->cond);
                uint64_t k = facts_len_const(&m->f);
                if (m->consumed >= 0 && k > (uint64_t)m->consumed && k - (uint64_t)m->consumed > m->proven) {
                    m->proven = k - (uint64_t)m->consumed;
                    emit_window_stated(m, m->proven);
                }
            }
        }
        return rc;
    }
    case I_LET: {
        char *guard = NULL;
        if (it->cond && !(guard = emit_expr(&m->c, it->cond, &t)))
            return -1;
        if (it->value->kind == E_CALL && !strcmp(it->value->name, "regex")) {
            const expr *v = it->value;
            vtype ta, tb;
            char *a = v->nargs == 2 ? emit_expr(&m->c, v->args[0], &ta) : NULL;
            char *b = a ? emit_expr(&m->c, v->args[1], &tb) : NULL;
            if (!b || ta.k != V_BYTES || tb.k != V_INT) {
                gen_error(v->at, "regex(pattern bytes, nocase integer)");
                m->c.errors++;
                return -1;
            }
            flush(m);
            /* No zeroing of whole records per element (it dominated the hot
             * path): a verdict not computed reads as RE_OK. */
            if (m->fast) {
                /* Only a report reads more than the status: the verdict is
                 * a local, and the record's address is not taken (the
                 * compiler then keeps the record in registers). */
                line(m, "{");
                open_block(m);
                line(m, "cfv_re_verdict v_;");
                line(m, "v_.status = 0;");
                /* the pattern passed from a local too: a record member handed
                 * by value to a call the compiler cannot see into keeps the
                 * record in memory */
                line(m, "if (%s) {", guard ? guard : "1");
                line(m, "    const cfv_bytes p_ = %s;", a);
                line(m, "    cfv_rt_regex%s(g, p_, %s, &v_);", m->regex_last ? "_last" : "", b);
                line(m, "}");
                line(m, "out->%s.status = v_.status;", it->name);
                close_block(m);
            } else {
                /* The verdict in a local too, read by the checks after it
                 * (kept in registers, not re-read through `out`); the
                 * record gets a copy, which the compiler can drop only
                 * where the parser is inlined and nothing reads it. */
                const char *rv = fmt("rv_%s", it->name);
                line(m, "cfv_re_verdict %s;", rv);
                line(m, "cfv_rt_verdict_clear(&%s);", rv);
                line(m, "if (%s) {", guard ? guard : "1");
                line(m, "    const cfv_bytes p_ = %s;", a);
                line(m, "    cfv_rt_regex_inline(g, p_, %s, &%s);", b, rv);
                line(m, "}");
                /* Copied whole only when it is a refusal (with a message
                 * to keep): a 128-byte copy per record, which ASan checks
                 * as a range, was a tenth of the diagnostic tier. */
                line(m, "if (%s.status) {", rv);
                line(m, "    out->%s = %s;", it->name, rv);
                line(m, "} else {");
                line(m, "    cfv_rt_verdict_clear(&out->%s);", it->name);
                line(m, "}");
                local_bind(&m->c, it->name, rv);
            }
        } else {
            char *v = emit_expr(&m->c, it->value, &t);
            if (!v)
                return -1;
            flush(m);
            if (guard && t.k == V_BYTES)
                line(m, "out->%s = (%s) ? (%s) : %s;", it->name, guard, v,
                     m->fast ? "(cfv_bytes){ 0, 0, 0, 0 }" : "cfv_rt_view(g, 0, 0)");
            else if (guard)
                line(m, "out->%s = (%s) ? (%s) : 0;", it->name, guard, v);
            else
                line(m, "out->%s = %s;", it->name, v);
        }
        mark_seen(&m->c, it->name);
        return 0;
    }
    case I_IF: {
        if (open_if(m, it->cond, &t))
            return -1;
        int saved_top = m->top;
        m->top = 0;
        if (emit_items(m, it->body, it->nbody))
            return -1;
        m->top = saved_top;
        close_block(m);
        unproven(m);
        m->consumed = -1;
        return 0;
    }
    case I_FOREACH: {
        const member *arr = find_member(&m->c, m->c.s, it->name, 1);
        if (!arr || arr->t.k != V_ARRAY || !arr->t.max) {
            gen_error(it->at, "foreach needs a stored array (`max N`) declared before it, not '%s'",
                      it->name);
            m->c.errors++;
            return -1;
        }
        char *guard = it->cond ? emit_expr(&m->c, it->cond, &t) : xstrdup("1");
        if (!guard)
            return -1;
        int n = m->c.tmp++;
        flush(m);
        line(m, "if (%s) for (uint64_t f%d_ = 0, m%d_ = %s; f%d_ < m%d_; f%d_++) {", guard, n, n,
             stored_count(fmt("out->%s", it->name)), n, n, n);
        open_block(m);
        line(m, "const struct %s_%s_val *e%d_ = &out->%s[f%d_];", m->c.g->prefix, arr->t.st->name, n,
             it->name, n);
        line(m, "const struct %s_%s_val *q%d_ = f%d_ ? &out->%s[f%d_ - 1] : &%s;", m->c.g->prefix,
             arr->t.st->name, n, n, it->name, n, zero_of(&m->c, arr->t.st));
        line(m, "(void)q%d_;", n);
        line(m, "const cfv_path fe_ = { path, %s, (int64_t)f%d_ };", c_string(it->name), n);
        line(m, "(void)e%d_; (void)fe_;", n);
        ectx saved = m->c;
        m->c.elem = arr->t.st;
        m->c.elem_var = fmt("e%d_", n);
        m->c.elem_index = fmt("f%d_", n);
        m->c.elem_prev = fmt("q%d_", n);
        int saved_top = m->top;
        m->top = 0;
        int rc = emit_items(m, it->body, it->nbody);
        m->top = saved_top;
        restore_ctx(m, saved);
        close_block(m);
        return rc;
    }
    case I_AT: {
        char *guard = it->cond ? emit_expr(&m->c, it->cond, &t) : xstrdup("1");
        char *off = guard ? emit_expr(&m->c, it->at_off, &t) : NULL;
        char *size = off ? emit_expr(&m->c, it->at_size, &t) : NULL;
        if (!size)
            return -1;
        flush(m);
        line(m, "if (%s) {", guard);
        open_block(m);
        /* the window [at_pos, at_lim), clamped to the input */
        line(m, "const uint64_t at_end_ = cfv_rt_add(%s, %s);", off, size);
        line(m, "const uint64_t at_lim = at_end_ < g->len ? at_end_ : g->len;");
        line(m, "uint64_t at_pos = %s < at_lim ? %s : at_lim;", off, off);
        line(m, "const int saved_broken_ = broken;");
        line(m, "broken = 0;");
        int saved_after = m->after_array, saved_top = m->top;
        uint64_t saved_proven = m->proven, saved_win_off = m->win_off;
        char *saved_win = m->wptr;
        int64_t saved_consumed = m->consumed;
        m->after_array = 0; /* a placed field starts its own window */
        unproven(m);
        m->top = 0;
        m->window_size = size;
        if (emit_field(m, &it->f, "at_pos", "at_lim", 0))
            return -1;
        m->window_size = NULL;
        m->after_array = saved_after;
        m->proven = saved_proven;
        m->wptr = saved_win;
        m->win_off = saved_win_off;
        m->consumed = saved_consumed;
        m->top = saved_top;
        line(m, "(void)at_pos;");
        line(m, "broken = saved_broken_;");
        close_block(m);
        return 0;
    }
    }
    return 0;
}

/* The bytes a run of fixed-size fields starting at items[i] reads (checks
 * and lets between them read nothing from the window). */
static uint64_t run_size(const item *items, int i, int n)
{
    uint64_t run = 0;
    for (; i < n; i++) {
        if (items[i].kind == I_FIELD && fixed_width(&items[i].f))
            run += fixed_width(&items[i].f);
        else if (items[i].kind != I_CHECK && items[i].kind != I_LET)
            break;
    }
    return run;
}

/* 1 when the regex let items[i] is followed at once by checks that report
 * each refusal (status != K for K = 1, 2 and 3: every cfv_re_status but
 * OK, the runtime's values, asserted in the generated file): in the fast
 * tier a refusal then ends the run dirty before anything else reads the
 * REGEX memo, which cfv_rt_regex_last needs. */
static int refusals_end_run(const grammar *g, const item *items, int i, int n)
{
    const item *it = &items[i];
    if (it->kind != I_LET || it->value->kind != E_CALL || strcmp(it->value->name, "regex"))
        return 0;
    unsigned seen = 0;
    for (int j = i + 1; j < n && items[j].kind == I_CHECK && items[j].rule && !items[j].per_set; j++) {
        const expr *c = items[j].cond;
        uint64_t k;
        if (c->kind == E_BINARY && !strcmp(c->op, "!=") && c->a->kind == E_MEMBER &&
            !strcmp(c->a->name, "status") && c->a->a->kind == E_NAME && !strcmp(c->a->a->name, it->name) &&
            c->b->kind == E_NAME && lookup_constant(g, c->b->name, &k) && k >= 1 && k <= 3)
            seen |= 1u << k;
    }
    return seen == 0xE;
}

static int emit_items(emitter *m, const item *items, int n)
{
    for (int i = 0; i < n; i++) {
        m->regex_last = m->fast && refusals_end_run(m->c.g, items, i, n);
        if (emit_item(m, &items[i], run_size(items, i, n)))
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- structs */

static void mark_elements(const grammar *g, const item *items, int n)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if ((it->kind == I_FIELD || it->kind == I_AT) && it->f.type == F_STRUCT) {
            strct *st = (strct *)find_struct(g, it->f.struct_name);
            int array = it->f.count || it->f.bytesize;
            if (st) {
                st->is_element |= array;
                st->is_stored_element |= array && it->f.max != 0;
                st->is_other_use |= !array || !it->f.max;
            }
        }
        if (it->kind == I_IF)
            mark_elements(g, it->body, it->nbody);
    }
}

/* Types are emitted once each, what they contain first: 1 the first time. */
static int first_visit(const emitter *m, const strct *s, int *done)
{
    int *d = &done[s - m->c.g->structs];
    return !*d && (*d = 1);
}

static void emit_val_struct(emitter *m, const strct *s, int *done)
{
    const char *P = m->c.g->prefix;
    if (!first_visit(m, s, done))
        return;
    smodel *md = model_of(&m->c, s);
    for (int i = 0; i < md->nm; i++)
        if ((md->m[i].t.k == V_STRUCT || (md->m[i].t.k == V_ARRAY && md->m[i].t.max)) && md->m[i].t.st)
            emit_val_struct(m, md->m[i].t.st, done);
    line(m, "/* %s:%d */", gen_basename(m->c.g->file), s->at.line);
    line(m, "struct %s_%s_val {", P, s->name);
    open_block(m);
    line(m, "uint64_t _base, _end;");
    for (int i = 0; i < md->nm; i++) {
        const member *mb = &md->m[i];
        switch (mb->t.k) {
        case V_STRUCT:
            line(m, "struct %s_%s_val %s;", P, mb->t.st->name, mb->name);
            break;
        case V_ARRAY:
            if (mb->t.max)
                line(m, "struct %s_%s_val %s[%llu];", P, mb->t.st->name, mb->name,
                     (unsigned long long)mb->t.max);
            line(m, "uint64_t %s_n;", mb->name);
            break;
        default:
            line(m, "%s %s;", c_type(mb->t), mb->name);
        }
        if (mb->is_field)
            line(m, "uint64_t off_%s;", mb->name);
    }
    m->c.level--;
    line(m, "};");
    blank(m);
}

/* A batched struct whose clean records the fast tier remembers, one per
 * index of its frame (emit_batch): its verdict is a function of the
 * record's bytes (at most 8, in a window every call site proves), its index
 * and its frame's parameters; the frame has index rows to reset with. */
static int memoised(const emitter *m, const strct *s)
{
    const uint64_t size = struct_fixed_size(m->c.g, s, 0);
    const uint64_t w = m->win[s - m->c.g->structs];
    return (batch_uses_all(m->c.g, s) & 1) && (size == 1 || size == 2 || size == 4 || size == 8) &&
           w != UINT64_MAX && w >= size && ir_of(m->c.ir, s)->nislots &&
           !items_name_position(m->c.g, s, 1); /* the verdict a function of the bytes, not of where */
}

/* Some struct of the grammar has the fast tier's memo (the entry lends
 * the record memo then). */
static int any_memoised(const emitter *m)
{
    for (int i = 0; i < m->c.g->nstructs; i++)
        if (!m->c.g->structs[i].is_refine && memoised(m, &m->c.g->structs[i]))
            return 1;
    return 0;
}

/* The bytes parameter of s that the name e passes on unchanged (no field
 * or let of s shadows it): its index, else -1. */
static int passed_param(const strct *s, const expr *e, const item *items, int n)
{
    for (int i = 0; i < n && e->kind == E_NAME; i++)
        if (((items[i].kind == I_FIELD || items[i].kind == I_AT) && !strcmp(items[i].f.name, e->name)) ||
            (items[i].kind == I_LET && !strcmp(items[i].name, e->name)) ||
            ((items[i].kind == I_IF || items[i].kind == I_FOREACH) &&
             passed_param(s, e, items[i].body, items[i].nbody) < 0))
            return -1;
    for (int k = 0; k < s->nparams && e->kind == E_NAME; k++)
        if (s->params[k].is_bytes && !strcmp(s->params[k].name, e->name))
            return k;
    return -1;
}

/* How s is used in the items of the struct in: 1 every use a field with
 * a keyed frame, an array of elements parsed one at a time (want 0) or a
 * batched array passing each bytes argument on from in's parameters (want
 * 1); 2 some use is not; 0 none. */
static int keyed_uses(const emitter *m, const strct *s, const strct *in, const item *items, int n, int want)
{
    int u = 0;
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF || it->kind == I_FOREACH)
            u |= keyed_uses(m, s, in, it->body, it->nbody, want);
        if ((it->kind != I_FIELD && it->kind != I_AT) || it->f.type != F_STRUCT ||
            find_struct(m->c.g, it->f.struct_name) != s)
            continue;
        int ok = ir_keyed_of(m->c.ir, in, &it->f) &&
                 (want ? batch_site(m->c.g, &it->f) && it->f.nargs == s->nparams
                       : (it->f.count || it->f.bytesize) && !batch_site(m->c.g, &it->f));
        for (int k = 0; ok && want && k < s->nparams; k++)
            ok = !s->params[k].is_bytes || passed_param(in, it->f.args[k], in->items, in->nitems) >= 0;
        u |= ok ? 1 : 2;
    }
    return u;
}

/* The fast tier's batched loop of s need not compare its memo's views
 * (mb_): every use of s is a keyed array in a struct each of whose uses is
 * a keyed array of elements, whose loop compares them once for all its
 * elements (emit_hoisted_views), the views being its own arguments passed
 * on unchanged. */
static int views_hoisted(const emitter *m, const strct *s)
{
    int u = 0;
    for (int i = 0; i < m->c.g->nstructs && u < 2; i++) {
        const strct *in = &m->c.g->structs[i];
        const int here = keyed_uses(m, s, in, in->items, in->nitems, 1);
        if (here && (in->is_entry || in == s))
            return 0;
        u |= here;
        for (int j = 0; here == 1 && j < m->c.g->nstructs; j++)
            u |= keyed_uses(m, in, &m->c.g->structs[j], m->c.g->structs[j].items, m->c.g->structs[j].nitems, 0) & 2;
    }
    return u == 1;
}

/* Before a keyed array of st's elements (fast tier): the views st passes
 * on to a batched array whose loop does not compare them (views_hoisted),
 * compared once here (kept only, on the entry's fresh frame); tmps: the
 * temporaries of st's arguments. */
static void emit_hoisted_views(emitter *m, const strct *st, const item *items, int n, const int *tmps)
{
    /* the entry's fast tier runs once on zeroed frames (emit_struct_field) */
    const int fresh = m->c.s->is_entry && !m->c.elem;
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF || it->kind == I_FOREACH)
            emit_hoisted_views(m, st, it->body, it->nbody, tmps);
        const strct *t = (it->kind == I_FIELD || it->kind == I_AT) && it->f.type == F_STRUCT ? find_struct(m->c.g, it->f.struct_name) : NULL;
        if (!t || !has_batch(m->c.g, t, 1) || !memoised(m, t) || !views_hoisted(m, t))
            continue;
        for (int k = 0; k < t->nparams; k++) {
            const int j = t->params[k].is_bytes ? passed_param(st, it->f.args[k], st->items, st->nitems) : -1;
            if (j >= 0 && fresh)   /* a zeroed frame: nothing remembered yet */
                line(m, "fr_->k_%s.mb_%s = a%d_;", it->f.name, t->params[k].name, tmps[j]);
            else if (j >= 0)
                line(m, "if (!cfv_rt_same_view(fr_->k_%s.mb_%s, a%d_)) { fr_->k_%s.filled_ = 0; fr_->k_%s.mb_%s = a%d_; }",
                     it->f.name, t->params[k].name, tmps[j], it->f.name, it->f.name, t->params[k].name, tmps[j]);
        }
    }
}

/* Every use of s is a batched array (batch_site) whose elements' window
 * every call site proved: the diagnostic tier's loop states the windows'
 * stop once (cfv_rt_window_stop) in the frame, each element one comparison
 * (cfv_rt_window_below), as the fast tier's batched loop does. */
static int looped(const emitter *m, const strct *s)
{
    const uint64_t size = struct_fixed_size(m->c.g, s, 0);
    return batch_uses_all(m->c.g, s) == 1 && batchable(m->c.g, s) && m->win[s - m->c.g->structs] == size;
}

/* A clean string table's memo (cfv_rt_table_memo) per table field in
 * items: its declaration, or (reset) the statement that forgets it. */
static void table_memos(emitter *m, const item *items, int n, int reset)
{
    uint64_t max;
    int utf8;
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF || it->kind == I_FOREACH)
            table_memos(m, it->body, it->nbody, reset);
        if ((it->kind == I_FIELD || it->kind == I_AT) && table_site(m->c.g, &it->f, &max, &utf8))
            line(m, reset ? "inv->t_%s.ok = 0;" : "cfv_rt_table_memo t_%s;", it->f.name);
    }
}

/* Marks s and the frames its frame holds, for emit_frame_reset. */
static void mark_resets(emitter *m, const strct *s)
{
    const ir_struct *is = ir_of(m->c.ir, s);
    m->resets[s - m->c.g->structs] = 1;
    for (int i = 0; i < is->nnests; i++)
        mark_resets(m, is->nests[i].st);
    for (int i = 0; i < is->nkeyed; i++)
        mark_resets(m, is->keyed[i].st);
}

/* A frame kept from another run (a workspace's, cfv_gctx.frame) made to
 * read as a zeroed one: every flag that says a value is there is cleared,
 * here and in the frames it holds. The values themselves are read only
 * under those flags (rows under wok and mok, which a fill clears; the
 * entry's keyed frames' keys and views only decide filled_, which is 0). */
static void emit_frame_reset(emitter *m, const strct *s, const ir_struct *is)
{
    const char *P = m->c.g->prefix;
    if (!m->resets[s - m->c.g->structs])
        return;   /* no entry's frame holds it: nothing would call it */
    line(m, "/* %s:%d */", gen_basename(m->c.g->file), s->at.line);
    line(m, "static void %s_reset_%s(struct %s_%s_inv *inv)", P, s->name, P, s->name);
    line(m, "{");
    open_block(m);
    line(m, "inv->filled_ = 0;");
    if (is->nvslots)
        line(m, "inv->q_ok_ = 0;");
    table_memos(m, s->items, s->nitems, 1);
    if (memoised(m, s) && looped(m, s))
        line(m, "inv->run_.ok = 0;");
    for (int i = 0; i < is->nnests; i++)
        line(m, "%s_reset_%s(&inv->f_%s);", P, is->nests[i].st->name, is->nests[i].f->name);
    for (int i = 0; i < is->nkeyed; i++)
        line(m, "%s_reset_%s(&inv->k_%s);", P, is->keyed[i].st->name, is->keyed[i].f->name);
    m->c.level--;
    line(m, "}");
    blank(m);
}

/* A struct's frame type: its frame values, the frames nested in it. */
static void emit_frame_struct(emitter *m, const strct *s, int *done)
{
    const char *P = m->c.g->prefix;
    if (!first_visit(m, s, done))
        return;
    const ir_struct *is = ir_of(m->c.ir, s);
    for (int i = 0; i < is->nnests; i++)
        emit_frame_struct(m, is->nests[i].st, done);
    for (int i = 0; i < is->nkeyed; i++)
        emit_frame_struct(m, is->keyed[i].st, done);
    line(m, "struct %s_%s_inv {", P, s->name);
    open_block(m);
    line(m, "int filled_;");
    if (looped(m, s))
        line(m, "uint64_t wstop_;   /* the diagnostic tier's array: where its windows stop */");
    for (int i = 0; i < is->nslots; i++)
        line(m, "%s v%d%s;   /* %s */", is->slots[i].bytes ? "cfv_bytes" : "uint64_t", i,
             is->slots[i].per ? "[CFV_RT_PER_MAX]" : "", is->slots[i].key);
    for (int i = 0; i < is->nislots; i++)
        line(m, "uint64_t w%d[%d];   /* %s */", i, IR_INDEX_ROWS, is->islots[i].key);
    if (is->nislots)   /* a flag per index: every slot's value is there */
        line(m, "unsigned char wok[%d];", IR_INDEX_ROWS);
    for (int i = 0; i < is->nvslots; i++)
        line(m, "uint64_t q%d;   /* %s */", i, is->vslots[i].key);
    if (is->nvslots)   /* the field's value they are for, if q_ok_ */
        line(m, "uint64_t q_key_; unsigned char q_ok_;");
    table_memos(m, s->items, s->nitems, 0);
    if (memoised(m, s)) {   /* the fast tier's last clean record per index (emit_batch) */
        line(m, "uint64_t mrec[%d];", IR_INDEX_ROWS);
        line(m, "unsigned char mok[%d];", IR_INDEX_ROWS);
        line(m, "uint64_t stag_;   /* its records' tag in the run's record memo (cfv_rt_seen) */");
        if (looped(m, s))   /* the diagnostic tier's last run (cfv_rt_run) */
            line(m, "cfv_rt_run run_;");
        for (int i = 0; i < s->nparams; i++)
            if (s->params[i].is_bytes)
                line(m, "cfv_bytes mb_%s;", s->params[i].name);
    }
    for (int i = 0; i < is->nnests; i++)
        line(m, "struct %s_%s_inv f_%s;", P, is->nests[i].st->name, is->nests[i].f->name);
    for (int i = 0; i < is->nkeyed; i++) {
        const strct *st = is->keyed[i].st;
        line(m, "struct %s_%s_inv k_%s;", P, st->name, is->keyed[i].f->name);
        for (int k = 0; k < st->nparams; k++)
            if (ir_is_key(&st->params[k]))
                line(m, "uint64_t k_%s_%s;", is->keyed[i].f->name, st->params[k].name);
    }
    m->c.level--;
    line(m, "};");
    blank(m);
    emit_frame_reset(m, s, is);
}

static void emit_params(sbuf *b, const strct *s)
{
    for (int i = 0; i < s->nparams; i++)
        if (!s->params[i].is_set)   /* the set lives in the context */
            sb_printf(b, ", %s p_%s", s->params[i].is_bytes ? "cfv_bytes" : "uint64_t", s->params[i].name);
}

static void emit_signature(emitter *m, const strct *s, const char *end)
{
    const char *P = m->c.g->prefix;
    sbuf b = { 0 };
    emit_params(&b, s);
    char *ps = sb_take(&b);
    line(m, "static int %s_%s_%s(cfv_gctx *g, uint64_t base, uint64_t limit, const cfv_path *path,", P,
         tier(m), s->name);
    line(m, "    uint64_t index, const struct %s_%s_val *prev, const struct %s_%s_val *sibs%s,", P, s->name,
         P, s->name, ps);
    line(m, "    struct %s_%s_inv *inv, struct %s_%s_val *out)%s", P, s->name, P, s->name, end);
}

/* Records are not zeroed per element; what a later check may read without
 * it having been set on this path (array counts; fields inside `if` or `at`)
 * starts at zero here. */
static void emit_conditional_zeroing(emitter *m, const item *items, int n, int conditional)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_IF) {
            emit_conditional_zeroing(m, it->body, it->nbody, 1);
            continue;
        }
        if (it->kind != I_FIELD && it->kind != I_AT)
            continue;
        const field *f = &it->f;
        int cond = conditional || it->kind == I_AT;
        if (f->count || f->bytesize)
            line(m, "out->%s_n = 0;", f->name);
        else if (cond && f->type == F_UINT)
            line(m, "out->%s = 0; out->off_%s = 0;", f->name, f->name);
        else if (cond && (f->type == F_BYTES || f->type == F_CSTRING))
            line(m, "out->%s = cfv_rt_view(g, 0, 0); out->off_%s = 0;", f->name, f->name);
        else if (cond)
            line(m, "out->%s = %s;", f->name, zero_of(&m->c, find_struct(m->c.g, f->struct_name)));
    }
}

/* The frame's values, computed by the first record that has none yet (every
 * record sharing the frame has the same parameters); a fresh frame makes
 * the frames nested in it fresh too. */
static int emit_frame_fill(emitter *m, const strct *s)
{
    const ir_struct *is = ir_of(m->c.ir, s);
    /* Filled already only for an array's later elements, or (diagnostic
     * tier) in a frame the fast tier filled, the entry's included (the
     * tiered entry hands both tiers one frame): elsewhere no test is emitted. */
    const int shared = s->is_element || (!m->fast && (s->is_entry || ir_is_nested(m->c.ir, s)));
    if (!is->nslots && !is->nislots && !is->nnests)
        return 0;   /* nothing to fill: no flag to test either */
    line(m, shared ? "if (!inv->filled_) {" : "{");
    open_block(m);
    line(m, "inv->filled_ = 1;");
    /* the records remembered (memoised) go with the rows: memoised()
     * requires index rows, so a memo is never left unreset here */
    /* a byte loop: GCC stores it inline, where a memset call (and eight
     * flags a store) cost more; under ASan (CFV_RT_WIDE_CLEAR) eight a store,
     * 32 checked stores, not 256 */
    _Static_assert(IR_INDEX_MEMO % 8 == 0, "the flags are cleared eight at a time");
    if (is->nislots) {
        const int both = memoised(m, s);
        line(m, "#if CFV_RT_WIDE_CLEAR");
        if (both)
            line(m, "for (int i_ = 0; i_ < %d; i_ += 8) { cfv_put64(inv->wok + i_, 0); cfv_put64(inv->mok + i_, 0); }",
                 IR_INDEX_MEMO);
        else
            line(m, "for (int i_ = 0; i_ < %d; i_ += 8) cfv_put64(inv->wok + i_, 0);", IR_INDEX_MEMO);
        line(m, "#else");
        line(m, "for (int i_ = 0; i_ < %d; i_++) inv->wok[i_] = %s0;", IR_INDEX_MEMO, both ? "inv->mok[i_] = " : "");
        line(m, "#endif");
    }
    if (memoised(m, s) && looped(m, s))   /* a run kept was walked with the old rows */
        line(m, "inv->run_.ok = 0;");
    if (m->fast && memoised(m, s))   /* and the records seen by value with them */
        line(m, "inv->stag_ = cfv_rt_seen_frame(g);");
    for (int i = 0; i < is->nnests; i++)
        line(m, "inv->f_%s.filled_ = 0;", is->nests[i].f->name);
    m->c.frames_off = 1;
    for (int i = 0; i < is->nslots; i++) {
        const ir_slot *sl = &is->slots[i];
        vtype t;
        if (sl->per) {
            const param *set = set_param(m->c.g);
            /* past the set's members the slots keep the zeros of the frame's creation */
            line(m, "for (uint64_t s_ = 0; s_ < g->per_n; s_++) {   /* per_n <= CFV_RT_PER_MAX */");
            open_block(m);
            line(m, "const uint64_t p_%s = g->per_v[s_];", set->name);
            m->c.per_set = 1;
        }
        char *v = emit_expr(&m->c, sl->e, &t);
        m->c.per_set = 0;
        if (!v)
            return -1;
        flush(m);
        if (sl->per) {
            line(m, "inv->v%d[s_] = %s;", i, v);
            close_block(m);
        } else {
            line(m, "inv->v%d = %s;", i, v);
        }
    }
    m->c.frames_off = 0;
    close_block(m);
    return 0;
}

/* Does s open with a require that states a wider window than its call sites
 * proved (`len(self) >= K` for a K above it)? Nothing would read the
 * entry's window then: the require states its own before the first field. */
static int opens_wider(const emitter *m, const strct *s)
{
    if (s->nitems == 0 || s->items[0].kind != I_REQUIRE || s->items[0].per_set)
        return 0;
    facts f;
    memset(&f, 0, sizeof f);
    facts_require(&f, m->c.g, s, s->items[0].cond);
    return facts_len_const(&f) > m->proven;
}

/* The emitter's state at the top of a function over s's items (emit_parser,
 * emit_batch). */
static void begin_struct(emitter *m, const strct *s)
{
    m->c.s = s;
    m->c.nseen = 0;
    m->c.nmemo = 0;
    m->after_array = 0;
    unproven(m);
    m->consumed = 0;
    m->top = 1;
    m->c.eager = m->fast;
    memset(&m->f, 0, sizeof m->f);
    known_reset(&m->held);
}

static int emit_parser(emitter *m, const strct *s)
{
    const uint64_t w = m->win[s - m->c.g->structs];
    begin_struct(m, s);
    m->proven = w == UINT64_MAX ? 0 : w;
    m->may_stop = 0;
    m->may_halt = 0;
    m->may_abort = 0;
    line(m, "/* %s:%d: %s%s */", gen_basename(m->c.g->file), s->at.line, s->is_entry ? "entry struct " : "struct ",
         s->name);
    emit_signature(m, s, "");
    line(m, "{");
    open_block(m);
    line(m, "uint64_t pos = base;");
    line(m, "int broken = 0;");
    line(m, "(void)limit; (void)index; (void)prev; (void)sibs; (void)path; (void)broken; (void)inv;");
    for (int i = 0; i < s->nparams && m->fast; i++)   /* some are only shown in messages */
        if (!s->params[i].is_set)
            line(m, "(void)p_%s;", s->params[i].name);
    if (!m->fast && m->proven && looped(m, s)) {   /* the array's stop, in the frame */
        m->wptr = fmt("w%d_", m->c.tmp++);
        m->win_off = 0;
        if (m->proven > m->win_max)
            m->win_max = m->proven;
        line(m, "const uint8_t *const %s = cfv_rt_window_below(g, pos, inv->wstop_);", m->wptr);
    } else if (m->proven && !opens_wider(m, s)) {   /* every call site proved it */
        emit_window_stated(m, m->proven);
    }
    if (emit_frame_fill(m, s))
        return -1;
    line(m, "out->_base = base;");
    emit_conditional_zeroing(m, s->items, s->nitems, 0);
    if (emit_items(m, s->items, s->nitems))
        return -1;
    if (m->after_array) {
        /* a broken array hides where this record ends */
        line(m, "if (broken) return CFV_STOP;");
        m->may_stop = 1;
        m->may_halt = 1;
    }
    line(m, "out->_end = pos;");
    line(m, "return CFV_OK;");
    close_block(m);
    blank(m);
    if (m->fast)
        m->halts_next[s - m->c.g->structs] = m->may_halt;
    if (!m->fast) {
        m->stops_next[s - m->c.g->structs] = m->may_stop;
        m->aborts_next[s - m->c.g->structs] = m->may_abort;
    }
    return 0;
}

static void emit_batch_signature(emitter *m, const strct *s, const char *end)
{
    sbuf b = { 0 };
    emit_params(&b, s);
    char *ps = sb_take(&b);
    line(m, "static int %s_fastn_%s(cfv_gctx *g, uint64_t pos, uint64_t limit, uint64_t n%s,", m->c.g->prefix,
         s->name, ps);
    line(m, "    struct %s_%s_inv *inv, uint64_t *end)%s", m->c.g->prefix, s->name, end);
    free(ps);
}

/* The fast tier over a whole array of a batchable struct (batch_site): the
 * frame filled once per array, the window's end computed once, and the
 * records equal to the last clean one at their index in this frame
 * (memoised) skipped a run at a time (cfv_rt_same_rows: four records per
 * comparison), then one seen at its index in this fill before (the run's
 * record memo, cfv_rt_seen: a file cycling through many records per
 * index); any other record is checked as the struct's own
 * parser would, and remembered when clean. A clean record that called the
 * regex checker had only OK verdicts, which the run's REGEX memo (cfv_rt.h)
 * already holds fixed for the run: the checker's state, the per-file bound,
 * counts a pattern at its first sight, so a repeat changes no count and no
 * verdict (one regex repeated: 106 M -> 37 M instructions). */
static int emit_batch(emitter *m, const strct *s)
{
    const char *P = m->c.g->prefix;
    const uint64_t size = struct_fixed_size(m->c.g, s, 0);
    const int memo = memoised(m, s);
    char *ix = NULL;   /* the memo's slot for this record */
    begin_struct(m, s);
    line(m, "/* %s:%d: struct %s, every element of an array */", gen_basename(m->c.g->file), s->at.line,
         s->name);
    emit_batch_signature(m, s, "");
    line(m, "{");
    open_block(m);
    for (int i = 0; i < s->nparams; i++)
        if (!s->params[i].is_set)
            line(m, "(void)p_%s;", s->params[i].name);
    /* The remembered records were checked with these views. A keyed frame
     * is shared by arrays whose bytes arguments differ: its slots never read
     * them (keyable, ir_frame.c), but a remembered record's verdict may, so
     * only the memo needs the view compared (mb_). */
    for (int i = 0; i < s->nparams && memo && !views_hoisted(m, s); i++)
        if (s->params[i].is_bytes)
            line(m, "if (!cfv_rt_same_view(inv->mb_%s, p_%s)) { inv->filled_ = 0; inv->mb_%s = p_%s; }",
                 s->params[i].name, s->params[i].name, s->params[i].name, s->params[i].name);
    if (emit_frame_fill(m, s))
        return -1;
    const uint64_t w = m->win[s - m->c.g->structs];
    const int proven = w != UINT64_MAX && w >= size;
    if (proven)
        line(m, "const uint64_t wstop_ = cfv_rt_window_stop(g, UINT64_C(%llu), limit);", (unsigned long long)size);
    if (memo) {   /* the whole-run skip: from each index, the records equal to their clean rows */
        line(m, "const uint64_t wrun_ = cfv_rt_window_stop(g, UINT64_C(%llu), limit);",
             (unsigned long long)(4 * size));
        for (int i = 0; i < 2; i++)
            line(m, "%scfv_rt_same_rows(g, &pos, wrun_, wstop_, UINT64_C(%llu), inv->mrec, inv->mok, %s, n, %d)%s",
                 i ? "     index = " : "for (uint64_t index = ", (unsigned long long)size, i ? "index + 1" : "0",
                 IR_INDEX_MEMO, i ? ") {" : "; index < n;");
    } else {
        line(m, "for (uint64_t index = 0; index < n; index++) {");
    }
    open_block(m);
    if (items_name_position(m->c.g, s, 0))   /* self's window starts here */
        line(m, "const uint64_t base = pos;");
    unproven(m);
    if (proven) {   /* every call site proved it */
        m->wptr = fmt("w%d_", m->c.tmp++);
        m->win_off = 0;
        m->proven = size;
        line(m, "const uint8_t *const %s = cfv_rt_window_below(g, pos, wstop_);", m->wptr);
        if (size > m->win_max)   /* within the zeros a fault hands out (a static assert) */
            m->win_max = size;
    }
    const char *const rec = m->wptr;   /* the record's window, remembered when it is clean */
    if (memo) {
        ix = memo_index(&m->c);   /* the index rows' too */
        flush(m);
        /* a record seen at this index before, not the last one: the record
         * memo's hit (cfv_rt_seen) skips it, the last one now; a miss is
         * remembered before the check, which a broken record ends with the
         * fast tier's verdict (CFV_DIRTY), so nothing else reads it */
        line(m, "if (g->seen_credit >= 0 && cfv_rt_seen_check(g, inv->stag_, index, cfv_rt_record(%s, %llu))) {", rec,
             (unsigned long long)size);
        line(m, "    inv->mrec[%s] = cfv_rt_record(%s, %llu);", ix, rec, (unsigned long long)size);
        line(m, "    inv->mok[%s] = (unsigned char)(%s < %d);", ix, ix, IR_INDEX_MEMO);
        line(m, "    pos += %llu;", (unsigned long long)size);
        line(m, "    continue;");
        line(m, "}");
    }
    line(m, "struct %s_%s_val el_ = %s;", P, s->name, zero_of(&m->c, s));
    line(m, "struct %s_%s_val *const out = &el_;", P, s->name);
    const int rc = emit_items(m, s->items, s->nitems);
    if (rc)
        return -1;
    if (memo) {   /* indexes past the memo share its last row, never marked */
        line(m, "inv->mrec[%s] = cfv_rt_record(%s, %llu);", ix, rec, (unsigned long long)size);
        line(m, "inv->mok[%s] = (unsigned char)(%s < %d);", ix, ix, IR_INDEX_MEMO);
    }
    close_block(m);
    line(m, "*end = pos;");
    line(m, "return CFV_OK;");
    close_block(m);
    blank(m);
    return 0;
}

/* The parsers of one tier, and the fast tier's batched loops. */
static int emit_parsers(emitter *m)
{
    const grammar *g = m->c.g;
    for (int i = 0; i < g->nstructs; i++) {
        const strct *s = &g->structs[i];
        if (s->is_refine)
            continue;
        if (has_parser(g, s, m->fast) && emit_parser(m, s))
            return -1;
        if (has_batch(g, s, m->fast) && emit_batch(m, s))
            return -1;
    }
    return 0;
}

/* The first entry (a grammar may have several: each is a validator of its
 * own, <prefix>_validate_<Name>). */
static const strct *find_entry(const grammar *g)
{
    for (int i = 0; i < g->nstructs; i++)
        if (g->structs[i].is_entry)
            return &g->structs[i];
    gen_error((loc){ g->file, 1, 1 }, "no `entry struct`");
    return NULL;
}

/* The entry's C parameters: its u64/bytes parameters in order, the `per`
 * one as an array and its length. */
static char *entry_params(const strct *entry, int with_types)
{
    sbuf b = { 0 };
    for (int i = 0; i < entry->nparams; i++) {
        const param *p = &entry->params[i];
        if (p->is_set && with_types)
            sb_printf(&b, ", const uint64_t *%s, uint64_t n%s", p->name, p->name);
        else if (with_types)
            sb_printf(&b, ", %s %s", p->is_bytes ? "cfv_bytes" : "uint64_t", p->name);
        else if (!p->is_set)
            sb_printf(&b, ", %s", p->name);
    }
    return sb_take(&b);
}

/* <prefix>_validate.h: what the hand-written side implements (the externs)
 * and calls (the entry point, the catalog). */
int emit_header(const grammar *g, FILE *out)
{
    const strct *entry = find_entry(g);
    if (!entry)
        return -1;
    fprintf(out, "/* Generated by cfv-gen from %s. Do not edit: change the grammar. */\n", gen_basename(g->file));
    fprintf(out, "#ifndef %s_VALIDATE_H\n#define %s_VALIDATE_H\n\n#include \"cfv_rt.h\"\n\n", g->PREFIX, g->PREFIX);
    fprintf(out, "/* The grammar's externs, implemented by hand; env is the caller's\n"
                 " * cfv_gctx.env. Each is total (any input has a result) and pure. */\n");
    for (int i = 0; i < g->nexterns; i++) {
        const ext_decl *x = &g->externs[i];
        fprintf(out, "/* %s:%d */\n%s %s_x_%s(const void *env", gen_basename(g->file), x->at.line,
                x->ret_bytes ? "cfv_bytes" : "uint64_t", g->prefix, x->name);
        for (int j = 0; j < x->nparams; j++)
            fprintf(out, ", %s %s", x->params[j].is_bytes ? "cfv_bytes" : "uint64_t", x->params[j].name);
        fprintf(out, ");\n");
    }
    for (const strct *e = entry; e < g->structs + g->nstructs; e++) {
        if (!e->is_entry)
            continue;
        fprintf(out, "\n/* Validates g->buf[0..g->len) as %s (%s:%d); reports to g->sink. */\n", e->name,
                gen_basename(g->file), e->at.line);
        fprintf(out, "int %s_validate_%s(cfv_gctx *g%s);\n", g->prefix, e->name, entry_params(e, 1));
        fprintf(out, "/* The fast tier: 1 when %s_validate_%s would report nothing (the\n"
                     " * same inputs), else 0; reports nothing itself. */\n", g->prefix, e->name);
        fprintf(out, "int %s_fast_validate_%s(cfv_gctx *g%s);\n", g->prefix, e->name, entry_params(e, 1));
        fprintf(out, "/* Both: the fast tier, then (returning 0) the diagnostic tier when it\n"
                     " * did not return 1; values both need are computed once. */\n");
        fprintf(out, "int %s_tiered_validate_%s(cfv_gctx *g%s);\n", g->prefix, e->name, entry_params(e, 1));
    }
    fprintf(out, "/* The bytes of the largest entry's frame (cfv_gctx.frame: a workspace's,\n"
                 " * kept between runs; the entries reset it). */\n");
    fprintf(out, "extern const size_t %s_frame_size;\n", g->prefix);
    fprintf(out, "\n");
    fprintf(out, "/* The rule catalog and message templates (%s_rules.c). */\n", g->prefix);
    fprintf(out, "extern const cfv_catalog %s_catalog;\n", g->prefix);
    fprintf(out, "/* A rule's long text (the grammar's `docs` file), or NULL. */\n");
    fprintf(out, "const cfv_rule_doc *%s_rule_doc_find(unsigned id);\n\n#endif\n", g->prefix);
    return 0;
}

/* An entry point of the tier being emitted: <prefix>_validate_<Name>
 * returns the parser's outcome; <prefix>_fast_validate_<Name> 1 when clean. */
static void emit_entry_setup(emitter *m, const strct *e)
{
    for (int i = 0; i < e->nparams; i++)
        if (e->params[i].is_set) {   /* a frame holds at most CFV_RT_PER_MAX values per set */
            line(m, "    g->per_v = %s;", e->params[i].name);
            /* min(n, CFV_RT_PER_MAX) without a branch no test could take */
            line(m, "    g->per_n = n%s - (uint64_t)(n%s > CFV_RT_PER_MAX) * (n%s - CFV_RT_PER_MAX);",
                 e->params[i].name, e->params[i].name, e->params[i].name);
        }
}

/* An entry's walk on frame inv (a C expression), in is (indentation):
 * the tier's parser, or (tiered) the fast one, then the diagnostic one
 * when the fast one did not say clean, sharing the frame: what the fast
 * tier computed once (a checksum over the input, say) the diagnostic tier
 * does not compute again. */
static void emit_entry_walk(emitter *m, const strct *e, int tiered, const char *inv, const char *in)
{
    const char *P = m->c.g->prefix;
    const char *args = entry_params(e, 0);
    const int seen = m->fast && any_memoised(m);   /* the record memo lent: taken back (g outlives it) */
    line(m, "%sstruct %s_%s_val v = %s;", in, P, e->name, zero_of(&m->c, e));
    if (!tiered) {
        /* a fault latched on the way (cfv_rt.h) is "not clean", or the internal rule */
        line(m, "%s%s cfv_rt_%s(g, %s_%s_%s(g, 0, g->len, NULL, 0, &v, NULL%s, %s, &v));", in,
             seen ? "const int r_ =" : "return", m->fast ? "clean" : "settle", P, tier(m), e->name, args, inv);
        if (seen) {
            line(m, "%sg->seen = NULL;", in);
            line(m, "%sreturn r_;", in);
        }
        return;
    }
    line(m, "%sconst int clean_ = cfv_rt_clean(g, %s_fast_%s(g, 0, g->len, NULL, 0, &v, NULL%s, %s, &v));", in, P,
         e->name, args, inv);
    if (seen)
        line(m, "%sg->seen = NULL;", in);
    line(m, "%sif (clean_)", in);
    line(m, "%s    return 1;", in);
    line(m, "%sv = %s;", in, zero_of(&m->c, e));
    line(m, "%s(void)cfv_rt_settle(g, %s_parse_%s(g, 0, g->len, NULL, 0, &v, NULL%s, %s, &v));", in, P,
         e->name, args, inv);
    line(m, "%sreturn 0;", in);
}

/* An entry point: <prefix>_validate_<Name> returns the parser's outcome,
 * <prefix>_fast_validate_<Name> 1 when clean, <prefix>_tiered_validate_<Name>
 * both. Its frame is a workspace's (cfv_gctx.frame, kept from another run:
 * reset, cheaper than zeroing it whole) or its own, zeroed; two walks, so
 * that the analyser (proof/) never joins the two frames. */
static void emit_entry_point(emitter *m, const strct *e, int tiered)
{
    const char *P = m->c.g->prefix;
    line(m, "/* %s:%d */", gen_basename(m->c.g->file), e->at.line);
    line(m, "int %s_%svalidate_%s(cfv_gctx *g%s)", P, tiered ? "tiered_" : m->fast ? "fast_" : "", e->name,
         entry_params(e, 1));
    line(m, "{");
    emit_entry_setup(m, e);
    if (m->fast && any_memoised(m)) {   /* the fast tier's record memo: on the stack, cleared if used */
        line(m, "    cfv_rt_seen seen_ CFV_RT_SEEN_INIT;");
        line(m, "    cfv_rt_seen_lend(g, &seen_);");
    }
    line(m, "    if (g->frame) {");
    line(m, "        struct %s_%s_inv *const kept_ = g->frame;", P, e->name);
    line(m, "        %s_reset_%s(kept_);", P, e->name);
    emit_entry_walk(m, e, tiered, "kept_", "        ");
    line(m, "    }");
    line(m, "    struct %s_%s_inv inv = { 0 };", P, e->name);
    emit_entry_walk(m, e, tiered, "&inv", "    ");
    line(m, "}");
    blank(m);
}

static void emit_entry(emitter *m, const strct *e)
{
    emit_entry_point(m, e, 0);
    if (m->fast)
        emit_entry_point(m, e, 1);
}

int emit_validator(const grammar *g, FILE *out)
{
    emitter m = { 0 };
    m.c.g = g;
    ir *r = ir_lower(g);
    ir_pass_frames(r);
    m.c.ir = r;
    m.c.models = xcalloc((size_t)g->nstructs + 1, sizeof *m.c.models);
    m.c.zero_used = xcalloc((size_t)g->nstructs + 1, 1);
    const strct *entry = find_entry(g);
    if (!entry)
        return -1;
    for (int i = 0; i < g->nstructs; i++)
        mark_elements(g, g->structs[i].items, g->structs[i].nitems);
    if (collect_models(&m.c))
        return -1;
    const char *P = g->prefix;

    /* The parsers into memory, until what callers prove about each struct's
     * window (and whether it can stop) settles; the last run is the output. */
    const size_t ns = (size_t)g->nstructs + 1;
    m.win = xcalloc(ns, sizeof *m.win);
    m.win_next = xcalloc(ns, sizeof *m.win_next);
    m.stops = xcalloc(ns, sizeof *m.stops);
    m.stops_next = xcalloc(ns, sizeof *m.stops_next);
    m.aborts = xcalloc(ns, sizeof *m.aborts);
    m.aborts_next = xcalloc(ns, sizeof *m.aborts_next);
    for (size_t i = 0; i < ns; i++)
        m.stops[i] = m.aborts[i] = 1;   /* first run: assume the worst */
    char *body = NULL;
    size_t body_len = 0;
    for (int run = 0;; run++) {
        for (size_t i = 0; i < ns; i++)
            m.win_next[i] = i < (size_t)g->nstructs && g->structs[i].is_entry ? 0 : UINT64_MAX;
        memset(m.c.zero_used, 0, ns);
        free(body);
        body = NULL;
        m.out = open_memstream(&body, &body_len);
        if (!m.out)
            return -1;
        if (emit_parsers(&m)) {
            fclose(m.out);
            return -1;
        }
        int settled = !memcmp(m.win, m.win_next, ns * sizeof *m.win) &&
                      !memcmp(m.stops, m.stops_next, ns * sizeof *m.stops) &&
                      !memcmp(m.aborts, m.aborts_next, ns * sizeof *m.aborts);
        memcpy(m.win, m.win_next, ns * sizeof *m.win);
        memcpy(m.stops, m.stops_next, ns * sizeof *m.stops);
        memcpy(m.aborts, m.aborts_next, ns * sizeof *m.aborts);
        if (settled)
            break;
        fclose(m.out);
        if (run == 8) {
            gen_error(entry->at, "what the requires prove does not settle (a cycle of structs?)");
            return -1;
        }
    }
    /* The fast tier, from the settled facts: the same walk, no reports.
     * Which of its structs can stop is its own (a report returns CFV_DIRTY
     * there): trial runs, discarded, until that settles, then the real one. */
    m.fast = 1;
    m.halts = xcalloc(ns, sizeof *m.halts);
    m.halts_next = xcalloc(ns, sizeof *m.halts_next);
    for (size_t i = 0; i < ns; i++)
        m.halts[i] = 1;
    const int tmp0 = m.c.tmp;   /* the real run names its temporaries as a single run would */
    for (int run = 0;; run++) {
        FILE *const real = m.out;
        char *trial = NULL;
        size_t trial_len = 0;
        m.out = open_memstream(&trial, &trial_len);
        int rc = m.out ? emit_parsers(&m) : -1;
        if (m.out)
            fclose(m.out);
        free(trial);
        m.out = real;
        const int settled = !memcmp(m.halts, m.halts_next, ns * sizeof *m.halts);
        memcpy(m.halts, m.halts_next, ns * sizeof *m.halts);
        if (rc) {
            fclose(m.out);
            return -1;
        }
        m.c.tmp = tmp0;
        if (settled)
            break;
        if ((size_t)run > ns) {   /* a flag only falls: it settles within ns + 1 runs */
            gen_error(entry->at, "which structs can stop in the fast tier does not settle");
            fclose(m.out);
            return -1;
        }
    }
    if (emit_parsers(&m)) {
        fclose(m.out);
        return -1;
    }
    m.fast = 0;
    for (const strct *e = entry; e < g->structs + g->nstructs; e++)
        if (e->is_entry)
            for (m.fast = 0; m.fast < 2; m.fast++)
                emit_entry(&m, e);
    m.fast = 0;
    fclose(m.out);

    m.out = out;
    line(&m, "/* Generated by cfv-gen from %s. Do not edit: change the grammar.", gen_basename(g->file));
    line(&m, " * Comments name the grammar line each part comes from. */");
    line(&m, "#include \"%s_validate.h\"", P);
    blank(&m);
    line(&m, "_Static_assert(CFV_RE_COMPILE_ERROR == 1 && CFV_RE_NESTED_UNBOUNDED == 2 && CFV_RE_UNCHECKED == 3, \"RegexStatus\");");
    line(&m, "_Static_assert(%llu <= CFV_RT_WINDOW_MAX, \"CFV_RT_WINDOW_MAX\");",
         (unsigned long long)m.win_max);
    blank(&m);
    int *done = xcalloc((size_t)g->nstructs + 1, sizeof *done);
    for (int i = 0; i < g->nstructs; i++)
        if (!g->structs[i].is_refine)
            emit_val_struct(&m, &g->structs[i], done);
    memset(done, 0, ((size_t)g->nstructs + 1) * sizeof *done);
    m.resets = xcalloc((size_t)g->nstructs + 1, 1);
    for (const strct *e = entry; e < g->structs + g->nstructs; e++)
        if (e->is_entry)
            mark_resets(&m, e);
    for (int i = 0; i < g->nstructs; i++)
        if (!g->structs[i].is_refine)
            emit_frame_struct(&m, &g->structs[i], done);
    free(m.resets);
    for (int i = 0; i < g->nstructs; i++)
        if (m.c.zero_used[i])
            line(&m, "static const struct %s_%s_val %s_zero_%s = { 0 };", P, g->structs[i].name, P,
                 g->structs[i].name);
    blank(&m);
    line(&m, "const size_t %s_frame_size = sizeof(union {", P);
    for (const strct *e = entry; e < g->structs + g->nstructs; e++)
        if (e->is_entry)
            line(&m, "    struct %s_%s_inv %s;", P, e->name, e->name);
    line(&m, "});");
    blank(&m);
    for (m.fast = 0; m.fast < 2; m.fast++)
        for (int i = 0; i < g->nstructs; i++) {
            if (g->structs[i].is_refine)
                continue;
            if (has_parser(g, &g->structs[i], m.fast))
                emit_signature(&m, &g->structs[i], ";");
            if (has_batch(g, &g->structs[i], m.fast))
                emit_batch_signature(&m, &g->structs[i], ";");
        }
    m.fast = 0;
    blank(&m);
    fwrite(body, 1, body_len, out);
    free(body);
    return m.c.errors ? -1 : 0;
}
