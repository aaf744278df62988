/* fuzz_validator: any bytes -> cfv_validate, every sensor selected, REGEX
 * operands compiled through PCRE2, a channel-file name so CFV070 runs too
 * (name_for: usually the one the header calls for).
 * It must never crash, leak or trip a sanitizer (the engines report
 * those), never take super-linear time (libFuzzer -timeout and
 * -report_slow_units, AFL++ -t), and every diagnostic must be well-formed:
 * a catalog rule (never CFV000, the generator's internal error), an offset
 * within the file, NUL-terminated text; and every event the core hands over
 * names a template of its own rule with as many typed arguments as the
 * template has holes. The text is rendered for the first event of each
 * template an input raises, up to RENDERED templates: rendering every one of
 * a hundred diagnostics was most of an execution (and the first eight,
 * mostly the same template over again, still a tenth), and the fuzzer
 * reaches any event as an input's first of its template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cff_layout.h"
#include "cfv/cfv.h"
#include "cfv/le.h"
#include "cfv/render.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char file_name[] = "C-00000291-00000000-00000032.sys";

/* The channel-file name an input is checked under: the one its header's
 * channel and content version call for, so a file clean otherwise is clean
 * here too and the fast tier settles it alone (under the fixed name every
 * file of another channel drew CFV070 and was walked a second time); the
 * fixed name for one input in eight, picked by the header's CRC field (a
 * hash of the content: the same input always gets the same name), so
 * CFV070's mismatches are still reported and checked. */
static void name_for(const uint8_t *data, size_t size, char out[sizeof file_name])
{
    memcpy(out, file_name, sizeof file_name);
    if (size < CFF_HEADER_FIXED_SIZE || (cfv_le32(data + CFF_HEADER_CRC32C_OFF) & 7u) == 0)
        return;
    uint32_t part[2] = {cfv_le32(data + CFF_HEADER_CHANNEL_ID_OFF),
                        cfv_le32(data + CFF_HEADER_CONTENT_VERSION_OFF)};
    char *digits[2] = {out + 2, out + 20};      /* C-<8>-<8>-<8>.sys */
    for (int k = 0; k < 2; k++) {
        if (part[k] > 99999999u)
            return;
        for (int i = 7; i >= 0; i--, part[k] /= 10)
            digits[k][i] = (char)('0' + part[k] % 10);
    }
}

#define RENDERED 8u

typedef struct seen {
    size_t size;
    uint32_t errors, warnings, rendered;
    uint16_t shown[RENDERED];   /* the templates rendered, rendered of them */
} seen;

/* Is this the first event of its template in the input (and is there room
 * to remember it)? */
static int first_of_template(seen *s, uint16_t message)
{
    if (s->rendered >= RENDERED)
        return 0;
    for (uint32_t i = 0; i < s->rendered; i++)
        if (s->shown[i] == message)
            return 0;
    s->shown[s->rendered++] = message;
    return 1;
}

static void fail(const cfv_diag *d, const char *why)
{
    fprintf(stderr, "fuzz_validator: malformed diagnostic CFV%03u at %llu (%s): %s\n", d->rule,
            (unsigned long long)d->offset, d->field, why);
    abort();
}

static void check(void *user, const cfv_diag *d)
{
    seen *s = user;
    if (memchr(d->field, 0, sizeof d->field) == NULL || !d->message || !d->message[0] ||
        strchr(d->message, '\n'))
        fail(d, "field not NUL-terminated, or the message empty or not one line");
    const cfv_rule_info *r = cfv_rule_find(d->rule);
    if (d->rule == 0 || !r)
        fail(d, "not a catalog rule (CFV000: a read the grammar did not guard)");
    if (d->severity != CFV_SEV_ERROR && d->severity != CFV_SEV_WARNING)
        fail(d, "bad severity");
    if (d->offset > s->size)
        fail(d, "offset past the end of the file");
    if (d->sensor >= (int)cfv_fz_defs()->nsensors)
        fail(d, "no such sensor");
}

/* The holes of a template: {0}, {1}... ({{ is a literal brace). */
static uint32_t holes(const char *t)
{
    uint32_t n = 0;
    for (; *t; t++) {
        if (t[0] == '{' && t[1] == '{')
            t++;
        else if (t[0] == '{')
            n++;
    }
    return n;
}

#define RULE_IDS 1000u      /* CFV001..CFV999 */

/* What each event is checked against, worked out before the first input:
 * per event, scanning its template and searching the catalog cost more
 * than the validation that raised it. Global state forced by the engines'
 * API (LLVMFuzzerTestOneInput carries no user pointer); written once in
 * LLVMFuzzerInitialize, read-only afterwards. */
static struct {
    uint8_t *holes;             /* by message index (255: more than that) */
    uint8_t rule[RULE_IDS];     /* 1: the catalog has this rule id */
} known;

static void know(void)
{
    const cfv_catalog *cat = cfv_catalog_get();
    known.holes = malloc(cat->nmessages ? cat->nmessages : 1);
    if (!known.holes)
        abort();
    for (size_t i = 0; i < cat->nmessages; i++) {
        uint32_t n = holes(cat->messages[i].text);
        known.holes[i] = (uint8_t)(n < 255 ? n : 255);
    }
    for (unsigned id = 1; id < RULE_IDS; id++)
        known.rule[id] = cfv_rule_find(id) != NULL;
}

static int is_rule(unsigned id) { return id < RULE_IDS && known.rule[id]; }

static void event(void *user, const cfv_event *e)
{
    const cfv_catalog *cat = cfv_catalog_get();
    const cfv_message_info *m = e->message < cat->nmessages ? &cat->messages[e->message] : NULL;
    if (!m || m->rule != e->rule || known.holes[e->message] != e->nargs) {
        fprintf(stderr, "fuzz_validator: event CFV%03u names template %u, which is not its own or has "
                        "other holes than its %u arguments\n", e->rule, e->message, e->nargs);
        abort();
    }
    for (uint32_t i = 0; i < e->nargs; i++)
        if (e->args[i].kind > CFV_ARG_SENSOR || (e->args[i].kind == CFV_ARG_BYTES && e->args[i].u && !e->args[i].p)) {
            fprintf(stderr, "fuzz_validator: event CFV%03u argument %u malformed\n", e->rule, i);
            abort();
        }
    seen *s = user;
    if (e->severity == CFV_SEV_ERROR)
        s->errors++;
    else
        s->warnings++;
    /* Past its template's first, an event is rendered (and check fails on
     * it) only when a field check() looks at is wrong. */
    if (first_of_template(s, e->message) || !is_rule(e->rule) || e->offset > s->size ||
        e->severity > CFV_SEV_WARNING || e->sensor >= (int64_t)cfv_fz_defs()->nsensors)
        cfv_render_to_diag(cat, cfv_fz_defs(), e, check, user);
}

/* The definitions are parsed before the first input: parsed during one,
 * their parser's edges made that input's coverage vary (AFL++ stability). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cfv_fz_defs();
    know();
    (void)cfv_fz_workspace();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cfv_defs *defs = cfv_fz_defs();
    seen s = {size, 0, 0, 0, {0}};
    cfv_fz_regex re = {NULL};
    cfv_options o;
    cfv_fz_options(&o, defs, size, &re);
    o.now_utc = 1721347200;     /* 2024-07-19: CFV008 runs, deterministically */
    char name[sizeof file_name];
    o.file_name = name;
    name_for(data, size, name);
    o.file_name_len = sizeof file_name - 1;
    o.sink = event;
    o.sink_user = &s;
    cfv_result r = cfv_validate(data, size, &o);
    if (!r.truncated && (r.errors != s.errors || r.warnings != s.warnings)) {
        fprintf(stderr, "fuzz_validator: result says %u errors, %u warnings; %u and %u were reported\n",
                r.errors, r.warnings, s.errors, s.warnings);
        abort();
    }
    cfv_fz_regex_free(&re);
    return 0;
}
