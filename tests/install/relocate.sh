#!/usr/bin/env bash
# relocate.sh SOURCE_DIR BUILD_DIR
# Installs the build into a temporary prefix, moves the installed tree to
# another prefix, and runs it there (installed-runs.sh: the incident files,
# no path of the source or build tree opened). Exit 0 pass, 1 fail.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: relocate.sh SOURCE_DIR BUILD_DIR" >&2; exit 2; }
src=$(cd "$1" && pwd -P) build=$(cd "$2" && pwd -P)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-relocate.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/first" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; echo "FAIL: cmake --install" >&2; exit 1; }
mv "$tmp/first" "$tmp/moved"
"$(dirname "$0")/installed-runs.sh" "$tmp/moved" "$src" "$build"
