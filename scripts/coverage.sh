#!/usr/bin/env bash
# Line and branch coverage of the validator (generated code included) and of
# the replica, from the whole test suite plus `cfv check` over the corpus,
# with an HTML report and a gate: fails when the branch coverage of a part
# named in scripts/coverage-threshold (validator, handwritten, generated,
# replica) falls below its threshold there (raise them as tests grow; never lower one
# to make a change pass).
# usage: scripts/coverage.sh [BUILD_DIR]   (default: build-cov)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build-cov}
jobs=$(nproc)
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCFV_COVERAGE=ON >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null
build=$(cd "$build" && pwd)
profiles="$build/profiles"
rm -rf "$profiles"; mkdir -p "$profiles"
export LLVM_PROFILE_FILE="$profiles/%p-%m.profraw"

(cd "$build" && ctest -j"$jobs" -LE "^(fuzz|proof)$" --output-on-failure >"$build/coverage-ctest.log" 2>&1) || {
  echo "coverage: the test suite failed under the coverage build, see $build/coverage-ctest.log" >&2; exit 1; }
# The corpus through the CLI, sidecar options included.
find corpus -type f \( -name '*.cff' -o -name '*.sys' \) | sort | while read -r f; do
  args=(); [ -f "$f.args" ] && read -r -a args <"$f.args"   # relative to the file's directory
  (cd "$(dirname "$f")" && "$build/cfv" check --format json "${args[@]}" "$(basename "$f")") >/dev/null 2>&1 || true
done

llvm-profdata merge -sparse "$profiles"/*.profraw -o "$build/cfv.profdata"
# llvm-cov takes the first binary as it is and the others after -object.
objects=()
while IFS= read -r exe; do
  if [ "${#objects[@]}" -eq 0 ]; then objects+=("$exe"); else objects+=(-object "$exe"); fi
done < <(
  find "$build" -type f -perm -u+x ! -name '*.so' ! -path '*/CMakeFiles/*' ! -path "$profiles/*" \
    -exec sh -c 'head -c 4 "$1" | grep -q ELF' _ {} \; -print | sort)

# The runtime header's inline functions count too (each instantiation's
# branches, merged by line): cfv_rt_window and cfv_rt_cap hold the checks
# the generated code states through them.
handwritten=("$root"/validator/core/*.[ch] "$root"/validator/render/*.c "$root"/validator/regex/*.[ch])
generated=("$build"/generated/cff_validate.c "$build"/generated/cff_rules.c)
validator=("${handwritten[@]}" "${generated[@]}")
replica=("$root"/replica/*.c)

summary() { # name files...: prints the line, and "name percent" to stderr
  local name=$1; shift
  llvm-cov export -summary-only -instr-profile "$build/cfv.profdata" "${objects[@]}" "$@" 2>/dev/null |
    python3 -c '
import json, sys
t = json.load(sys.stdin)["data"][0]["totals"]
print("%-12s lines %6.2f%% (%d/%d)  branches %6.2f%% (%d/%d)" % (sys.argv[1],
      t["lines"]["percent"], t["lines"]["covered"], t["lines"]["count"],
      t["branches"]["percent"], t["branches"]["covered"], t["branches"]["count"]))
print(sys.argv[1], t["branches"]["percent"], file=sys.stderr)' "$name"
}
echo "coverage (tests + corpus):"
{
  summary validator "${validator[@]}"
  summary handwritten "${handwritten[@]}"
  summary generated "${generated[@]}"
} 2>"$build/validator-branches.txt"
summary replica "${replica[@]}" 2>>"$build/validator-branches.txt"   # gated too
llvm-cov report -instr-profile "$build/cfv.profdata" "${objects[@]}" "${validator[@]}" "${replica[@]}" \
  >"$build/coverage-report.txt" 2>/dev/null
llvm-cov show -format=html -show-branches=count -instr-profile "$build/cfv.profdata" "${objects[@]}" \
  -output-dir "$build/coverage-html" "${validator[@]}" "${replica[@]}" 2>/dev/null
echo "per-file report: $build/coverage-report.txt; HTML: $build/coverage-html/index.html"

# scripts/coverage-threshold: one "part percent" line per gated part.
failed=0
while read -r part threshold; do
  got=$(awk -v p="$part" '$1 == p { print $2 }' "$build/validator-branches.txt")
  if [ -z "$got" ]; then
    echo "coverage gate: unknown part '$part' in scripts/coverage-threshold" >&2; exit 2
  fi
  if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) + 1e-9 >= float(sys.argv[2]) else 1)" "$got" "$threshold"; then
    echo "coverage gate: $part branch coverage ${got}% >= ${threshold}%"
  else
    echo "coverage gate FAILED: $part branch coverage ${got}% < ${threshold}%" >&2
    failed=1
  fi
done < <(grep -vE '^\s*(#|$)' scripts/coverage-threshold)
exit "$failed"
