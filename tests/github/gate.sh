#!/usr/bin/env bash
# gate.sh SOURCE_DIR CFV
# The action's gate (scripts/action-gate.sh) with the inputs this
# repository's workflow gives it (read from .github/workflows/content-gate.yml),
# in a scratch git repository holding corpus/valid: it passes; with a broken
# file planted in corpus/valid it fails (exit 1), annotates the file with a
# GitHub workflow command, reports it in the SARIF and sets the step outputs;
# the fleet input puts cfv plan's rollout plan in the job summary.
# Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: gate.sh SOURCE_DIR CFV" >&2; exit 2; }
src=$(cd "$1" && pwd -P) cfv=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2")
command -v jq >/dev/null 2>&1 ||
  { echo "SKIPPED: jq is not installed; scripts/content-gate.sh needs it" >&2; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-gate.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# The workflow's `with:` values (one line each, quoted).
wf=$src/.github/workflows/content-gate.yml
with() { sed -n "s/^ *$1: \"\\([^\"]*\\)\".*/\\1/p" "$wf" | head -n 1; }
paths=$(with paths) sensors=$(with sensors) changed=$(with changed-only) fleet=$(with fleet)
[[ -n $paths && -n $sensors && -n $changed && -n $fleet ]] || { echo "FAIL: cannot read the inputs of $wf" >&2; exit 1; }

export GIT_AUTHOR_NAME=cfv GIT_AUTHOR_EMAIL=cfv@example.org GIT_COMMITTER_NAME=cfv \
       GIT_COMMITTER_EMAIL=cfv@example.org GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
repo=$tmp/repo
mkdir -p "$repo/corpus/valid" "$repo/$(dirname "$fleet")" && cp "$src"/corpus/valid/*.cff "$repo/corpus/valid/"
cp "$src/$fleet" "$repo/$fleet"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -qm valid || exit 2

# gate NAME: runs the gate step as action.yml does; its status, stdout in $tmp/NAME.out.
gate() {
  : >"$tmp/$1.outputs"
  : >"$tmp/$1.summary"
  (cd "$repo" && CFV=$cfv INPUT_PATHS=$paths INPUT_CHANGED_ONLY=$changed INPUT_SENSORS=$sensors \
     INPUT_FLEET=$fleet INPUT_BASE=HEAD~1 GITHUB_OUTPUT=$tmp/$1.outputs \
     GITHUB_STEP_SUMMARY=$tmp/$1.summary "$src/scripts/action-gate.sh") >"$tmp/$1.out" 2>&1
}

gate valid
rc=$?
[[ $rc -eq 0 ]] || { fail "the valid corpus: exit $rc"; cat "$tmp/valid.out" >&2; }
grep -qx 'exit-code=0' "$tmp/valid.outputs" || fail "outputs: $(cat "$tmp/valid.outputs")"
grep -q '^::error' "$tmp/valid.out" && fail "annotations on the valid corpus"
# The fleet input: cfv plan's Markdown in the job summary.
grep -q 'cfv plan for acme-prod' "$tmp/valid.summary" ||
  { fail "no rollout plan in the job summary"; cat "$tmp/valid.summary" >&2; }

cp "$src/corpus/rules/CFV003-bad-magic.cff" "$repo/corpus/valid/planted.cff"
git -C "$repo" add -A && git -C "$repo" commit -qm planted
gate planted
rc=$?
[[ $rc -eq 1 ]] || { fail "a planted bad file: exit $rc, expected 1"; cat "$tmp/planted.out" >&2; }
grep -qx 'exit-code=1' "$tmp/planted.outputs" || fail "outputs: $(cat "$tmp/planted.outputs")"
grep -q '^::error file=corpus/valid/planted.cff' "$tmp/planted.out" ||
  { fail "no ::error annotation on corpus/valid/planted.cff"; cat "$tmp/planted.out" >&2; }
sarif=$repo/$(sed -n 's/^sarif=//p' "$tmp/planted.outputs")
if [[ -f $sarif ]]; then
  n=$(jq '[.runs[0].results[] | select(.locations[0].physicalLocation.artifactLocation.uri == "corpus/valid/planted.cff")] | length' "$sarif")
  [[ $n -gt 0 ]] || fail "the SARIF has no result on corpus/valid/planted.cff"
else
  fail "no SARIF written ($sarif)"
fi
if [[ $fails -gt 0 ]]; then echo "$fails failure(s)" >&2; exit 1; fi
echo "the action's gate passes corpus/valid and fails it with a planted broken file"
