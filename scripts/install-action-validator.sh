#!/bin/sh
# Installs action-validator (npm package @action-validator/cli), which checks
# GitHub workflow and action files against their schemas, into a local
# directory, so tests/github can validate action.yml and .github/workflows/.
# Usage: scripts/install-action-validator.sh [DIR]
#   DIR defaults to $CFV_ACTION_VALIDATOR_DIR, else ~/.cache/cfv/action-validator
#   (where tests/github looks by default). Prints the path of the executable.
set -eu
dir=${1:-${CFV_ACTION_VALIDATOR_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cfv/action-validator}}
exec "$(dirname "$0")/install-npm-tool.sh" "$dir" @action-validator/cli 0.6.0 \
    node_modules/.bin/action-validator
