#!/usr/bin/env bash
# Runs every cmocka test executable of a plain (unsanitized) build under
# valgrind memcheck, then the cfv binary itself over the whole corpus (check,
# dump, run), and fails on any memory error or definite/indirect leak.
# Tests that exec build/cfv hundreds of times run those children natively:
# the cfv pass covers the binary once per corpus file instead, which keeps the
# run within CI's budget. --children traces every child too (slow: hours).
# usage: scripts/memcheck.sh [--children] [BUILD_DIR]   (default: build)
set -euo pipefail
children=no
if [ "${1:-}" = "--children" ]; then children=yes; shift; fi
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "memcheck: valgrind not installed" >&2; exit 1; }
logdir="$build/memcheck"
rm -rf "$logdir"; mkdir -p "$logdir"

# Tests whose point is a real crash read through signal state (triage reads
# the faulting registers) are run by the sanitized and plain suites instead;
# valgrind's emulated signal frames are not the CPU's.
skip_labels='triage|fuzz|proof'
mapfile -t tests < <(cd "$build" && ctest -N --show-only=json-v1 | python3 -c '
import json, re, sys
skip = re.compile(sys.argv[1])
for t in json.load(sys.stdin)["tests"]:
    labels = [l for p in t.get("properties", []) if p["name"] == "LABELS" for l in p["value"]]
    cmd = t.get("command", [])
    if cmd and cmd[0].startswith(sys.argv[2]) and not any(skip.fullmatch(l) for l in labels):
        print(t["name"] + "\t" + cmd[0])
' "$skip_labels" "$build/")

vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
    '--show-leak-kinds=definite,indirect' '--errors-for-leak-kinds=definite,indirect'
    "--trace-children=$children" --child-silent-after-fork=yes
    --trace-children-skip='/bin/*,/usr/bin/*,/usr/local/bin/*,*Sarif.Multitool*')
failed=0
for entry in "${tests[@]}"; do
  name=${entry%%$'\t'*}; exe=${entry#*$'\t'}
  start=$(date +%s)
  if (cd "$build" && "${vg[@]}" --log-file="$logdir/$name.%p.log" "$exe" >"$logdir/$name.out" 2>&1); then
    echo "memcheck: $name ok ($(( $(date +%s) - start ))s)"
  else
    echo "memcheck: $name FAILED (exit $?): see $logdir/$name.*"
    failed=$((failed + 1))
  fi
done

# The cfv binary over the corpus: every file through check (all formats),
# dump, and run against the sample events of its type (exit codes 0-2 are
# all fine here: memcheck's own failure is exit 99).
start=$(date +%s)
ncfv=0
cfv_vg() { # [-C DIR] ARGS...: runs cfv under valgrind, in DIR if given
  local rc=0 dir=.
  if [ "$1" = "-C" ]; then dir=$2; shift 2; fi
  (cd "$dir" && "${vg[@]}" --log-file="$logdir/cfv.%p.log" "$build/cfv" "$@") >/dev/null 2>&1 || rc=$?
  ncfv=$((ncfv + 1))
  if [ "$rc" -gt 2 ]; then echo "memcheck: cfv $* FAILED (exit $rc)"; failed=$((failed + 1)); fi
}
mapfile -t files < <(find "$root/corpus" -type f \( -name '*.cff' -o -name '*.sys' \) | sort)
cfv_vg check --format sarif "${files[@]}"
cfv_vg check --format json --max-diagnostics 1000 "${files[@]}"
for f in "${files[@]}"; do
  args=(); [ -f "$f.args" ] && read -r -a args <"$f.args"   # relative to the file's directory
  cfv_vg -C "$(dirname "$f")" check "${args[@]}" "$(basename "$f")"
  cfv_vg dump --format json "$f"
done
cfv_vg run --sensor 7.11 --hardened "$root/corpus/incident/july19-namedpipe-nonwildcard-field20.cff" \
  "$root/corpus/events/namedpipe-7.11.jsonl"
cfv_vg run --sensor 7.16 --format json "$root/corpus/incident/july19-namedpipe-nonwildcard-field20.cff" \
  "$root/corpus/events/namedpipe-7.16.jsonl"
for fmt in text json markdown sarif; do
  cfv_vg plan --fleet "$root/corpus/fleet/acme-prod.json" --format "$fmt" --werror \
    --against "$root/corpus/incident/march-namedpipe-wildcard-field20.cff" "${files[@]}"
done
echo "memcheck: cfv binary, $ncfv runs over ${#files[@]} corpus files ($(( $(date +%s) - start ))s)"
errors=$(cat "$logdir"/*.log 2>/dev/null | grep -cE "== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched|.*definitely lost|.*indirectly lost)" || true)
echo "memcheck: ${#tests[@]} test executables, $failed failed, $errors valgrind error reports"
[ "$failed" -eq 0 ] && [ "$errors" -eq 0 ]
