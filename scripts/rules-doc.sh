#!/usr/bin/env bash
# rules-doc.sh CFV > docs/rules.md
# The rule reference, one section per rule (anchor #cfvnnn, the helpUri of
# cfv's SARIF), written from `cfv rules` so it never disagrees with the
# catalog. tests/github checks docs/rules.md is what this prints.
set -euo pipefail
cfv=${1:?usage: rules-doc.sh CFV}
echo "# cfv rules"
echo
echo "Every rule \`cfv check\` reports: what it checks, why, a failing and a fixed"
echo "example in the [source format](source-format.md), and how to fix it."
echo "Written by \`scripts/rules-doc.sh\` from \`cfv rules\`; code scanning links each"
echo "finding here (SARIF \`helpUri\`). Classes: **safety** (a sensor could read out"
echo "of bounds, crash or hang: never configurable), **integrity**, **hygiene**."
echo
"$cfv" rules | tail -n +2 | while read -r id class severity summary; do
  echo "- [$id](#${id,,}) ($class, $severity): $summary"
done
"$cfv" rules | tail -n +2 | while read -r id _; do
  echo
  echo "## $id"
  echo
  echo '```'
  "$cfv" rules "$id"
  echo '```'
done
