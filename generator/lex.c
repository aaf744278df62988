/* Grammar lexer: identifiers, integers, strings, @PREFIXnnn, punctuation;
 * `#` comments. Every token carries file:line:col. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void lex_init(lexer *lx, const char *file, const char *src, size_t len, int line, int col)
{
    lx->src = src;
    lx->len = len;
    lx->pos = 0;
    lx->at.file = file;
    lx->at.line = line;
    lx->at.col = col;
}

static int peekc(const lexer *lx, size_t ahead)
{
    return lx->pos + ahead < lx->len ? (unsigned char)lx->src[lx->pos + ahead] : -1;
}

static void advance(lexer *lx)
{
    if (lx->pos >= lx->len)
        return;
    if (lx->src[lx->pos] == '\n') {
        lx->at.line++;
        lx->at.col = 1;
    } else {
        lx->at.col++;
    }
    lx->pos++;
}

static void skip_space(lexer *lx)
{
    for (;;) {
        int c = peekc(lx, 0);
        if (c == '#') {
            while (peekc(lx, 0) != -1 && peekc(lx, 0) != '\n')
                advance(lx);
        } else if (c != -1 && isspace(c)) {
            advance(lx);
        } else {
            return;
        }
    }
}

static const char *const two_char[] = { "<=", ">=", "==", "!=", "&&", "||", NULL };

static int lex_string(lexer *lx, token *out)
{
    char *buf = xcalloc(lx->len + 1, 1);
    size_t n = 0;
    advance(lx); /* opening quote */
    for (;;) {
        int c = peekc(lx, 0);
        if (c == -1 || c == '\n') {
            gen_error(out->at, "unterminated string");
            free(buf);
            return -1;
        }
        advance(lx);
        if (c == '"')
            break;
        if (c == '\\') {
            int e = peekc(lx, 0);
            advance(lx);
            if (e == 'n')
                c = '\n';
            else if (e == '"' || e == '\\')
                c = e;
            else {
                gen_error(lx->at, "unknown escape \\%c in string", e < 0 ? '?' : e);
                free(buf);
                return -1;
            }
        }
        buf[n++] = (char)c;
    }
    out->kind = T_STRING;
    out->text = buf;
    return 0;
}

static int lex_number(lexer *lx, token *out)
{
    uint64_t v = 0;
    int base = 10, digits = 0;
    if (peekc(lx, 0) == '0' && (peekc(lx, 1) == 'x' || peekc(lx, 1) == 'X')) {
        base = 16;
        advance(lx);
        advance(lx);
    }
    for (;;) {
        int c = peekc(lx, 0), d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (base == 16 && isxdigit(c))
            d = tolower(c) - 'a' + 10;
        else if (c == '_' && digits) {
            advance(lx);
            continue;
        } else
            break;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
            gen_error(out->at, "integer literal out of range");
            return -1;
        }
        v = v * (uint64_t)base + (uint64_t)d;
        digits++;
        advance(lx);
    }
    if (!digits || isalnum(peekc(lx, 0))) {
        gen_error(out->at, "malformed integer literal");
        return -1;
    }
    out->kind = T_INT;
    out->value = v;
    return 0;
}

int lex_next(lexer *lx, token *out)
{
    memset(out, 0, sizeof *out);
    skip_space(lx);
    out->at = lx->at;
    int c = peekc(lx, 0);
    if (c == -1) {
        out->kind = T_EOF;
        out->text = "end of file";
        return 0;
    }
    if (isalpha(c) || c == '_') {
        size_t start = lx->pos;
        while (isalnum(peekc(lx, 0)) || peekc(lx, 0) == '_')
            advance(lx);
        out->kind = T_IDENT;
        out->text = xstrndup(lx->src + start, lx->pos - start);
        return 0;
    }
    if (isdigit(c))
        return lex_number(lx, out);
    if (c == '"')
        return lex_string(lx, out);
    if (c == '@') {
        /* @<LETTERS><3 digits>: a rule id; the letters are the grammar's rule prefix. */
        advance(lx);
        size_t from = lx->pos;
        while (isupper(peekc(lx, 0)))
            advance(lx);
        size_t letters = lx->pos - from;
        int digits = 0;
        uint64_t v = 0;
        while (isdigit(peekc(lx, 0)) && digits < 4) {
            v = v * 10 + (uint64_t)(peekc(lx, 0) - '0');
            digits++;
            advance(lx);
        }
        if (!letters || digits != 3 || isalnum(peekc(lx, 0))) {
            gen_error(out->at, "a rule id is @ then capital letters and three digits, like @ABC001");
            return -1;
        }
        out->kind = T_RULE;
        out->text = xstrndup(lx->src + from, letters);
        out->value = v;
        return 0;
    }
    for (int i = 0; two_char[i]; i++)
        if (c == two_char[i][0] && peekc(lx, 1) == two_char[i][1]) {
            advance(lx), advance(lx);
            out->kind = T_PUNCT;
            out->text = (char *)two_char[i];
            return 0;
        }
    if (strchr("{}()[];,.:?!~&|^+-*/%<>=", c)) {
        static const char singles[] = "{}()[];,.:?!~&|^+-*/%<>=";
        const char *p = strchr(singles, c);
        /* Point into a static table of one-character strings. */
        static const char *const one[] = { "{", "}", "(", ")", "[", "]", ";", ",", ".", ":",
                                           "?", "!", "~", "&", "|", "^", "+", "-", "*", "/",
                                           "%", "<", ">", "=" };
        advance(lx);
        out->kind = T_PUNCT;
        out->text = (char *)one[p - singles];
        return 0;
    }
    gen_error(out->at, "unexpected character '%c'", c);
    return -1;
}
