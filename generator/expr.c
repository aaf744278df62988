/* Expressions: type checking and translation to C, plus the member model
 * of each struct. Every grammar name resolves here, or is an error with
 * its file:line:col. Struct values are C pointers to generated *_val. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "model.h"

/* Formats below come from this file's own tables (builtins, messages). */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void sb_printf(sbuf *b, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int need = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    if (b->n + (size_t)need + 1 > b->cap) {
        b->cap = (b->n + (size_t)need + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    va_start(ap, f);
    vsnprintf(b->p + b->n, (size_t)need + 1, f, ap);
    va_end(ap);
    b->n += (size_t)need;
}

char *sb_take(sbuf *b)
{
    char *p = b->p ? b->p : xstrdup("");
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int need = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *p = xcalloc((size_t)need + 1, 1);
    va_start(ap, f);
    vsnprintf(p, (size_t)need + 1, f, ap);
    va_end(ap);
    return p;
}

const char *c_type(vtype t)
{
    switch (t.k) {
    case V_BYTES: return "cfv_bytes";
    case V_VERDICT: return "cfv_re_verdict";
    default: return "uint64_t";
    }
}

static const vtype T_INT_ = { V_INT, NULL, 0 };
static const vtype T_BYTES_ = { V_BYTES, NULL, 0 };
static const vtype T_ERR_ = { V_ERR, NULL, 0 };

static char *err(ectx *c, loc at, const char *msg, ...) __attribute__((format(printf, 3, 4)));
static char *err(ectx *c, loc at, const char *msg, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, msg);
    vsnprintf(text, sizeof text, msg, ap);
    va_end(ap);
    gen_error(at, "%s", text);
    c->errors++;
    return NULL;
}

/* -------------------------------------------------------------- models */

smodel *model_of(ectx *c, const strct *s)
{
    return &c->models[s - c->g->structs];
}

static void add_member(smodel *m, const char *name, vtype t, int is_field, int is_scalar)
{
    member *mb = GROW(m->m, m->nm);
    mb->name = name;
    mb->t = t;
    mb->is_field = is_field;
    mb->is_scalar = is_scalar;
}

static vtype field_vtype(ectx *c, const field *f)
{
    vtype t = T_ERR_;
    switch (f->type) {
    case F_UINT: return T_INT_;
    case F_BYTES:
    case F_CSTRING: return T_BYTES_;
    case F_STRUCT:
        t.st = find_struct(c->g, f->struct_name);
        if (!t.st || t.st->is_refine) {
            t.k = V_ERR;
            return t;
        }
        t.k = (f->count || f->bytesize) ? V_ARRAY : V_STRUCT;
        t.max = f->max;
        return t;
    }
    return t;
}

void mark_seen(ectx *c, const char *name)
{
    *GROW(c->seen, c->nseen) = name;
}

static int is_seen(const ectx *c, const char *name)
{
    for (int i = 0; i < c->nseen; i++)
        if (!strcmp(c->seen[i], name))
            return 1;
    return 0;
}

/* Pass 1 declares the fields (their types are syntactic), so `prev.size`
 * works before `size` in declaration order; pass 2 types the lets in order,
 * each in the scope of what precedes it. */
static void collect_items(ectx *c, smodel *m, const item *items, int n, int pass)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if (it->kind == I_FIELD || it->kind == I_AT) {
            if (pass == 2) {
                mark_seen(c, it->f.name);
                continue;
            }
            vtype t = field_vtype(c, &it->f);
            if (t.k == V_ERR) {
                err(c, it->at, "unknown struct '%s'", it->f.struct_name);
                continue;
            }
            if (find_member(c, m->s, it->f.name, 0)) {
                err(c, it->at, "'%s' is declared twice", it->f.name);
                continue;
            }
            add_member(m, it->f.name, t, 1, it->f.type == F_UINT);
        } else if (it->kind == I_LET && pass == 2) {
            vtype t = T_ERR_;
            if (it->value->kind == E_CALL && !strcmp(it->value->name, "regex")) {
                t.k = V_VERDICT;
            } else if (!emit_expr(c, it->value, &t)) {
                continue;
            }
            if (find_member(c, m->s, it->name, 0)) {
                err(c, it->at, "'%s' is declared twice", it->name);
                continue;
            }
            add_member(m, it->name, t, 0, 0);
            mark_seen(c, it->name);
        } else if (it->kind == I_IF) {
            collect_items(c, m, it->body, it->nbody, pass);
        }
    }
}

static void collect_struct(ectx *c, const strct *s)
{
    smodel *m = model_of(c, s);
    if (m->state)
        return;
    m->state = 1;
    m->s = s;
    ectx sub = *c;
    sub.s = s;
    sub.seen = NULL;
    sub.nseen = 0;
    sub.refine = NULL;
    sub.elem = NULL;
    /* typing the lets emits C that is thrown away: keep its side effects apart */
    sub.pre = (sbuf){ 0 };
    sub.memo = NULL;
    sub.nmemo = 0;
    sub.in_agg = 0;
    sub.zero_used = xcalloc((size_t)c->g->nstructs + 1, 1);
    collect_items(&sub, m, s->items, s->nitems, 1);
    collect_items(&sub, m, s->items, s->nitems, 2);
    free(sub.seen);
    c->errors = sub.errors;
    c->tmp = sub.tmp;
    m->state = 2;
}

int collect_models(ectx *c)
{
    for (int i = 0; i < c->g->nstructs; i++) {
        c->models[i].s = &c->g->structs[i];
        if (!c->g->structs[i].is_refine)
            collect_struct(c, &c->g->structs[i]);
    }
    return c->errors ? -1 : 0;
}

const member *find_member(ectx *c, const strct *s, const char *name, int visible_only)
{
    smodel *m = model_of(c, s);
    if (m->state == 0)
        collect_struct(c, s);
    for (int i = 0; i < m->nm; i++)
        if (!strcmp(m->m[i].name, name)) {
            if (visible_only && s == c->s && !is_seen(c, name))
                return NULL;
            return &m->m[i];
        }
    return NULL;
}

/* ------------------------------------------------------------- builtins */

/* Generic byte-view functions of the runtime (cfv_rt.h); every domain
 * function is an `extern` of the grammar instead. */
typedef struct builtin {
    const char *name;
    const char *c_fmt;    /* printf format over the C arguments */
    int nargs;
    vkind args[2];
    vkind result;
} builtin;

static const builtin builtins[] = {
    { "len", "(%s).n", 1, { V_BYTES }, V_INT },
    { "byte", "cfv_rt_byte(%s, %s)", 2, { V_BYTES, V_INT }, V_INT },
    { "all_zero", "cfv_rt_all_zero(%s)", 1, { V_BYTES }, V_INT },
    { "first_nonzero", "cfv_rt_first_nonzero(%s)", 1, { V_BYTES }, V_INT },
    { "find_nul", "cfv_rt_find_nul(%s)", 1, { V_BYTES }, V_INT },
    { "cstr", "cfv_rt_cstr(%s, %s)", 2, { V_BYTES, V_INT }, V_BYTES },
    { "utf8_valid", "cfv_rt_utf8_valid(%s)", 1, { V_BYTES }, V_INT },
    { "utf8_bad", "cfv_rt_utf8_bad(%s)", 1, { V_BYTES }, V_INT },
    { "align8", "cfv_rt_align8(%s)", 1, { V_INT }, V_INT },
    { "file_slice", "cfv_rt_view(g, %s, %s)", 2, { V_INT, V_INT }, V_BYTES },
    { "file_byte", "cfv_rt_file_byte(g, %s)", 1, { V_INT }, V_INT },
};

static const char *vkind_name(vkind k)
{
    switch (k) {
    case V_INT: return "an integer";
    case V_BYTES: return "bytes";
    case V_VERDICT: return "a regex verdict";
    case V_STRUCT: return "a struct";
    case V_ARRAY: return "an array";
    default: return "an error";
    }
}

const char *zero_of(ectx *c, const strct *s)
{
    c->zero_used[s - c->g->structs] = 1;
    return fmt("%s_zero_%s", c->g->prefix, s->name);
}

void memo_close(ectx *c)
{
    while (c->nmemo && c->memo[c->nmemo - 1].level > c->level)
        c->nmemo--;
}

/* `const T var = value;` computed once in this block: the same C text later
 * in this block or a nested one reuses var (externs are pure and total, so
 * computing one ahead of a short-circuit changes no result). */
static char *hoist(ectx *c, const char *type, const char *value)
{
    if (c->in_agg)
        return xstrdup(value);
    for (int i = c->nmemo; i-- > 0;)
        if (!strcmp(c->memo[i].key, value))
            return xstrdup(c->memo[i].var);
    char *var = fmt("x%d_", c->tmp++);
    sb_printf(&c->pre, "const %s %s = %s;\n", type, var, value);
    struct memo *mm = GROW(c->memo, c->nmemo);
    mm->key = xstrdup(value);
    mm->var = var;
    mm->level = c->level;
    return xstrdup(var);
}

/* A member held in a C local in this block and deeper (the diagnostic
 * tier's regex verdict), instead of out->NAME. */
void local_bind(ectx *c, const char *name, const char *var)
{
    struct memo *mm = GROW(c->memo, c->nmemo);
    mm->key = fmt("#local:%s", name);
    mm->var = xstrdup(var);
    mm->level = c->level;
}

char *local_of(ectx *c, const char *name)
{
    char *key = fmt("#local:%s", name);
    for (int i = c->nmemo; i-- > 0;)
        if (!strcmp(c->memo[i].key, key))
            return xstrdup(c->memo[i].var);
    return NULL;
}

/* The record's index as a memo slot. Indexes past the memo go to its upper
 * half, never marked: no branch that a bounded count would leave unreached. */
char *memo_index(ectx *c)
{
    return hoist(c, "uint64_t", fmt("cfv_rt_row(index, %d)", IR_INDEX_MEMO));
}

/* Statements emitted as if `depth` blocks deeper, returned as text (their
 * computed-once values stay inside), with the C of e in *v. */
static char *emit_nested(ectx *c, const expr *e, int depth, char **v)
{
    sbuf outer = c->pre;
    c->pre = (sbuf){ 0 };
    c->level += depth;
    vtype t;
    *v = emit_expr(c, e, &t);
    c->level -= depth;
    memo_close(c);
    char *inner = sb_take(&c->pre);
    c->pre = outer;
    return inner;
}

static void put_indented(ectx *c, const char *text, const char *indent)
{
    char *copy = xstrdup(text);
    for (char *p = copy, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        *nl = 0;
        sb_printf(&c->pre, "%s%s\n", indent, p);
    }
    free(copy);
}

/* The frame's index slots for this record's index (ir_frame.c): one flag
 * per index for all of them, so a record tests one flag; the first record
 * of the frame with this index computes every slot. An extern slot is its
 * call; a set slot (ir.h: ir_set_split) the loop over the set. Returns the
 * slot index variable, or NULL on error. */
static char *index_row(ectx *c)
{
    char *ix = memo_index(c);
    for (int i = c->nmemo; i-- > 0;)
        if (!strcmp(c->memo[i].key, "#row"))
            return ix;
    const ir_struct *is = ir_of(c->ir, c->s);
    const param *set = set_param(c->g);
    sb_printf(&c->pre, "if (!inv->wok[%s]) {\n", ix);
    c->rows_off = 1;
    for (int k = 0; k < is->nislots; k++) {
        char *v;
        const int saved_per = c->per_set;
        c->per_set = is->islots[k].set_all;
        char *inner = emit_nested(c, is->islots[k].e, is->islots[k].set_all ? 2 : 1, &v);
        c->per_set = saved_per;
        if (!v) {
            c->rows_off = 0;
            return NULL;
        }
        if (!is->islots[k].set_all) {
            put_indented(c, inner, "    ");
            sb_printf(&c->pre, "    inv->w%d[%s] = %s;\n", k, ix, v);
            continue;
        }
        sb_printf(&c->pre, "    inv->w%d[%s] = 1;\n", k, ix);
        sb_printf(&c->pre, "    for (uint64_t s_ = 0; s_ < g->per_n; s_++) {\n");
        sb_printf(&c->pre, "        const uint64_t p_%s = g->per_v[s_];\n        (void)p_%s;\n", set->name,
                  set->name);
        put_indented(c, inner, "        ");
        sb_printf(&c->pre, "        inv->w%d[%s] &= (uint64_t)((%s) != 0);\n    }\n", k, ix, v);
    }
    c->rows_off = 0;
    /* indexes past the memo share its last row, never marked */
    sb_printf(&c->pre, "    inv->wok[%s] = (unsigned char)(%s < %d);\n}\n", ix, ix, IR_INDEX_MEMO);
    struct memo *mm = GROW(c->memo, c->nmemo);
    mm->key = xstrdup("#row");
    mm->var = xstrdup(ix);
    mm->level = c->level;
    return ix;
}

/* A value memoised in the frame by the record's index (an extern call, or
 * the set part of a `per` check for every member of the set): its slot. */
char *emit_index_slot(ectx *c, int slot)
{
    char *ix = index_row(c);
    return ix ? fmt("inv->w%d[%s]", slot, ix) : NULL;
}

/* The frame's value slots (ir_frame.c): extern calls over one narrow field
 * of the record, remembered with the field's value they were computed for;
 * a record with another value (or the frame's first) computes them all.
 * The frame starts zeroed, so q_ok_ says whether q_key_ is one. Returns 0
 * on error. */
static int value_row(ectx *c)
{
    for (int i = c->nmemo; i-- > 0;)
        if (!strcmp(c->memo[i].key, "#vrow"))
            return 1;
    const ir_struct *is = ir_of(c->ir, c->s);
    vtype t;
    c->vrow_off = 1;
    char *key = emit_expr(c, is->vkey, &t);
    if (!key)
        return c->vrow_off = 0;
    sb_printf(&c->pre, "if (!inv->q_ok_ | (inv->q_key_ != %s)) {\n", key);
    /* one block for all of them: a call they share is computed once */
    sbuf outer = c->pre;
    c->pre = (sbuf){ 0 };
    c->level++;
    sbuf sets = { 0 };
    int failed = 0;
    for (int k = 0; k < is->nvslots && !failed; k++) {
        char *v = emit_expr(c, is->vslots[k].e, &t);
        if (!v)
            failed = 1;
        else
            sb_printf(&sets, "inv->q%d = %s;\n", k, v);
    }
    /* on error too: the caller's block and level, as before the call */
    c->level--;
    memo_close(c);
    char *inner = sb_take(&c->pre);
    char *assign = sb_take(&sets);
    c->pre = outer;
    if (failed) {
        free(inner);
        free(assign);
        return c->vrow_off = 0;
    }
    put_indented(c, inner, "    ");
    put_indented(c, assign, "    ");
    c->vrow_off = 0;
    sb_printf(&c->pre, "    inv->q_key_ = %s;\n    inv->q_ok_ = 1;\n}\n", key);
    struct memo *mm = GROW(c->memo, c->nmemo);
    mm->key = xstrdup("#vrow");
    mm->var = xstrdup("");
    mm->level = c->level;
    return 1;
}

/* A stored array's count, within its capacity for an analyser (the fill
 * loop kept it there: cfv_rt_cap latches a fault should it not be). */
char *stored_count(const char *base)
{
    return fmt("cfv_rt_cap(g, %s_n, sizeof %s / sizeof %s[0], base)", base, base, base);
}

/* &arr[ix], or the zero value when ix is out of range: one look-up per block. */
char *elem_ptr(ectx *c, const char *base, const char *ix, const strct *st)
{
    return hoist(c, fmt("struct %s_%s_val *", c->g->prefix, st->name),
                 fmt("(%s) < %s ? &%s[(%s)] : &%s", ix, stored_count(base), base, ix, zero_of(c, st)));
}

/* An argument list checked against declared types: "a, b" and each in
 * out[] (when given); NULL on error. */
static char *emit_call_args(ectx *c, const expr *e, const char *fname, int n, const vkind *want,
                            char **out)
{
    if (e->nargs != n) {
        gen_error(e->at, "%s() takes %d argument(s), not %d", fname, n, e->nargs);
        c->errors++;
        return NULL;
    }
    sbuf b = { 0 };
    for (int i = 0; i < n; i++) {
        vtype at;
        char *a = emit_expr(c, e->args[i], &at);
        if (!a)
            return NULL;
        if (at.k != want[i]) {
            gen_error(e->args[i]->at, "argument %d of %s() must be %s, not %s", i + 1, fname,
                      vkind_name(want[i]), vkind_name(at.k));
            c->errors++;
            return NULL;
        }
        if (out)
            out[i] = a;
        sb_printf(&b, "%s%s", i ? ", " : "", a);
    }
    return sb_take(&b);
}

static char *emit_extern(ectx *c, const expr *e, const ext_decl *x, vtype *t)
{
    vkind want[16];
    if (x->nparams > 16)
        return err(c, x->at, "an extern takes at most 16 parameters");
    /* In the struct's frame (ir_frame.c): computed once per frame. Looked up
     * before the arguments, which then need not be computed here at all. */
    const int slot = c->ir && !c->frames_off && !c->in_agg && !c->refine && !c->elem
                     ? ir_slot_of(c->ir, c->s, e) : -1;
    if (slot >= 0 && e->nargs == x->nparams) {
        *t = x->ret_bytes ? T_BYTES_ : T_INT_;
        return ir_of(c->ir, c->s)->slots[slot].per ? fmt("inv->v%d[s_]", slot) : fmt("inv->v%d", slot);
    }
    const int vslot = c->ir && !c->frames_off && !c->rows_off && !c->vrow_off && !c->in_agg && !c->refine &&
                      !c->elem && e->nargs == x->nparams
                      ? ir_vslot_of(c->ir, c->s, e) : -1;
    if (vslot >= 0) {
        *t = T_INT_;
        return value_row(c) ? fmt("inv->q%d", vslot) : NULL;
    }
    for (int i = 0; i < x->nparams; i++)
        want[i] = x->params[i].is_bytes ? V_BYTES : V_INT;
    char *args = emit_call_args(c, e, x->name, x->nparams, want, NULL);
    if (!args)
        return NULL;
    *t = x->ret_bytes ? T_BYTES_ : T_INT_;
    char *call = fmt("%s_x_%s(g->env%s%s)", c->g->prefix, x->name, x->nparams ? ", " : "", args);
    const int islot = c->ir && !c->frames_off && !c->rows_off && !c->in_agg && !c->refine && !c->elem &&
                      e->nargs == x->nparams
                      ? ir_islot_of(c->ir, c->s, e) : -1;
    if (islot >= 0) {
        free(call);
        return emit_index_slot(c, islot);
    }
    return hoist(c, c_type(*t), call);
}

static char *emit_builtin(ectx *c, const expr *e, vtype *t)
{
    const ext_decl *x = find_extern(c->g, e->name);
    if (x)
        return emit_extern(c, e, x, t);
    const builtin *b = NULL;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (!strcmp(builtins[i].name, e->name))
            b = &builtins[i];
    if (!b)
        return err(c, e->at, "unknown function '%s' (declare it: extern u64 %s(...);)", e->name, e->name);
    char *a[2] = { NULL, NULL };
    if (!emit_call_args(c, e, b->name, b->nargs, b->args, a))
        return NULL;
    *t = b->result == V_BYTES ? T_BYTES_ : T_INT_;
    return fmt(b->c_fmt, a[0], a[1]);
}

/* The C of an array member: its storage and its element count. */
static int array_of(ectx *c, const expr *e, vtype *t, char **base)
{
    if (e->kind != E_NAME)
        return err(c, e->at, "this is not an array"), -1;
    const member *m = c->refine ? NULL : find_member(c, c->s, e->name, 1);
    if (!m || m->t.k != V_ARRAY) {
        err(c, e->at, "'%s' is not an array declared before this point", e->name);
        return -1;
    }
    *t = m->t;
    *base = fmt("out->%s", e->name);
    return 0;
}

/* count(A [where P]), first(A where P), max(A [where P], V): a loop over a
 * stored (bounded) array, emitted ahead of the statement that uses it;
 * count(A) alone works on any array. */
static char *emit_agg(ectx *c, const expr *e, vtype *t)
{
    vtype at;
    char *base;
    if (array_of(c, e->a, &at, &base))
        return NULL;
    *t = T_INT_;
    if (!strcmp(e->name, "count") && !e->b && !e->c)
        return fmt("%s_n", base);
    if (!at.max)
        return err(c, e->at, "%s() over '%s' needs a stored array (declare it with `max N`)", e->name,
                   e->a->name);
    if (!strcmp(e->name, "first") && !e->b)
        return err(c, e->at, "%s() needs `where`", "first");
    if ((strcmp(e->name, "max") == 0) != (e->c != NULL))
        return err(c, e->at, "%s: only max() takes a value expression", e->name);
    if (c->in_agg)
        return err(c, e->at, "aggregates do not nest");
    const strct *saved = c->elem;
    const char *saved_var = c->elem_var, *saved_index = c->elem_index, *saved_prev = c->elem_prev;
    int n = c->tmp++;
    c->elem = at.st;
    c->elem_var = fmt("e%d_", n);
    c->elem_index = fmt("j%d_", n);
    c->elem_prev = fmt("q%d_", n);
    c->in_agg = 1;
    vtype pt = { 0 }, vt = { 0 };
    char *pred = e->b ? emit_expr(c, e->b, &pt) : xstrdup("1");
    char *val = e->c ? emit_expr(c, e->c, &vt) : xstrdup("1");
    c->in_agg = 0;
    c->elem = saved;
    c->elem_var = saved_var;
    c->elem_index = saved_index;
    c->elem_prev = saved_prev;
    if (!pred || !val)
        return NULL;
    if ((e->b && pt.k != V_INT) || (e->c && vt.k != V_INT))
        return err(c, e->at, "%s(): the predicate and value must be integers", e->name);
    char *step;
    const char *init = "0";
    if (!strcmp(e->name, "count")) {
        step = fmt("r%d_++;", n);
    } else if (!strcmp(e->name, "first")) {
        init = "UINT64_C(0xFFFFFFFF)";
        step = fmt("{ r%d_ = j%d_; break; }", n, n);
    } else {
        step = fmt("{ const uint64_t v%d_ = %s; if (v%d_ > r%d_) r%d_ = v%d_; }", n, val, n, n, n, n);
    }
    char *key = fmt("%s(%s where %s, %s)", e->name, base, pred, val);
    for (int i = c->nmemo; i-- > 0;)
        if (!strcmp(c->memo[i].key, key))
            return xstrdup(c->memo[i].var);
    sb_printf(&c->pre, "uint64_t r%d_ = %s;\n", n, init);
    /* within the capacity: an analyser sees every element in it */
    sb_printf(&c->pre, "for (uint64_t j%d_ = 0, m%d_ = %s; j%d_ < m%d_; j%d_++) {\n", n, n, stored_count(base),
              n, n, n);
    sb_printf(&c->pre, "    const struct %s_%s_val *e%d_ = &%s[j%d_];\n", c->g->prefix, at.st->name, n, base, n);
    sb_printf(&c->pre, "    const struct %s_%s_val *q%d_ = j%d_ ? &%s[j%d_ - 1] : &%s;\n", c->g->prefix,
              at.st->name, n, n, base, n, zero_of(c, at.st));
    sb_printf(&c->pre, "    (void)e%d_; (void)q%d_;\n", n, n);
    if (e->b)
        sb_printf(&c->pre, "    if (%s) %s\n}\n", pred, step);
    else   /* no filter: every element counts */
        sb_printf(&c->pre, "    %s\n}\n", step);
    struct memo *mm = GROW(c->memo, c->nmemo);
    mm->key = key;
    mm->var = fmt("r%d_", n);
    mm->level = c->level;
    return fmt("r%d_", n);
}

/* unique(FIELD): no earlier sibling in the stored array has the same value. */
static char *emit_unique(ectx *c, const expr *e, vtype *t)
{
    if (e->nargs != 1 || e->args[0]->kind != E_NAME)
        return err(c, e->at, "%s() takes one field name", "unique");
    if (!c->s->is_stored_element || c->s->is_other_use)
        return err(c, e->at, "%s() needs the struct to be an element of a stored array (only)", "unique");
    if (c->in_agg)
        return err(c, e->at, "aggregates do not nest");
    const member *m = find_member(c, c->s, e->args[0]->name, 1);
    if (!m || !m->is_scalar)
        return err(c, e->args[0]->at, "'%s' is not an integer field declared before this point",
                   e->args[0]->name);
    int n = c->tmp++;
    *t = T_INT_;
    sb_printf(&c->pre, "uint64_t u%d_ = 1;\n", n);
    sb_printf(&c->pre, "for (uint64_t j%d_ = 0; j%d_ < index; j%d_++)   /* sibs: the stored array */\n", n, n, n);
    sb_printf(&c->pre, "    if (sibs[j%d_].%s == out->%s) u%d_ = 0;\n", n, m->name, m->name, n);
    return fmt("u%d_", n);
}

static char *emit_name(ectx *c, const expr *e, vtype *t)
{
    const char *name = e->name;
    uint64_t v;
    if (c->elem) {
        const member *m = find_member(c, c->elem, name, 0);
        if (m) {
            *t = m->t;
            return m->t.k == V_STRUCT ? fmt("(&%s->%s)", c->elem_var, name) : fmt("%s->%s", c->elem_var, name);
        }
        if (!strcmp(name, "index")) {
            *t = T_INT_;
            return xstrdup(c->elem_index);
        }
        if (!strcmp(name, "prev")) {
            t->k = V_STRUCT;
            t->st = c->elem;
            return xstrdup(c->elem_prev);
        }
    }
    if (c->refine) {
        for (int i = 0; i < c->refine->nparams; i++)
            if (!strcmp(c->refine->params[i].name, name)) {
                *t = c->ref_t[i];
                return xstrdup(c->ref_c[i]);
            }
    } else {
        if (!strcmp(name, "index")) {
            *t = T_INT_;
            return xstrdup("index");
        }
        if (!strcmp(name, "self")) {
            *t = T_BYTES_;
            return xstrdup("cfv_rt_view(g, base, limit)");
        }
        if (!strcmp(name, "prev")) {
            t->k = V_STRUCT;
            t->st = c->s;
            return xstrdup("prev");   /* never NULL: the first element's is a zero value */
        }
        const param *set = set_param(c->g);
        if (set && !strcmp(set->name, name)) {
            if (!c->per_set)
                return err(c, e->at, "'%s' is only bound in a `per %s` check", name, name);
            *t = T_INT_;
            return fmt("p_%s", name);
        }
        for (int i = 0; i < c->s->nparams; i++)
            if (!strcmp(c->s->params[i].name, name)) {
                *t = c->s->params[i].is_bytes ? T_BYTES_ : T_INT_;
                return fmt("p_%s", name);
            }
        const member *m = find_member(c, c->s, name, 1);
        if (m) {
            *t = m->t;
            char *local = m->t.k == V_VERDICT ? local_of(c, name) : NULL;
            if (local)
                return local;
            if (m->t.k == V_ARRAY)
                return err(c, e->at, "array '%s' needs an index or count()", name);
            return m->t.k == V_STRUCT ? fmt("(&out->%s)", name) : fmt("out->%s", name);
        }
        if (find_member(c, c->s, name, 0))
            return err(c, e->at, "'%s' is used before it is declared", name);
    }
    if (lookup_constant(c->g, name, &v)) {
        *t = T_INT_;
        return fmt("UINT64_C(%llu)", (unsigned long long)v);
    }
    return err(c, e->at, "unknown name '%s'", name);
}

/* How a verdict's message is emitted, a view measured where it is made;
 * bytes_arg recognises it by this call, the only one that makes it. */
#define MESSAGE_VIEW "cfv_rt_str("

int message_view(const char *v) { return !strncmp(v, MESSAGE_VIEW, strlen(MESSAGE_VIEW)); }

char *bytes_arg(const char *v)
{
    return message_view(v) ? fmt("cfv_rt_arg_cstr(%s", v + strlen(MESSAGE_VIEW)) : fmt("cfv_rt_arg_bytes(%s)", v);
}

static char *emit_member(ectx *c, const expr *e, vtype *t)
{
    vtype at;
    char *a;
    if (e->a->kind == E_INDEX) {
        vtype arr;
        char *base;
        vtype it;
        if (array_of(c, e->a->a, &arr, &base))
            return NULL;
        if (!arr.max)
            return err(c, e->at, "indexing '%s' needs a stored array (`max N`)", e->a->a->name);
        char *ix = emit_expr(c, e->a->b, &it);
        if (!ix)
            return NULL;
        a = elem_ptr(c, base, ix, arr.st);
        at.k = V_STRUCT;
        at.st = arr.st;
    } else if (!(a = emit_expr(c, e->a, &at))) {
        return NULL;
    }
    if (at.k == V_VERDICT) {
        *t = T_INT_;
        if (!strcmp(e->name, "status"))
            return fmt("(uint64_t)(%s).status", a);
        if (!strcmp(e->name, "offset"))
            return fmt("(uint64_t)(%s).offset", a);
        if (!strcmp(e->name, "message")) {
            *t = T_BYTES_;
            return fmt(MESSAGE_VIEW "(%s).message, sizeof (%s).message)", a, a);
        }
        return err(c, e->at, "a regex verdict has status, offset and message, not '%s'", e->name);
    }
    if (at.k != V_STRUCT)
        return err(c, e->at, "'.%s' applied to something that is not a struct", e->name);
    const member *m = find_member(c, at.st, e->name, 0);
    if (!m)
        return err(c, e->at, "no member '%s' here", e->name);
    *t = m->t;
    if (m->t.k == V_ARRAY)
        return err(c, e->at, "array '%s' cannot be reached through a member", e->name);
    return m->t.k == V_STRUCT ? fmt("(&(%s)->%s)", a, e->name) : fmt("(%s)->%s", a, e->name);
}

static char *emit_binary(ectx *c, const expr *e, vtype *t)
{
    vtype ta, tb;
    char *a = emit_expr(c, e->a, &ta), *b = a ? emit_expr(c, e->b, &tb) : NULL;
    if (!a || !b)
        return NULL;
    if (ta.k != V_INT || tb.k != V_INT)
        return err(c, e->at, "operator '%s' works on integers", e->op);
    *t = T_INT_;
    static const char *const sat[][2] = {
        { "+", "cfv_rt_add" }, { "-", "cfv_rt_sub" }, { "*", "cfv_rt_mul" },
        { "/", "cfv_rt_div" }, { "%", "cfv_rt_mod" },
    };
    for (size_t i = 0; i < sizeof sat / sizeof sat[0]; i++)
        if (!strcmp(e->op, sat[i][0]))
            return fmt("%s(%s, %s)", sat[i][1], a, b);
    if (!strcmp(e->op, "&") || !strcmp(e->op, "|") || !strcmp(e->op, "^"))
        return fmt("((%s) %s (%s))", a, e->op, b);
    if (c->eager && (!strcmp(e->op, "&&") || !strcmp(e->op, "||")))
        return fmt("(((uint64_t)((%s) != 0)) %c ((uint64_t)((%s) != 0)))", a, e->op[0], b);
    return fmt("((uint64_t)((%s) %s (%s)))", a, e->op, b);
}

char *emit_expr(ectx *c, const expr *e, vtype *t)
{
    *t = T_ERR_;
    switch (e->kind) {
    case E_INT:
        *t = T_INT_;
        return fmt("UINT64_C(%llu)", (unsigned long long)e->value);
    case E_NAME:
        return emit_name(c, e, t);
    case E_MEMBER:
        return emit_member(c, e, t);
    case E_INDEX:
        return err(c, e->at, "an array element is used through one of its fields: array[i].field");
    case E_CALL:
        if (!strcmp(e->name, "unique"))
            return emit_unique(c, e, t);
        if (!strcmp(e->name, "regex"))
            return err(c, e->at, "%s() is only allowed as the value of a `let`", "regex");
        return emit_builtin(c, e, t);
    case E_AGG:
        return emit_agg(c, e, t);
    case E_UNARY: {
        vtype ta;
        char *a = emit_expr(c, e->a, &ta);
        if (!a)
            return NULL;
        if (ta.k != V_INT)
            return err(c, e->at, "operator '%s' works on integers", e->op);
        if (!strcmp(e->op, "-"))
            return err(c, e->at, "values are unsigned: no unary '%s'", e->op);
        *t = T_INT_;
        return !strcmp(e->op, "!") ? fmt("((uint64_t)!(%s))", a) : fmt("(~(%s))", a);
    }
    case E_BINARY:
        return emit_binary(c, e, t);
    case E_COND: {
        vtype tc, ta, tb;
        char *k = emit_expr(c, e->a, &tc);
        char *a = k ? emit_expr(c, e->b, &ta) : NULL;
        char *b = a ? emit_expr(c, e->c, &tb) : NULL;
        if (!b)
            return NULL;
        if (tc.k != V_INT || ta.k != tb.k || (ta.k != V_INT && ta.k != V_BYTES))
            return err(c, e->at, "'?:' needs an integer condition and two values of one type");
        *t = ta;
        return fmt("((%s) ? (%s) : (%s))", k, a, b);
    }
    }
    return NULL;
}
