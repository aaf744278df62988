/* Private to validator/regex: the syntax tree of a PCRE2 pattern and the
 * parser state that builds it. The parser mirrors PCRE2 10.42's parse_regex()
 * so that what it calls a group, a quantifier or a literal is what PCRE2
 * calls one. */
#ifndef CFV_REGEX_INTERNAL_H
#define CFV_REGEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cfv/regex_pcre2.h"

/* The analyser mirrors PCRE2 10.42's parser. Configure refuses another
 * version unless it is accepted explicitly (CFV_PCRE2_ACCEPT_VERSION in
 * CMakeLists.txt, which then defines CFV_PCRE2_ACCEPTED); this catches
 * headers that differ from what configure saw. */
#define CFV_RX_PCRE2_MAJOR 10
#define CFV_RX_PCRE2_MINOR 42
#if !defined(CFV_PCRE2_ACCEPTED) && (PCRE2_MAJOR != CFV_RX_PCRE2_MAJOR || PCRE2_MINOR != CFV_RX_PCRE2_MINOR)
#error "PCRE2 headers are not 10.42, the version the CFV056 analyser models (see CFV_PCRE2_ACCEPT_VERSION)"
#endif

#define CFV_RX_NONE UINT32_MAX
#define CFV_RX_UNLIMITED UINT32_MAX
/* Deeper than PCRE2's default parens_nest_limit (250), so everything PCRE2
 * compiles is analysed; a bound so attacker input cannot grow the frames. */
#define CFV_RX_MAX_DEPTH 1000u
#define CFV_RX_MAX_NAME 32u      /* PCRE2 MAX_NAME_SIZE, in code units */
#define CFV_RX_MAX_NUMBER 65535u /* group numbers and repeat counts */

enum cfv_rx_kind {
    CFV_RX_SEQ,     /* one branch: items in order */
    CFV_RX_ALT,     /* the branches of a group */
    CFV_RX_GROUP,   /* sub = enum cfv_rx_group; first child is its ALT */
    CFV_RX_QUANT,   /* its only child is the repeated item */
    CFV_RX_LITERAL, /* one character */
    CFV_RX_CLASS,   /* [...] */
    CFV_RX_TYPE,    /* . \d \w \p{..} \R \X ... : one character of a kind */
    CFV_RX_ASSERT,  /* ^ $ \b \A ... : not repeatable */
    CFV_RX_BACKREF, /* \1 \g{n} \k<n> (?P=n) */
    CFV_RX_CALL,    /* (?1) (?R) (?&n) (?P>n) \g<n>: num = target, 0 = whole pattern */
    CFV_RX_VERB     /* (*ACCEPT) (*MARK:x) ... */
};

enum cfv_rx_group {
    CFV_RX_G_ROOT,
    CFV_RX_G_CAPTURE,
    CFV_RX_G_PLAIN, /* (?: and (?i: */
    CFV_RX_G_RESET, /* (?| */
    CFV_RX_G_ATOMIC,
    CFV_RX_G_LOOKAHEAD,
    CFV_RX_G_NLOOKAHEAD,
    CFV_RX_G_LOOKBEHIND,
    CFV_RX_G_NLOOKBEHIND,
    CFV_RX_G_NA_LOOKAHEAD,
    CFV_RX_G_NA_LOOKBEHIND,
    CFV_RX_G_COND,
    CFV_RX_G_SCRIPT_RUN,
    CFV_RX_G_ATOMIC_SCRIPT_RUN
};

enum cfv_rx_qmode { CFV_RX_GREEDY, CFV_RX_LAZY, CFV_RX_POSSESSIVE };

typedef struct cfv_rx_node {
    uint32_t parent, first, last, prev, next; /* CFV_RX_NONE when absent */
    uint32_t offset; /* where the item starts in the pattern */
    uint32_t num;    /* GROUP: capture number (0 = none); CALL: target; QUANT: min */
    uint32_t max;    /* QUANT: max or CFV_RX_UNLIMITED; GROUP: offset of its ')' */
    uint32_t name;   /* GROUP, CALL: name id once resolved, else CFV_RX_NONE */
    uint8_t kind, sub; /* sub: enum cfv_rx_group, or enum cfv_rx_qmode for QUANT */
} cfv_rx_node;

typedef struct cfv_rx_tree {
    cfv_rx_node *node;
    uint32_t count, cap;
    uint32_t root;     /* the CFV_RX_G_ROOT group */
    uint32_t captures; /* highest capture number */
    uint32_t names;    /* distinct group names */
    uint32_t error_offset; /* cfv_rx_parse returned -1: where it stopped (clamped to len) */
} cfv_rx_tree;

/* A group name as written at a definition or a call by name. */
typedef struct cfv_rx_name_ref {
    uint32_t node;
    uint8_t len, is_def;
    uint8_t bytes[CFV_RX_MAX_NAME];
} cfv_rx_name_ref;

typedef struct cfv_rx_frame {
    uint32_t group, alt, seq;
    uint32_t saved_opts;           /* restored at the closing ')' */
    uint32_t reset_group, max_group; /* (?| numbering */
    uint8_t reset, cond_assert;    /* cond_assert: closes the condition of (?( */
} cfv_rx_frame;

typedef struct cfv_rx_parser {
    const uint8_t *p;
    size_t len, pos;
    uint32_t opts;    /* PCRE2_* bits in force here */
    uint32_t newline; /* PCRE2_NEWLINE_*: ends # comments in extended mode */
    cfv_rx_tree *t;
    cfv_rx_frame *frame; /* frame[0] is the root */
    uint32_t depth;
    uint32_t bracount; /* capture groups opened so far, as PCRE2 counts them */
    uint32_t okq;      /* the item a quantifier here would repeat, or NONE */
    uint32_t lastq;    /* the quantifier just read (takes a ? or + suffix) */
    int inescq;        /* inside \Q...\E */
    int expect_cond;   /* 2: a condition assertion must follow, 1: after a callout */
    cfv_rx_name_ref *names;
    uint32_t nnames, names_cap;
} cfv_rx_parser;

/* regex_tree.c */
uint32_t cfv_rx_node_new(cfv_rx_tree *t, uint8_t kind, uint8_t sub, size_t offset);
void cfv_rx_append(cfv_rx_tree *t, uint32_t parent, uint32_t child);
void cfv_rx_wrap(cfv_rx_tree *t, uint32_t child, uint32_t wrapper);
void cfv_rx_tree_free(cfv_rx_tree *t);

/* regex_lex.c: character-level reading, as PCRE2 does it */
uint32_t cfv_rx_getc(const cfv_rx_parser *ps, size_t *pos);
int cfv_rx_is_xspace(uint32_t c);
size_t cfv_rx_newline_len(const cfv_rx_parser *ps, size_t pos);
int cfv_rx_read_number(const cfv_rx_parser *ps, size_t *pos, int32_t allow_sign,
                       uint32_t max_value, uint32_t *value);
int cfv_rx_read_repeat(const cfv_rx_parser *ps, size_t *pos, uint32_t *min, uint32_t *max);
int cfv_rx_read_name(const cfv_rx_parser *ps, size_t *pos, int is_group, uint8_t terminator,
                     size_t *name_off, uint32_t *name_len);
int cfv_rx_posix_class(const cfv_rx_parser *ps, size_t pos, size_t *end);

/* regex_escape.c */
enum cfv_rx_esc_kind {
    CFV_RX_E_LITERAL,
    CFV_RX_E_TYPE,
    CFV_RX_E_ASSERT,
    CFV_RX_E_BACKREF,
    CFV_RX_E_CALL,  /* \g<..> \g'..' */
    CFV_RX_E_QUOTE, /* \Q, only seen inside a class */
    CFV_RX_E_UNQUOTE
};
typedef struct cfv_rx_esc {
    int kind;
    uint32_t num;      /* CALL by number */
    size_t name_off;   /* CALL by name when name_len > 0 */
    uint32_t name_len;
} cfv_rx_esc;
int cfv_rx_escape(cfv_rx_parser *ps, int in_class, cfv_rx_esc *out);

/* regex_class.c: after '[' */
int cfv_rx_class(cfv_rx_parser *ps, size_t start);

/* regex_item.c: new items and groups at the current branch */
uint32_t cfv_rx_item(cfv_rx_parser *ps, uint8_t kind, uint8_t sub, size_t offset);
int cfv_rx_open_group(cfv_rx_parser *ps, uint8_t sub, size_t offset, uint32_t num);
int cfv_rx_open_assertion(cfv_rx_parser *ps, uint8_t sub, size_t start, int prev_expect);

/* regex_group.c: after "(" */
int cfv_rx_paren(cfv_rx_parser *ps, size_t start, int prev_expect);

/* regex_verb.c: after "(" with *pos on the '*' */
int cfv_rx_star(cfv_rx_parser *ps, size_t start, int prev_expect);

/* regex_names.c */
int cfv_rx_add_name(cfv_rx_parser *ps, uint32_t node, size_t off, uint32_t len, int is_def);
int cfv_rx_resolve(cfv_rx_parser *ps);

/* regex_parse.c: 0, or -1 if the pattern cannot be parsed. */
int cfv_rx_parse(cfv_rx_tree *t, const uint8_t *pattern, size_t len, uint32_t options);

/* regex_nested.c: 1 found (*offset, *via_call), 0 none, -1 out of memory. */
int cfv_rx_nested(const cfv_rx_tree *t, uint32_t *offset, int *via_call);
int cfv_rx_analyze(const uint8_t *pattern, size_t len, uint32_t options, uint32_t *offset,
                   int *via_call);

/* regex_verdict.c: fills *out; returns the compiled code (the caller owns
 * it) only when out->status is CFV_RE_OK, else NULL. library_ok: what
 * cfv_rx_library_ok() says (a cache asks once, cfv_rx_cache_head). cc: the
 * compile context whose memory functions the code comes from (NULL:
 * PCRE2's). */
pcre2_code *cfv_rx_verdict(const uint8_t *pattern, size_t len, int nocase, int library_ok,
                           pcre2_compile_context *cc, cfv_re_verdict *out);

/* regex_plain.c: 1 if the pattern is in the plain subset, whose verdict is
 * CFV_RE_OK without compiling (the file's comment says why); 0 if the
 * pattern must be compiled and analysed. Linear in len, no allocation. */
#define CFV_RX_PLAIN_MAX_LEN 1024u
#define CFV_RX_PLAIN_MAX_DEPTH 32u
int cfv_rx_plain(const uint8_t *pattern, size_t len);
/* The same scan in place, as cfv_regex_check_nul makes it: pattern[len] is
 * NUL and CFV_REGEX_SLACK bytes past it are readable (tests compare it with
 * cfv_rx_plain, whatever those bytes hold). */
int cfv_rx_plain_nul(const uint8_t *pattern, size_t len);

/* regex_cache.c: what cfv_regex_check (regex_plain.c) reads of a cache, its
 * first member: so the plain scan is inlined into the checker's entry and a
 * plain pattern pays one call frame, not two. */
typedef struct cfv_rx_cache_head {
    int plain_ok; /* the library is the one the plain subset models */
} cfv_rx_cache_head;

/* regex_cache.c: the verdict of a pattern outside the plain subset (user: a
 * cfv_regex_cache or NULL, nocase 0 or 1): the cache, the per-file bound and
 * PCRE2, as cfv_regex_check promises. */
void cfv_rx_check_compiled(void *user, const uint8_t *pattern, size_t len, int nocase,
                           cfv_re_verdict *out);

/* regex_verdict.c: 1 if the PCRE2 library loaded is the one the headers
 * describe (the analyser and the plain subset model that version). */
int cfv_rx_library_ok(void);

/* regex_hash.c: SipHash-2-4, keyed so untrusted patterns cannot flood the cache. */
uint64_t cfv_rx_siphash(uint64_t k0, uint64_t k1, const uint8_t *p, size_t len);

#endif
