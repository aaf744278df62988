/* SQLite's testcase(): CFV_TESTCASE(X) marks a boundary some test must
 * reach (X true at least once: the longest name, the deepest group). In
 * coverage builds (CFV_COVERAGE_TEST, set by -DCFV_COVERAGE=ON) it is a
 * branch of its own, so scripts/coverage.sh reports it untested like any
 * other branch; in every other build it is nothing. Freestanding: no call,
 * no state. */
#ifndef CFV_TESTCASE_H
#define CFV_TESTCASE_H

#ifdef CFV_COVERAGE_TEST
#define CFV_TESTCASE(x) \
    do {                \
        if (x) {        \
        }               \
    } while (0)
#else
#define CFV_TESTCASE(x) ((void)0)
#endif

#endif
