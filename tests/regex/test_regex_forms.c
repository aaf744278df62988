/* PCRE2 syntax forms, one table per analyser source file (tests/regex/forms/
 * escape.txt for validator/regex/regex_escape.c, ...): each row is read by
 * PCRE2 and by the analyser, and must be read as the row says, so the
 * analyser's every branch is held to PCRE2 10.42's reading of the same text.
 *
 * A row is "EXPECT[,+OPTION|,-OPTION]... PATTERN" (options added to or taken
 * from the validator's own, cfv_regex_compile_options(0)); in PATTERN, %HH
 * is the byte 0xHH and %% a '%'; '#' starts a comment line. EXPECT is
 *   accept         both read it, with the same number of capture groups;
 *   reject         both refuse it;
 *   compile-phase  PCRE2 refuses it only in its compile phase (an unknown
 *                  property, a missing group); the analyser reads it;
 *   safe           accept, and no nested unbounded quantifier (CFV056);
 *   nested=N       accept, and CFV056 at offset N. */
#include <stdio.h>
#include <stdlib.h>

#include "regex_internal.h"
#include "test_regex_util.h"

typedef struct row {
    char expect[32];
    uint32_t options;
    uint8_t pattern[512];
    size_t len;
} row;

static const struct {
    const char *name;
    uint32_t bit;
} option_names[] = {
    {"utf", PCRE2_UTF},
    {"caseless", PCRE2_CASELESS},
    {"extended", PCRE2_EXTENDED},
    {"extended_more", PCRE2_EXTENDED_MORE},
    {"allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS},
};

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One line into *r; 0 for a comment or blank line, -1 if malformed. */
static int parse_row(const char *line, row *r)
{
    if (line[0] == '#' || line[0] == '\n' || line[0] == 0)
        return 0;
    const char *sp = strchr(line, ' ');
    if (!sp)
        return -1;
    char head[128];
    if ((size_t)(sp - line) >= sizeof head)
        return -1;
    memcpy(head, line, (size_t)(sp - line));
    head[sp - line] = 0;
    r->options = UTF_OPTS;
    char *save, *tok = strtok_r(head, ",", &save);
    snprintf(r->expect, sizeof r->expect, "%s", tok);
    while ((tok = strtok_r(NULL, ",", &save))) {
        size_t k = 0, n = sizeof option_names / sizeof option_names[0];
        while (k < n && strcmp(tok + 1, option_names[k].name) != 0)
            k++;
        if (k == n || (tok[0] != '+' && tok[0] != '-'))
            return -1;
        r->options = tok[0] == '+' ? r->options | option_names[k].bit
                                   : r->options & ~option_names[k].bit;
    }
    r->len = 0;
    for (const char *p = sp + 1; *p && *p != '\n'; p++) {
        if (r->len == sizeof r->pattern)
            return -1;
        if (*p == '%' && p[1] == '%')
            p++;
        else if (*p == '%') {
            if (hex(p[1]) < 0 || hex(p[2]) < 0)
                return -1;
            r->pattern[r->len++] = (uint8_t)(hex(p[1]) * 16 + hex(p[2]));
            p += 2;
            continue;
        }
        r->pattern[r->len++] = (uint8_t)*p;
    }
    return 1;
}

/* PCRE2's compile of a NUL-terminated copy (10.42 may peek one byte past
 * len); *captures is its capture count when it compiles. */
static int pcre2_reads(const row *r, uint32_t *captures)
{
    int err;
    PCRE2_SIZE off;
    uint8_t copy[sizeof r->pattern + 1];
    memcpy(copy, r->pattern, r->len);
    copy[r->len] = 0;
    pcre2_code *c = pcre2_compile(copy, r->len, r->options, &err, &off, NULL);
    if (c)
        assert_int_equal(pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, captures), 0);
    pcre2_code_free(c);
    return c != NULL;
}

static void check_row(const row *r, const char *file, int line)
{
    long nested_at = -1; /* "safe": not nested */
    char end;
    if (strcmp(r->expect, "safe") == 0 ||
        sscanf(r->expect, "nested=%ld%c", &nested_at, &end) == 1) {
        expect_analysis((const char *)r->pattern, r->len, r->options, nested_at, file, line);
        return;
    }
    uint32_t captures = 0;
    int pcre2 = pcre2_reads(r, &captures);
    cfv_rx_tree t;
    int ours = cfv_rx_parse(&t, r->pattern, r->len, r->options) == 0;
    const char *got = pcre2 && ours ? "accept" : !pcre2 && !ours ? "reject"
                      : !pcre2      ? "compile-phase" : "only-the-analyser-rejects";
    if (strcmp(got, r->expect) != 0 || (pcre2 && ours && t.captures != captures)) {
        print_error("%s:%d: [%.*s] (options %#x): want %s, got %s (%u groups, PCRE2 %u)\n",
                    file, line, (int)r->len, (const char *)r->pattern, r->options, r->expect, got,
                    ours ? t.captures : 0, captures);
        _fail(file, line);
    }
    if (ours)
        cfv_rx_tree_free(&t);
}

static void forms_read_as_pcre2_reads_them(void **state)
{
    const char *name = *state;
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/tests/regex/forms/%s", CFV_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int n = 0, rows = 0;
    while (fgets(line, sizeof line, f)) {
        row r;
        int rc = parse_row(line, &r);
        n++;
        if (rc < 0)
            fail_msg("%s:%d: not a row: %s", path, n, line);
        if (rc > 0) {
            check_row(&r, path, n);
            rows++;
        }
    }
    fclose(f);
    assert_true(rows > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(forms_read_as_pcre2_reads_them, "escape.txt"),
        cmocka_unit_test_prestate(forms_read_as_pcre2_reads_them, "group.txt"),
        cmocka_unit_test_prestate(forms_read_as_pcre2_reads_them, "class.txt"),
        cmocka_unit_test_prestate(forms_read_as_pcre2_reads_them, "verb.txt"),
        cmocka_unit_test_prestate(forms_read_as_pcre2_reads_them, "lex.txt"),
        cmocka_unit_test_prestate(forms_read_as_pcre2_reads_them, "nested.txt"),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
