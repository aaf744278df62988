#!/usr/bin/env bash
# The whole test suite. Installs what it needs, then:
#   1. every test under ASan + UBSan (clang);
#   2. every test again in a plain build (where the faithful replica must die
#      with SIGSEGV, as the sensor did), and the same build under valgrind;
#   3. the fuzz smoke runs (libFuzzer, grammar-aware mutator, ~30 s each):
#      nothing found in the validator, hardened and differential targets,
#      and the faithful replica rediscovers the Channel File 291 read;
#   4. the coverage gate (scripts/coverage-threshold);
#   5. the Frama-C EVA proof (ctest -L proof, scripts/prove.sh): no more
#      alarms than proof/baseline.txt records (the gate is 0).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
CFV_SARIF_MULTITOOL="$(bash scripts/install-sarif-multitool.sh 2>/dev/null || true)"
CFV_ACTION_VALIDATOR="$(bash scripts/install-action-validator.sh 2>/dev/null || true)"
export CFV_SARIF_MULTITOOL CFV_ACTION_VALIDATOR
jobs=$(nproc)
step() { printf '\n== %s\n' "$*"; }

step "ASan + UBSan build and tests"
cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCFV_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ctest --output-on-failure -j"$jobs" -LE '^proof$')

step "plain build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs" -LE '^proof$')

step "valgrind memcheck"
bash scripts/memcheck.sh build

step "fuzz smoke runs"
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCFV_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
(cd build-fuzz && ctest -L '^fuzz$' --output-on-failure -j"$jobs")

step "coverage gate"
bash scripts/coverage.sh build-cov

step "Frama-C EVA proof"
(cd build && ctest -L '^proof$' --output-on-failure -j"$jobs")
