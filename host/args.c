#include "args.h"

#include <stdio.h>
#include <string.h>

#define LONG_BASE 256 /* getopt_long's code for table entry k: LONG_BASE + k */
#define HELP_COLUMN 25

static int optional(const cfv_arg_opt *o) { return o->value && strncmp(o->value, "[=", 2) == 0; }

int cfv_args_init(cfv_args *s, int argc, char **argv, const cfv_arg_opt *opts, size_t nopts)
{
    memset(s, 0, sizeof *s);
    if (nopts > CFV_ARGS_MAX)
        return -1;
    s->argc = argc;
    s->argv = argv;
    s->opts = opts;
    s->nopts = nopts;
    /* '-': operands in order (code 1), no permuting; ':': missing values as ':'. */
    char *p = s->shorts;
    *p++ = '-';
    *p++ = ':';
    for (size_t k = 0; k < nopts; k++) {
        int has = !opts[k].value ? no_argument
                  : optional(&opts[k]) ? optional_argument
                                     : required_argument;
        s->lopts[k] = (struct option){opts[k].name, has, NULL, LONG_BASE + (int)k};
        if (opts[k].short_name) {
            *p++ = opts[k].short_name;
            if (opts[k].value)
                *p++ = ':';
        }
    }
    *p = '\0';
    optind = 0; /* glibc: 0 re-initialises the scanner */
    opterr = 0;
    return 0;
}

static int by_short(const cfv_args *s, int c)
{
    for (size_t k = 0; k < s->nopts; k++)
        if (s->opts[k].short_name && s->opts[k].short_name == c)
            return (int)k;
    return -1;
}

/* The argument that named option k; its value may have been the next one. */
static const char *option_text(const cfv_args *s, int k)
{
    int at = optind - 1;
    if (s->opts[k].value && !optional(&s->opts[k]) && at > 0 && optarg == s->argv[at])
        at--;
    return s->argv[at];
}

/* getopt_long takes "--sens" for "--sensor"; cfv does not guess. */
static int exact(const cfv_args *s, int k, const char *text)
{
    if (text[0] != '-' || text[1] != '-')
        return 1; /* the short name */
    size_t n = strlen(s->opts[k].name);
    return strncmp(text + 2, s->opts[k].name, n) == 0 && (text[2 + n] == '\0' || text[2 + n] == '=');
}

static void name_of(const cfv_args *s, int k, char *out, size_t cap, const char *text)
{
    if (text[0] == '-' && text[1] != '-')
        snprintf(out, cap, "-%c", s->opts[k].short_name);
    else
        snprintf(out, cap, "--%s", s->opts[k].name);
}

int cfv_args_next(cfv_args *s, const char **value, cfv_err *e)
{
    *value = NULL;
    if (s->done) {
        if (optind >= s->argc)
            return CFV_ARG_END;
        *value = s->argv[optind++];
        return CFV_ARG_OPERAND;
    }
    int c = getopt_long(s->argc, s->argv, s->shorts, s->lopts, NULL);
    if (c == -1) { /* "--" or the end: what is left are operands */
        s->done = 1;
        return cfv_args_next(s, value, e);
    }
    if (c == 1) {
        *value = optarg;
        return CFV_ARG_OPERAND;
    }
    char name[64];
    if (c == '?') {
        if (optopt >= LONG_BASE) {
            cfv_err_set(e, "--%s takes no value", s->opts[optopt - LONG_BASE].name);
        } else if (optopt > 0) {
            cfv_err_set(e, "unknown option '-%c'", optopt);
        } else {
            cfv_err_set(e, "unknown option '%s'", s->argv[optind - 1]);
        }
        return -1;
    }
    if (c == ':') {
        int k = optopt >= LONG_BASE ? optopt - LONG_BASE : by_short(s, optopt);
        if (k < 0) {
            cfv_err_set(e, "unknown option '-%c'", optopt);
            return -1;
        }
        const char *text = s->argv[optind - 1];
        if (!exact(s, k, text)) {
            cfv_err_set(e, "unknown option '%s'", text);
            return -1;
        }
        name_of(s, k, name, sizeof name, text);
        cfv_err_set(e, "%s needs a value", name);
        return -1;
    }
    int k = c >= LONG_BASE ? c - LONG_BASE : by_short(s, c);
    if (k < 0) {
        cfv_err_set(e, "unknown option '-%c'", c);
        return -1;
    }
    const char *text = option_text(s, k);
    if (!exact(s, k, text)) {
        char shown[64];
        snprintf(shown, sizeof shown, "%.*s", (int)strcspn(text, "="), text);
        cfv_err_set(e, "unknown option '%s'", shown);
        return -1;
    }
    if (s->opts[k].value && !(optional(&s->opts[k]) && !optarg)) {
        if (!optarg || optarg[0] == '\0') {
            name_of(s, k, name, sizeof name, text);
            cfv_err_set(e, "%s: empty value", name);
            return -1;
        }
        *value = optarg;
    }
    return k;
}

int cfv_args_scan(int argc, char **argv, const cfv_arg_opt *opts, size_t nopts, cfv_args_fn fn,
                  void *ctx, cfv_err *e)
{
    cfv_args s;
    if (cfv_args_init(&s, argc, argv, opts, nopts) != 0) {
        cfv_err_set(e, "internal error: too many options");
        return -1;
    }
    const char *v;
    int k;
    while ((k = cfv_args_next(&s, &v, e)) != CFV_ARG_END)
        if (k == -1 || fn(ctx, k, v, e) != 0)
            return -1;
    return 0;
}

void cfv_args_help(cfv_buf *b, const cfv_arg_opt *opts, size_t nopts)
{
    for (size_t k = 0; k < nopts; k++) {
        if (!opts[k].help)
            continue; /* hidden */
        size_t start = b->len;
        cfv_buf_puts(b, "  ");
        if (opts[k].short_name)
            cfv_buf_printf(b, "-%c, ", opts[k].short_name);
        cfv_buf_printf(b, "--%s", opts[k].name);
        if (opts[k].value)
            cfv_buf_printf(b, optional(&opts[k]) ? "%s" : " %s", opts[k].value);
        size_t width = b->len - start;
        if (width + 2 > HELP_COLUMN) { /* two spaces at least before the text */
            cfv_buf_putc(b, '\n');
            width = 0;
        }
        for (const char *line = opts[k].help;;) {
            cfv_buf_printf(b, "%*s", (int)(HELP_COLUMN - width), "");
            size_t n = strcspn(line, "\n");
            cfv_buf_put(b, line, n);
            cfv_buf_putc(b, '\n');
            if (line[n] == '\0')
                break;
            line += n + 1;
            width = 0;
        }
    }
}

void cfv_args_usage(cfv_buf *b, const char *head, const cfv_arg_opt *opts, size_t nopts,
                    const char *tail)
{
    cfv_buf_puts(b, head);
    cfv_args_help(b, opts, nopts);
    cfv_buf_puts(b, tail);
}

int cfv_args_print_usage(const char *head, const cfv_arg_opt *opts, size_t nopts,
                         const char *tail)
{
    cfv_buf b = {0};
    cfv_args_usage(&b, head, opts, nopts, tail);
    int rc = b.oom || fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0 ? 2 : 0;
    cfv_buf_free(&b);
    return rc;
}
