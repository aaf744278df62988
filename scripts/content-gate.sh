#!/usr/bin/env bash
# The CI release gate: `cfv check` on every channel file changed between
# BASE and HEAD, --against the file's version at BASE when it had one: GitHub
# annotations (--format github, one per finding) and one merged SARIF report
# for code scanning, from one run per file.
#
#   scripts/content-gate.sh BASE CFV OUT.sarif [PATHSPEC...]
#
# BASE: a commit (the pull request's base); when it is not a commit (a new
# branch, all zeros) every tracked channel file is checked without
# --against. PATHSPEC selects the channel files (default: '*.cff' '*.sys').
# $CFV_GATE_ARGS: extra cfv check options (e.g. "--sensor 7.16 --werror").
# $CFV_FLEET: a fleet inventory (FLEET.md): the rollout plan of the changed
# files goes to $GITHUB_STEP_SUMMARY (else stdout) as Markdown; with
# $CFV_PLAN_THROUGH=RING its exit status counts too (the release must be
# able to reach RING).
# Exit status: the worst of cfv's (0 pass, 1 errors, 2 usage or I/O);
# OUT.sarif is written only when some file was checked.
set -euo pipefail
base=$1 cfv=$2 out=$3
shift 3
pathspec=("$@")
[ ${#pathspec[@]} -gt 0 ] || pathspec=('*.cff' '*.sys')
read -r -a extra <<< "${CFV_GATE_ARGS:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# NUL-separated "new-path old-path" pairs (old empty for a file BASE lacks).
pairs="$tmp/pairs"
: > "$pairs"
if git cat-file -e "$base^{commit}" 2>/dev/null; then
  git diff -z --name-status -M --diff-filter=AMR "$base" HEAD -- "${pathspec[@]}" |
    while IFS= read -r -d '' st; do
      IFS= read -r -d '' a
      case $st in
        R*) IFS= read -r -d '' b; printf '%s\0%s\0' "$b" "$a" ;;
        A) printf '%s\0\0' "$a" ;;
        *) printf '%s\0%s\0' "$a" "$a" ;;
      esac
    done > "$pairs"
else
  echo "content-gate: $base is not a commit; checking every channel file" >&2
  git ls-files -z -- "${pathspec[@]}" | while IFS= read -r -d '' f; do printf '%s\0\0' "$f"; done > "$pairs"
fi

status=0 n=0
while IFS= read -r -d '' f && IFS= read -r -d '' old; do
  n=$((n + 1))
  against=()
  if [ -n "$old" ]; then
    prev="$tmp/base/$old"
    mkdir -p "$(dirname "$prev")"
    git show "$base:$old" > "$prev"
    against=(--against "$prev")
  fi
  # The base version is a temporary copy: messages name it BASE:PATH, as git does.
  label="${base:0:12}:"
  echo "::group::cfv check ${against[*]+${against[*]}} $f" | sed "s|$tmp/base/|$label|g"
  set +e
  # One run: GitHub annotations on stdout (one per finding), SARIF beside.
  "$cfv" check --format github --sarif-output "$tmp/$n.sarif" ${extra[@]+"${extra[@]}"} \
    ${against[@]+"${against[@]}"} -- "$f" 2>&1 | sed "s|$tmp/base/|$label|g"
  rc=${PIPESTATUS[0]}
  set -e
  echo "::endgroup::"
  if [ "$rc" -gt "$status" ]; then status=$rc; fi
done < "$pairs"

if [ "$n" -eq 0 ]; then
  echo "content-gate: no channel file changed"
  exit 0
fi
if [ -n "${CFV_FLEET:-}" ]; then
  changed=()
  while IFS= read -r -d '' f && IFS= read -r -d '' _; do changed+=("$f"); done < "$pairs"
  through=()
  [ -z "${CFV_PLAN_THROUGH:-}" ] || through=(--through "$CFV_PLAN_THROUGH")
  set +e
  "$cfv" plan --fleet "$CFV_FLEET" --format markdown ${through[@]+"${through[@]}"} \
    -- "${changed[@]}" >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
  rc=$?
  set -e
  if [ -n "${CFV_PLAN_THROUGH:-}" ] && [ "$rc" -gt "$status" ]; then status=$rc; fi
  if [ "$rc" -eq 2 ]; then status=2; fi
fi

# One run: the widest rule catalog (with --against it holds CFV080..082,
# appended after the grammar's, so every ruleIndex stays valid), all results.
jq -s '. as $all | $all[0]
  | .runs[0].tool = ($all | map(.runs[0].tool) | max_by(.driver.rules | length))
  | .runs[0].results = [$all[].runs[0].results[]]
  | .runs[0].invocations = [$all[].runs[0].invocations // [] | .[]]' "$tmp"/*.sarif > "$out"
echo "content-gate: $n channel file(s) checked, exit $status; SARIF in $out"
exit "$status"
