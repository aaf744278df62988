#!/usr/bin/env bash
# validate.sh SOURCE_DIR
# action.yml and every workflow in .github/workflows/ pass action-validator
# (@action-validator/cli, scripts/install-action-validator.sh): their schemas,
# expressions' shape, and job/step keys. Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
src=$1
av=${CFV_ACTION_VALIDATOR:-}
[[ -n $av ]] || av=${XDG_CACHE_HOME:-$HOME/.cache}/cfv/action-validator/node_modules/.bin/action-validator
if [[ ! -x $av ]]; then
  echo "SKIPPED: action-validator is not installed (scripts/install-action-validator.sh installs it)" >&2
  exit 77
fi
fails=0 n=0
cd "$src" || exit 2
for f in action.yml .github/workflows/*.yml; do
  n=$((n + 1))
  # Its warnings ("Glob validation is not yet supported") are not findings.
  if ! out=$("$av" "$f" 2>&1); then
    echo "FAIL: $f" >&2; echo "$out" >&2; fails=$((fails + 1))
  fi
done
[[ $fails -eq 0 ]] || exit 1
echo "$n files pass action-validator (@action-validator/cli)"
