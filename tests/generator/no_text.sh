#!/usr/bin/env bash
# No English in a generated validator (issue #16 point 4): its string
# literals are grammar names only (field path segments, an enum name in a
# static assertion); message text lives in the catalog (NAME_rules.c) and
# is rendered by the host.
#   no_text.sh NAME_validate.c...
set -euo pipefail
status=0
for f in "$@"; do
  [ -s "$f" ] || { echo "no_text.sh: $f is missing or empty" >&2; exit 2; }
  bad=$(grep -v '^#include' "$f" | grep -o '"[^"]*"' | grep -v -E '^"[A-Za-z_][A-Za-z0-9_]*"$|^""$' || true)
  if [ -n "$bad" ]; then
    echo "$f: string literals that are not grammar names:" >&2
    echo "$bad" | sort -u >&2
    status=1
  fi
done
exit $status
