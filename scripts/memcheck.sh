#!/usr/bin/env bash
# Runs every cmocka test executable of a plain (unsanitized) build under
# valgrind memcheck, children included (the CLI tests exec build/cfv), and
# fails on any memory error or definite/indirect leak.
# usage: scripts/memcheck.sh [BUILD_DIR]   (default: build)
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
command -v valgrind >/dev/null || { echo "memcheck: valgrind not installed" >&2; exit 1; }
logdir="$build/memcheck"
rm -rf "$logdir"; mkdir -p "$logdir"

# Tests whose point is a real crash read through signal state (triage reads
# the faulting registers) are run by the sanitized and plain suites instead;
# valgrind's emulated signal frames are not the CPU's.
skip_labels='triage|fuzz'
mapfile -t tests < <(cd "$build" && ctest -N --show-only=json-v1 | python3 -c '
import json, re, sys
skip = re.compile(sys.argv[1])
for t in json.load(sys.stdin)["tests"]:
    labels = [l for p in t.get("properties", []) if p["name"] == "LABELS" for l in p["value"]]
    cmd = t.get("command", [])
    if cmd and cmd[0].startswith(sys.argv[2]) and not any(skip.fullmatch(l) for l in labels):
        print(t["name"] + "\t" + cmd[0])
' "$skip_labels" "$build/")

failed=0
for entry in "${tests[@]}"; do
  name=${entry%%$'\t'*}; exe=${entry#*$'\t'}
  start=$(date +%s)
  if valgrind --quiet --error-exitcode=99 --leak-check=full \
       --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
       --trace-children=yes --child-silent-after-fork=yes \
       --trace-children-skip='/bin/*,/usr/bin/*,/usr/local/bin/*,*Sarif.Multitool*' \
       --log-file="$logdir/$name.%p.log" "$exe" >"$logdir/$name.out" 2>&1; then
    echo "memcheck: $name ok ($(( $(date +%s) - start ))s)"
  else
    echo "memcheck: $name FAILED (exit $?): see $logdir/$name.*"
    failed=$((failed + 1))
  fi
done
errors=$(cat "$logdir"/*.log 2>/dev/null | grep -cE "== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched|.*definitely lost|.*indirectly lost)" || true)
echo "memcheck: ${#tests[@]} test executables, $failed failed, $errors valgrind error reports"
[ "$failed" -eq 0 ] && [ "$errors" -eq 0 ]
