/* Parser for the Template Type Definitions text (grammar/cff.defs documents
 * the format). One pass over the buffer: each line is first checked byte by
 * byte (NUL, lone CR, non-ASCII outside comments), then split into tokens
 * that the directive handlers pull one at a time. The first error stops the
 * parse and is reported with its 1-based line and byte column.
 * Freestanding: no libc, the message is built by hand. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfv/defs.h"
#include "cfv/testcase.h"

#define TOK_QUOTE_MAX 40        /* longer tokens are cut in messages */

typedef struct tok {
    const char *s;
    size_t len;
    uint32_t col;
} tok;

typedef struct parser {
    const char *text;
    size_t len;
    cfv_defs *d;
    cfv_defs_error *err;
    size_t msg_len;
    uint32_t line;
    size_t line_start;          /* offset of the current line */
    size_t content_end;         /* end of the line before any comment/CR/LF */
    size_t next_line;           /* offset of the following line */
    size_t pos;                 /* token cursor */
    size_t last_end;            /* just past the last token taken */
    int open;                   /* type index whose block is open, or -1 */
    uint32_t open_line, open_col;
} parser;

/* ---- error messages ---- */

static uint32_t col_of(const parser *ps, size_t off)
{
    size_t c = off - ps->line_start + 1;
    return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

static void put_n(parser *ps, const char *s, size_t n)
{
    for (size_t i = 0; i < n && ps->msg_len + 1 < sizeof ps->err->message; i++)
        ps->err->message[ps->msg_len++] = s[i];
    ps->err->message[ps->msg_len] = '\0';
}

static void put(parser *ps, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    put_n(ps, s, n);
}

static void put_num(parser *ps, uint32_t v)
{
    char buf[10];
    size_t n = 0;
    do
        buf[sizeof buf - ++n] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    put_n(ps, buf + sizeof buf - n, n);
}

/* Token text cut to TOK_QUOTE_MAX bytes. */
static void put_cut(parser *ps, const char *s, size_t n)
{
    put_n(ps, s, n < TOK_QUOTE_MAX ? n : TOK_QUOTE_MAX);
    if (n > TOK_QUOTE_MAX)
        put(ps, "...");
}

static void put_tok(parser *ps, const char *s, size_t n)
{
    put(ps, "'");
    put_cut(ps, s, n);
    put(ps, "'");
}

/* Starts the error message at line/col; callers append and return -1. */
static int fail_at(parser *ps, uint32_t line, uint32_t col, const char *s)
{
    ps->err->line = line;
    ps->err->col = col;
    ps->msg_len = 0;
    put(ps, s);
    return -1;
}

static int fail(parser *ps, uint32_t col, const char *s)
{
    return fail_at(ps, ps->line, col, s);
}

/* "<a>'<token>'<b>" at the token. */
static int fail_tok(parser *ps, const tok *t, const char *a, const char *b)
{
    fail(ps, t->col, a);
    put_tok(ps, t->s, t->len);
    put(ps, b);
    return -1;
}

/* ---- lines and tokens ---- */

/* "control byte 0x0B outside a comment" at offset i. */
static int fail_byte(parser *ps, size_t i, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char b[4] = { '0', 'x', hex[c >> 4], hex[c & 15] };
    fail(ps, col_of(ps, i), c < 0x80 ? "control byte " : "non-ASCII byte ");
    put_n(ps, b, 4);
    put(ps, " outside a comment");
    return -1;
}

/* Checks the bytes of the line at line_start and finds its end. */
static int scan_line(parser *ps)
{
    size_t i = ps->line_start, comment = SIZE_MAX;

    for (; i < ps->len && ps->text[i] != '\n'; i++) {
        unsigned char c = (unsigned char)ps->text[i];
        if (c == '\0')
            return fail(ps, col_of(ps, i), "NUL byte in definitions");
        if (c == '\r') {
            if (i + 1 < ps->len && ps->text[i + 1] == '\n')
                break;
            return fail(ps, col_of(ps, i), "carriage return not followed by line feed");
        }
        if (comment != SIZE_MAX)
            continue;           /* a comment may hold any other byte */
        if (c == '#')
            comment = i;
        else if (c != '\t' && (c < 0x20 || c >= 0x7F))
            return fail_byte(ps, i, c);
    }
    ps->content_end = comment != SIZE_MAX ? comment : i;
    ps->next_line = i == ps->len ? i : i + (ps->text[i] == '\r' ? 2 : 1);
    ps->pos = ps->last_end = ps->line_start;
    return 0;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool next_tok(parser *ps, tok *t)
{
    size_t i = ps->pos;
    while (i < ps->content_end && is_blank(ps->text[i]))
        i++;
    if (i == ps->content_end)
        return false;
    t->s = ps->text + i;
    t->col = col_of(ps, i);
    while (i < ps->content_end && !is_blank(ps->text[i]))
        i++;
    t->len = (size_t)(ps->text + i - t->s);
    ps->pos = ps->last_end = i;
    return true;
}

/* Takes the next token or reports "expected <what>" just past the last one. */
static int need_tok(parser *ps, tok *t, const char *what)
{
    if (next_tok(ps, t))
        return 0;
    fail(ps, col_of(ps, ps->last_end), "expected ");
    put(ps, what);
    return -1;
}

/* The line must end here. */
static int need_eol(parser *ps, const char *after)
{
    tok t;
    if (!next_tok(ps, &t))
        return 0;
    fail_tok(ps, &t, "unexpected ", " after ");
    put(ps, after);
    return -1;
}

static bool tok_is(const tok *t, const char *word)
{
    size_t i = 0;
    for (; i < t->len; i++)
        if (word[i] != t->s[i])    /* word's NUL stops a longer token */
            return false;
    return word[i] == '\0';
}

/* ---- values ---- */

/* Decimal in lo..hi, no sign, no leading zero (so "0291" cannot pass for 291). */
static int number(parser *ps, const tok *t, const char *what, uint32_t lo, uint32_t hi, uint32_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (t->s[i] < '0' || t->s[i] > '9') {
            fail(ps, t->col, "expected a decimal ");
            put(ps, what);
            put(ps, ", got ");
            put_tok(ps, t->s, t->len);
            return -1;
        }
        if (x <= UINT32_MAX)    /* saturate: stays above any hi */
            x = x * 10 + (uint64_t)(t->s[i] - '0');
    }
    bool zero = t->len > 1 && t->s[0] == '0';
    if (!zero && x >= lo && x <= hi) {
        *v = (uint32_t)x;
        return 0;
    }
    fail(ps, t->col, what);
    put(ps, " ");
    put_cut(ps, t->s, t->len);  /* all digits: no quotes */
    if (zero) {
        put(ps, " has a leading zero");
        return -1;
    }
    put(ps, ": number out of range (");
    put_num(ps, lo);
    put(ps, "..");
    put_num(ps, hi);
    put(ps, ")");
    return -1;
}

static bool ident_char(char c, bool first)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

static bool sensor_char(char c)
{
    return ident_char(c, false) || c == '.' || c == '-';
}

/* Type, field (sensor == false) or sensor name: charset and length. */
static int check_name(parser *ps, const tok *t, const char *what, bool sensor)
{
    bool ok = true;
    for (size_t i = 0; i < t->len && ok; i++)
        ok = sensor ? sensor_char(t->s[i]) : ident_char(t->s[i], i == 0);
    CFV_TESTCASE(ok && t->len == CFV_NAME_MAX - 1); /* the longest name */
    if (ok && t->len < CFV_NAME_MAX)
        return 0;
    fail(ps, t->col, ok ? "" : "invalid ");
    put(ps, what);
    put(ps, " ");
    put_tok(ps, t->s, t->len);
    if (ok) {
        put(ps, " longer than ");
        put_num(ps, CFV_NAME_MAX - 1);
        put(ps, " characters");
    } else {
        put(ps, sensor ? " (expected [0-9A-Za-z._-]+)" : " (expected [A-Za-z_][A-Za-z0-9_]*)");
    }
    return -1;
}

static void copy_name(char *dst, const tok *t)
{
    for (size_t i = 0; i < t->len; i++)
        dst[i] = t->s[i];
    dst[t->len] = '\0';
}

/* "<a><n><b>" at col: limits and numbers in messages. */
static int fail_num(parser *ps, uint32_t col, const char *a, uint32_t limit, const char *b)
{
    fail(ps, col, a);
    put_num(ps, limit);
    put(ps, b);
    return -1;
}

/* "<a><value> (already used by <type>)": a type id or channel taken. */
static int fail_taken(parser *ps, uint32_t col, const char *a, uint32_t value, int other)
{
    fail_num(ps, col, a, value, " (already used by ");
    put(ps, ps->d->types[other].name);
    put(ps, ")");
    return -1;
}

/* ---- directives ---- */

/* type <id> <TypeName> channel <channel> */
static int do_type(parser *ps, const tok *kw)
{
    cfv_defs *d = ps->d;
    tok t;
    uint32_t id, channel;
    int other;

    if (d->ntypes >= CFV_MAX_TYPES)
        return fail_num(ps, kw->col, "too many types (limit ", CFV_MAX_TYPES, ")");
    if (need_tok(ps, &t, "a type id after 'type'") || number(ps, &t, "type id", 1, 0xFFFF, &id))
        return -1;
    if ((other = cfv_defs_type_by_id(d, id)) >= 0)
        return fail_taken(ps, t.col, "duplicate type id ", id, other);
    cfv_type_def *ty = &d->types[d->ntypes];
    if (need_tok(ps, &t, "a type name after the type id") || check_name(ps, &t, "type name", false))
        return -1;
    if (cfv_defs_type_by_name(d, t.s, t.len) >= 0)
        return fail_tok(ps, &t, "duplicate type name ", "");
    copy_name(ty->name, &t);
    if (need_tok(ps, &t, "'channel' after type name"))
        return -1;
    if (!tok_is(&t, "channel"))
        return fail_tok(ps, &t, "expected 'channel' after type name, got ", "");
    if (need_tok(ps, &t, "a channel number after 'channel'") ||
        number(ps, &t, "channel", 1, UINT32_MAX, &channel))
        return -1;
    if ((other = cfv_defs_type_by_channel(d, channel)) >= 0)
        return fail_taken(ps, t.col, "duplicate channel ", channel, other);
    if (need_eol(ps, "the channel number"))
        return -1;
    ty->id = id;
    ty->channel = channel;
    ty->nfields = 0;
    ty->first_field = (uint16_t)d->nfields;
    ps->open = (int)d->ntypes++;
    ps->open_line = ps->line;
    ps->open_col = kw->col;
    return 0;
}

/* field <index> <field_name> <str|u32> */
static int do_field(parser *ps, const tok *kw)
{
    cfv_defs *d = ps->d;
    cfv_type_def *ty = &d->types[ps->open];
    tok t;
    uint32_t index;

    if (ty->nfields >= CFV_MAX_TYPE_FIELDS) {
        fail(ps, kw->col, "too many fields in type '");
        put(ps, ty->name);
        put(ps, "' (limit " );
        put_num(ps, CFV_MAX_TYPE_FIELDS);
        put(ps, ")");
        return -1;
    }
    if (d->nfields >= CFV_FIELD_POOL)
        return fail_num(ps, kw->col, "too many fields in all types (limit ", CFV_FIELD_POOL, ")");
    if (need_tok(ps, &t, "a field index after 'field'") ||
        number(ps, &t, "field index", 0, CFV_MAX_TYPE_FIELDS - 1, &index))
        return -1;
    if (index != ty->nfields) {
        fail_num(ps, t.col, "field index ", index, " out of order (expected ");
        put_num(ps, ty->nfields);
        put(ps, ")");
        return -1;
    }
    cfv_field_def *f = &d->fields[d->nfields];
    if (need_tok(ps, &t, "a field name after the field index") || check_name(ps, &t, "field name", false))
        return -1;
    if (cfv_defs_field_by_name(d, ps->open, t.s, t.len) >= 0) {
        fail_tok(ps, &t, "duplicate field name ", " in type '");
        put(ps, ty->name);
        put(ps, "'");
        return -1;
    }
    copy_name(f->name, &t);
    if (need_tok(ps, &t, "a field type ('str' or 'u32') after the field name"))
        return -1;
    if (tok_is(&t, "str"))
        f->type = CFV_FT_STR;
    else if (tok_is(&t, "u32"))
        f->type = CFV_FT_U32;
    else
        return fail_tok(ps, &t, "unknown field type ", " (expected 'str' or 'u32')");
    if (need_eol(ps, "the field type"))
        return -1;
    d->nfields++;
    ty->nfields++;
    return 0;
}

static int do_end(parser *ps, const tok *kw)
{
    const cfv_type_def *ty = &ps->d->types[ps->open];

    if (need_eol(ps, "'end'"))
        return -1;
    if (ty->nfields == 0) {
        fail(ps, kw->col, "type '");
        put(ps, ty->name);
        put(ps, "' has no fields");
        return -1;
    }
    ps->open = -1;
    return 0;
}

/* One <TypeName>=<count> entry of a sensor line. */
static int sensor_entry(parser *ps, cfv_sensor_def *s, const tok *t)
{
    size_t eq = 0;
    uint32_t count;

    while (eq < t->len && t->s[eq] != '=')
        eq++;
    if (eq == 0 || eq == t->len)
        return fail_tok(ps, t, "expected <TypeName>=<count>, got ", "");
    int ti = cfv_defs_type_by_name(ps->d, t->s, eq);
    if (ti < 0 || s->supplied[ti] != CFV_UNSUPPORTED) {
        fail(ps, t->col, ti < 0 ? "unknown type " : "type ");
        put_tok(ps, t->s, eq);
        put(ps, ti < 0 ? " in sensor " : " listed twice in sensor ");
        put(ps, s->name);
        return -1;
    }
    tok c = { t->s + eq + 1, t->len - eq - 1, t->col + (uint32_t)eq + 1 };
    if (c.len == 0)
        return fail_tok(ps, t, "expected a count after '=' in ", "");
    if (number(ps, &c, "count", 0, CFV_MAX_TYPE_FIELDS, &count))
        return -1;
    s->supplied[ti] = (uint16_t)count;
    return 0;
}

/* sensor <sensor_name> <TypeName>=<count> [<TypeName>=<count> ...] */
static int do_sensor(parser *ps, const tok *kw)
{
    cfv_defs *d = ps->d;
    tok t;

    if (d->nsensors >= CFV_MAX_SENSORS)
        return fail_num(ps, kw->col, "too many sensors (limit ", CFV_MAX_SENSORS, ")");
    if (need_tok(ps, &t, "a sensor name after 'sensor'") || check_name(ps, &t, "sensor name", true))
        return -1;
    if (cfv_defs_sensor_by_name(d, t.s, t.len) >= 0)
        return fail_tok(ps, &t, "duplicate sensor ", "");
    cfv_sensor_def *s = &d->sensors[d->nsensors];
    copy_name(s->name, &t);
    for (uint32_t i = 0; i < CFV_MAX_TYPES; i++)
        s->supplied[i] = CFV_UNSUPPORTED;
    if (need_tok(ps, &t, "<TypeName>=<count> after the sensor name"))
        return -1;
    do
        if (sensor_entry(ps, s, &t))
            return -1;
    while (next_tok(ps, &t));
    d->nsensors++;
    return 0;
}

static int fail_directive(parser *ps, const tok *kw)
{
    if (ps->open < 0) {
        if (tok_is(kw, "field"))
            return fail(ps, kw->col, "'field' outside a type block");
        if (tok_is(kw, "end"))
            return fail(ps, kw->col, "'end' without an open type");
        return fail_tok(ps, kw, "unknown directive ", " (expected 'type' or 'sensor')");
    }
    if (tok_is(kw, "type") || tok_is(kw, "sensor")) {
        fail(ps, kw->col, "missing 'end' of type '");
        put(ps, ps->d->types[ps->open].name);
        put(ps, "' before ");
        put_tok(ps, kw->s, kw->len);
        return -1;
    }
    fail_tok(ps, kw, "unknown directive ", " in type '");
    put(ps, ps->d->types[ps->open].name);
    put(ps, "' (expected 'field' or 'end')");
    return -1;
}

static int do_line(parser *ps)
{
    tok kw;

    if (!next_tok(ps, &kw))
        return 0;               /* blank or comment-only */
    if (ps->open >= 0) {
        if (tok_is(&kw, "field"))
            return do_field(ps, &kw);
        if (tok_is(&kw, "end"))
            return do_end(ps, &kw);
    } else {
        if (tok_is(&kw, "type"))
            return do_type(ps, &kw);
        if (tok_is(&kw, "sensor"))
            return do_sensor(ps, &kw);
    }
    return fail_directive(ps, &kw);
}

static int run(parser *ps)
{
    uint32_t eof_line = 1, eof_col = 1;

    if (ps->len == 0)
        return fail(ps, 1, "empty definitions file");
    for (ps->line_start = 0; ps->line_start < ps->len; ps->line_start = ps->next_line, ps->line++) {
        if (scan_line(ps) || do_line(ps))
            return -1;
        bool lf = ps->next_line > 0 && ps->text[ps->next_line - 1] == '\n';
        eof_line = lf ? ps->line + 1 : ps->line;
        eof_col = lf ? 1 : col_of(ps, ps->next_line);
    }
    if (ps->open >= 0) {
        fail_at(ps, ps->open_line, ps->open_col, "unterminated type '");
        put(ps, ps->d->types[ps->open].name);
        put(ps, "' at end of file");
        return -1;
    }
    if (ps->d->ntypes == 0)
        return fail_at(ps, eof_line, eof_col, "no template types defined");
    return 0;
}

int cfv_defs_parse(cfv_defs *out, const char *text, size_t len, cfv_defs_error *err)
{
    cfv_defs_error scratch;
    parser ps = { .text = text, .len = text ? len : 0, .d = out, .err = err ? err : &scratch,
                  .line = 1, .open = -1 };

    ps.err->line = ps.err->col = 0;
    ps.err->message[0] = '\0';
    if (!out)
        return fail(&ps, 1, "no output for the definitions");
    /* No string.h in the core; compilers may still turn this into memset. */
    unsigned char *o = (unsigned char *)out;
    for (size_t i = 0; i < sizeof *out; i++)
        o[i] = 0;
    if (run(&ps) == 0)
        return 0;
    out->ntypes = out->nfields = out->nsensors = 0;
    return -1;
}
