#!/usr/bin/env bash
# Generated lines per rule (issue #16's closing figure): for each git
# revision given (default: the one before the generator lost its format
# knowledge, 52d519d^, and the work tree), builds that revision's cfv-gen,
# compiles that revision's grammar/cff.grammar and counts the generated
# validator's lines (cff_validate.c + cff_validate.h, blank lines and
# comments included) against the rules its catalog holds.
#
#   scripts/gen-lines.sh [REV|worktree]...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -gt 0 ] || set -- 52d519d^ worktree
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf "%-12s %6s %8s %8s %10s %8s\n" revision rules validate.c validate.h lines/rule externs
for rev in "$@"; do
  src="$tmp/src-${rev//[^a-zA-Z0-9]/_}"
  mkdir -p "$src"
  if [ "$rev" = worktree ]; then
    cp -r "$root/generator" "$root/grammar" "$src/"
  else
    git -C "$root" archive "$rev" generator grammar | tar -x -C "$src"
  fi
  cc -O1 -w -o "$src/cfv-gen" "$src"/generator/*.c
  mkdir -p "$src/out"
  "$src/cfv-gen" --out "$src/out" "$src/grammar/cff.grammar" >/dev/null
  rules=$(grep -c '^rule [A-Z]*[0-9][0-9][0-9] ' "$src/grammar/cff.grammar")
  c=$(wc -l < "$src/out/cff_validate.c")
  h=0; [ -f "$src/out/cff_validate.h" ] && h=$(wc -l < "$src/out/cff_validate.h")
  ext=$(grep -c '^extern ' "$src/grammar/cff.grammar" || true)
  awk -v r="$rev" -v n="$rules" -v c="$c" -v h="$h" -v e="$ext" \
    'BEGIN { printf "%-12s %6d %8d %8d %10.1f %8d\n", r, n, c, h, (c + h) / n, e }'
done
