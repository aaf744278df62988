/* Emits cff_validate.c: one parser function per struct that walks a bounded
 * window of the file, evaluates every constraint, reports every failure and
 * never allocates. Layout: val structs, zero values, enum names, parsers. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

typedef struct emitter {
    ectx c;
    FILE *out;
    int indent;
    int after_array;      /* a sequential array precedes: it may have broken the parse */
} emitter;

static void line(emitter *m, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void line(emitter *m, const char *f, ...)
{
    va_list ap;
    fprintf(m->out, "%*s", m->indent * 4, "");
    va_start(ap, f);
    vfprintf(m->out, f, ap);
    va_end(ap);
    fputc('\n', m->out);
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
    const char *path;     /* C expression of a const cfv_path * */
    const char *field;    /* C string literal */
    const char *prelude;  /* declarations needed first (a path node), or "" */
} where_at;

static int emit_message(emitter *m, const message *msg)
{
    for (int i = 0; i < msg->nparts; i++) {
        const msg_part *p = &msg->parts[i];
        if (p->text) {
            line(m, "cfv_rt_text(g, %s);", c_string(p->text));
            continue;
        }
        if (p->e->kind == E_NAME && !strcmp(p->e->name, "sensor")) {
            if (!m->c.per_sensor) {
                gen_error(p->e->at, "{sensor} is only known in a `per sensor` check");
                m->c.errors++;
                return -1;
            }
            line(m, "cfv_rt_sensor(g);");
            continue;
        }
        vtype t;
        char *v = emit_expr(&m->c, p->e, &t);
        if (!v)
            return -1;
        if (t.k == V_BYTES && !p->spec) {
            line(m, "cfv_rt_bytes(g, %s);", v);
        } else if (t.k != V_INT) {
            gen_error(p->e->at, "a message hole shows an integer or bytes");
            m->c.errors++;
            return -1;
        } else if (!p->spec) {
            line(m, "cfv_rt_u64(g, %s);", v);
        } else if (!strcmp(p->spec, "x")) {
            line(m, "cfv_rt_hex(g, %s);", v);
        } else if (find_enum(m->c.g, p->spec)) {
            line(m, "cfv_rt_enum(g, %s, cff_names_%s, sizeof cff_names_%s / sizeof cff_names_%s[0]);",
                 v, p->spec, p->spec, p->spec);
        } else {
            gen_error(p->e->at, "unknown format ':%s' (use :x or an enum name)", p->spec);
            m->c.errors++;
            return -1;
        }
    }
    return 0;
}

static int severity_of(emitter *m, int rule, int severity)
{
    if (severity >= 0)
        return severity;
    const rule_decl *r = find_rule(m->c.g, rule);
    return r ? r->severity : 0;
}

/* The loop over the selected sensors that per-sensor checks run in. */
static void open_sensor_loop(emitter *m)
{
    line(m, "for (uint32_t s_ = 0; s_ < g->nsel; s_++) {");
    m->indent++;
    line(m, "g->sensor = g->sel[s_];");
}

static void close_sensor_loop(emitter *m)
{
    m->indent--;
    line(m, "}");
    line(m, "g->sensor = -1;");
}

/* if (!(cond)) report [and stop]; inside a sensor loop when per_sensor. */
static int emit_check_body(emitter *m, const expr *cond, int rule, int severity, int per_sensor,
                           const message *msg, const where_at *w, int is_require)
{
    vtype t;
    int saved = m->c.per_sensor;
    m->c.per_sensor = per_sensor;
    char *c = emit_expr(&m->c, cond, &t);
    int rc = -1;
    if (!c)
        goto out;
    if (t.k != V_INT) {
        gen_error(cond->at, "a condition is an integer (non-zero holds), not %s",
                  t.k == V_BYTES ? "bytes" : "this");
        m->c.errors++;
        goto out;
    }
    line(m, "if (!(%s)) {", c);
    m->indent++;
    if (rule) {
        if (w->prelude[0])
            line(m, "%s", w->prelude);
        line(m, "cfv_rt_begin(g, %d, %d, %s, %s, %s, -1);", rule, severity_of(m, rule, severity),
             w->offset, w->path, w->field);
        if (emit_message(m, msg))
            goto out;
        line(m, "cfv_rt_end(g);");
    }
    if (is_require)
        line(m, "%sreturn CFV_STOP;", per_sensor ? "g->sensor = -1; " : "");
    m->indent--;
    line(m, "}");
    rc = 0;
out:
    m->c.per_sensor = saved;
    return rc;
}

static int emit_check(emitter *m, const expr *cond, int rule, int severity, int per_sensor,
                      const message *msg, const where_at *w, int is_require)
{
    if (per_sensor)
        open_sensor_loop(m);
    int rc = emit_check_body(m, cond, rule, severity, per_sensor, msg, w, is_require);
    if (per_sensor)
        close_sensor_loop(m);
    return rc;
}

/* `at X`: a field of this struct, a.b, arr[i].f, or any offset expression. */
static int resolve_at(emitter *m, const expr *e, where_at *w)
{
    vtype t;
    w->path = "path";
    w->field = "\"\"";
    w->prelude = "";
    if (!e) {
        w->offset = "base";
        return 0;
    }
    if (e->kind == E_NAME && m->c.elem && find_member(&m->c, m->c.elem, e->name, 0)) {
        /* inside foreach: a field of the element */
        w->offset = fmt("it->off_%s", e->name);
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
            w->offset = fmt("((%s) < out->%s_n ? out->%s[(%s)].off_%s : 0)", ix, arr, arr, ix, e->name);
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
        char *gc = emit_expr(&m->c, k->guard, &gt);
        if (!gc)
            return -1;
        line(m, "if (%s) {", gc);
        m->indent++;
    }
    ectx saved = m->c;
    m->c.refine = r;
    m->c.ref_c = cs;
    m->c.ref_t = ts;
    int rc = 0;
    for (int i = 0; i < r->nitems && !rc; i++)
        rc = emit_check(m, r->items[i].cond, r->items[i].rule, r->items[i].severity,
                        r->items[i].per_sensor, &r->items[i].msg, w, 0);
    saved.errors = m->c.errors;
    saved.tmp = m->c.tmp;
    m->c = saved;
    if (k->guard) {
        m->indent--;
        line(m, "}");
    }
    return rc;
}

static int emit_constraints(emitter *m, const field *f)
{
    where_at w = { fmt("out->off_%s", f->name), "path", c_string(f->name), "" };
    for (int i = 0; i < f->ncons; i++) {
        const constraint *k = &f->cons[i];
        if (k->kind == C_IS) {
            if (emit_refinement(m, f, k, &w))
                return -1;
            continue;
        }
        if (!k->per_sensor) {
            if (emit_check(m, k->cond, k->rule, k->severity, 0, &k->msg, &w, 0))
                return -1;
            continue;
        }
        /* Consecutive per-sensor constraints share one loop over the sensors. */
        open_sensor_loop(m);
        for (; i < f->ncons && f->cons[i].kind == C_WHERE && f->cons[i].per_sensor; i++)
            if (emit_check_body(m, f->cons[i].cond, f->cons[i].rule, f->cons[i].severity, 1,
                                &f->cons[i].msg, &w, 0))
                return -1;
        i--;
        close_sensor_loop(m);
    }
    return 0;
}

/* Hoisted arguments of a struct-typed field: evaluated once, in this scope. */
static int emit_args(emitter *m, const field *f, const strct *st, sbuf *call)
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
        line(m, "const %s a%d_ = %s;", c_type(t), n, a);
        sb_printf(call, ", a%d_", n);
    }
    return 0;
}

static int emit_struct_field(emitter *m, const field *f, const char *pos, const char *lim)
{
    const strct *st = find_struct(m->c.g, f->struct_name);
    sbuf args = { 0 };
    line(m, "{");
    m->indent++;
    if (emit_args(m, f, st, &args))
        return -1;
    char *a = sb_take(&args);
    line(m, "out->off_%s = %s;", f->name, pos);
    if (!f->count && !f->bytesize) {
        line(m, "cfv_path node_ = { path, %s, -1 };", c_string(f->name));
        line(m, "int rc_ = cff_parse_%s(g, %s, %s, &node_, 0, NULL, NULL%s, &out->%s);", st->name, pos,
             lim, a, f->name);
        line(m, "if (rc_ != CFV_OK) return rc_;");
        line(m, "%s = out->%s._end;", pos, f->name);
        m->indent--;
        line(m, "}");
        return 0;
    }
    vtype t;
    char *n = emit_expr(&m->c, f->count ? f->count : f->bytesize, &t);
    if (!n)
        return -1;
    if (f->count) {
        line(m, "uint64_t n_ = %s;", n);
        if (f->max) {
            /* The grammar must bound the count before a stored array. */
            line(m, "if (n_ > %llu) { cfv_rt_unguarded(g, %s, path, %s); n_ = %llu; }",
                 (unsigned long long)f->max, pos, c_string(f->name), (unsigned long long)f->max);
        }
        line(m, "const uint64_t end_ = %s;", lim);
    } else {
        line(m, "const uint64_t end_ = cfv_rt_add(%s, %s) < %s ? cfv_rt_add(%s, %s) : %s;", pos, n, lim,
             pos, n, lim);
    }
    if (!f->max)
        line(m, "struct cff_%s_val el2_[2] = { cff_zero_%s, cff_zero_%s };", st->name, st->name, st->name);
    line(m, "for (uint64_t i_ = 0; %s; i_++) {", f->count ? "i_ < n_" : fmt("%s < end_", pos));
    m->indent++;
    line(m, "if (cfv_rt_capped(g)) return CFV_ABORT;");
    line(m, "cfv_path node_ = { path, %s, (int64_t)i_ };", c_string(f->name));
    if (f->max) {
        line(m, "struct cff_%s_val *el_ = &out->%s[i_];", st->name, f->name);
        line(m, "const struct cff_%s_val *prev_ = i_ ? &out->%s[i_ - 1] : NULL;", st->name, f->name);
    } else {
        line(m, "struct cff_%s_val *el_ = &el2_[i_ & 1];", st->name);
        line(m, "const struct cff_%s_val *prev_ = i_ ? &el2_[(i_ - 1) & 1] : NULL;", st->name);
    }
    line(m, "int rc_ = cff_parse_%s(g, %s, end_, &node_, i_, prev_, %s%s, el_);", st->name, pos,
         f->max ? fmt("out->%s", f->name) : "NULL", a);
    line(m, "if (rc_ == CFV_ABORT) return rc_;");
    /* A stopped element hides where the next one starts: the array ends. */
    line(m, "if (rc_ == CFV_STOP || el_->_end <= %s) { broken = 1; break; }", pos);
    line(m, "%s = el_->_end;", pos);
    line(m, "out->%s_n = i_ + 1;", f->name);
    m->indent--;
    line(m, "}");
    m->indent--;
    line(m, "}");
    return 0;
}

static int emit_field(emitter *m, const field *f, const char *pos, const char *lim)
{
    const char *name = f->name;
    char *fname = c_string(name);
    line(m, "/* %s */", name);
    if (m->after_array)
        line(m, "if (broken) return CFV_STOP;");
    switch (f->type) {
    case F_UINT:
        line(m, "if (!(%s <= g->len && %d <= %s && %s <= %s - %d)) return cfv_rt_unguarded(g, %s, path, %s);",
             lim, f->width, lim, pos, lim, f->width, pos, fname);
        line(m, "out->off_%s = %s;", name, pos);
        if (f->width == 1)
            line(m, "out->%s = g->buf[%s];", name, pos);
        else
            line(m, "out->%s = cfv_le%d(g->buf + %s);", name, f->width * 8, pos);
        line(m, "%s += %d;", pos, f->width);
        break;
    case F_BYTES:
        line(m, "if (!(%s <= g->len && %llu <= %s && %s <= %s - %llu)) return cfv_rt_unguarded(g, %s, path, %s);",
             lim, (unsigned long long)f->nbytes, lim, pos, lim, (unsigned long long)f->nbytes, pos, fname);
        line(m, "out->off_%s = %s;", name, pos);
        line(m, "out->%s = cfv_rt_view(g, %s, %s + %llu);", name, pos, pos, (unsigned long long)f->nbytes);
        line(m, "%s += %llu;", pos, (unsigned long long)f->nbytes);
        break;
    case F_CSTRING:
        line(m, "{");
        m->indent++;
        line(m, "const cfv_bytes rest_ = cfv_rt_view(g, %s, %s);", pos, lim);
        line(m, "const uint64_t z_ = cfv_rt_find_nul(rest_);");
        line(m, "if (z_ == rest_.n) return cfv_rt_unguarded(g, %s, path, %s);", pos, fname);
        line(m, "out->off_%s = %s;", name, pos);
        line(m, "out->%s = cfv_rt_prefix(rest_, z_);", name);
        line(m, "%s += z_ + 1;", pos);
        m->indent--;
        line(m, "}");
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

static int emit_item(emitter *m, const item *it)
{
    vtype t;
    where_at w;
    switch (it->kind) {
    case I_FIELD: {
        int rc = emit_field(m, &it->f, "pos", "limit");
        m->after_array |= it->f.count || it->f.bytesize;
        return rc;
    }
    case I_CHECK:
    case I_REQUIRE:
        if (resolve_at(m, it->at_expr, &w))
            return -1;
        return emit_check(m, it->cond, it->rule, it->severity, it->per_sensor, &it->msg, &w,
                          it->kind == I_REQUIRE);
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
            /* No zeroing of whole records per element (it dominated the hot
             * path): a verdict not computed reads as RE_OK. */
            line(m, "if (%s) cfv_rt_regex(g, %s, %s, &out->%s);", guard ? guard : "1", a, b, it->name);
            line(m, "else { out->%s.status = 0; out->%s.offset = 0; out->%s.message[0] = 0; }", it->name,
                 it->name, it->name);
        } else {
            char *v = emit_expr(&m->c, it->value, &t);
            if (!v)
                return -1;
            if (guard)
                line(m, "out->%s = (%s) ? (%s) : (%s){ 0 };", it->name, guard, v, c_type(t));
            else
                line(m, "out->%s = %s;", it->name, v);
        }
        mark_seen(&m->c, it->name);
        return 0;
    }
    case I_IF: {
        char *c = emit_expr(&m->c, it->cond, &t);
        if (!c)
            return -1;
        line(m, "if (%s) {", c);
        m->indent++;
        if (emit_items(m, it->body, it->nbody))
            return -1;
        m->indent--;
        line(m, "}");
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
        line(m, "if (%s) for (uint64_t f%d_ = 0; f%d_ < out->%s_n; f%d_++) {", guard, n, n, it->name, n);
        m->indent++;
        line(m, "const struct cff_%s_val *it = &out->%s[f%d_];", arr->t.st->name, it->name, n);
        line(m, "const cfv_path fe_ = { path, %s, (int64_t)f%d_ };", c_string(it->name), n);
        line(m, "(void)it; (void)fe_;");
        ectx saved = m->c;
        m->c.elem = arr->t.st;
        m->c.elem_index = fmt("f%d_", n);
        m->c.elem_prev = fmt("(f%d_ ? &out->%s[f%d_ - 1] : &cff_zero_%s)", n, it->name, n, arr->t.st->name);
        int rc = emit_items(m, it->body, it->nbody);
        saved.errors = m->c.errors;
        saved.tmp = m->c.tmp;
        m->c = saved;
        m->indent--;
        line(m, "}");
        return rc;
    }
    case I_AT: {
        char *guard = it->cond ? emit_expr(&m->c, it->cond, &t) : xstrdup("1");
        char *off = guard ? emit_expr(&m->c, it->at_off, &t) : NULL;
        char *size = off ? emit_expr(&m->c, it->at_size, &t) : NULL;
        if (!size)
            return -1;
        line(m, "if (%s) {", guard);
        m->indent++;
        /* The window as offsets into g->buf, clamped as cfv_rt_view clamps. */
        line(m, "const uint64_t at_off_ = %s;", off);
        line(m, "const uint64_t at_end_ = cfv_rt_add(at_off_, %s);", size);
        line(m, "const uint64_t at_lim = at_end_ < g->len ? at_end_ : g->len;");
        line(m, "uint64_t at_pos = at_off_ < at_lim ? at_off_ : at_lim;");
        line(m, "int saved_broken_ = broken;");
        line(m, "broken = 0;");
        int saved_after = m->after_array;
        m->after_array = 0; /* a placed field starts its own window */
        if (emit_field(m, &it->f, "at_pos", "at_lim"))
            return -1;
        m->after_array = saved_after;
        line(m, "(void)at_pos;");
        line(m, "broken = saved_broken_;");
        m->indent--;
        line(m, "}");
        return 0;
    }
    }
    return 0;
}

static int emit_items(emitter *m, const item *items, int n)
{
    for (int i = 0; i < n; i++)
        if (emit_item(m, &items[i]))
            return -1;
    return 0;
}

/* ---------------------------------------------------------------- structs */

static void mark_elements(const grammar *g, const item *items, int n)
{
    for (int i = 0; i < n; i++) {
        const item *it = &items[i];
        if ((it->kind == I_FIELD || it->kind == I_AT) && it->f.type == F_STRUCT &&
            (it->f.count || it->f.bytesize)) {
            strct *st = (strct *)find_struct(g, it->f.struct_name);
            if (st) {
                st->is_element = 1;
                st->is_stored_element |= it->f.max != 0;
            }
        }
        if (it->kind == I_IF)
            mark_elements(g, it->body, it->nbody);
    }
}

static void emit_val_struct(emitter *m, const strct *s, int *done)
{
    int idx = (int)(s - m->c.g->structs);
    if (done[idx])
        return;
    done[idx] = 1;
    smodel *md = model_of(&m->c, s);
    for (int i = 0; i < md->nm; i++)
        if ((md->m[i].t.k == V_STRUCT || (md->m[i].t.k == V_ARRAY && md->m[i].t.max)) && md->m[i].t.st)
            emit_val_struct(m, md->m[i].t.st, done);
    line(m, "struct cff_%s_val {", s->name);
    m->indent++;
    line(m, "uint64_t _base, _end;");
    for (int i = 0; i < md->nm; i++) {
        const member *mb = &md->m[i];
        switch (mb->t.k) {
        case V_STRUCT:
            line(m, "struct cff_%s_val %s;", mb->t.st->name, mb->name);
            break;
        case V_ARRAY:
            if (mb->t.max)
                line(m, "struct cff_%s_val %s[%llu];", mb->t.st->name, mb->name,
                     (unsigned long long)mb->t.max);
            line(m, "uint64_t %s_n;", mb->name);
            break;
        default:
            line(m, "%s %s;", c_type(mb->t), mb->name);
        }
        if (mb->is_field)
            line(m, "uint64_t off_%s;", mb->name);
    }
    m->indent--;
    line(m, "};");
    line(m, "static const struct cff_%s_val cff_zero_%s __attribute__((unused));", s->name, s->name);
    blank(m);
}

static void emit_signature(emitter *m, const strct *s, const char *end)
{
    sbuf b = { 0 };
    for (int i = 0; i < s->nparams; i++)
        sb_printf(&b, ", %s p_%s", s->params[i].is_bytes ? "cfv_bytes" : "uint64_t", s->params[i].name);
    char *ps = sb_take(&b);
    line(m, "static int cff_parse_%s(cfv_gctx *g, uint64_t base, uint64_t limit, const cfv_path *path,",
         s->name);
    line(m, "    uint64_t index, const struct cff_%s_val *prev, const struct cff_%s_val *sibs%s,", s->name,
         s->name, ps);
    line(m, "    struct cff_%s_val *out)%s", s->name, end);
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
            line(m, "out->%s = (cfv_bytes){ 0 }; out->off_%s = 0;", f->name, f->name);
        else if (cond)
            line(m, "out->%s = cff_zero_%s;", f->name, f->struct_name);
    }
}

static int emit_parser(emitter *m, const strct *s)
{
    m->c.s = s;
    m->c.nseen = 0;
    m->after_array = 0;
    emit_signature(m, s, "");
    line(m, "{");
    m->indent++;
    line(m, "uint64_t pos = base;");
    line(m, "int broken = 0;");
    line(m, "(void)index; (void)prev; (void)sibs; (void)path; (void)broken;");
    line(m, "out->_base = base;");
    emit_conditional_zeroing(m, s->items, s->nitems, 0);
    if (emit_items(m, s->items, s->nitems))
        return -1;
    line(m, "out->_end = pos;");
    line(m, "return CFV_OK;");
    m->indent--;
    line(m, "}");
    blank(m);
    return 0;
}

static void emit_enum_names(emitter *m)
{
    for (int i = 0; i < m->c.g->nenums; i++) {
        const enm *e = &m->c.g->enums[i];
        uint64_t top = 0;
        for (int j = 0; j < e->nvals; j++)
            if (e->vals[j].value > top)
                top = e->vals[j].value;
        if (top > 4096)
            continue;
        line(m, "__attribute__((unused)) static const char *const cff_names_%s[%llu] = {", e->name, (unsigned long long)top + 1);
        for (int j = 0; j < e->nvals; j++)
            line(m, "    [%llu] = \"%s\",", (unsigned long long)e->vals[j].value, e->vals[j].name);
        line(m, "};");
    }
    blank(m);
}

static const char *const entry_params[] = { "real_size", "max_size", "now", NULL };

int emit_validator(const grammar *g, FILE *out)
{
    emitter m = { 0 };
    m.out = out;
    m.c.g = g;
    m.c.models = xcalloc((size_t)g->nstructs + 1, sizeof *m.c.models);
    const strct *entry = NULL;
    for (int i = 0; i < g->nstructs; i++) {
        if (g->structs[i].is_entry) {
            if (entry) {
                gen_error(g->structs[i].at, "only one struct can be the entry");
                return -1;
            }
            entry = &g->structs[i];
        }
        mark_elements(g, g->structs[i].items, g->structs[i].nitems);
    }
    if (!entry) {
        gen_error((loc){ g->file, 1, 1 }, "no `entry struct`");
        return -1;
    }
    for (int i = 0; i < entry->nparams; i++) {
        int ok = !entry->params[i].is_bytes;
        for (int j = 0; ok && entry_params[j]; j++)
            if (!strcmp(entry_params[j], entry->params[i].name))
                ok = 2;
        if (ok != 2) {
            gen_error(entry->params[i].at, "the entry's parameters come from cfv_options: "
                                           "u64 real_size, max_size or now");
            return -1;
        }
    }
    if (collect_models(&m.c))
        return -1;

    line(&m, "/* Generated by cfv-gen from %s. Do not edit: change the grammar. */", gen_basename(g->file));
    line(&m, "#include \"cfv_rt.h\"");
    blank(&m);
    line(&m, "_Static_assert(CFV_RE_COMPILE_ERROR == 1 && CFV_RE_NESTED_UNBOUNDED == 2 && CFV_RE_UNCHECKED == 3, \"RegexStatus\");");
    blank(&m);
    int *done = xcalloc((size_t)g->nstructs + 1, sizeof *done);
    for (int i = 0; i < g->nstructs; i++)
        if (!g->structs[i].is_refine)
            emit_val_struct(&m, &g->structs[i], done);
    emit_enum_names(&m);
    for (int i = 0; i < g->nstructs; i++)
        if (!g->structs[i].is_refine)
            emit_signature(&m, &g->structs[i], ";");
    blank(&m);
    for (int i = 0; i < g->nstructs; i++)
        if (!g->structs[i].is_refine && emit_parser(&m, &g->structs[i]))
            return -1;
    sbuf b = { 0 };
    for (int i = 0; i < entry->nparams; i++)
        sb_printf(&b, ", g->%s", entry->params[i].name);
    line(&m, "int cff_entry(cfv_gctx *g)");
    line(&m, "{");
    line(&m, "    struct cff_%s_val v = cff_zero_%s;", entry->name, entry->name);
    line(&m, "    return cff_parse_%s(g, 0, g->len, NULL, 0, NULL, NULL%s, &v);", entry->name, sb_take(&b));
    line(&m, "}");
    return m.c.errors ? -1 : 0;
}
