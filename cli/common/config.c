#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "catalog.h"
#include "glob.h"
#include "num.h"

#define CONFIG_MAX_BYTES (1u << 20)
/* --max-size's own limit (check_args.h): file_size in a header is 32-bit. */
#define MAX_SIZE_LIMIT (4ull * 1024 * 1024 * 1024)

typedef struct loader {
    yaml_document_t doc;
    cfv_config *c;
    cfv_err *e;
} loader;

static int fail_at(loader *l, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(loader *l, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cfv_err_loc(l->e, l->c->path, (unsigned)n->start_mark.line + 1,
                (unsigned)n->start_mark.column + 1, msg);
    return -1;
}

static cfv_cfg_at at(const yaml_node_t *n)
{
    cfv_cfg_at a = {(unsigned)n->start_mark.line + 1, (unsigned)n->start_mark.column + 1};
    return a;
}

static yaml_node_t *node(loader *l, int i) { return yaml_document_get_node(&l->doc, i); }

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A string, or an error naming what was expected. */
static int want_scalar(loader *l, const yaml_node_t *n, const char *what, const char **out)
{
    *out = scalar(n);
    if (!*out)
        return fail_at(l, n, "%s must be a string", what);
    return 0;
}

/* A sequence of strings (a single string is a one-item list). */
static int string_list(loader *l, yaml_node_t *n, const char *what, char ***out, size_t *nout)
{
    yaml_node_item_t one = 0, *items = &one, *end = &one + 1;
    if (n->type == YAML_SEQUENCE_NODE) {
        items = n->data.sequence.items.start;
        end = n->data.sequence.items.top;
    } else if (n->type != YAML_SCALAR_NODE) {
        return fail_at(l, n, "%s must be a list of strings", what);
    }
    size_t count = (size_t)(end - items);
    *out = calloc(count ? count : 1, sizeof **out);
    if (!*out) {
        cfv_err_set(l->e, "out of memory");
        return -1;
    }
    *nout = 0;
    for (yaml_node_item_t *it = items; it < end; it++) {
        yaml_node_t *x = it == &one ? n : node(l, *it);
        const char *s = scalar(x);
        if (!s)
            return fail_at(l, x, "%s must be a list of strings", what);
        if (!s[0])
            return fail_at(l, x, "%s: empty string", what);
        if (!((*out)[(*nout)++] = strdup(s))) {
            cfv_err_set(l->e, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* Why a safety rule cannot be touched, in the words of the refusal. */
static int refuse_safety(loader *l, const yaml_node_t *n, const cfv_rule_info *r, const char *how)
{
    return fail_at(l, n,
                   "%s is a safety rule (%s): it cannot be %s; a file that breaks it could make a "
                   "sensor read out of bounds, crash or hang",
                   r->name, r->title, how);
}

static int rule_id(loader *l, const yaml_node_t *n, const cfv_rule_info **out)
{
    const char *s = scalar(n);
    unsigned id;
    if (!s || cfv_rules_parse_id(s, &id) != 0)
        return fail_at(l, n, "'%s' is not a rule id (CFV and three digits, e.g. CFV008)",
                       s ? s : "(not a string)");
    if (!(*out = cfv_rules_find(id)))
        return fail_at(l, n, "unknown rule %s (cfv rules lists them)", s);
    return 0;
}

static int parse_severity(const char *s)
{
    static const char *const names[] = {"error", "warning", "note", "off"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static int load_rules(loader *l, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail_at(l, n, "rules must be a mapping of rule ids to off, note, warning or error");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key), *v = node(l, p->value);
        const cfv_rule_info *r;
        if (rule_id(l, k, &r) != 0)
            return -1;
        if (l->c->severity[r->id] != CFV_CFG_UNSET)
            return fail_at(l, k, "%s is configured twice", r->name);
        const char *s = scalar(v);
        int sev = s ? parse_severity(s) : -1;
        if (sev < 0)
            return fail_at(l, v, "%s: severity '%s' is not off, note, warning or error", r->name,
                           s ? s : "(not a string)");
        if (r->rule_class == CFV_CLASS_SAFETY && sev != CFV_SEV_ERROR)
            return refuse_safety(l, v, r, sev == CFV_CFG_OFF ? "turned off" : "lowered");
        l->c->severity[r->id] = (signed char)sev;
        l->c->severity_at[r->id] = at(v);
    }
    return 0;
}

static int load_ignore_entry(loader *l, yaml_node_t *n, cfv_cfg_ignore *ig)
{
    ig->at = at(n);
    if (n->type != YAML_MAPPING_NODE)
        return fail_at(l, n, "an ignore entry must be a mapping with paths, rules and reason");
    yaml_node_t *rules = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key), *v = node(l, p->value);
        const char *key = scalar(k) ? scalar(k) : "";
        if (strcmp(key, "paths") == 0) {
            if (ig->paths)
                return fail_at(l, k, "paths given twice");
            if (string_list(l, v, "paths", &ig->paths, &ig->npaths) != 0)
                return -1;
        } else if (strcmp(key, "rules") == 0) {
            if (rules)
                return fail_at(l, k, "rules given twice");
            rules = v;
        } else if (strcmp(key, "reason") == 0) {
            const char *s;
            if (ig->reason)
                return fail_at(l, k, "reason given twice");
            if (want_scalar(l, v, "reason", &s) != 0)
                return -1;
            if (strspn(s, " \t") == strlen(s))
                return fail_at(l, v, "reason is empty: say why these findings are accepted");
            if (!(ig->reason = strdup(s))) {
                cfv_err_set(l->e, "out of memory");
                return -1;
            }
        } else {
            return fail_at(l, k, "unknown key '%s' in an ignore entry (expected paths, rules, reason)",
                           key);
        }
    }
    if (!ig->paths)
        return fail_at(l, n, "ignore entry without paths (globs of the files it covers)");
    if (!rules)
        return fail_at(l, n, "ignore entry without rules (the rule ids it suppresses)");
    if (!ig->reason)
        return fail_at(l, n, "ignore entry without a reason: say why these findings are accepted");
    char **ids;
    size_t nids;
    if (string_list(l, rules, "rules", &ids, &nids) != 0)
        return -1;
    ig->rules = calloc(nids ? nids : 1, sizeof *ig->rules);
    int rc = ig->rules ? 0 : (cfv_err_set(l->e, "out of memory"), -1);
    yaml_node_item_t *items = rules->type == YAML_SEQUENCE_NODE ? rules->data.sequence.items.start : NULL;
    for (size_t i = 0; i < nids && rc == 0; i++) {
        yaml_node_t *x = items ? node(l, items[i]) : rules;
        const cfv_rule_info *r;
        if (rule_id(l, x, &r) != 0)
            rc = -1;
        else if (r->rule_class == CFV_CLASS_SAFETY)
            rc = refuse_safety(l, x, r, "suppressed");
        else
            ig->rules[ig->nrules++] = r->id;
    }
    for (size_t i = 0; i < nids; i++)
        free(ids[i]);
    free(ids);
    return rc;
}

static int load_ignore(loader *l, yaml_node_t *n)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return fail_at(l, n, "ignore must be a list of entries with paths, rules and reason");
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    l->c->ignore = calloc(count ? count : 1, sizeof *l->c->ignore);
    if (!l->c->ignore) {
        cfv_err_set(l->e, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < count; i++)
        if (load_ignore_entry(l, node(l, n->data.sequence.items.start[i]),
                              &l->c->ignore[l->c->nignore++]) != 0)
            return -1;
    return 0;
}

static int load_top(loader *l, yaml_node_t *root)
{
    if (!root)
        return 0;   /* an empty file: nothing configured */
    if (root->type != YAML_MAPPING_NODE)
        return fail_at(l, root, "expected a mapping with rules, sensors, max-size, include, ignore");
    unsigned seen = 0;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key), *v = node(l, p->value);
        static const char *const keys[] = {"rules", "sensors", "max-size", "include", "ignore"};
        const char *key = scalar(k) ? scalar(k) : "";
        int which = -1;
        for (int i = 0; i < 5; i++)
            if (strcmp(key, keys[i]) == 0)
                which = i;
        if (which < 0)
            return fail_at(l, k, "unknown key '%s' (expected rules, sensors, max-size, include, ignore)",
                           key);
        if (seen >> which & 1u)
            return fail_at(l, k, "%s given twice", key);
        seen |= 1u << which;
        int rc = 0;
        const char *s;
        uint64_t size;
        switch (which) {
        case 0: rc = load_rules(l, v); break;
        case 1:
            l->c->sensors_at = at(v);
            rc = string_list(l, v, "sensors", &l->c->sensors, &l->c->nsensors);
            if (rc == 0 && l->c->nsensors == 0)
                rc = fail_at(l, v, "sensors is empty: name at least one sensor");
            break;
        case 2:
            if (want_scalar(l, v, "max-size", &s) != 0)
                return -1;
            if (cfv_parse_size(s, MAX_SIZE_LIMIT, &size) != 0 || size == 0)
                return fail_at(l, v, "max-size '%s' is not a size from 1 byte to 4GiB (e.g. 64MiB)", s);
            l->c->max_size = size;
            l->c->max_size_at = at(v);
            break;
        case 3:
            l->c->include_at = at(v);
            rc = string_list(l, v, "include", &l->c->include, &l->c->ninclude);
            break;
        default: rc = load_ignore(l, v); break;
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

cfv_config *cfv_config_load(const char *path, cfv_err *e)
{
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (!f) {
        cfv_err_path(e, path, "%s", cfv_errno_text(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_BYTES) {
        cfv_err_path(e, path, "%s", S_ISREG(st.st_mode) ? "configuration over 1 MiB" : "not a regular file");
        fclose(f);
        return NULL;
    }
    cfv_config *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path)) || !(c->dir = dir_of(path))) {
        cfv_err_set(e, "out of memory");
        fclose(f);
        cfv_config_free(c);
        return NULL;
    }
    memset(c->severity, CFV_CFG_UNSET, sizeof c->severity);
    loader l = {.c = c, .e = e};
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int rc = 0;
    if (!yaml_parser_load(&parser, &l.doc)) {
        cfv_err_loc(e, path, (unsigned)parser.problem_mark.line + 1,
                    (unsigned)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "not YAML");
        rc = -1;
    } else {
        rc = load_top(&l, yaml_document_get_root_node(&l.doc));
        yaml_document_delete(&l.doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (rc != 0) {
        cfv_config_free(c);
        return NULL;
    }
    return c;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void cfv_config_free(cfv_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nignore; i++) {
        free_list(c->ignore[i].paths, c->ignore[i].npaths);
        free(c->ignore[i].rules);
        free(c->ignore[i].reason);
    }
    free(c->ignore);
    free_list(c->sensors, c->nsensors);
    free_list(c->include, c->ninclude);
    free(c->path);
    free(c->dir);
    free(c);
}

char *cfv_config_find(const char *dir)
{
    char *d = realpath(dir, NULL);
    if (!d)
        return NULL;
    for (;;) {
        size_t n = strlen(d);
        char *cand = malloc(n + sizeof "/" CFV_CONFIG_NAME);
        char *git = malloc(n + sizeof "/.git");
        if (!cand || !git) {
            free(cand), free(git), free(d);
            return NULL;
        }
        sprintf(cand, "%s/%s", strcmp(d, "/") ? d : "", CFV_CONFIG_NAME);
        sprintf(git, "%s/.git", strcmp(d, "/") ? d : "");
        struct stat st;
        int found = stat(cand, &st) == 0;
        int root = lstat(git, &st) == 0 || strcmp(d, "/") == 0;
        free(git);
        if (found) {
            free(d);
            return cand;
        }
        free(cand);
        if (root) {
            free(d);
            return NULL;
        }
        char *slash = strrchr(d, '/');
        if (slash == d)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
}

void cfv_config_resolve(const cfv_config *c, const char *path, signed char out[CFV_RULE_IDS])
{
    memset(out, CFV_CFG_UNSET, CFV_RULE_IDS);
    if (!c)
        return;
    memcpy(out, c->severity, CFV_RULE_IDS);
    char *rel = c->nignore ? cfv_path_below(c->dir, path) : NULL;
    for (size_t i = 0; rel && i < c->nignore; i++) {
        const cfv_cfg_ignore *ig = &c->ignore[i];
        int hit = 0;
        for (size_t k = 0; k < ig->npaths && !hit; k++)
            hit = cfv_glob_match(ig->paths[k], rel);
        for (size_t k = 0; hit && k < ig->nrules; k++)
            if (out[ig->rules[k]] != CFV_CFG_OFF)
                out[ig->rules[k]] = CFV_CFG_SUPPRESSED;
    }
    free(rel);
}
