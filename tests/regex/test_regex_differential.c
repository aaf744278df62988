/* Differential test: the CFV056 analyser's parse against PCRE2's own
 * compile, over every REGEX operand in corpus/ and a few thousand generated
 * patterns (fixed seed). For each pattern and option set:
 *   - accept/reject: whatever PCRE2 compiles the analyser parses (the other
 *     way round is allowed: PCRE2 also rejects what only its compile phase
 *     sees, e.g. an unbounded lookbehind, and the verdict is then CFV055);
 *   - capture count: equal whenever both accept;
 *   - error offset: the verdict (cfv_regex_check) is CFV055 with PCRE2's
 *     error offset unchanged; where the analyser itself stopped is counted
 *     against PCRE2's offset and printed (the analyser is only ever run on
 *     patterns PCRE2 compiled, so its reading of broken ones is informative,
 *     not a safety property).
 * The agreement table is printed so a PCRE2 upgrade shows what moved. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include "cfv/decode.h"
#include "regex_internal.h"
#include "test_regex_util.h"

#define MAX_PATTERNS 8192

typedef struct pattern {
    uint8_t *p;
    size_t len;
} pattern;

typedef struct tally {
    long both_accept, both_reject, only_pcre2_rejects, offsets_equal;
} tally;

static pattern pats[MAX_PATTERNS];
static size_t npats, ncorpus;

static void add(const uint8_t *p, size_t len)
{
    if (npats == MAX_PATTERNS)
        return;
    uint8_t *copy = malloc(len + 1); /* PCRE2 10.42 may peek one byte past len */
    assert_non_null(copy);
    if (len)
        memcpy(copy, p, len);
    copy[len] = 0;
    pats[npats].p = copy;
    pats[npats++].len = len;
}

static int corpus_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".cff") != 0 || st->st_size <= 0)
        return 0;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    uint8_t *buf = malloc((size_t)st->st_size);
    assert_non_null(buf);
    size_t len = fread(buf, 1, (size_t)st->st_size, f);
    fclose(f);
    cfv_decoded d;
    cfv_decoded_init(&d);
    assert_int_equal(cfv_decode(&d, buf, len), CFV_DECODE_OK);
    for (size_t i = 0; i < d.ninstances; i++)
        for (size_t c = 0; c < d.instances[i].ncriteria; c++) {
            const cfv_dec_criterion *cr = cfv_decoded_criterion(&d, i, c);
            const uint8_t *text;
            size_t tlen;
            if (cr->op == CFF_OP_REGEX &&
                cfv_decoded_sref(&d, cr->operand, &text, &tlen) == CFV_SREF_OK)
                add(text, tlen);
        }
    cfv_decoded_free(&d);
    free(buf);
    return 0;
}

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

/* Syntax-heavy fragments: groups of every kind, quantifiers, classes,
 * escapes, verbs, options, and characters that are syntax only sometimes. */
static void generate(size_t count, uint64_t seed)
{
    static const char *const frag[] = {
        "(", ")", "(?:", "(?|", "(?>", "(?=", "(?!", "(?<=", "(?<!", "(?<n>", "(?'m'", "(?P<p>",
        "(?P=n)", "(?&m)", "(?R)", "(?1)", "(?-1)", "\\g<1>", "\\k<n>", "\\1", "(?i)", "(?x)",
        "(?-i:", "(?(1)", "(?(DEFINE)", "(*ACCEPT)", "(*MARK:x)", "(*atomic:", "*", "+", "?",
        "{2}", "{2,}", "{1,3}", "{,3}", "{", "}", "*?", "++", "|", "[", "]", "[^", "[a-z]",
        "[:digit:]", "[[:alpha:]]", "\\Q", "\\E", "\\", "\\x{41}", "\\x4", "\\o{7}", "\\cA",
        "\\p{L}", "\\P{Lu}", "\\d", "\\w", "\\s", "\\b", "\\B", "\\N", "\\R", "\\X", ".", "^", "$",
        "a", "b", "z", "0", "9", "-", ":", " ", "#", "\n", "\xc3\xa9", "\xe2\x82\xac", "\xff",
    };
    uint8_t buf[256];
    for (size_t i = 0; i < count; i++) {
        size_t len = 0;
        int items = 1 + (int)(next(&seed) % 12);
        for (int k = 0; k < items; k++) {
            const char *f = frag[next(&seed) % (sizeof frag / sizeof frag[0])];
            size_t l = strlen(f);
            memcpy(buf + len, f, l);
            len += l;
        }
        add(buf, len);
    }
}

static void compare(const pattern *pt, uint32_t options, tally *t)
{
    int err = 0;
    PCRE2_SIZE eoff = 0;
    pcre2_code *code = pcre2_compile(pt->p, pt->len, options, &err, &eoff, NULL);
    cfv_rx_tree tree;
    int parsed = cfv_rx_parse(&tree, pt->p, pt->len, options);
    if (!code && cfv_rx_plain(pt->p, pt->len)) /* the subset judged without PCRE2 */
        fail_msg("PCRE2 rejects [%.*s] (options %#x), the plain subset takes it", (int)pt->len,
                 (const char *)pt->p, options);
    if (code) {
        if (parsed != 0)
            fail_msg("PCRE2 compiles [%.*s] (options %#x), the analyser does not", (int)pt->len,
                     (const char *)pt->p, options);
        uint32_t captures = 0;
        assert_int_equal(pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures), 0);
        if (tree.captures != captures)
            fail_msg("[%.*s]: the analyser counts %u capture groups, PCRE2 %u", (int)pt->len,
                     (const char *)pt->p, tree.captures, captures);
        cfv_rx_tree_free(&tree);
        pcre2_code_free(code);
        t->both_accept++;
        return;
    }
    if (parsed == 0) {
        cfv_rx_tree_free(&tree);
        t->only_pcre2_rejects++;
    } else {
        t->both_reject++;
        assert_true(tree.error_offset <= pt->len);
        t->offsets_equal += tree.error_offset == eoff;
    }
    if (options == cfv_regex_compile_options(0)) {
        cfv_re_verdict v;
        cfv_regex_check(NULL, pt->p, pt->len, 0, &v);
        assert_int_equal(v.status, CFV_RE_COMPILE_ERROR);
        assert_int_equal(v.offset, eoff);
    }
}

static void analyser_agrees_with_pcre2(void **state)
{
    (void)state;
    assert_int_equal(nftw(CFV_SOURCE_DIR "/corpus", corpus_file, 16, FTW_PHYS), 0);
    ncorpus = npats;
    assert_true(ncorpus > 0); /* the corpus has REGEX operands (CFV055, CFV056 files) */
    generate(4000, 0xcf291);
    static const char *const names[] = { "UTF", "UTF+CASELESS", "UTF+EXTENDED" };
    const uint32_t opts[] = { cfv_regex_compile_options(0), cfv_regex_compile_options(1),
                              cfv_regex_compile_options(0) | PCRE2_EXTENDED };
    for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++) {
        tally t = { 0 };
        for (size_t i = 0; i < npats; i++)
            compare(&pats[i], opts[o], &t);
        printf("%-13s %zu patterns (%zu from corpus/): both accept %ld, both reject %ld "
               "(same error offset %ld), only PCRE2 rejects %ld\n",
               names[o], npats, ncorpus, t.both_accept, t.both_reject, t.offsets_equal,
               t.only_pcre2_rejects);
        assert_true(t.both_accept > 1000); /* the comparison did happen */
        assert_true(t.both_reject > 100);
    }
    for (size_t i = 0; i < npats; i++)
        free(pats[i].p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(analyser_agrees_with_pcre2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
