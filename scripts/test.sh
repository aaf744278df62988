#!/usr/bin/env bash
# The whole test suite: installs what it needs, then builds and runs every
# test under ASan + UBSan (clang), and again in a plain build (where the
# faithful replica must die with SIGSEGV, as the sensor did).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CFV_SARIF_MULTITOOL="$(bash scripts/install-sarif-multitool.sh 2>/dev/null || true)"
jobs=$(nproc)

cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCFV_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ctest --output-on-failure -j"$jobs")

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")
