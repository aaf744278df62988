/* Shared by the source parser's files: the parser state and its helpers. */
#ifndef CFV_AUTHORING_SRC_PARSE_INTERNAL_H
#define CFV_AUTHORING_SRC_PARSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "src_lex.h"
#include "src_parse.h"

typedef struct cfv_parser {
    cfv_lexer lx;
    cfv_tok tok;                /* the current token */
    const cfv_defs *defs;
    uint64_t now;
    cfv_src_model *m;
    cfv_src_error *err;
    int failed;
    int type;                   /* default template type index, -1 until known */
    cfv_src_loc type_at, sections_at, pool_at;
    int settled;                /* channel and type agreed for the instances */
    int have_pool, have_extra;
    uint32_t pool_count;
    uint32_t *sorted;           /* pool offsets by text, then offset */
} cfv_parser;

/* src_cursor.c: the token cursor and errors. */
/* Error at a position (the first error wins); always returns -1. */
int cfv_src_fail_at(cfv_parser *ps, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Error at a token (the first error wins); always returns -1. */
int cfv_src_fail(cfv_parser *ps, const cfv_tok *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Next token; -1 on a lexical error. */
int cfv_src_advance(cfv_parser *ps);
int cfv_src_is_word(const cfv_tok *t, const char *w);
const char *cfv_src_tok_desc(const cfv_tok *t, char *buf, size_t cap);
/* Consumes a token of this kind, or fails naming `what`. */
int cfv_src_expect(cfv_parser *ps, cfv_tok_kind kind, const char *what);
/* Consumes a NUMBER in 0..max. */
int cfv_src_number(cfv_parser *ps, uint64_t max, const char *what, uint64_t *out);
/* Derives the channel from the type or the type from the channel. */
int cfv_src_settle_header(cfv_parser *ps, const cfv_tok *at);

/* src_instance.c, src_pool.c: statements. */
int cfv_src_stmt_instance(cfv_parser *ps);
int cfv_src_stmt_pool(cfv_parser *ps);
/* The sref of a STRING token's text in the pool (first occurrence), or
 * -1 after failing "not in the pool". */
int64_t cfv_src_pool_ref(cfv_parser *ps, const cfv_tok *t);
/* Points the STRINGS section at the finished pool bytes. */
void cfv_src_pool_attach(cfv_parser *ps);

#endif
