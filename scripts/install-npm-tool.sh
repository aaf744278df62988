#!/bin/sh
# Installs one npm package into a private directory (never a global or an
# enclosing project's node_modules) and prints the path of its executable.
# Usage: scripts/install-npm-tool.sh DIR PACKAGE VERSION EXE
#   EXE: the executable's path relative to DIR. Nothing is downloaded when
#   DIR already holds PACKAGE at VERSION with EXE in it.
set -eu
[ $# -eq 4 ] || { echo "usage: install-npm-tool.sh DIR PACKAGE VERSION EXE" >&2; exit 2; }
dir=$1 package=$2 version=$3 exe=$1/$4
manifest=$dir/node_modules/$package/package.json

if [ -x "$exe" ] && [ -f "$manifest" ] && grep -q "\"version\": *\"$version\"" "$manifest"; then
    echo "$exe"
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "install-npm-tool: npm not found" >&2; exit 1; }

mkdir -p "$dir"
[ -f "$dir/package.json" ] || printf '{"name":"cfv-tools","private":true}\n' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$version" >&2
# A package's postinstall may set the mode; do it again in case scripts were off.
[ -f "$exe" ] || { echo "install-npm-tool: $exe missing after npm install" >&2; exit 1; }
chmod u+x "$exe"
echo "$exe"
