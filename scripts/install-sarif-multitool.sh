#!/bin/sh
# Installs Microsoft's SARIF Multitool (npm package @microsoft/sarif-multitool-linux)
# into a local directory, so the cli SARIF test can validate cfv's output.
# Usage: scripts/install-sarif-multitool.sh [DIR]
#   DIR defaults to $CFV_SARIF_MULTITOOL_DIR, else ~/.cache/cfv/sarif-multitool
#   (the place tests/cli looks by default). Prints the path of the executable.
set -eu
dir=${1:-${CFV_SARIF_MULTITOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cfv/sarif-multitool}}
exec "$(dirname "$0")/install-npm-tool.sh" "$dir" @microsoft/sarif-multitool-linux 5.7.0 \
    node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
