#include "catalog.h"

#include "gate.h"

size_t cfv_rules_count(void)
{
    size_t a = 0, b = 0;
    if (!cfv_rule_catalog(&a))
        a = 0;
    (void)cfv_gate_rules(&b);
    return a + b;
}

const cfv_rule_info *cfv_rules_at(size_t i)
{
    size_t a = 0, b = 0;
    const cfv_rule_info *grammar = cfv_rule_catalog(&a);
    const cfv_rule_info *gate = cfv_gate_rules(&b);
    if (!grammar)
        a = 0;
    if (i < a)
        return &grammar[i];
    return i - a < b ? &gate[i - a] : NULL;
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
