/* Frama-C preprocesses with -nostdinc: a stand-in for GCC's <cpuid.h> with
 * only what validator/core/crc32c.c uses, and ACSL contracts in place of the
 * cpuid instruction and the SSE4.2 crc32 builtins (see proof/README.md). */
#ifndef CFV_PROOF_CPUID_H
#define CFV_PROOF_CPUID_H

#define bit_SSE4_2 (1u << 20)

/* The cpuid instruction: any answer. */
/*@ requires \valid(a) && \valid(b) && \valid(c) && \valid(d);
    assigns *a, *b, *c, *d, \result \from leaf;
    ensures \result == 0 || \result == 1; */
int __get_cpuid(unsigned leaf, unsigned *a, unsigned *b, unsigned *c, unsigned *d);

/* The crc32 instructions: a pure function of their operands (no memory). */
/*@ assigns \result \from c, v; */
unsigned int cfv_proof_crc32qi(unsigned int c, unsigned char v);
/*@ assigns \result \from c, v; */
unsigned long long cfv_proof_crc32di(unsigned long long c, unsigned long long v);
#define __builtin_ia32_crc32qi(c, v) cfv_proof_crc32qi((c), (v))
#define __builtin_ia32_crc32di(c, v) cfv_proof_crc32di((c), (v))

#endif
