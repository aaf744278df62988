#!/usr/bin/env bash
# Runs shellcheck on the repository's shell scripts (*.sh and .ci/run).
# Exit 77 (skipped) only when shellcheck is not installed.
set -euo pipefail
root=${1:?usage: shellcheck.sh SOURCE_DIR}
command -v shellcheck >/dev/null || { echo "shellcheck not installed" >&2; exit 77; }
cd "$root"
mapfile -t scripts < <(find . -path ./build -prune -o -path './build-*' -prune -o -path ./.git -prune \
  -o -path ./node_modules -prune -o -type f \( -name '*.sh' -o -path ./.ci/run \) -print | sort)
[ "${#scripts[@]}" -gt 10 ] || { echo "found only ${#scripts[@]} scripts under $root" >&2; exit 1; }
shellcheck -f gcc "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
