#!/usr/bin/env bash
# The gate step of the cfv GitHub Action (action.yml): turns the action's
# inputs into a scripts/content-gate.sh run, from the repository being gated
# (the working directory). Inputs come as environment variables, set by
# action.yml from its `with:` (empty means not given):
#   CFV                 the cfv binary (required)
#   INPUT_PATHS         git pathspecs of the channel files (default "*.cff *.sys")
#   INPUT_CHANGED_ONLY  "true": only files changed since INPUT_BASE (the
#                       release gate, --against each file's base version);
#                       "false": every tracked file the pathspecs select
#   INPUT_BASE          the base commit (a pull request's base, a push's before)
#   INPUT_SENSORS       sensor names, blank-separated (one --sensor each)
#   INPUT_CONFIG        a .cfv.yaml (--config)
#   INPUT_ARGS          more `cfv check` options, blank-separated
#   INPUT_FLEET         a fleet inventory: the rollout plan (cfv plan --fleet)
#                       goes to the job summary
#   INPUT_PLAN_THROUGH  with INPUT_FLEET: fail unless the release reaches this ring
#   INPUT_SARIF         where the SARIF report goes (default cfv.sarif)
# Writes exit-code, sarif and checked to $GITHUB_OUTPUT when set, and exits
# with the gate's status (0 pass, 1 findings, 2 usage or I/O error).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${CFV:?CFV names the cfv binary}"
read -r -a pathspec <<<"${INPUT_PATHS:-*.cff *.sys}"
[ ${#pathspec[@]} -gt 0 ] || pathspec=('*.cff' '*.sys')
sarif=${INPUT_SARIF:-cfv.sarif}
base=none
if [ "${INPUT_CHANGED_ONLY:-true}" = true ]; then
  base=${INPUT_BASE:-none}
fi

args=()
read -r -a sensors <<<"${INPUT_SENSORS:-}"
for s in ${sensors[@]+"${sensors[@]}"}; do args+=(--sensor "$s"); done
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
read -r -a extra <<<"${INPUT_ARGS:-}"
args+=(${extra[@]+"${extra[@]}"})

set -f      # the pathspecs are for git, not the shell
CFV_GATE_ARGS="${args[*]+"${args[*]}"}" CFV_FLEET="${INPUT_FLEET:-}" \
  CFV_PLAN_THROUGH="${INPUT_PLAN_THROUGH:-}" \
  "$here/content-gate.sh" "$base" "$CFV" "$sarif" "${pathspec[@]}" | tee "${TMPDIR:-/tmp}/cfv-gate.$$"
status=${PIPESTATUS[0]}
checked=$(sed -n 's/^content-gate: \([0-9]*\) channel file(s) checked.*/\1/p' "${TMPDIR:-/tmp}/cfv-gate.$$")
rm -f "${TMPDIR:-/tmp}/cfv-gate.$$"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "checked=${checked:-0}"
    if [ -f "$sarif" ]; then echo "sarif=$sarif"; else echo "sarif="; fi
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
