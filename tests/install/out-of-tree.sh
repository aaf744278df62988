#!/usr/bin/env bash
# out-of-tree.sh SOURCE_DIR CMAKE
# A build directory outside the source tree (a scratch directory): cfv, its
# replica children and the manual page build there, and the installed tree
# runs like any other (installed-runs.sh). Exit 0 pass, 1 fail.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: out-of-tree.sh SOURCE_DIR CMAKE" >&2; exit 2; }
src=$(cd "$1" && pwd -P) cmake=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-oot.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
{
  "$cmake" -S "$src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release -DCFV_TESTS=OFF &&
    "$cmake" --build "$tmp/build" -j"$(nproc)" --target cfv cfv_man cfv_deb_changelog &&
    "$cmake" --install "$tmp/build" --prefix "$tmp/prefix"
} >"$tmp/log" 2>&1 || { tail -n 30 "$tmp/log"; echo "FAIL: out-of-tree build or install" >&2; exit 1; }
# The build directory's own cfv, from elsewhere, with its built-in definitions.
(cd / && "$tmp/build/cfv" check --sensor 7.16 "$src/corpus/valid/"*.cff >/dev/null) ||
  { echo "FAIL: $tmp/build/cfv check on corpus/valid" >&2; exit 1; }
"$(dirname "$0")/installed-runs.sh" "$tmp/prefix" "$src" "$tmp/build"
