/* The fast tier's implication pass (imply.c): conditions an earlier check
 * of the same tier has established, and whether they imply a later one. */
#ifndef CFV_GEN_IMPLY_H
#define CFV_GEN_IMPLY_H

#include "gen.h"

typedef struct known {
    char **k;   /* canonical keys of conditions that hold */
    int n, cap;
} known;

void known_reset(known *kn);
void known_add(known *kn, const grammar *g, const strct *s, const expr *cond);
void known_add_field(known *kn, const grammar *g, const strct *s, const strct *sub, const char *prefix);
int known_implies(const known *kn, const grammar *g, const strct *s, const expr *cond);

#endif
