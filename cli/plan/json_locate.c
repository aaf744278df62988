/* A walk over JSON text that jansson has accepted, so it only has to skip
 * well-formed values (no recursion: nesting is counted, not followed). */
#include "json_locate.h"

#include <jansson.h>
#include <string.h>

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

/* t[i] is the opening quote; returns the offset past the closing one. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len && t[i] != '"'; i++)
        if (t[i] == '\\')
            i++;
    return i < len ? i + 1 : len;
}

static size_t skip_value(const char *t, size_t len, size_t i)
{
    i = skip_ws(t, len, i);
    if (i >= len)
        return len;
    if (t[i] == '"')
        return skip_string(t, len, i);
    if (t[i] != '{' && t[i] != '[') {
        while (i < len && !strchr(",]} \t\r\n", t[i]))
            i++;
        return i;
    }
    size_t depth = 0;
    while (i < len) {
        char c = t[i];
        if (c == '"') {
            i = skip_string(t, len, i);
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i + 1;
        i++;
    }
    return len;
}

/* 1 if the string token t[from..to) decodes to key (escapes included). */
static int key_is(const char *t, size_t from, size_t to, const char *key)
{
    size_t klen = strlen(key);
    if (to - from == klen + 2 && memcmp(t + from + 1, key, klen) == 0)
        return 1;
    json_t *s = json_loadb(t + from, to - from, JSON_DECODE_ANY, NULL);
    int same = json_is_string(s) && strcmp(json_string_value(s), key) == 0;
    json_decref(s);
    return same;
}

/* The value of member `key` of the object at pos (or its key); 0 if absent. */
static int member(const char *t, size_t len, size_t *pos, const char *key, int at_key)
{
    size_t i = *pos + 1;
    for (;;) {
        i = skip_ws(t, len, i);
        if (i >= len || t[i] != '"')
            return 0;
        size_t key_at = i;
        size_t key_end = skip_string(t, len, i);
        i = skip_ws(t, len, key_end) + 1;      /* past ':' */
        i = skip_ws(t, len, i);
        if (key_is(t, key_at, key_end, key)) {
            *pos = at_key ? key_at : i;
            return 1;
        }
        i = skip_ws(t, len, skip_value(t, len, i));
        if (i >= len || t[i] != ',')
            return 0;
        i++;
    }
}

static int element(const char *t, size_t len, size_t *pos, size_t index)
{
    size_t i = skip_ws(t, len, *pos + 1);
    if (i >= len || t[i] == ']')
        return 0;
    for (size_t k = 0;; k++) {
        if (k == index) {
            *pos = i;
            return 1;
        }
        i = skip_ws(t, len, skip_value(t, len, i));
        if (i >= len || t[i] != ',')
            return 0;
        i = skip_ws(t, len, i + 1);
    }
}

size_t cfv_json_locate(const char *text, size_t len, const cfv_json_step *path, size_t n,
                       int at_key)
{
    size_t pos = skip_ws(text, len, 0);
    for (size_t k = 0; k < n && pos < len; k++) {
        size_t next = pos;
        int found = path[k].key
                        ? text[pos] == '{' &&
                              member(text, len, &next, path[k].key, at_key && k + 1 == n)
                        : text[pos] == '[' && element(text, len, &next, path[k].index);
        if (!found)
            break;
        pos = next;
    }
    return pos < len ? pos : len;
}

void cfv_json_line_col(const char *text, size_t len, size_t offset, unsigned *line,
                       unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;                /* a UTF-8 lead byte starts a character */
        }
    }
    *line = l;
    *col = c;
}
