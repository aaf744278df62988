/* cfv-gen's own tests: every grammar error is reported as file:line:col
 * with a precise message, a good grammar generates deterministic outputs,
 * and a failed run leaves no output behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"

typedef struct run {
    int status;
    char err[8192];
} run;

static char tmpdir[] = "/tmp/cfv-gen-test-XXXXXX";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Runs cfv-gen with the grammar text; args NULL-terminated after it. */
static run gen(const char *grammar_text, const char *mode, const char *outdir)
{
    run r = { 0 };
    char gpath[256], epath[256], cmd[1024];
    snprintf(gpath, sizeof gpath, "%s/t.grammar", tmpdir);
    snprintf(epath, sizeof epath, "%s/stderr.txt", tmpdir);
    write_file(gpath, grammar_text);
    if (!strcmp(mode, "--out"))
        snprintf(cmd, sizeof cmd, "'%s' --out '%s' '%s' 2>'%s'", CFV_GEN_PATH, outdir, gpath, epath);
    else
        snprintf(cmd, sizeof cmd, "'%s' --check '%s' 2>'%s'", CFV_GEN_PATH, gpath, epath);
    int st = system(cmd);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    size_t n = 0;
    char *e = cli_read_file(epath, &n);
    if (e) {
        snprintf(r.err, sizeof r.err, "%s", e);
        free(e);
    }
    return r;
}

/* Expects a failure whose first line is "<path>:LINE:COL: error: <needle>...". */
static void expect_error(const char *grammar_text, int line, int col, const char *needle)
{
    run r = gen(grammar_text, "--check", NULL);
    char want[128];
    snprintf(want, sizeof want, "t.grammar:%d:%d: error: ", line, col);
    if (r.status != 1 || !strstr(r.err, want) || !strstr(r.err, needle))
        fail_msg("want exit 1 with '%s%s', got exit %d: %s", want, needle, r.status, r.err);
}

#define PRELUDE "rule CFV001 error safety \"file empty\";\n"
#define ENTRY_OK "entry struct F(u64 real_size) {\n  require real_size > 0 @CFV001 \"empty\";\n}\n"

static void test_minimal_grammar_checks(void **state)
{
    (void)state;
    run r = gen(PRELUDE ENTRY_OK, "--check", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
}

static void test_shipped_grammar_checks(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' --check '%s/grammar/cff.grammar'", CFV_GEN_PATH, CFV_SOURCE_DIR);
    assert_int_equal(system(cmd), 0);
}

/* One grammar error each: the grammar, where the error is, what it says. */
typedef struct grammar_error {
    const char *name; /* the cmocka test name */
    const char *grammar;
    int line, col;
    const char *needle;
} grammar_error;

static const grammar_error grammar_errors[] = {
    {"test_missing_semicolon",
     "rule CFV001 error safety \"x\"\nentry struct F(u64 real_size) {}\n",
     2, 1, "expected ';'"},
    {"test_unterminated_string",
     "rule CFV001 error safety \"x;\n",
     1, 26, "unterminated string"},
    {"test_bad_rule_id",
     PRELUDE "entry struct F(u64 real_size) {\n  require real_size > 0 @CFV01 \"e\";\n}\n",
     3, 25, "a rule id is @ then capital letters and three digits"},
    {"test_rule_without_class",
     "rule CFV001 error \"x\";\n" ENTRY_OK,
     1, 19, "expected the rule's class: 'safety', 'integrity' or 'hygiene'"},
    {"test_rule_with_an_unknown_class",
     "rule CFV001 warning fatal \"x\";\n" ENTRY_OK,
     1, 21, "expected the rule's class"},
    {"test_rule_not_in_catalog",
     PRELUDE "entry struct F(u64 real_size) {\n  require real_size > 0 @CFV099 \"e\";\n}\n",
     3, 25, "rule CFV099 is not in the rule catalog"},
    {"test_catalog_rule_never_reported",
     PRELUDE "rule CFV002 error integrity \"zero\";\n" ENTRY_OK,
     2, 6, "rule CFV002 is in the catalog but no check reports it"},
    {"test_unknown_name",
     PRELUDE "entry struct F(u64 real_size) {\n  require bogus > 0 @CFV001 \"e\";\n}\n",
     3, 11, "unknown name 'bogus'"},
    {"test_use_before_declaration",
     PRELUDE "entry struct F(u64 real_size) {\n  check later == 1 @CFV001 \"e\";\n"
              "  u8 later;\n}\n",
     3, 9, "'later' is used before it is declared"},
    {"test_duplicate_field",
     PRELUDE "entry struct F(u64 real_size) {\n  u8 a where a == 0 @CFV001 \"e\";\n"
              "  u16 a;\n}\n",
     4, 3, "'a' is declared twice"},
    {"test_unknown_struct_type",
     PRELUDE "entry struct F(u64 real_size) {\n  u8 a where a == 0 @CFV001 \"e\";\n"
              "  Nope n;\n}\n",
     4, 3, "unknown struct 'Nope'"},
    {"test_set_parameter_outside_per_check",
     PRELUDE "entry struct F(u64 real_size, per u64 sensor) {\n  u8 a where a == sensor @CFV001 \"e\";\n}\n",
     3, 19, "'sensor' is only bound in a `per sensor` check"},
    {"test_unknown_function_needs_extern",
     PRELUDE "entry struct F(u64 real_size) {\n  u8 a where supplied(a) > 0 @CFV001 \"e\";\n}\n",
     3, 14, "unknown function 'supplied' (declare it: extern"},
    {"test_extern_argument_types",
     PRELUDE "extern u64 f(bytes b);\nentry struct F(u64 real_size) {\n  u8 a where f(a) > 0 @CFV001 \"e\";\n}\n",
     4, 16, "argument 1 of f() must be bytes, not an integer"},
    {"test_sensor_hole_outside_per_sensor",
     PRELUDE "entry struct F(u64 real_size, per u64 sensor) {\n  u8 a where a == 0 @CFV001 \"s {sensor}\";\n}\n",
     3, 33, "{sensor} is only known in a `per sensor` check"},
    {"test_unknown_format_spec",
     PRELUDE "entry struct F(u64 real_size) {\n  u8 a where a == 0 @CFV001 \"{a:Nope}\";\n}\n",
     3, 31, "unknown format ':Nope'"},
    {"test_bytes_in_arithmetic",
     PRELUDE "entry struct F(u64 real_size) {\n  u8 b[4] where b + 1 > 0 @CFV001 \"e\";\n}\n",
     3, 19, "operator '+' works on integers"},
    {"test_wrong_builtin_arity",
     PRELUDE "entry struct F(u64 real_size) {\n  u8 a where align8(a, a) > 0 @CFV001 \"e\";\n}\n",
     3, 14, "align8() takes 1 argument(s), not 2"},
    {"test_unique_needs_stored_array",
     PRELUDE "struct E {\n  u8 k where unique(k) @CFV001 \"dup\";\n}\n"
              "entry struct F(u64 real_size) {\n  E es[:real_size];\n}\n",
     3, 14, "unique() needs the struct to be an element of a stored array"},
    {"test_filtered_count_needs_stored_array",
     PRELUDE "struct E {\n  u8 k;\n}\n"
              "entry struct F(u64 real_size) {\n  E es[:real_size];\n"
              "  check count(es where k == 1) == 0 @CFV001 \"e\";\n}\n",
     7, 9, "count() over 'es' needs a stored array"},
    {"test_foreach_needs_stored_array",
     PRELUDE "struct E {\n  u8 k;\n}\n"
              "entry struct F(u64 real_size) {\n  E es[:real_size];\n"
              "  foreach es { check k == 0 @CFV001 \"e\"; }\n}\n",
     7, 3, "foreach needs a stored array"},
    {"test_foreach_holds_checks_only",
     PRELUDE "struct E {\n  u8 k;\n}\n"
              "entry struct F(u64 real_size) {\n  E es[2] max 2;\n"
              "  foreach es { u8 x; }\n}\n",
     7, 16, "a foreach body holds checks only"},
    {"test_no_entry",
     PRELUDE "struct F(u64 real_size) {\n  require real_size > 0 @CFV001 \"e\";\n}\n",
     1, 1, "no `entry struct`"},
    {"test_per_parameter_only_on_entry",
     PRELUDE "struct G(per u64 s) {\n}\n",
     2, 10, "only the entry takes a `per` parameter"},
    {"test_refinement_arity",
     PRELUDE "refine R(u32 v, bytes t) {\n  where v < len(t) @CFV001 \"e\";\n}\n"
              "entry struct F(u64 real_size) {\n  u32 a is R();\n}\n",
     6, 9, "R takes 1 argument(s) after the field"},
    {"test_duplicate_constant",
     "const A = 1;\nconst A = 2;\n" PRELUDE ENTRY_OK,
     2, 7, "'A' is defined twice"},
};

static void test_grammar_error(void **state)
{
    const grammar_error *c = *state;
    expect_error(c->grammar, c->line, c->col, c->needle);
}

/* `docs "FILE";`: every catalog rule needs a complete block there. */
static void test_rule_docs(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/t.rules", tmpdir);
    write_file(path, "# the long texts\n[CFV001]\nchecks: c\n  more\nwhy: w\nbad:\n  b1\n    b2\n"
                     "good:\n  g\nfix: f\n");
    run r = gen("docs \"t.rules\";\n" PRELUDE ENTRY_OK, "--check", NULL);
    assert_int_equal(r.status, 0);
    write_file(path, "[CFV001]\nchecks: c\nwhy: w\nbad:\n  b\ngood:\n  g\n");
    r = gen("docs \"t.rules\";\n" PRELUDE ENTRY_OK, "--check", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "t.rules:1:1: error: CFV001 in"));
    assert_non_null(strstr(r.err, "no 'fix:'"));
    write_file(path, "[CFV002]\nchecks: c\nwhy: w\nbad:\n  b\ngood:\n  g\nfix: f\n");
    expect_error("docs \"t.rules\";\n" PRELUDE ENTRY_OK, 2, 6, "rule CFV001 has no [CFV001] block");
    write_file(path, "[CFV001]\nwhat: c\n");
    r = gen("docs \"t.rules\";\n" PRELUDE ENTRY_OK, "--check", NULL);
    assert_non_null(strstr(r.err, "t.rules:2:1: error: expected checks:"));
    expect_error("docs \"nope.rules\";\n" PRELUDE ENTRY_OK, 1, 6, "nope.rules");
}

/* Generation writes all four outputs, deterministically. */
static void test_outputs_are_deterministic(void **state)
{
    (void)state;
    char a[256], b[256], cmd[1024];
    snprintf(a, sizeof a, "%s/a", tmpdir);
    snprintf(b, sizeof b, "%s/b", tmpdir);
    mkdir(a, 0700);
    mkdir(b, 0700);
    const char *outs[] = { "cff_validate.c", "cff_rules.c", "cff_layout.h", "cff.dict" };
    for (int k = 0; k < 2; k++) {
        snprintf(cmd, sizeof cmd, "'%s' --out '%s' '%s/grammar/cff.grammar'", CFV_GEN_PATH, k ? b : a,
                 CFV_SOURCE_DIR);
        assert_int_equal(system(cmd), 0);
    }
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++) {
        char pa[512], pb[512];
        size_t na, nb;
        snprintf(pa, sizeof pa, "%s/%s", a, outs[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, outs[i]);
        char *x = cli_read_file(pa, &na), *y = cli_read_file(pb, &nb);
        assert_non_null(x);
        assert_non_null(y);
        assert_true(na > 0);
        assert_int_equal(na, nb);
        assert_memory_equal(x, y, na);
        free(x);
        free(y);
    }
}

/* Every generated function names the grammar line it comes from: the line
 * before its header (the header's first line is the last one before its
 * `{` that starts in column 0) is a comment "cff.grammar:N". */
static void test_every_function_names_its_grammar_line(void **state)
{
    (void)state;
    char d[256], cmd[1024], path[512];
    snprintf(d, sizeof d, "%s/trace", tmpdir);
    mkdir(d, 0700);
    snprintf(cmd, sizeof cmd, "'%s' --out '%s' '%s/grammar/cff.grammar'", CFV_GEN_PATH, d, CFV_SOURCE_DIR);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/cff_validate.c", d);
    size_t n;
    char *src = cli_read_file(path, &n);
    assert_non_null(src);
    char *lines[20000];
    size_t nl = 0;
    for (char *p = src; *p && nl < sizeof lines / sizeof lines[0];) {
        lines[nl++] = p;
        char *e = strchr(p, '\n');
        if (!e)
            break;
        *e = 0;
        p = e + 1;
    }
    int functions = 0;
    for (size_t i = 1; i < nl; i++) {
        if (strcmp(lines[i], "{") != 0)
            continue;
        size_t h = i - 1;
        while (h > 0 && lines[h][0] == ' ')
            h--;
        assert_true(h > 0);
        if (!strstr(lines[h - 1], "/* cff.grammar:"))
            fail_msg("function '%s' does not name its grammar line", lines[h]);
        functions++;
    }
    assert_true(functions >= 20);   /* both tiers of every struct, the entries */
    free(src);
}

/* A grammar error leaves no output (not even a temporary) behind. */
static void test_failed_run_writes_nothing(void **state)
{
    (void)state;
    char d[256], p[512];
    snprintf(d, sizeof d, "%s/fail", tmpdir);
    mkdir(d, 0700);
    run r = gen(PRELUDE "entry struct F(u64 real_size) {\n  require bogus @CFV001 \"e\";\n}\n", "--out", d);
    assert_int_equal(r.status, 1);
    snprintf(p, sizeof p, "rmdir '%s' 2>/dev/null", d); /* succeeds only if empty */
    assert_int_equal(system(p), 0);
}

/* The validator cfv-gen writes for the grammar text (free it). */
static char *generated_text(const char *name, const char *text)
{
    char d[256], path[512];
    snprintf(d, sizeof d, "%s/batch-%s", tmpdir, name);
    mkdir(d, 0700);
    run r = gen(text, "--out", d);
    if (r.status != 0)
        fail_msg("cfv-gen failed on %s: %s", name, r.err);
    snprintf(path, sizeof path, "%s/t_validate.c", d);
    size_t n;
    char *src = cli_read_file(path, &n);
    assert_non_null(src);
    return src;
}

/* The validator cfv-gen writes for an entry with one counted array of the
 * element struct ELEM (NAME, SIZE bytes a record), its text (free it). */
static char *generated_with(const char *name, const char *elem, int size)
{
    char text[2048];
    snprintf(text, sizeof text,
             PRELUDE "rule CFV002 error integrity \"bad\";\n"
                     "extern u64 kind(u64 t, u64 i);\n%s\n"
                     "entry struct F(u64 real_size) {\n"
                     "  require real_size > 0 @CFV001 \"empty\";\n"
                     "  require len(self) >= 1;\n"
                     "  u8 n;\n"
                     "  require len(self) >= 1 + %d * n;\n"
                     "  %s xs[n](n);\n"
                     "}\n",
             elem, size, name);
    return generated_text(name, text);
}

/* The grammar decides which arrays the fast tier checks in one loop
 * (docs/performance.md, session 5): fixed-size records that never name
 * `prev`; and which of those it remembers a clean record of per index: a
 * verdict that does not depend on where the record is (no `self`). */
static void test_batched_arrays(void **state)
{
    (void)state;
    char *a = generated_with("A", "struct A(u64 t) {\n  let k = kind(t, index);\n"
                                  "  u8 op where op <= k @CFV002 \"op {op}\";\n  u8 pad;\n}", 2);
    assert_non_null(strstr(a, "static int t_fastn_A("));      /* one loop per array */
    assert_null(strstr(a, "static int t_fast_A("));           /* no parser per record */
    assert_non_null(strstr(a, "uint64_t mrec["));             /* clean records remembered */
    assert_non_null(strstr(a, "cfv_rt_same_rows("));          /* and skipped a run at a time */
    /* the fast tier's `require len(self) >= 1` where F starts: its window is its test */
    assert_non_null(strstr(a, "= cfv_rt_window_if(g, pos, UINT64_C(1), limit);"));
    assert_non_null(strstr(a, "static int t_parse_A("));       /* the diagnostic tier as before */
    free(a);
    char *b = generated_with("B", "struct B(u64 t) {\n"
                                  "  u8 op where index == 0 || op >= prev.op @CFV002 \"order {op}\";\n}", 1);
    assert_null(strstr(b, "t_fastn_B"));                      /* it reads its predecessor */
    assert_non_null(strstr(b, "static int t_fast_B("));
    free(b);
    char *c = generated_with("C", "struct C(u64 t) {\n  let k = kind(t, index);\n"
                                  "  u8 op where op <= k || len(self) > 9 @CFV002 \"op {op}\";\n}", 1);
    assert_non_null(strstr(c, "static int t_fastn_C("));
    assert_null(strstr(c, "mrec["));                          /* its verdict depends on where it is */
    free(c);
}

/* A batched loop's memo keeps the views its records were checked with
 * (`mb_`). When every use passes a view on unchanged from a struct whose
 * every use is a keyed array of elements, that array's loop compares it
 * once for all its elements (kept only on the entry's fresh frame) and the
 * batched loop does not; a view made elsewhere keeps the loop's compare. */
static void test_hoisted_views(void **state)
{
    (void)state;
#define HOISTED_VIEWS_GRAMMAR \
        PRELUDE "rule CFV002 error integrity \"bad\";\nextern u64 kind(u64 t, u64 i);\n" \
                "struct T(u64 t, bytes names) {\n  let k = kind(t, index);\n" \
                "  u8 v where v <= k @CFV002 \"v {v}\"\n" \
                "       where v >= len(names) || byte(names, v) != 0 @CFV002 \"z {v}\";\n}\n" \
                "struct S(u64 t, bytes names) {\n  require len(self) >= 1;\n" \
                "  u8 n where n <= kind(t, 7) @CFV002 \"n {n}\";\n  require len(self) >= 1 + n;\n" \
                "  T ts[n](t, %s);\n}\n" \
                "struct G(u64 t, bytes names) {\n  require len(self) >= 1;\n" \
                "  u8 n where n <= kind(t, 7) @CFV002 \"n {n}\";\n  require len(self) >= 1 + 2 * n;\n" \
                "  S ss[:2 * n](t, names);\n}\n" \
                "entry struct F(u64 real_size) {\n  require real_size > 0 @CFV001 \"empty\";\n" \
                "  require len(self) >= 2;\n  u8 m;\n  u8 t;\n" \
                "  S ss[:m](t, file_slice(0, 2));\n  G gs[:len(self) - 2 - m](t, file_slice(0, 1));\n}\n"
    char text[2048];
    snprintf(text, sizeof text, HOISTED_VIEWS_GRAMMAR, "names");
    char *src = generated_text("HV", text);
    const char *loop = strstr(src, "static int t_fastn_T(");
    assert_non_null(loop);
    loop = strstr(loop + 1, "static int t_fastn_T(");   /* the definition, past the declaration */
    assert_non_null(loop);
    const char *next = strstr(loop, "\n}\n");
    assert_non_null(next);
    const char *cmp = strstr(loop, "cfv_rt_same_view(inv->mb_names, p_names)");
    assert_true(!cmp || cmp > next);                                            /* not per call */
    assert_non_null(strstr(src, "if (!cfv_rt_same_view(fr_->k_ts.mb_names, a")); /* G's loop over S */
    assert_non_null(strstr(src, "fr_->k_ts.mb_names = a"));                     /* the entry's: kept */
    free(src);
    snprintf(text, sizeof text, HOISTED_VIEWS_GRAMMAR, "file_slice(0, 3)");
    src = generated_text("HW", text);
    assert_non_null(strstr(src, "if (!cfv_rt_same_view(inv->mb_names, p_names))"));
    assert_null(strstr(src, "fr_->k_ts.mb_names"));
    free(src);
}

/* A string table (cstring_table in generator/emit_validator.c): an array
 * filling a size whose element is one `cstring` checked only for UTF-8 and
 * a length bound, ended by `require find_nul(self) < len(self)` before the
 * field, is checked by the fast tier as a whole; any other check, or no
 * such require ahead of it, keeps the walk a string at a time. */
static void test_string_tables(void **state)
{
    (void)state;
    static const struct {
        const char *name, *elem, *call; /* call: the bulk check's arguments, or NULL */
    } cases[] = {
        { "S", "  require find_nul(self) < len(self);\n  cstring s where utf8_valid(s) @CFV002 \"u\"\n"
               "      where len(s) <= 9 @CFV002 \"l\";\n", "UINT64_C(9), 1, &n_" },
        { "L", "  require find_nul(self) < len(self);\n  cstring s where len(s) <= MAXS @CFV002 \"l\";\n",
          "UINT64_C(30), 0, &n_" },
        { "N", "  cstring s where utf8_valid(s) @CFV002 \"u\";\n", NULL },
        { "R", "  cstring s where utf8_valid(s) @CFV002 \"u\";\n  require find_nul(self) < len(self);\n", NULL },
        { "E", "  require find_nul(self) < len(self);\n  cstring s where len(s) >= 1 @CFV002 \"e\";\n", NULL },
        { "T", "  require find_nul(self) < len(self);\n  cstring s where utf8_valid(s) @CFV002 \"u\";\n  u8 t;\n",
          NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024], fast[64];
        snprintf(text, sizeof text,
                 PRELUDE "rule CFV002 error integrity \"bad\";\nconst MAXS = 30;\nstruct %s {\n%s}\n"
                         "entry struct F(u64 real_size) {\n  require real_size > 0 @CFV001 \"empty\";\n"
                         "  %s xs[:len(self)];\n}\n",
                 cases[i].name, cases[i].elem, cases[i].name);
        char *src = generated_text(cases[i].name, text);
        snprintf(fast, sizeof fast, "static int t_fast_%s(", cases[i].name);
        const char *bulk = strstr(src, "cfv_rt_cstr_table(g, ");
        if (cases[i].call) {
            assert_non_null(bulk);
            assert_non_null(strstr(bulk, cases[i].call));
            assert_null(strstr(src, fast)); /* no parser per string in the fast tier */
        } else {
            assert_null(bulk);
            assert_non_null(strstr(src, fast));
        }
        snprintf(fast, sizeof fast, "static int t_parse_%s(", cases[i].name);
        assert_non_null(strstr(src, fast)); /* the diagnostic tier walks as before */
        free(src);
    }
}

/* Value slots (generator/ir_frame.c by_value): an extern call over one
 * narrow top-level field of the record is remembered with that field's
 * value; a wide field (an id misses every time), a parameter argument (an
 * index or frame slot serves it) or a field under `if` (not read on every
 * record) get none. */
static void test_value_slots(void **state)
{
    (void)state;
    char *u8 = generated_with("V8", "struct V8(u64 t) {\n  u8 op;\n"
                                    "  u8 x where x <= kind(op, 1) @CFV002 \"x {x}\";\n}", 2);
    assert_non_null(strstr(u8, "uint64_t q0;"));                 /* the slot in the frame */
    assert_non_null(strstr(u8, "(inv->q_key_ != "));            /* tested against the field */
    assert_non_null(strstr(u8, "inv->q_ok_ = 1;"));
    free(u8);
    static const struct {
        const char *name, *elem;
        int size;
    } none[] = {
        { "V32", "struct V32(u64 t) {\n  u32 op;\n  u8 x where x <= kind(op, 1) @CFV002 \"x {x}\";\n}", 5 },
        { "VP", "struct VP(u64 t) {\n  u8 op;\n  u8 x where x <= kind(t, 1) @CFV002 \"x {x}\";\n}", 2 },
        { "VI", "struct VI(u64 t) {\n  u8 c;\n  if (c == 1) {\n    u8 op;\n"
                "    u8 x where x <= kind(op, 1) @CFV002 \"x {x}\";\n  }\n}", 3 },
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        char *src = generated_with(none[i].name, none[i].elem, none[i].size);
        if (strstr(src, "q_key_"))
            fail_msg("%s: a value slot where none belongs", none[i].name);
        free(src);
    }
}

static void test_every_catalog_rule_has_a_check(void **state)
{
    (void)state;
    /* The shipped grammar declares CFV001..CFV070 and --check fails if any is
     * never reported (see test_catalog_rule_never_reported), and the release
     * gate's CFV080..CFV082 (`reported by host`). Count them. */
    size_t n;
    char path[512];
    snprintf(path, sizeof path, "%s/grammar/cff.grammar", CFV_SOURCE_DIR);
    char *g = cli_read_file(path, &n);
    assert_non_null(g);
    int rules = 0;
    for (char *p = g; (p = strstr(p, "\nrule CFV")); p++)
        rules++;
    assert_int_equal(rules, 50); /* FORMAT.md section 8, and the gate's 3 */
    free(g);
}

/* The fast tier's regex miss may end in the checker (cfv_rt_regex_last:
 * the key remembered before the verdict) only where a refusal ends the run
 * at once: the checks right after the let cover every refusal. */
static void test_regex_last(void **state)
{
    (void)state;
    static const char *const checks[] = {
        "  check re.status != RE_COMPILE_ERROR @CFV002 \"no\";\n",
        "  check re.status != RE_NESTED_UNBOUNDED @CFV002 \"no\";\n",
        "  check re.status != RE_UNCHECKED @CFV002 \"no\";\n",
    };
    for (int all = 0; all < 2; all++) {
        char text[2048];
        snprintf(text, sizeof text,
                 PRELUDE "rule CFV002 error integrity \"bad\";\n"
                         "enum RegexStatus : u8 { RE_OK = 0, RE_COMPILE_ERROR = 1, RE_NESTED_UNBOUNDED = 2, "
                         "RE_UNCHECKED = 3 }\n"
                         "entry struct F(u64 real_size) {\n"
                         "  require real_size > 0 @CFV001 \"empty\";\n"
                         "  let re = regex(cstr(self, 0), 0);\n%s%s%s}\n",
                 checks[0], all ? checks[1] : "  let x = 1;\n", checks[2]);
        char *src = generated_text(all ? "RL" : "RN", text);
        assert_int_equal(strstr(src, "cfv_rt_regex_last(") != NULL, all); /* the fast tier's */
        assert_int_equal(strstr(src, "cfv_rt_regex(g, ") != NULL, !all);
        free(src);
    }
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    int rc = TF_RUN_CASES(test_grammar_error, grammar_errors, test_minimal_grammar_checks,
                          test_shipped_grammar_checks, test_rule_docs, test_outputs_are_deterministic,
                          test_failed_run_writes_nothing, test_every_function_names_its_grammar_line,
                          test_every_catalog_rule_has_a_check, test_batched_arrays, test_hoisted_views,
                          test_string_tables, test_value_slots, test_regex_last);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
