/* Tokens of the cfv source format (docs/source-format.md): words, numbers
 * (decimal, 0x hex, or an ISO 8601 UTC time), quoted strings with escapes,
 * @N raw string references, { } [ ]; `#` comments; every token knows its
 * line and column. */
#ifndef CFV_AUTHORING_SRC_LEX_H
#define CFV_AUTHORING_SRC_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum cfv_tok_kind {
    CFV_TOK_EOF,
    CFV_TOK_WORD,       /* [A-Za-z_][A-Za-z0-9_]* */
    CFV_TOK_NUMBER,     /* starts with a digit; see cfv_lex_number */
    CFV_TOK_STRING,     /* "..." decoded into text/len (no NUL inside) */
    CFV_TOK_REF,        /* @N: num */
    CFV_TOK_LBRACE,
    CFV_TOK_RBRACE,
    CFV_TOK_LBRACKET,
    CFV_TOK_RBRACKET,
    CFV_TOK_ERROR       /* message in the lexer's error */
} cfv_tok_kind;

typedef struct cfv_tok {
    cfv_tok_kind kind;
    uint32_t line, col;         /* 1-based; col counts bytes */
    const char *start;          /* the token's bytes in the source */
    size_t span;
    char *text;                 /* STRING: decoded, NUL-terminated (lexer-owned) */
    size_t len;
    uint64_t num;               /* REF */
} cfv_tok;

typedef struct cfv_lexer {
    const char *src, *end, *p;
    uint32_t line;
    const char *line_start;
    char *buf;                  /* the current STRING's text */
    size_t cap;
    char error[160];
    uint32_t err_line, err_col;
} cfv_lexer;

void cfv_lex_init(cfv_lexer *lx, const char *src, size_t len);
void cfv_lex_free(cfv_lexer *lx);
/* The next token (its text lives until the next call). */
cfv_tok cfv_lex_next(cfv_lexer *lx);

/* A NUMBER token's value: decimal, or 0x hex, up to max. 0, or -1. */
int cfv_lex_number(const cfv_tok *t, uint64_t max, uint64_t *out);
/* A NUMBER token as a time: Unix seconds, or YYYY-MM-DDTHH:MM:SSZ. 0, or -1. */
int cfv_lex_time(const cfv_tok *t, uint64_t *out);

/* Civil UTC time of Unix seconds into out[21]: "2024-07-19T04:09:00Z". */
void cfv_format_utc(uint64_t secs, char out[32]);

#endif
