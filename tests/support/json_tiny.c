#include "json_tiny.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jp {
    const char *s;
    size_t n, i;
    char *err;
    size_t errcap;
    int depth;
} jp;

static jnode *fail(jp *p, const char *what)
{
    if (!p->err[0])
        snprintf(p->err, p->errcap, "%s at byte %zu", what, p->i);
    return NULL;
}

static void ws(jp *p)
{
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static jnode *node(jtype t)
{
    jnode *j = calloc(1, sizeof *j);
    if (j)
        j->type = t;
    return j;
}

static int lit(jp *p, const char *word)
{
    size_t n = strlen(word);
    if (p->n - p->i < n || memcmp(p->s + p->i, word, n) != 0)
        return 0;
    p->i += n;
    return 1;
}

static int hex4(jp *p, unsigned *v)
{
    *v = 0;
    if (p->n - p->i < 4)
        return 0;
    for (int k = 0; k < 4; k++) {
        char c = p->s[p->i++];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99u;
        if (d > 15)
            return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 63));
        o[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

/* Length of the valid UTF-8 sequence at s[i], 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        v = v << 6 | (s[k] & 0x3F);
    }
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) return 0;
    return len;
}

static char *string(jp *p, size_t *outlen)
{
    p->i++; /* opening quote */
    char *o = malloc(p->n - p->i + 1);
    size_t k = 0;
    if (!o)
        return NULL;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            o[k] = '\0';
            *outlen = k;
            return o;
        }
        if (c < 0x20)
            break;
        if (c == '\\') {
            if (++p->i >= p->n)
                break;
            char e = p->s[p->i++];
            const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
            const char *at = e ? strchr(from, e) : NULL;
            if (at) {
                o[k++] = to[at - from];
                continue;
            }
            unsigned cp, lo;
            if (e != 'u' || !hex4(p, &cp))
                break;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                break; /* lone low surrogate */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (!lit(p, "\\u") || !hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    break;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            k += put_utf8(o + k, cp);
            continue;
        }
        size_t len = utf8_len((const unsigned char *)p->s + p->i, p->n - p->i);
        if (!len)
            break;
        memcpy(o + k, p->s + p->i, len);
        k += len;
        p->i += len;
    }
    free(o);
    fail(p, "bad string");
    return NULL;
}

static jnode *value(jp *p);

static int push(jnode *j, jnode *item, char *key)
{
    jnode **items = realloc(j->items, (j->len + 1) * sizeof *items);
    if (!items)
        return 0;
    j->items = items;
    if (j->type == J_OBJ) {
        char **keys = realloc(j->keys, (j->len + 1) * sizeof *keys);
        if (!keys)
            return 0;
        j->keys = keys;
        j->keys[j->len] = key;
    }
    j->items[j->len++] = item;
    return 1;
}

static jnode *container(jp *p, jtype t, char close)
{
    jnode *j = node(t);
    p->i++;
    ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return j;
    }
    for (;;) {
        char *key = NULL;
        if (t == J_OBJ) {
            size_t kl;
            if (p->i >= p->n || p->s[p->i] != '"' || !(key = string(p, &kl)))
                goto bad;
            for (size_t k = 0; k < j->len; k++)
                if (strcmp(j->keys[k], key) == 0) {
                    free(key);
                    fail(p, "duplicate key");
                    goto bad;
                }
            ws(p);
            if (p->i >= p->n || p->s[p->i++] != ':') {
                free(key);
                goto bad;
            }
        }
        jnode *v = value(p);
        if (!v || !push(j, v, key)) {
            free(key);
            json_free(v);
            goto bad;
        }
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            ws(p);
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return j;
        }
        goto bad;
    }
bad:
    json_free(j);
    return fail(p, "bad array or object");
}

static jnode *number(jp *p)
{
    size_t start = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->i >= p->n || !(p->s[p->i] >= '0' && p->s[p->i] <= '9'))
        return fail(p, "bad number");
    if (p->s[p->i] == '0')
        p->i++;
    else
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    if (p->i < p->n && p->s[p->i] == '.') {
        size_t d = ++p->i;
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
        if (p->i == d)
            return fail(p, "bad fraction");
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        size_t d = p->i;
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
        if (p->i == d)
            return fail(p, "bad exponent");
    }
    char buf[64];
    size_t len = p->i - start < sizeof buf - 1 ? p->i - start : sizeof buf - 1;
    memcpy(buf, p->s + start, len);
    buf[len] = '\0';
    jnode *j = node(J_NUM);
    if (j)
        j->num = strtod(buf, NULL);
    return j;
}

static jnode *value(jp *p)
{
    ws(p);
    if (p->i >= p->n)
        return fail(p, "unexpected end");
    if (++p->depth > 64)
        return fail(p, "too deep");
    jnode *j = NULL;
    char c = p->s[p->i];
    if (c == '{') {
        j = container(p, J_OBJ, '}');
    } else if (c == '[') {
        j = container(p, J_ARR, ']');
    } else if (c == '"') {
        size_t len;
        char *s = string(p, &len);
        if (s && (j = node(J_STR))) {
            j->str = s;
            j->len = len;
        } else {
            free(s);
        }
    } else if (lit(p, "null")) {
        j = node(J_NULL);
    } else if (lit(p, "true")) {
        j = node(J_TRUE);
    } else if (lit(p, "false")) {
        j = node(J_FALSE);
    } else {
        j = number(p);
    }
    p->depth--;
    return j;
}

jnode *json_parse(const char *s, size_t n, char *err, size_t errcap)
{
    jp p = {s, n, 0, err, errcap, 0};
    err[0] = '\0';
    jnode *j = value(&p);
    if (!j)
        return fail(&p, "bad value");
    ws(&p);
    if (p.i != n) {
        json_free(j);
        return fail(&p, "trailing bytes");
    }
    return j;
}

void json_free(jnode *j)
{
    if (!j)
        return;
    for (size_t k = 0; k < j->len && j->items; k++) {
        json_free(j->items[k]);
        if (j->keys)
            free(j->keys[k]);
    }
    free(j->items);
    free(j->keys);
    free(j->str);
    free(j);
}

const jnode *json_get(const jnode *obj, const char *key)
{
    if (!obj || obj->type != J_OBJ)
        return NULL;
    for (size_t k = 0; k < obj->len; k++)
        if (strcmp(obj->keys[k], key) == 0)
            return obj->items[k];
    return NULL;
}

const jnode *json_at(const jnode *arr, size_t i)
{
    if (!arr || arr->type != J_ARR || i >= arr->len)
        return NULL;
    return arr->items[i];
}

const jnode *json_path(const jnode *j, const char *path)
{
    char step[128];
    while (j && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof step)
            return NULL;
        memcpy(step, path, n);
        step[n] = '\0';
        path += n + (path[n] == '.');
        if (j->type == J_ARR) {
            char *end;
            unsigned long i = strtoul(step, &end, 10);
            j = *end ? NULL : json_at(j, i);
        } else {
            j = json_get(j, step);
        }
    }
    return j;
}
