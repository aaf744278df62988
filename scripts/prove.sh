#!/usr/bin/env bash
# Frama-C EVA over the generated validator and the core (proof/README.md):
# every input of at most N bytes, through proof/harness.c. Prints the alarms
# by kind; fails when there are more than the recorded baseline
# (proof/baseline.txt; the gate is 0, the baseline only stops regressions
# while it is not yet reached).
#
#   scripts/prove.sh [-n N] [-x] [-p PRECISION] [-d any|shipped] [-g GENERATED_DIR] [-u] [-t SECONDS]
#     -n  input bound in bytes (default 256): every length 0..N, each input at
#         the start of an N-byte array
#     -x  exactly N bytes instead, the array being the input (and a file
#         name of exactly 32 bytes)
#     -p  eva-precision, 0..11 (default 0)
#     -d  definitions: any cfv_defs contents (default), or grammar/cff.defs
#     -g  directory holding the generated cff_validate.c (default: builds
#         build-proof/ with cmake and uses its generated/)
#     -u  record the count as the new baseline for this N, precision, defs
#     -t  timeout for the analysis (default 900)
# CFV_PROOF_EXTRA: more frama-c options (e.g. -eva-print-callstacks).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n=256 precision=0 defs=any gen_dir="" update=0 limit=900 lens=upto
while getopts "n:xp:d:g:ut:" o; do
  case "$o" in
    n) n="$OPTARG" ;; x) lens=exact ;; p) precision="$OPTARG" ;; d) defs="$OPTARG" ;;
    g) gen_dir="$OPTARG" ;; u) update=1 ;; t) limit="$OPTARG" ;;
    *) echo "usage: $0 [-n N] [-x] [-p PRECISION] [-d any|shipped] [-g DIR] [-u] [-t SECONDS]" >&2; exit 2 ;;
  esac
done
case "$defs" in any | shipped) ;; *) echo "prove.sh: -d takes any or shipped, not '$defs'" >&2; exit 2 ;; esac
command -v frama-c >/dev/null || { echo "prove.sh: frama-c not found (Debian package frama-c-base)" >&2; exit 2; }

work="$root/build-proof"
mkdir -p "$work"
if [ -z "$gen_dir" ]; then
  cmake -S "$root" -B "$work/cmake" -DCFV_TESTS=OFF >/dev/null
  cmake --build "$work/cmake" --target cfv_generated -j2 >/dev/null
  gen_dir="$work/cmake/generated"
fi
[ -f "$gen_dir/cff_validate.c" ] || { echo "prove.sh: no cff_validate.c in $gen_dir" >&2; exit 2; }
gen_dir="$(cd "$gen_dir" && pwd)"

cpp_args=(-I"$root/validator/include" -I"$root/validator/core" -I"$gen_dir" -I"$root/proof/stubs"
          -I"$work" -DCFV_PROOF_N="$n")
[ "$lens" = exact ] && cpp_args+=(-DCFV_PROOF_EXACT)
if [ "$defs" = shipped ]; then
  # grammar/cff.defs as a C array, parsed by cfv_defs_parse inside the analysis.
  { echo "static const char cfv_proof_defs_text[] = {"
    od -An -v -tx1 "$root/grammar/cff.defs" | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
    echo "0 };"; } > "$work/shipped_defs.h"
  cpp_args+=(-DCFV_PROOF_SHIPPED_DEFS)
fi

# The analysed sources: the harness, every core file, the generated validator.
# -eva-ilevel 250: integer sets of up to 250 values stay sets, not intervals,
# so "one of the two criterion slots plus an index < 120" stays two ranges
# and a read of one slot's message is not taken to touch the other's
# pointers (the last 8 alarms at precision 0 came from that alone).
sources=("$root/proof/harness.c" "$root"/validator/core/*.c "$gen_dir"/*.c)
log="$work/eva-n$n-$lens-p$precision-$defs.log"
start=$(date +%s)
set +e
# shellcheck disable=SC2086  # CFV_PROOF_EXTRA is a list of options: split on purpose
(cd "$root" && timeout "$limit" frama-c -c11 -machdep x86_64 -cpp-extra-args="${cpp_args[*]}" \
  "${sources[@]}" -eva -eva-precision "$precision" -eva-ilevel 250 -eva-no-show-progress \
  -eva-warn-key=garbled-mix=inactive -eva-msg-key=summary ${CFV_PROOF_EXTRA:-}) >"$log" 2>&1
status=$?
set -e
secs=$(( $(date +%s) - start ))
if [ "$status" -ne 0 ]; then
  tail -20 "$log" >&2
  echo "prove.sh: frama-c failed (exit $status, ${secs}s; 124 is the timeout); log: $log" >&2
  exit 1
fi

# Alarms by kind: each [eva:alarm] is followed by a line naming the kind.
echo "EVA: N=$n lengths=$lens precision=$precision defs=$defs time=${secs}s"
awk '/\[eva:alarm\]/ { getline k; sub(/^ +/, "", k); sub(/\..*/, "", k); sub(/:.*/, "", k); kinds[k]++; total++ }
     END { for (k in kinds) printf "  %5d  %s\n", kinds[k], k; printf "  %5d  alarms in total\n", total }' "$log" | sort -rn
alarms=$(grep -c '\[eva:alarm\]' "$log" || true)
grep -q "NON TERMINATING\|degeneration" "$log" && { echo "prove.sh: the analysis degenerated; log: $log" >&2; exit 1; }

key="n=$n lengths=$lens precision=$precision defs=$defs"
baseline_file="$root/proof/baseline.txt"
if [ "$update" = 1 ]; then
  tmp=$(mktemp)
  { grep -v "^$key " "$baseline_file" 2>/dev/null || true; echo "$key alarms=$alarms"; } | sort > "$tmp"
  mv "$tmp" "$baseline_file"
  echo "baseline for $key recorded: $alarms"
fi
base=$(sed -n "s/^$key alarms=\([0-9]*\)$/\1/p" "$baseline_file" 2>/dev/null || true)
if [ "$alarms" -eq 0 ]; then
  echo "0 alarms: no runtime error is possible on these inputs (proof/README.md)"
  exit 0
elif [ -z "$base" ]; then
  echo "prove.sh: $alarms alarms and no baseline for '$key' in proof/baseline.txt (the gate is 0); log: $log" >&2
  exit 1
elif [ "$alarms" -gt "$base" ]; then
  echo "prove.sh: $alarms alarms, more than the baseline $base for '$key': a regression; log: $log" >&2
  exit 1
fi
echo "$alarms alarms (baseline $base; the gate is 0); log: $log"
