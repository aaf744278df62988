/* Grammar parser: recursive descent over the token stream into the AST of
 * gen.h. Errors are reported as file:line:col and parsing stops at the
 * first one (the grammar is small; one precise error beats a cascade). */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

typedef struct parser {
    lexer lx;
    token tok, next;      /* current and one-token look-ahead */
    grammar *g;
    int failed;
} parser;

static void bump(parser *p)
{
    p->tok = p->next;
    if (p->tok.kind == T_EOF) {
        p->next = p->tok;
        return;
    }
    if (lex_next(&p->lx, &p->next) < 0) {
        p->failed = 1;
        p->next.kind = T_EOF;
        p->next.text = "end of file";
    }
}

/* Prime the look-ahead: tok and next both hold real tokens afterwards. */
static void start(parser *p)
{
    if (lex_next(&p->lx, &p->next) < 0) {
        p->failed = 1;
        p->next.kind = T_EOF;
        p->next.text = "end of file";
    }
    bump(p);
}

static int is_punct(const parser *p, const char *s)
{
    return p->tok.kind == T_PUNCT && !strcmp(p->tok.text, s);
}

static int is_word(const parser *p, const char *s)
{
    return p->tok.kind == T_IDENT && !strcmp(p->tok.text, s);
}

static const char *describe(const token *t)
{
    switch (t->kind) {
    case T_EOF: return "end of file";
    case T_INT: return "a number";
    case T_STRING: return "a string";
    case T_RULE: return "a rule id";
    default: return t->text;
    }
}

static int fail(parser *p, const char *what)
{
    if (!p->failed)
        gen_error(p->tok.at, "expected %s, found '%s'", what, describe(&p->tok));
    p->failed = 1;
    return -1;
}

/* A name given a second time (what: "defined", "declared"). */
static int twice(parser *p, loc at, const char *name, const char *what)
{
    gen_error(at, "'%s' is %s twice", name, what);
    p->failed = 1;
    return -1;
}

/* The token s, found (present) or not: 0 past it, or -1 "expected 's'". */
static int expect_token(parser *p, int present, const char *s)
{
    if (!present) {
        char what[32];
        snprintf(what, sizeof what, "'%s'", s);
        return fail(p, what);
    }
    bump(p);
    return 0;
}

static int expect_punct(parser *p, const char *s)
{
    return expect_token(p, is_punct(p, s), s);
}

static int expect_word(parser *p, const char *s)
{
    return expect_token(p, is_word(p, s), s);
}

static char *expect_ident(parser *p, const char *what)
{
    if (p->tok.kind != T_IDENT) {
        fail(p, what);
        return NULL;
    }
    char *s = p->tok.text;
    bump(p);
    return s;
}

static int expect_int(parser *p, uint64_t *v)
{
    if (p->tok.kind == T_IDENT && lookup_constant(p->g, p->tok.text, v)) {
        bump(p);
        return 0;
    }
    if (p->tok.kind != T_INT)
        return fail(p, "an integer or a constant");
    *v = p->tok.value;
    bump(p);
    return 0;
}

/* ------------------------------------------------------------ expressions */

static expr *new_expr(expr_kind k, loc at)
{
    expr *e = xcalloc(1, sizeof *e);
    e->kind = k;
    e->at = at;
    return e;
}

static expr *parse_expr(parser *p);

static const char *const agg_fns[] = { "count", "first", "max", NULL };

static int is_agg(const char *name)
{
    for (int i = 0; agg_fns[i]; i++)
        if (!strcmp(agg_fns[i], name))
            return 1;
    return 0;
}

/* `( expr, expr, ... )` after the opening parenthesis, up to the closing one. */
static int parse_arg_list(parser *p, expr ***args, int *nargs)
{
    while (!is_punct(p, ")")) {
        expr *a = parse_expr(p);
        if (!a)
            return -1;
        *GROW(*args, *nargs) = a;
        if (!is_punct(p, ","))
            break;
        bump(p);
    }
    return expect_punct(p, ")");
}

static expr *parse_call(parser *p, expr *callee)
{
    expr *e = new_expr(E_CALL, callee->at);
    e->name = callee->name;
    bump(p); /* ( */
    if (is_agg(e->name)) {
        /* count(ARR [where PRED]) / first(ARR where PRED) / max(ARR [where PRED], VALUE) */
        e->kind = E_AGG;
        e->a = new_expr(E_NAME, p->tok.at);
        if (!(e->a->name = expect_ident(p, "an array name")))
            return NULL;
        if (is_word(p, "where")) {
            bump(p);
            if (!(e->b = parse_expr(p)))
                return NULL;
        }
        if (is_punct(p, ",")) {
            bump(p);
            if (!(e->c = parse_expr(p)))
                return NULL;
        }
        return expect_punct(p, ")") ? NULL : e;
    }
    return parse_arg_list(p, &e->args, &e->nargs) ? NULL : e;
}

static expr *parse_primary(parser *p)
{
    expr *e;
    if (p->tok.kind == T_INT) {
        e = new_expr(E_INT, p->tok.at);
        e->value = p->tok.value;
        bump(p);
    } else if (p->tok.kind == T_IDENT) {
        e = new_expr(E_NAME, p->tok.at);
        e->name = p->tok.text;
        bump(p);
    } else if (is_punct(p, "(")) {
        bump(p);
        if (!(e = parse_expr(p)) || expect_punct(p, ")"))
            return NULL;
    } else {
        fail(p, "an expression");
        return NULL;
    }
    for (;;) {
        if (is_punct(p, "(") && e->kind == E_NAME) {
            if (!(e = parse_call(p, e)))
                return NULL;
        } else if (is_punct(p, ".")) {
            expr *m = new_expr(E_MEMBER, p->tok.at);
            bump(p);
            m->a = e;
            if (!(m->name = expect_ident(p, "a field name")))
                return NULL;
            e = m;
        } else if (is_punct(p, "[")) {
            expr *ix = new_expr(E_INDEX, p->tok.at);
            bump(p);
            ix->a = e;
            if (!(ix->b = parse_expr(p)) || expect_punct(p, "]"))
                return NULL;
            e = ix;
        } else {
            return e;
        }
    }
}

static expr *parse_unary(parser *p)
{
    if (is_punct(p, "!") || is_punct(p, "~") || is_punct(p, "-")) {
        expr *e = new_expr(E_UNARY, p->tok.at);
        strcpy(e->op, p->tok.text);
        bump(p);
        return (e->a = parse_unary(p)) ? e : NULL;
    }
    return parse_primary(p);
}

/* Binary operators by precedence level, lowest first. */
static const char *const levels[][5] = {
    { "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" },
    { "<", "<=", ">", ">=" }, { "+", "-" }, { "*", "/", "%" },
};
#define NLEVELS (int)(sizeof levels / sizeof levels[0])

static const char *level_op(const parser *p, int level)
{
    if (p->tok.kind != T_PUNCT)
        return NULL;
    for (int i = 0; i < 5 && levels[level][i]; i++)
        if (!strcmp(levels[level][i], p->tok.text))
            return levels[level][i];
    return NULL;
}

static expr *parse_binary(parser *p, int level)
{
    if (level == NLEVELS)
        return parse_unary(p);
    expr *lhs = parse_binary(p, level + 1);
    const char *op;
    while (lhs && (op = level_op(p, level))) {
        expr *e = new_expr(E_BINARY, p->tok.at);
        strcpy(e->op, op);
        bump(p);
        e->a = lhs;
        if (!(e->b = parse_binary(p, level + 1)))
            return NULL;
        lhs = e;
    }
    return lhs;
}

static expr *parse_expr(parser *p)
{
    expr *c = parse_binary(p, 0);
    if (!c || !is_punct(p, "?"))
        return c;
    expr *e = new_expr(E_COND, p->tok.at);
    bump(p);
    e->a = c;
    if (!(e->b = parse_expr(p)) || expect_punct(p, ":") || !(e->c = parse_expr(p)))
        return NULL;
    return e;
}

/* --------------------------------------------------------------- messages */

/* "text {expr} more {expr:spec}": holes are parsed with a sub-lexer whose
 * locations point into the grammar file. A spec is `:name` glued to the
 * expression (a ternary's ':' has spaces around it). */
static int parse_message(parser *p, const token *str, message *m)
{
    const char *s = str->text;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        msg_part *part = GROW(m->parts, m->nparts);
        memset(part, 0, sizeof *part);
        if (s[i] != '{') {
            size_t j = i;
            while (j < n && s[j] != '{')
                j++;
            part->text = xstrndup(s + i, j - i);
            i = j;
            continue;
        }
        size_t close = i + 1;
        while (close < n && s[close] != '}')
            close++;
        loc at = str->at;
        at.col += (int)i + 2;
        if (close == n) {
            gen_error(at, "unterminated '{' in message");
            return -1;
        }
        size_t end = close, colon = close;
        while (colon > i + 1 && s[colon - 1] != ':' && s[colon - 1] != ' ')
            colon--;
        if (colon > i + 2 && s[colon - 1] == ':' && s[colon - 2] != ' ' && colon < close) {
            part->spec = xstrndup(s + colon, close - colon);
            end = colon - 1;
        }
        parser sub = { 0 };
        sub.g = p->g;
        lex_init(&sub.lx, at.file, s + i + 1, end - i - 1, at.line, at.col);
        start(&sub);
        if (sub.failed || !(part->e = parse_expr(&sub)) || sub.failed)
            return -1;
        if (sub.tok.kind != T_EOF) {
            gen_error(sub.tok.at, "unexpected '%s' in message hole", describe(&sub.tok));
            return -1;
        }
        i = close + 1;
    }
    return 0;
}

/* [per NAME] @IDnnn [error|warning] [at EXPR] "message" */
static int parse_rule_tail(parser *p, int *rule, int *severity, int *per_set, expr **at_expr,
                           message *m)
{
    *severity = -1;
    if (is_word(p, "per")) {
        bump(p);
        /* the entry's set parameter; checked against it by the emitter */
        if (!expect_ident(p, "the name of the entry's `per` parameter"))
            return -1;
        *per_set = 1;
    }
    if (p->tok.kind != T_RULE)
        return fail(p, "a rule id such as @ABC001");
    *rule = (int)p->tok.value;
    const rule_decl *rd = find_rule(p->g, *rule);
    if (!rd || strcmp(p->tok.text, p->g->rule_prefix)) {
        gen_error(p->tok.at, "rule %s%03d is not in the rule catalog", p->tok.text, *rule);
        p->failed = 1;
        return -1;
    }
    bump(p);
    if (is_word(p, "warning") || is_word(p, "error")) {
        *severity = is_word(p, "warning");
        bump(p);
    }
    if (is_word(p, "at")) {
        if (!at_expr)
            return fail(p, "a message");
        bump(p);
        if (!(*at_expr = parse_expr(p)))
            return -1;
    }
    if (p->tok.kind != T_STRING)
        return fail(p, "a message string");
    token str = p->tok;
    bump(p);
    if (parse_message(p, &str, m))
        return -1;
    m->rule = *rule;
    m->id = p->g->nmsgs;
    *GROW(p->g->msgs, p->g->nmsgs) = *m;
    return 0;
}

/* ------------------------------------------------------------ structures */

static int parse_constraint(parser *p, constraint *c)
{
    memset(c, 0, sizeof *c);
    c->at = p->tok.at;
    if (is_word(p, "where")) {
        bump(p);
        c->kind = C_WHERE;
        if (!(c->cond = parse_expr(p)))
            return -1;
        return parse_rule_tail(p, &c->rule, &c->severity, &c->per_set, NULL, &c->msg);
    }
    bump(p); /* is */
    c->kind = C_IS;
    if (!(c->refine = expect_ident(p, "a refinement name")) || expect_punct(p, "(") ||
        parse_arg_list(p, &c->args, &c->nargs))
        return -1;
    if (is_word(p, "if")) {
        bump(p);
        if (!(c->guard = parse_expr(p)))
            return -1;
    }
    return 0;
}

static int parse_field(parser *p, field *f)
{
    memset(f, 0, sizeof *f);
    char *type = expect_ident(p, "a type");
    if (!type)
        return -1;
    if (!strcmp(type, "u8") || !strcmp(type, "u16") || !strcmp(type, "u32") || !strcmp(type, "u64")) {
        f->type = F_UINT;
        f->width = atoi(type + 1) / 8;
    } else if (!strcmp(type, "cstring")) {
        f->type = F_CSTRING;
    } else {
        f->type = F_STRUCT;
        f->struct_name = type;
    }
    if (!(f->name = expect_ident(p, "a field name")))
        return -1;
    if (is_punct(p, "[")) {
        bump(p);
        if (is_punct(p, ":")) {
            bump(p);
            if (!(f->bytesize = parse_expr(p)))
                return -1;
        } else if (f->type == F_UINT && f->width == 1) {
            f->type = F_BYTES;
            if (expect_int(p, &f->nbytes))
                return -1;
        } else if (!(f->count = parse_expr(p))) {
            return -1;
        }
        if (expect_punct(p, "]"))
            return -1;
        if ((f->count || f->bytesize) && f->type != F_STRUCT) {
            gen_error(p->tok.at, "arrays hold structs; use u8 NAME[N] for bytes");
            p->failed = 1;
            return -1;
        }
    }
    if (is_punct(p, "(")) {
        bump(p);
        if (parse_arg_list(p, &f->args, &f->nargs))
            return -1;
    }
    if (is_word(p, "max")) {
        bump(p);
        if (expect_int(p, &f->max))
            return -1;
    }
    while (is_word(p, "where") || is_word(p, "is"))
        if (parse_constraint(p, GROW(f->cons, f->ncons)))
            return -1;
    return expect_punct(p, ";");
}

static int parse_items(parser *p, item **items, int *nitems);

static int parse_item(parser *p, item *it)
{
    memset(it, 0, sizeof *it);
    it->at = p->tok.at;
    it->severity = -1;
    if (is_word(p, "check") || is_word(p, "require")) {
        it->kind = is_word(p, "check") ? I_CHECK : I_REQUIRE;
        bump(p);
        if (!(it->cond = parse_expr(p)))
            return -1;
        if (it->kind == I_REQUIRE && is_punct(p, ";")) {
            bump(p); /* silent: implied by a rule reported elsewhere */
            return 0;
        }
        if (parse_rule_tail(p, &it->rule, &it->severity, &it->per_set, &it->at_expr, &it->msg))
            return -1;
        return expect_punct(p, ";");
    }
    if (is_word(p, "let")) {
        it->kind = I_LET;
        bump(p);
        if (!(it->name = expect_ident(p, "a name")) || expect_punct(p, "=") ||
            !(it->value = parse_expr(p)))
            return -1;
        if (is_word(p, "if")) {
            bump(p);
            if (!(it->cond = parse_expr(p)))
                return -1;
        }
        return expect_punct(p, ";");
    }
    if (is_word(p, "if")) {
        it->kind = I_IF;
        bump(p);
        if (expect_punct(p, "(") || !(it->cond = parse_expr(p)) || expect_punct(p, ")") ||
            expect_punct(p, "{"))
            return -1;
        return parse_items(p, &it->body, &it->nbody);
    }
    if (is_word(p, "foreach")) {
        /* foreach ARRAY [if (COND)] { checks }: per-element checks that need
         * the whole stored array (e.g. its order) to be known first. */
        it->kind = I_FOREACH;
        bump(p);
        if (!(it->name = expect_ident(p, "a stored array")))
            return -1;
        if (is_word(p, "if")) {
            bump(p);
            if (expect_punct(p, "(") || !(it->cond = parse_expr(p)) || expect_punct(p, ")"))
                return -1;
        }
        if (expect_punct(p, "{") || parse_items(p, &it->body, &it->nbody))
            return -1;
        for (int i = 0; i < it->nbody; i++)
            if (it->body[i].kind != I_CHECK) {
                gen_error(it->body[i].at, "a foreach body holds checks only");
                p->failed = 1;
                return -1;
            }
        return 0;
    }
    if (is_word(p, "at")) {
        it->kind = I_AT;
        bump(p);
        if (!(it->at_off = parse_expr(p)) || expect_word(p, "size") || !(it->at_size = parse_expr(p)))
            return -1;
        if (is_word(p, "if")) {
            bump(p);
            if (!(it->cond = parse_expr(p)))
                return -1;
        }
        if (expect_punct(p, ":"))
            return -1;
        return parse_field(p, &it->f);
    }
    it->kind = I_FIELD;
    return parse_field(p, &it->f);
}

/* Items up to and including the closing '}'. */
static int parse_items(parser *p, item **items, int *nitems)
{
    while (!is_punct(p, "}")) {
        if (p->tok.kind == T_EOF)
            return fail(p, "'}'");
        if (parse_item(p, GROW(*items, *nitems)))
            return -1;
    }
    bump(p);
    return 0;
}

static int parse_params(parser *p, strct *s)
{
    if (!is_punct(p, "("))
        return 0;
    bump(p);
    while (!is_punct(p, ")")) {
        param *pa = GROW(s->params, s->nparams);
        memset(pa, 0, sizeof *pa);
        pa->at = p->tok.at;
        if (is_word(p, "per")) {
            bump(p);
            pa->is_set = 1;
        }
        char *type = expect_ident(p, "a parameter type (u8, u16, u32, u64, bytes)");
        if (!type)
            return -1;
        if (!strcmp(type, "bytes"))
            pa->is_bytes = 1;
        else if (strcmp(type, "u8") && strcmp(type, "u16") && strcmp(type, "u32") && strcmp(type, "u64")) {
            gen_error(pa->at, "unknown parameter type '%s'", type);
            p->failed = 1;
            return -1;
        }
        if (!(pa->name = expect_ident(p, "a parameter name")))
            return -1;
        if (pa->is_set && (pa->is_bytes || !s->is_entry)) {
            gen_error(pa->at, "only the entry takes a `per` parameter, and it is an integer");
            p->failed = 1;
            return -1;
        }
        if (!is_punct(p, ","))
            break;
        bump(p);
    }
    return expect_punct(p, ")");
}

static int parse_struct(parser *p, int is_entry, int is_refine)
{
    strct *s = GROW(p->g->structs, p->g->nstructs);
    memset(s, 0, sizeof *s);
    s->at = p->tok.at;
    s->is_entry = is_entry;
    s->is_refine = is_refine;
    if (!(s->name = expect_ident(p, "a struct name")))
        return -1;
    for (int i = 0; i < p->g->nstructs - 1; i++)
        if (!strcmp(p->g->structs[i].name, s->name))
            return twice(p, s->at, s->name, "defined");
    if (parse_params(p, s) || expect_punct(p, "{"))
        return -1;
    if (!is_refine)
        return parse_items(p, &s->items, &s->nitems);
    /* A refinement is a list of where-clauses on its first parameter. */
    if (s->nparams < 1 || s->params[0].is_bytes) {
        gen_error(s->at, "a refinement's first parameter is the integer field it refines");
        p->failed = 1;
        return -1;
    }
    while (!is_punct(p, "}")) {
        item *it = GROW(s->items, s->nitems);
        memset(it, 0, sizeof *it);
        it->kind = I_CHECK;
        it->at = p->tok.at;
        if (expect_word(p, "where") || !(it->cond = parse_expr(p)) ||
            parse_rule_tail(p, &it->rule, &it->severity, &it->per_set, NULL, &it->msg) ||
            expect_punct(p, ";"))
            return -1;
    }
    bump(p);
    return 0;
}

static int parse_enum(parser *p)
{
    enm *e = GROW(p->g->enums, p->g->nenums);
    memset(e, 0, sizeof *e);
    if (!(e->name = expect_ident(p, "an enum name")) || expect_punct(p, ":"))
        return -1;
    char *type = expect_ident(p, "u8, u16 or u32");
    if (!type)
        return -1;
    e->width = !strcmp(type, "u8") ? 1 : !strcmp(type, "u16") ? 2 : !strcmp(type, "u32") ? 4 : 0;
    if (!e->width) {
        gen_error(p->tok.at, "an enum is u8, u16 or u32");
        p->failed = 1;
        return -1;
    }
    if (expect_punct(p, "{"))
        return -1;
    while (!is_punct(p, "}")) {
        uint64_t dup;
        if (p->tok.kind == T_IDENT && lookup_constant(p->g, p->tok.text, &dup)) {
            gen_error(p->tok.at, "'%s' is already a constant or enum member", p->tok.text);
            p->failed = 1;
            return -1;
        }
        enum_val *v = GROW(e->vals, e->nvals);
        if (!(v->name = expect_ident(p, "an enum member")))
            return -1;
        if (expect_punct(p, "=") || expect_int(p, &v->value))
            return -1;
        if (!is_punct(p, ","))
            break;
        bump(p);
    }
    return expect_punct(p, "}");
}

static int parse_decl(parser *p)
{
    if (is_word(p, "const")) {
        bump(p);
        cnst *c = GROW(p->g->consts, p->g->nconsts);
        uint64_t dup;
        loc at = p->tok.at;
        if (!(c->name = expect_ident(p, "a constant name")))
            return -1;
        p->g->nconsts--; /* not visible in its own definition */
        if (lookup_constant(p->g, c->name, &dup))
            return twice(p, at, c->name, "defined");
        p->g->nconsts++;
        if (expect_punct(p, "=") || expect_int(p, &c->value))
            return -1;
        return expect_punct(p, ";");
    }
    if (is_word(p, "enum")) {
        bump(p);
        return parse_enum(p);
    }
    if (is_word(p, "rule")) {
        bump(p);
        rule_decl *r = GROW(p->g->rules, p->g->nrules);
        memset(r, 0, sizeof *r);
        r->at = p->tok.at;
        const char *id = p->tok.kind == T_IDENT ? p->tok.text : "";
        size_t letters = 0;
        while (id[letters] >= 'A' && id[letters] <= 'Z')
            letters++;
        if (!letters || strlen(id) != letters + 3 || strspn(id + letters, "0123456789") != 3)
            return fail(p, "a rule id such as ABC001");
        if (!p->g->rule_prefix)
            p->g->rule_prefix = xstrndup(id, letters);
        if (strncmp(id, p->g->rule_prefix, letters) || p->g->rule_prefix[letters]) {
            gen_error(r->at, "every rule id starts with %s", p->g->rule_prefix);
            p->failed = 1;
            return -1;
        }
        r->id = atoi(id + letters);
        bump(p);
        if (!is_word(p, "error") && !is_word(p, "warning"))
            return fail(p, "'error' or 'warning'");
        r->severity = is_word(p, "warning");
        bump(p);
        /* The class decides what a team may tune: a safety rule never. */
        static const char *const classes[] = {"safety", "integrity", "hygiene"};
        r->rule_class = -1;
        for (int k = 0; k < 3; k++)
            if (is_word(p, classes[k]))
                r->rule_class = k;
        if (r->rule_class < 0)
            return fail(p, "the rule's class: 'safety', 'integrity' or 'hygiene'");
        bump(p);
        if (p->tok.kind != T_STRING)
            return fail(p, "the rule's title");
        r->title = p->tok.text;
        bump(p);
        for (int i = 0; i < p->g->nrules - 1; i++)
            if (p->g->rules[i].id == r->id) {
                gen_error(r->at, "rule %s%03d is declared twice", p->g->rule_prefix, r->id);
                p->failed = 1;
                return -1;
            }
        return expect_punct(p, ";");
    }
    if (is_word(p, "extern")) {
        bump(p);
        ext_decl *x = GROW(p->g->externs, p->g->nexterns);
        memset(x, 0, sizeof *x);
        x->at = p->tok.at;
        char *type = expect_ident(p, "u64 or bytes");
        if (!type)
            return -1;
        if (strcmp(type, "u64") && strcmp(type, "bytes"))
            return fail(p, "u64 or bytes");
        x->ret_bytes = !strcmp(type, "bytes");
        if (!(x->name = expect_ident(p, "the extern's name")))
            return -1;
        for (int i = 0; i < p->g->nexterns - 1; i++)
            if (!strcmp(p->g->externs[i].name, x->name))
                return twice(p, x->at, x->name, "declared");
        strct tmp = { 0 };
        if (!is_punct(p, "("))
            return fail(p, "'('");
        if (parse_params(p, &tmp))
            return -1;
        x->params = tmp.params;
        x->nparams = tmp.nparams;
        return expect_punct(p, ";");
    }
    if (is_word(p, "docs")) {
        bump(p);
        if (p->g->docs_file)
            return fail(p, "one 'docs' declaration");
        p->g->docs_at = p->tok.at;
        if (p->tok.kind != T_STRING)
            return fail(p, "the rule catalog file's name");
        p->g->docs_file = p->tok.text;
        bump(p);
        return expect_punct(p, ";");
    }
    if (is_word(p, "entry")) {
        bump(p);
        if (expect_word(p, "struct"))
            return -1;
        return parse_struct(p, 1, 0);
    }
    if (is_word(p, "struct")) {
        bump(p);
        return parse_struct(p, 0, 0);
    }
    if (is_word(p, "refine")) {
        bump(p);
        return parse_struct(p, 0, 1);
    }
    return fail(p, "'const', 'enum', 'rule', 'extern', 'docs', 'struct', 'entry struct' or 'refine'");
}

int parse_grammar(grammar *g, const char *file, const char *src, size_t len)
{
    parser p = { 0 };
    memset(g, 0, sizeof *g);
    g->file = file;
    /* Generated C names start with the grammar's base name: tlv.grammar -> tlv_ */
    const char *base = gen_basename(file);
    size_t n = strcspn(base, ".");
    g->prefix = xstrndup(base, n);
    g->PREFIX = xstrndup(base, n);
    for (size_t i = 0; i < n; i++) {
        char c = g->prefix[i];
        if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9' && i) && c != '_') {
            gen_error((loc){ file, 1, 1 }, "the grammar's file name (before the dot) names the C "
                                           "identifiers: lower-case letters, digits, '_'");
            return -1;
        }
        g->PREFIX[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    p.g = g;
    lex_init(&p.lx, file, src, len, 1, 1);
    start(&p);
    while (!p.failed && p.tok.kind != T_EOF)
        if (parse_decl(&p))
            break;
    return p.failed ? -1 : 0;
}
