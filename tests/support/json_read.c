#include "json_read.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jnode *convert(json_t *v);

static int take_items(jnode *j, size_t n)
{
    j->len = n;
    j->items = n ? calloc(n, sizeof *j->items) : NULL;
    return n && !j->items ? -1 : 0;
}

static int fill(jnode *j, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL: j->type = J_NULL; return 0;
    case JSON_TRUE: j->type = J_TRUE; return 0;
    case JSON_FALSE: j->type = J_FALSE; return 0;
    case JSON_INTEGER:
    case JSON_REAL: j->type = J_NUM; j->num = json_number_value(v); return 0;
    case JSON_STRING:
        j->type = J_STR;
        j->len = json_string_length(v);
        j->str = malloc(j->len + 1);
        if (!j->str)
            return -1;
        memcpy(j->str, json_string_value(v), j->len + 1);
        return 0;
    case JSON_ARRAY:
        j->type = J_ARR;
        if (take_items(j, json_array_size(v)) != 0)
            return -1;
        for (size_t k = 0; k < j->len; k++)
            if (!(j->items[k] = convert(json_array_get(v, k))))
                return -1;
        return 0;
    case JSON_OBJECT: {
        j->type = J_OBJ;
        if (take_items(j, json_object_size(v)) != 0)
            return -1;
        j->keys = j->len ? calloc(j->len, sizeof *j->keys) : NULL;
        if (j->len && !j->keys)
            return -1;
        size_t k = 0;
        const char *key;
        json_t *m;
        json_object_foreach(v, key, m) {
            if (!(j->keys[k] = strdup(key)) || !(j->items[k] = convert(m)))
                return -1;
            k++;
        }
        return 0;
    }
    }
    return -1;
}

static jnode *convert(json_t *v)
{
    jnode *j = calloc(1, sizeof *j);
    if (j && fill(j, v) != 0) {
        json_free(j);
        return NULL;
    }
    return j;
}

jnode *json_parse(const char *s, size_t n, char *err, size_t errcap)
{
    json_error_t e;
    json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!v) {
        snprintf(err, errcap, "%s at byte %d", e.text, e.position);
        return NULL;
    }
    jnode *j = convert(v);
    json_decref(v);
    if (!j)
        snprintf(err, errcap, "out of memory");
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
