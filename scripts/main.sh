#!/usr/bin/env bash
# The main job: install, build, check the shipped corpus, and show the
# Channel File 291 reproduction being caught.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >build-main.log 2>&1 || { cat build-main.log; exit 1; }

cfv=build/cfv
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "Valid content for every template type (sensor 7.16): expect exit 0"
run $cfv check --sensor 7.16 corpus/valid/*.cff

say "March 2024: NamedPipe (21 fields), every criterion on field 20 a wildcard"
run $cfv check --sensor 7.16 corpus/incident/march-namedpipe-wildcard-field20.cff
set +e
run $cfv check --sensor 7.11 corpus/incident/march-namedpipe-wildcard-field20.cff
march=$?
say "19 July 2024: a non-wildcard criterion on field 20, sensor 7.11 supplies 20 inputs"
run $cfv check --sensor 7.11 corpus/incident/july19-namedpipe-nonwildcard-field20.cff
july=$?
set -e
run $cfv check --sensor 7.16 corpus/incident/july19-namedpipe-nonwildcard-field20.cff

say "Rollout plan for the 19 July file on FLEET.md's fleet: clear through early, general blocked by 7.11"
set +e
run $cfv plan --fleet corpus/fleet/acme-prod.json corpus/incident/july19-namedpipe-nonwildcard-field20.cff
plan_all=$?
run $cfv plan --fleet corpus/fleet/acme-prod.json --through early corpus/incident/july19-namedpipe-nonwildcard-field20.cff >/dev/null
plan_early=$?
set -e
echo "exit $plan_all for every ring, $plan_early with --through early"
if [ "$plan_all" -ne 1 ] || [ "$plan_early" -ne 0 ]; then
  say "UNEXPECTED: cfv plan exit statuses"; exit 1
fi

say "Every rule has a corpus file that breaks it (sidecar .args/.defs honoured)"
shown=0; missed=()
while IFS= read -r f; do
  rule=$(basename "$(dirname "$f")" | grep -oE '^CFV[0-9]{3}' || basename "$f" | grep -oE '^CFV[0-9]{3}')
  # A sidecar's options (e.g. --defs NAME) are relative to the file's directory.
  args=(); [ -f "$f.args" ] && read -r -a args <"$f.args"
  set +e
  out=$(cd "$(dirname "$f")" && "$root/$cfv" check "${args[@]}" "$(basename "$f")" 2>&1)
  set -e
  if grep -q "\[$rule\]" <<<"$out"; then shown=$((shown + 1)); else missed+=("$f"); fi
done < <(find corpus/rules -type f \( -name '*.cff' -o -name '*.sys' \) | sort)
echo "$shown rule files report their own rule${missed:+; NOT reported: ${missed[*]}}"
[ "${#missed[@]}" -eq 0 ] || exit 1

if [ "$march" -eq 1 ] && [ "$july" -eq 1 ]; then
  say "Channel File 291 caught: cfv check exits 1 on 7.11 (CFV060, CFV061); the 2024 validator passed it"
else
  say "UNEXPECTED: the incident files were not rejected"; exit 1
fi
