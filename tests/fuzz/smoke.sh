#!/usr/bin/env bash
# smoke.sh [--expect-cf291] TARGET SEEDS DICT WORKDIR SECONDS
# One CI smoke run of a libFuzzer target from a copy of the seed corpus.
#   default          pass iff SECONDS of fuzzing find nothing (no crash, leak,
#                    timeout or sanitizer report); on a finding, print it and
#                    fail, keeping the input in WORKDIR/artifacts.
#   --expect-cf291   the faithful replica: pass iff, within SECONDS, it reads
#                    past its inputs the way Channel File 291 did (its
#                    "(CF291)" line). Another crash first (a record whose
#                    field_count is wrong) is noted and fuzzing goes on, from
#                    the corpus grown so far, with the next seed.
set -uo pipefail

expect=0
if [[ ${1:-} == --expect-cf291 ]]; then expect=1; shift; fi
[[ $# -eq 5 ]] || { echo "usage: smoke.sh [--expect-cf291] TARGET SEEDS DICT WORKDIR SECONDS" >&2; exit 2; }
target=$1 seeds=$2 dict=$3 work=$4 budget=$5
name=$(basename "$target")
# The campaigns' -max_len and -timeout (fuzz/libfuzzer.options).
mapfile -t lf_opts < <("$(dirname "$0")/../../fuzz/options-args")
((${#lf_opts[@]})) || { echo "smoke.sh: no options from fuzz/options-args" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts" || exit 2
cp "$seeds"/* "$work/corpus/" || exit 2
dict_opt=()
[[ -s $dict ]] && dict_opt=(-dict="$dict")

run() {     # run SEED SECONDS LOG: one libFuzzer session; its exit status
  "$target" -seed="$1" -max_total_time="$2" "${lf_opts[@]}" -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "${dict_opt[@]}" \
    "$work/corpus" >"$3" 2>&1
}

execs() { grep -ho 'stat::number_of_executed_units: *[0-9]*' "$@" | awk '{s += $2} END {print s + 0}'; }

start=$SECONDS
if [[ $expect == 0 ]]; then
  run 1 "$budget" "$work/log.txt"
  rc=$?
  if [[ $rc != 0 ]]; then
    echo "$name: FINDING after $((SECONDS - start)) s (exit $rc); input kept in $work/artifacts"
    grep -E 'VALIDATOR SOUNDNESS BUG|ERROR|SUMMARY|fuzz_[a-z_]+:|Test unit written' "$work/log.txt" | head -20
    exit 1
  fi
  echo "$name: no finding in $budget s, $(execs "$work/log.txt") executions"
  exit 0
fi

seed=1
while (( SECONDS - start < budget )); do
  log="$work/log-$seed.txt"
  run "$seed" "$(( budget - (SECONDS - start) ))" "$log"
  rc=$?
  if [[ $rc == 0 ]]; then
    break
  fi
  if grep -q '(CF291)' "$log"; then
    echo "$name: found the Channel File 291 read after $((SECONDS - start)) s, $(execs "$work"/log-*.txt) executions:"
    grep -h '(CF291)' "$log" | head -1
    exit 0
  fi
  echo "$name: seed $seed crashed otherwise (noted, going on):"
  grep -hE 'fuzz_replica_faithful:|SUMMARY' "$log" | head -2
  seed=$((seed + 1))
done
echo "$name: FAILED: no Channel File 291 read within $budget s ($(execs "$work"/log-*.txt) executions)"
exit 1
