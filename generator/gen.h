/* cfv-gen: the grammar compiler. grammar text -> AST -> C.
 * Shared declarations of the lexer, parser and emitters. */
#ifndef CFV_GEN_H
#define CFV_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct loc {
    const char *file;
    int line, col;
} loc;

/* ------------------------------------------------------------ tokens */
typedef enum tok_kind {
    T_EOF, T_IDENT, T_INT, T_STRING, T_RULE, T_PUNCT
} tok_kind;

typedef struct token {
    tok_kind kind;
    loc at;
    char *text;          /* identifier, punctuation, or decoded string */
    uint64_t value;      /* T_INT, T_RULE (rule number) */
} token;

typedef struct lexer {
    const char *src;
    size_t len, pos;
    loc at;
} lexer;

void lex_init(lexer *lx, const char *file, const char *src, size_t len, int line, int col);
int lex_next(lexer *lx, token *out);   /* 0 ok, -1 error (reported) */

/* -------------------------------------------------------- expressions */
typedef enum expr_kind {
    E_INT, E_NAME, E_MEMBER, E_INDEX, E_CALL, E_UNARY, E_BINARY, E_COND, E_AGG
} expr_kind;

typedef struct expr expr;
struct expr {
    expr_kind kind;
    loc at;
    uint64_t value;       /* E_INT */
    char *name;           /* E_NAME, E_MEMBER (member), E_CALL (callee), E_AGG (fn) */
    char op[3];           /* E_UNARY / E_BINARY operator */
    expr *a, *b, *c;      /* operands; E_AGG: a = array name, b = filter, c = value */
    expr **args;          /* E_CALL */
    int nargs;
};

/* A message: literal text with {EXPR[:spec]} holes. */
typedef struct msg_part {
    char *text;           /* literal, or NULL for a hole */
    expr *e;
    char *spec;           /* "x", an enum name, or NULL */
} msg_part;

typedef struct message {
    msg_part *parts;
    int nparts;
    int id;               /* index in the catalog's message templates */
    int rule;
} message;

/* ------------------------------------------------------ declarations */
typedef enum constraint_kind { C_WHERE, C_IS } constraint_kind;

typedef struct constraint {
    constraint_kind kind;
    loc at;
    expr *cond;           /* C_WHERE */
    int rule;             /* rule number */
    int severity;         /* -1 default, 0 error, 1 warning */
    int per_set;       /* `per NAME`: once for each value of the entry's set parameter */
    message msg;
    char *refine;         /* C_IS */
    expr **args;
    int nargs;
    expr *guard;          /* C_IS ... if guard */
} constraint;

typedef enum ftype_kind { F_UINT, F_BYTES, F_CSTRING, F_STRUCT } ftype_kind;

typedef struct field {
    ftype_kind type;
    int width;            /* F_UINT: 1 2 4 8 */
    uint64_t nbytes;      /* F_BYTES: u8 name[N] */
    char *struct_name;    /* F_STRUCT */
    char *name;
    expr *count;          /* T name[count] */
    expr *bytesize;       /* T name[:bytesize] */
    expr **args;
    int nargs;
    uint64_t max;         /* stored array bound, 0 = streamed */
    constraint *cons;
    int ncons;
} field;

typedef enum item_kind { I_FIELD, I_CHECK, I_REQUIRE, I_LET, I_IF, I_AT, I_FOREACH } item_kind;

typedef struct item item;
struct item {
    item_kind kind;
    loc at;
    field f;              /* I_FIELD, I_AT */
    expr *cond;           /* I_CHECK, I_REQUIRE, I_IF, I_LET guard, I_AT guard */
    int rule;             /* 0 = silent require */
    int severity;
    int per_set;
    expr *at_expr;        /* I_CHECK/I_REQUIRE location */
    message msg;
    char *name;           /* I_LET; I_FOREACH: the stored array */
    expr *value;          /* I_LET */
    expr *at_off, *at_size; /* I_AT */
    item *body;           /* I_IF, I_FOREACH */
    int nbody;
};

typedef struct param {
    char *name;
    int is_bytes;         /* else an integer */
    int is_set;           /* `per u64 NAME` (entry only): the caller passes a set of values */
    loc at;
} param;

typedef struct strct {
    char *name;
    loc at;
    int is_entry;
    int is_refine;
    param *params;
    int nparams;
    item *items;
    int nitems;
    int is_element;       /* filled by the emitter: used as an array element */
    int is_stored_element;
    int is_other_use;     /* also a single field or a streamed element (sibs is NULL there) */
} strct;

typedef struct enum_val {
    char *name;
    uint64_t value;
} enum_val;

typedef struct enm {
    char *name;
    int width;
    enum_val *vals;
    int nvals;
} enm;

typedef struct cnst {
    char *name;
    uint64_t value;
} cnst;

typedef struct rule_decl {
    int id;
    int severity;
    int rule_class;       /* 0 safety, 1 integrity, 2 hygiene (cfv_rule_class) */
    char *title;
    loc at;
} rule_decl;

/* extern u64|bytes NAME(u64|bytes a, ...): a domain function implemented in
 * C as <prefix>_x_NAME(const void *env, ...). Total and pure by contract. */
typedef struct ext_decl {
    char *name;
    int ret_bytes;
    param *params;
    int nparams;
    loc at;
} ext_decl;

/* A rule's long text, from the catalog file the grammar names with
 * `docs "FILE";` (ruledocs.c). */
typedef struct rule_doc {
    int id;
    char *checks, *why, *bad, *good, *fix;
    loc at;
} rule_doc;

typedef struct grammar {
    const char *file;
    char *docs_file;       /* as written in the grammar, relative to it */
    loc docs_at;
    rule_doc *docs; int ndocs;
    cnst *consts; int nconsts;
    enm *enums; int nenums;
    rule_decl *rules; int nrules;
    strct *structs; int nstructs;
    ext_decl *externs; int nexterns;
    message *msgs; int nmsgs;    /* copies of every message template, in grammar order */
    char *rule_prefix;    /* letters of the rule ids ("ABC" of ABC001) */
    char *prefix;         /* C prefix: the grammar file's base name ("tlv" of tlv.grammar) */
    char *PREFIX;         /* the same in capitals, for macros */
} grammar;

int parse_grammar(grammar *g, const char *file, const char *src, size_t len);
/* Reads g->docs_file (if the grammar names one) into g->docs. */
int load_rule_docs(grammar *g);

/* -------------------------------------------------------------- emit */
int emit_validator(const grammar *g, FILE *out);
int emit_header(const grammar *g, FILE *out);
int emit_layout(const grammar *g, FILE *out);
int emit_rules(const grammar *g, FILE *out);
int emit_dict(const grammar *g, FILE *out);

/* ----------------------------------------------------------- helpers */
void gen_error(loc at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
#define GROW(arr, n) ((arr) = xrealloc((arr), sizeof *(arr) * (size_t)((n) + 1)), &(arr)[(n)++])
void *xrealloc(void *p, size_t size);

const strct *find_struct(const grammar *g, const char *name);
const enm *find_enum(const grammar *g, const char *name);
const rule_decl *find_rule(const grammar *g, int id);
const ext_decl *find_extern(const grammar *g, const char *name);
const param *set_param(const grammar *g);   /* the entry's `per` parameter, or NULL */
int lookup_constant(const grammar *g, const char *name, uint64_t *value);
const char *gen_basename(const char *path);

#endif
