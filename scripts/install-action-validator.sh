#!/bin/sh
# Installs action-validator (npm package @action-validator/cli), which checks
# GitHub workflow and action files against their schemas, into a local
# directory, so tests/github can validate action.yml and .github/workflows/.
# Usage: scripts/install-action-validator.sh [DIR]
#   DIR defaults to $CFV_ACTION_VALIDATOR_DIR, else ~/.cache/cfv/action-validator
#   (where tests/github looks by default). Prints the path of the executable.
set -eu

version=0.6.0
dir=${1:-${CFV_ACTION_VALIDATOR_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cfv/action-validator}}
exe=$dir/node_modules/.bin/action-validator

if [ -x "$exe" ] && [ -f "$dir/node_modules/@action-validator/cli/package.json" ] &&
   grep -q "\"version\": \"$version\"" "$dir/node_modules/@action-validator/cli/package.json"; then
    echo "$exe"
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "install-action-validator: npm not found" >&2; exit 1; }

mkdir -p "$dir"
# A private package.json keeps the install out of any enclosing npm project.
[ -f "$dir/package.json" ] || printf '{"name":"cfv-action-validator","private":true}\n' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    "@action-validator/cli@$version" >&2
[ -x "$exe" ] || { echo "install-action-validator: $exe missing after npm install" >&2; exit 1; }
echo "$exe"
