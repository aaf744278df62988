/* The analyzer on hostile input: deep nesting, megabyte patterns built to
 * provoke rescans, random bytes, and random PCRE2 syntax checked against
 * PCRE2 itself (whatever PCRE2 compiles the analyzer must parse, with the
 * same number of capture groups). */
#include <stdlib.h>
#include <time.h>

#include "regex_internal.h"
#include "test_regex_util.h"

/* A pattern made of `count` copies of `unit` between head and tail. */
static uint8_t *build(const char *head, const char *unit, size_t count, const char *tail,
                      size_t *len)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    uint8_t *p = malloc(h + u * count + t + 1);
    assert_non_null(p);
    memcpy(p, head, h);
    for (size_t i = 0; i < count; i++)
        memcpy(p + h + i * u, unit, u);
    memcpy(p + h + u * count, tail, t);
    *len = h + u * count + t;
    return p;
}

static int analyze(const uint8_t *p, size_t len)
{
    return cfv_regex_find_nested_unbounded(p, len, UTF_OPTS, NULL);
}

static void deep_parens_are_refused_without_overflow(void **state)
{
    (void)state;
    size_t n1, n2;
    uint8_t *open = build("", "(", 100000, "a", &n1);
    uint8_t *both = malloc(n1 + 100000 + 2);
    assert_non_null(both);
    memcpy(both, open, n1);
    memset(both + n1, ')', 100000);
    memcpy(both + n1 + 100000, "+", 1);
    n2 = n1 + 100001;
    assert_int_equal(analyze(open, n1), -1);
    assert_int_equal(analyze(both, n2), -1);
    cfv_re_verdict v;
    cfv_regex_check(NULL, both, n2, 0, &v);
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR); /* PCRE2: nested too deeply */
    free(open);
    free(both);
}

static void depth_limit_is_exact(void **state)
{
    (void)state;
    size_t n;
    uint8_t *ok = build("", "(?:", CFV_RX_MAX_DEPTH, "a+", &n);
    uint8_t *p = realloc(ok, n + CFV_RX_MAX_DEPTH + 1);
    assert_non_null(p);
    memset(p + n, ')', CFV_RX_MAX_DEPTH);
    p[n + CFV_RX_MAX_DEPTH] = '+';
    assert_int_equal(analyze(p, n + CFV_RX_MAX_DEPTH + 1), 1);
    free(p);
    uint8_t *deep = build("", "(?:", CFV_RX_MAX_DEPTH + 1, "", &n);
    assert_int_equal(analyze(deep, n), -1);
    free(deep);
}

/* "()" then `form` inside `depth` non-capturing groups. */
static uint8_t *nest(size_t depth, const char *form, size_t *len)
{
    size_t n;
    uint8_t *p = build("()", "(?:", depth, form, &n);
    uint8_t *q = realloc(p, n + depth);
    assert_non_null(q);
    memset(q + n, ')', depth);
    *len = n + depth;
    return q;
}

/* Every form that opens a group counts toward the limit: at
 * CFV_RX_MAX_DEPTH it is read, one level deeper it is refused. */
static void every_group_form_counts_toward_the_depth_limit(void **state)
{
    (void)state;
    static const struct {
        const char *form;
        size_t depth; /* the groups it opens, one inside the other */
    } forms[] = {{"(a)", 1},    {"(?<n>a)", 1},  {"(?(1)a)", 1}, {"(?(?=a)b)", 2}, {"(?|a)", 1},
                 {"(?=a)", 1}, {"(*pla:a)", 1}, {"(?>a)", 1},   {"(?i:a)", 1}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        size_t n, outer = CFV_RX_MAX_DEPTH - forms[i].depth;
        uint8_t *p = nest(outer, forms[i].form, &n);
        cfv_rx_tree t;
        assert_int_equal(cfv_rx_parse(&t, p, n, UTF_OPTS), 0);
        cfv_rx_tree_free(&t);
        free(p);
        p = nest(outer + 1, forms[i].form, &n);
        assert_int_equal(cfv_rx_parse(&t, p, n, UTF_OPTS), -1);
        free(p);
    }
}

/* Everything PCRE2's own nesting limit allows is analysed. */
static void pcre2_depth_is_within_the_analyzers(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = build("", "(", 200, "a+", &n);
    uint8_t *q = realloc(p, n + 201);
    assert_non_null(q);
    memset(q + n, ')', 200);
    q[n + 200] = '*';
    cfv_re_verdict v;
    cfv_regex_check(NULL, q, n + 201, 0, &v);
    assert_int_equal(v.status, CFV_RE_NESTED_UNBOUNDED);
    assert_int_equal(v.offset, 0);
    free(q);
}

static void long_flat_patterns(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        int want;
    } cases[] = {{"a+", 0}, {"(?:a)", 0}, {"[a]*", 0}, {"(?:a+)+", 1}, {"(?:b|c)*", 0}, {"\\d{2,}", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        uint8_t *p = build("", cases[i].unit, 100000, "", &n);
        assert_int_equal(analyze(p, n), cases[i].want);
        free(p);
    }
}

/* PCRE2 allows 65535 capture groups; so does the analyzer. */
static void capture_group_limit(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = build("", "(a)", 65535, "", &n);
    assert_int_equal(analyze(p, n), 0);
    free(p);
    p = build("", "(a)", 65536, "", &n);
    assert_int_equal(analyze(p, n), -1);
    free(p);
}

/* Shapes that would make a careless scanner rescan the rest of the input
 * at every step; a megabyte each, so a quadratic scan could not finish. */
static void adversarial_megabyte_patterns_are_linear(void **state)
{
    (void)state;
    static const struct {
        const char *head, *unit, *tail;
        int want;
    } cases[] = {
        {"[", "[:", "", -1},       {"[", "[:a[=b[.c", "]", 0}, {"", "{1", "", 0},
        {"", "{1,", "", 0},        {"", "\\k<", "", -1},       {"(?#", "(", "", -1},
        {"\\Q", "(a+)+", "", 0},   {"(?x)#", "(a+)+", "", 0},  {"(*MARK:", "(", "", -1},
        {"", "\\x{", "", -1},      {"", "(?C\"", "", -1},      {"", "a{99999", "", 0},
        {"", "(?<n", "", -1},      {"", "\\p{", "", -1},       {"(?(", "x", "", -1},
    };
    clock_t start = clock();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        uint8_t *p = build(cases[i].head, cases[i].unit, (1u << 20) / strlen(cases[i].unit),
                           cases[i].tail, &n);
        assert_int_equal(analyze(p, n), cases[i].want);
        free(p);
    }
    /* 15 MiB in all; quadratic would be ~10^12 steps */
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 20.0);
}

static void unusable_arguments(void **state)
{
    (void)state;
    uint32_t off = 7;
    assert_int_equal(cfv_regex_find_nested_unbounded(NULL, 3, UTF_OPTS, &off), -1);
    assert_int_equal(cfv_regex_find_nested_unbounded((const uint8_t *)"(a+)+", 5,
                                                     UTF_OPTS | PCRE2_ALT_BSUX, &off),
                     -1);
    assert_int_equal(off, 0);
    /* longer than offsets can say: declined before a byte is read */
    assert_int_equal(cfv_regex_find_nested_unbounded((const uint8_t *)"(a+)+", (size_t)UINT32_MAX,
                                                     UTF_OPTS, &off),
                     -1);
    cfv_re_verdict v;
    cfv_regex_check(NULL, (const uint8_t *)"a", SIZE_MAX, 0, &v); /* no room for a copy */
    assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
    /* PCRE2_LITERAL: nothing is syntax */
    assert_int_equal(cfv_regex_find_nested_unbounded((const uint8_t *)"(a+)+", 5,
                                                     UTF_OPTS | PCRE2_LITERAL, &off),
                     0);
}

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

/* Checks one pattern under one option set; returns 1 if PCRE2 compiled it. */
static int check_one(const uint8_t *p, size_t len, uint32_t options)
{
    uint32_t off = 0, off2 = 0;
    int rc = cfv_regex_find_nested_unbounded(p, len, options, &off);
    assert_true(rc >= -1 && rc <= 1);
    assert_int_equal(cfv_regex_find_nested_unbounded(p, len, options, &off2), rc);
    assert_int_equal(off, off2);
    if (rc == 1) {
        assert_true(off < len);
        assert_true(p[off] == '(' || p[off] == '\\');
    }
    int err;
    PCRE2_SIZE eoff;
    uint8_t *copy = malloc(len + 1); /* PCRE2 10.42 may peek one byte past len */
    assert_non_null(copy);
    memcpy(copy, p, len);
    copy[len] = 0;
    pcre2_code *code = pcre2_compile(copy, len, options, &err, &eoff, NULL);
    free(copy);
    if (!code)
        return 0;
    uint32_t captures = 0;
    cfv_rx_tree t;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    pcre2_code_free(code);
    if (rc == -1)
        fail_msg("PCRE2 compiles [%.*s] but the analyzer refused it", (int)len, (const char *)p);
    assert_int_equal(cfv_rx_parse(&t, p, len, options), 0);
    if (t.captures != captures)
        fail_msg("[%.*s]: %u capture groups, PCRE2 says %u", (int)len, (const char *)p,
                 t.captures, captures);
    cfv_rx_tree_free(&t);
    return 1;
}

static void random_bytes(void **state)
{
    (void)state;
    uint64_t seed = 0x5eed;
    uint8_t buf[64];
    for (int i = 0; i < 20000; i++) {
        size_t len = next(&seed) % sizeof buf;
        for (size_t k = 0; k < len; k++)
            buf[k] = (uint8_t)next(&seed);
        check_one(buf, len, UTF_OPTS);
        check_one(buf, len, 0); /* bytes, not UTF-8 */
    }
}

/* Where PCRE2 starts an item: with PCRE2_AUTO_CALLOUT it puts a callout
 * before every item (a quantified one together with its quantifier), every
 * '|' and ')', every option setting, and at the end. */
typedef struct item_starts {
    size_t pos[1024];
    size_t n;
} item_starts;

static int starts_item(const item_starts *s, size_t p)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->pos[i] == p)
            return 1;
    return 0;
}

/* Distinct positions only: a repeated group repeats its callouts. */
static int collect(pcre2_callout_enumerate_block *b, void *user)
{
    item_starts *s = user;
    if (!starts_item(s, b->pattern_position)) {
        assert_true(s->n < sizeof s->pos / sizeof s->pos[0]);
        s->pos[s->n++] = b->pattern_position;
    }
    return 0;
}

/* p is where the analyzer has an item, a '|' or a ')' (or an option setting). */
static int analyzer_item_at(const cfv_rx_tree *t, const uint8_t *pat, size_t len, size_t p)
{
    for (uint32_t i = 0; i < t->count; i++) {
        const cfv_rx_node *x = &t->node[i];
        if (x->kind == CFV_RX_QUANT || x->kind == CFV_RX_ALT)
            continue; /* a quantifier is part of its item; an ALT starts where its group does */
        if (x->offset == p && (x->kind != CFV_RX_SEQ || pat[p] == '|'))
            return 1;
        if (x->kind == CFV_RX_GROUP && x->sub != CFV_RX_G_ROOT && x->max == p)
            return 1;
    }
    size_t q = p + 2;
    if (len - p < 3 || pat[p] != '(' || pat[p + 1] != '?')
        return 0;
    while (q < len && pat[q] && strchr("imnsxJU^-", pat[q]))
        q++;
    return q < len && pat[q] == ')';
}

/* Every item the analyzer reads starts where PCRE2 starts one, and the
 * other way round: so no quantifier, group or literal is read differently
 * (a quantifier read as a literal would start an item PCRE2 has not). */
static void items_match_pcre2(const uint8_t *p, size_t len, uint32_t options)
{
    int err;
    PCRE2_SIZE eoff;
    item_starts s = {.n = 0};
    cfv_rx_tree t;
    pcre2_code *code = pcre2_compile(p, len, options | PCRE2_AUTO_CALLOUT, &err, &eoff, NULL);
    if (!code)
        return;
    pcre2_callout_enumerate(code, collect, &s);
    pcre2_code_free(code);
    assert_int_equal(cfv_rx_parse(&t, p, len, options), 0);
    for (uint32_t i = 0; i < t.count; i++)
        if (t.node[i].kind >= CFV_RX_LITERAL && !starts_item(&s, t.node[i].offset))
            fail_msg("[%.*s]: the analyzer has an item at %u, PCRE2 has none", (int)len,
                     (const char *)p, t.node[i].offset);
    for (size_t i = 0; i < s.n; i++)
        if (s.pos[i] != len && !analyzer_item_at(&t, p, len, s.pos[i]))
            fail_msg("[%.*s]: PCRE2 has an item at %zu, the analyzer has none", (int)len,
                     (const char *)p, s.pos[i]);
    cfv_rx_tree_free(&t);
}

static int has_callout(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(p + i, "(?C", 3) == 0)
            return 1;
    return 0;
}

/* Random sequences of PCRE2 syntax: most compile, so this is where the
 * analyzer is held to PCRE2's reading: same capture groups, and items that
 * start at the same offsets. */
static void random_syntax_agrees_with_pcre2(void **state)
{
    (void)state;
    static const char *const tok[] = {
        "(", "(", ")", ")", "(?:", "(?|", "(?>", "(?=", "(?!", "(?<=", "(?<!", "(?<n>", "(?'m'",
        "(?P<p>", "(?P=n)", "(?P>n)", "(?&m)", "(?R)", "(?1)", "(?-1)", "(?+1)", "(?2)", "\\g<1>",
        "\\g'n'", "\\g{1}", "\\k<n>", "\\1", "\\2", "(?i)", "(?x)", "(?xx)", "(?-x)", "(?^)",
        "(?n)", "(?J)", "(?i:", "(?x:", "(?#c)", "(?#(a+)", "(?C1)", "(?C'x')", "(?(1)",
        "(?(<n>)", "(?(R)", "(?(DEFINE)", "(?(?=a)", "(*ACCEPT)", "(*F)", "(*MARK:x)", "(*:y)",
        "(*pla:", "(*atomic:", "(*sr:", "(?*", "*", "+", "?", "{2}", "{2,}", "{2,3}", "{,3}", "{",
        "}", "*?", "++", "|", "|", "[", "]", "[^", "[]", "[:alpha:]", "\\Q", "\\E", "\\", "\\(",
        "\\)", "\\[", "\\]", "\\x{41}", "\\x4", "\\o{7}", "\\cA", "\\c(", "\\p{L}", "\\pL", "\\d",
        "\\b", "\\N", "\\0", "\\12", "a", "b", "a", "b", " ", "#", "\n", "\r", "\t", ".", "^", "$",
        "x", "-", ":", "=", "<", ">", "'", "(*UTF)", "(*CR)", "(*LF)", "(*ANY)", "(*NUL)", "\0",
        "\xc2\x85", "\xe2\x80\xa8", "\xc3\xa9",
    };
    uint64_t seed = 42;
    uint8_t buf[512];
    long compiled = 0;
    for (int i = 0; i < 60000; i++) {
        size_t len = 0;
        int items = 1 + (int)(next(&seed) % 14);
        for (int k = 0; k < items; k++) {
            size_t which = next(&seed) % (sizeof tok / sizeof tok[0]);
            size_t l = tok[which][0] ? strlen(tok[which]) : 1; /* "\0" is one NUL */
            memcpy(buf + len, tok[which], l);
            len += l;
        }
        buf[len] = 0; /* PCRE2 10.42 may peek one byte past len */
        compiled += check_one(buf, len, UTF_OPTS);
        compiled += check_one(buf, len, UTF_OPTS | PCRE2_EXTENDED);
        /* an explicit callout suppresses the automatic ones next to it */
        if (!has_callout(buf, len)) {
            items_match_pcre2(buf, len, UTF_OPTS);
            items_match_pcre2(buf, len, UTF_OPTS | PCRE2_EXTENDED);
        }
    }
    assert_true(compiled > 10000); /* the comparison did happen */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deep_parens_are_refused_without_overflow),
        cmocka_unit_test(depth_limit_is_exact),
        cmocka_unit_test(every_group_form_counts_toward_the_depth_limit),
        cmocka_unit_test(pcre2_depth_is_within_the_analyzers),
        cmocka_unit_test(long_flat_patterns),
        cmocka_unit_test(capture_group_limit),
        cmocka_unit_test(adversarial_megabyte_patterns_are_linear),
        cmocka_unit_test(unusable_arguments),
        cmocka_unit_test(random_bytes),
        cmocka_unit_test(random_syntax_agrees_with_pcre2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
