#!/bin/sh
# Installs Microsoft's SARIF Multitool (npm package @microsoft/sarif-multitool-linux)
# into a local directory, so the cli SARIF test can validate cfv's output.
# Usage: scripts/install-sarif-multitool.sh [DIR]
#   DIR defaults to $CFV_SARIF_MULTITOOL_DIR, else ~/.cache/cfv/sarif-multitool
#   (the place tests/cli looks by default). Prints the path of the executable.
set -eu

version=5.7.0
dir=${1:-${CFV_SARIF_MULTITOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cfv/sarif-multitool}}
exe=$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

if [ -x "$exe" ]; then
    echo "$exe"
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "install-sarif-multitool: npm not found" >&2; exit 1; }

mkdir -p "$dir"
# A private package.json keeps the install out of any enclosing npm project.
[ -f "$dir/package.json" ] || printf '{"name":"cfv-sarif-multitool","private":true}\n' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool-linux@$version" >&2

# The package's postinstall sets the mode; do it again in case scripts were off.
[ -f "$exe" ] || { echo "install-sarif-multitool: $exe missing after npm install" >&2; exit 1; }
chmod u+x "$exe"
echo "$exe"
