#!/usr/bin/env bash
# Generated lines per rule (issue #16's closing figure): for each git
# revision given (default: the one before the generator lost its format
# knowledge, 52d519d^, then main and the work tree), builds that revision's
# cfv-gen, compiles that revision's grammar/cff.grammar and counts the
# lines of the generated validator (cff_validate.c + cff_validate.h, blank
# lines and comments included) against the rules its catalog holds. The
# lines of struct functions are split by tier: `diag` (the diagnostic
# parsers) and `fast` (the fast tier's, *_fast_*, since the two-tier
# generator); `rest` is everything else (value structs, prototypes, entry
# points, the header).
#
#   scripts/gen-lines.sh [REV|worktree]...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -gt 0 ] || set -- 52d519d^ main worktree
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '%-10s %5s %6s %6s %6s %6s %9s %9s %7s\n' \
  revision rules total diag fast rest total/rule diag/rule externs
for rev in "$@"; do
  src="$tmp/src-${rev//[^a-zA-Z0-9]/_}"
  mkdir -p "$src/out"
  if [ "$rev" = worktree ]; then
    cp -r "$root/generator" "$root/grammar" "$src/"
  else
    git -C "$root" archive "$rev" generator grammar | tar -x -C "$src"
  fi
  cc -O1 -w -o "$src/cfv-gen" "$src"/generator/*.c
  "$src/cfv-gen" --out "$src/out" "$src/grammar/cff.grammar" >/dev/null
  rules=$(grep -c '^rule [A-Z]*[0-9][0-9][0-9] ' "$src/grammar/cff.grammar")
  ext=$(grep -c '^extern ' "$src/grammar/cff.grammar" || true)
  touch "$src/out/cff_validate.h"
  # A struct function: its definition line (not a prototype: a `{` line
  # follows before any `;`-ended line) up to the `}` in column 0.
  awk -v r="$rev" -v n="$rules" -v e="$ext" '
    /^(static )?int [a-z0-9]+_[A-Za-z0-9_]+\(/ { pending = ($0 ~ /_fast_/) ? "fast" : "diag" }
    pending && /\);$/ { pending = "" }
    pending && /^\{/ { tier = pending; pending = "" }
    { total++; if (tier) lines[tier]++; else if (!pending) rest++ }
    tier && /^\}/ { tier = "" }
    END {
      printf "%-10s %5d %6d %6d %6d %6d %9.1f %9.1f %7d\n", r, n, total, lines["diag"], lines["fast"],
             total - lines["diag"] - lines["fast"], total / n, lines["diag"] / n, e
    }' "$src/out/cff_validate.c" "$src/out/cff_validate.h"
done
