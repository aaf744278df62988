/* The mutator's choices: indexes, integers, ops, flags and strings. */
#include <string.h>

#include "cff_layout.h"
#include "mut_internal.h"

uint32_t cfv_mut_index(cfv_mutator *m, uint32_t n)
{
    if (n <= 1)
        return 0;
    uint32_t r = cfv_mut_below(m, 100);
    if (r < 20)
        return n - 1;
    if (r < 30)
        return 0;
    return cfv_mut_below(m, n);
}

static const uint32_t interesting[] = {
    0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1023, 1024, 1025, 4095, 4096,
    65535, 65536, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu,
    (uint32_t)CFF_MAGIC, (uint32_t)CFF_MAX_CONTENT, (uint32_t)CFF_MAX_CONTENT + 1,
    (uint32_t)CFF_EPOCH_2020, (uint32_t)CFF_MAX_STRING, (uint32_t)CFF_MAX_REGEX,
};

uint32_t cfv_mut_u32(cfv_mutator *m)
{
    uint32_t r = cfv_mut_below(m, 100);
    if (r < 55)
        return interesting[cfv_mut_below(m, sizeof interesting / sizeof interesting[0])];
    if (r < 80)
        return cfv_mut_below(m, 1024);
    return (uint32_t)cfv_mut_next(m);
}

uint8_t cfv_mut_op(cfv_mutator *m, uint8_t field_type)
{
    uint32_t r = cfv_mut_below(m, 100);
    if (r < 75 && field_type == CFF_FIELD_TYPE_STR)
        return (uint8_t)(CFF_OP_EQUALS + cfv_mut_below(m, CFF_OP_REGEX - CFF_OP_EQUALS + 1));
    if (r < 75 && field_type == CFF_FIELD_TYPE_U32)
        return (uint8_t)(CFF_OP_INT_EQ + cfv_mut_below(m, CFF_OP_INT_MASK - CFF_OP_INT_EQ + 1));
    if (r < 96)
        return (uint8_t)(CFF_OP_EQUALS + cfv_mut_below(m, CFF_OP_MAX));
    return (uint8_t)(CFF_OP_MAX + 1 + cfv_mut_below(m, 255 - CFF_OP_MAX));
}

uint8_t cfv_mut_crit_flags(cfv_mutator *m, uint8_t op)
{
    uint32_t r = cfv_mut_below(m, 100);
    if (r < 75 || op == CFF_OP_ANY)
        return 0;
    if (r < 95) {
        int string_op = op >= CFF_OP_EQUALS && op <= CFF_OP_REGEX;
        uint8_t allowed = (uint8_t)(CFF_CRITERION_FLAG_NEGATE | (string_op ? CFF_CRITERION_FLAG_NOCASE : 0));
        return (uint8_t)(cfv_mut_below(m, 4) & allowed);
    }
    return (uint8_t)cfv_mut_below(m, 256);
}

uint8_t cfv_mut_field_type(const cfv_mutator *m, uint16_t template_type, uint32_t i)
{
    int t = cfv_defs_type_by_id(m->defs, template_type);
    return t < 0 ? 0 : cfv_defs_field_type(m->defs, t, i);
}

/* Strings worth having in an operand: the sensor's kinds of values, regex
 * syntax (valid, unsafe and broken), case-folding pairs, bad UTF-8. */
static const char *const tokens[] = {
    "\\\\.\\pipe\\", "\\Device\\NamedPipe\\", "C:\\Windows\\System32\\", "cmd.exe",
    "powershell.exe", "S-1-5-18", "127.0.0.1", "443", "sha256:", "svchost",
    ".*", "^", "$", "(a+)+", "(x*y*)*", "(?:ab+|c)*", "a{2,}", "[a-z]+", "\\d+", "(?i)",
    "(", "[", "\\", "a{99999}", "(?<n>x)\\k<n>", "\\p{L}", "(*UTF)", "(?=a)", "\\Q.\\E",
    "k", "K", "\xE2\x84\xAA", "s", "\xC5\xBF", "\xC3\xA9", "\xF0\x9F\x98\x80",
    "\xC3\x28", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF", "\xFF",
};

/* A terminated, non-empty string of d, or NULL. */
static const char *decoded_string(cfv_mutator *m, const cfv_decoded *d, size_t *len)
{
    if (!d->nstrings)
        return NULL;
    const cfv_dec_string *s = &d->strings[cfv_mut_below(m, (uint32_t)d->nstrings)];
    if (!s->terminated || !s->len)
        return NULL;
    *len = s->len;
    return (const char *)d->strtab + s->off;
}

static const char *any_string(cfv_mutator *m, size_t *len)
{
    const cfv_decoded *d = m->b_live && m->b.nstrings && cfv_mut_chance(m, 40) ? &m->b : &m->a;
    const char *s = cfv_mut_chance(m, 70) ? decoded_string(m, d, len) : NULL;
    if (!s) {
        s = tokens[cfv_mut_below(m, sizeof tokens / sizeof tokens[0])];
        *len = strlen(s);
    }
    return s;
}

/* A head of one string and a tail of another, or one with a token inside. */
static const char *splice(cfv_mutator *m)
{
    size_t n1, n2;
    const char *s1 = any_string(m, &n1), *s2 = any_string(m, &n2);
    size_t head = cfv_mut_below(m, (uint32_t)n1 + 1);
    size_t from = cfv_mut_below(m, (uint32_t)n2 + 1);
    size_t len = 0;
    for (size_t i = 0; i < head && len < CFV_MUT_TEXT_MAX; i++)
        m->text[len++] = s1[i];
    for (size_t i = from; i < n2 && len < CFV_MUT_TEXT_MAX; i++)
        m->text[len++] = s2[i];
    if (cfv_mut_chance(m, 30))      /* and the rest of the first */
        for (size_t i = head; i < n1 && len < CFV_MUT_TEXT_MAX; i++)
            m->text[len++] = s1[i];
    m->text[len] = 0;
    return m->text;
}

/* Longer than the 1024-byte string limit, or than the 256-byte regex limit. */
static const char *long_text(cfv_mutator *m)
{
    size_t n = cfv_mut_chance(m, 50) ? CFF_MAX_STRING + cfv_mut_below(m, 3) - 1
                                     : CFF_MAX_REGEX + cfv_mut_below(m, 3) - 1;
    memset(m->text, 'a', n);
    m->text[n] = 0;
    return m->text;
}

const char *cfv_mut_text(cfv_mutator *m)
{
    uint32_t r = cfv_mut_below(m, 100);
    size_t len;
    if (r < 55)
        return any_string(m, &len);
    if (r < 93)
        return splice(m);
    if (r < 97)
        return long_text(m);
    return "";
}

uint32_t cfv_mut_raw_sref(cfv_mutator *m)
{
    const cfv_decoded *d = &m->a;
    if (d->nstrings && cfv_mut_chance(m, 85))
        return d->strings[cfv_mut_below(m, (uint32_t)d->nstrings)].off;
    return cfv_mut_u32(m);
}
