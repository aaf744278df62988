#!/usr/bin/env bash
# The main job: install, build, check the shipped corpus, and show the
# Channel File 291 reproduction being caught.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

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

say "Every rule has a corpus file that breaks it"
set +e
$cfv check --format json corpus/rules/*.cff >build/rules-report.json
set -e
python3 - build/rules-report.json <<'PY' || true
import json, os, sys
r = json.load(open(sys.argv[1]))
missed = [f["path"] for f in r["files"]
          if os.path.basename(f["path"])[:6] not in {d["rule"] for d in f["diagnostics"]}]
print(f'{len(r["files"])} rule files, {r["summary"]["errors"]} errors, {r["summary"]["warnings"]} warnings;',
      "each file reports its own rule" if not missed else f"NOT reported by: {missed}")
PY

if [ "$march" -eq 1 ] && [ "$july" -eq 1 ]; then
  say "Channel File 291 caught: cfv check exits 1 on 7.11 (CFV060, CFV061); the 2024 validator passed it"
else
  say "UNEXPECTED: the incident files were not rejected"; exit 1
fi
