#include "catalog.h"


/* The one catalog: the grammar's, which states the gate's rules too
 * (CFV080..CFV082, its entry Release), so each rule is listed once. */
size_t cfv_rules_count(void)
{
    size_t a = 0;
    if (!cfv_rule_catalog(&a))
        a = 0;
    return a;
}

const cfv_rule_info *cfv_rules_at(size_t i)
{
    size_t a = 0;
    const cfv_rule_info *grammar = cfv_rule_catalog(&a);
    return grammar && i < a ? &grammar[i] : NULL;
}

const cfv_rule_info *cfv_rules_find(unsigned id)
{
    for (size_t i = 0, n = cfv_rules_count(); i < n; i++)
        if (cfv_rules_at(i)->id == id)
            return cfv_rules_at(i);
    return NULL;
}

int cfv_rules_parse_id(const char *s, unsigned *id)
{
    if (!((s[0] == 'C' || s[0] == 'c') && (s[1] == 'F' || s[1] == 'f') &&
          (s[2] == 'V' || s[2] == 'v')))
        return -1;
    unsigned v = 0;
    for (int i = 3; i < 6; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (s[6] != '\0')
        return -1;
    *id = v;
    return 0;
}
