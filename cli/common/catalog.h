/* Every rule cfv check can report, in one list: the grammar's catalog
 * (generated from grammar/cff.grammar) followed by the release gate's. */
#ifndef CFV_CLI_COMMON_CATALOG_H
#define CFV_CLI_COMMON_CATALOG_H

#include <stddef.h>

#include "cfv/diag.h"

size_t cfv_rules_count(void);
/* NULL past the end. */
const cfv_rule_info *cfv_rules_at(size_t i);
/* NULL for an id no rule has. */
const cfv_rule_info *cfv_rules_find(unsigned id);
/* "CFV061" (any case) into *id; -1 if s is not CFV and three digits. */
int cfv_rules_parse_id(const char *s, unsigned *id);

#endif
