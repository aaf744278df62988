/* Facts the grammar's `require`s establish about a struct's window. */
#ifndef CFV_GEN_PROVE_H
#define CFV_GEN_PROVE_H

#include <stdio.h>

#include "gen.h"

#define LIN_ATOMS 4
#define FACTS_MAX 16

/* k + sum(coef[i] * atom[i]); ok = 0 when the expression is not linear. */
typedef struct lin {
    uint64_t k;
    int n, ok;
    char atom[LIN_ATOMS][64];
    uint64_t coef[LIN_ATOMS];
} lin;

typedef struct facts {
    lin len[FACTS_MAX];         /* len(self) >= len[i] */
    int nlen;
    struct { char atom[64]; uint64_t k; } up[FACTS_MAX];   /* atom <= k */
    int nup;
    int nul;                    /* find_nul(self) < len(self) */
} facts;

lin lin_of(const grammar *g, const strct *s, const expr *e, int depth);
void facts_require(facts *f, const grammar *g, const strct *s, const expr *cond);
uint64_t facts_len_const(const facts *f);
int facts_array_fits(const facts *f, const grammar *g, const strct *s, const expr *count, uint64_t at,
                     uint64_t size);
int facts_bounded(const facts *f, const grammar *g, const strct *s, const expr *count, uint64_t max);
uint64_t struct_fixed_size(const grammar *g, const strct *s, int depth);

#endif
