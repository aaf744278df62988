#!/usr/bin/env bash
# sarif_fingerprints.sh CFV
# partialFingerprints in cfv's SARIF: every result has one; distinct per
# finding (two instances breaking the same rule on the same field in the
# same way included); unchanged by an unrelated edit (an instance added at
# the end, another instance's operand changed, so offsets and CRC move);
# regions carry byteOffset (and startLine 1).
# (The added instance's own findings are new ones.) Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
cfv=$1
command -v jq >/dev/null 2>&1 || { echo "SKIPPED: jq is not installed" >&2; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-fp.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$tmp" || exit 2

# release MIDDLE TAIL OUT: two instances read field 20 (remote_host) alike,
# which sensor 7.11 does not supply: two CFV061 of the same shape. MIDDLE
# goes between them, TAIL after them; OUT gets the SARIF.
release() {
  cat >rel.cfs <<SRC
type NamedPipe
content_version 5
created_utc 2024-07-01T00:00:00Z
instance 1 "a" {
    pipe_name prefix "x"
    remote_host equals "evil.example"
}
$1
instance 3 "c" {
    pipe_name prefix "x"
    remote_host equals "evil.example"
}
$2
SRC
  "$cfv" build --sensor 7.16 --now 1720000000 rel.cfs -o rel.cff >/dev/null 2>&1 || { fail "cfv build"; return 1; }
  "$cfv" check --sensor 7.11 --now 1720000000 --format sarif --output "$3" rel.cff >/dev/null
}
fps() { jq -r '.runs[0].results[] | .partialFingerprints["cfvFinding/v1"] // "MISSING"' "$1" | sort; }

release 'instance 2 "b" { pipe_name prefix "y" }' '' one.sarif
release 'instance 2 "b" { pipe_name prefix "a much longer operand that moves every later offset" }' \
        'instance 4 "d" { pipe_name suffix ".z" }' two.sarif

n=$(jq '.runs[0].results | length' one.sarif)
[[ $n -ge 3 ]] || fail "expected CFV060 and two CFV061, got $n results"
fps one.sarif >one.fp
fps two.sarif >two.fp
grep -q MISSING one.fp && fail "a result without partialFingerprints"
[[ $(sort -u one.fp | wc -l) -eq $(wc -l <one.fp) ]] || fail "fingerprints repeat: $(tr '\n' ' ' <one.fp)"
# The new instance brings findings of its own (CFV062); the old ones keep theirs.
lost=$(comm -23 one.fp two.fp)
[[ -z $lost ]] || fail "an unrelated edit changed fingerprints: $(tr '\n' ' ' <<<"$lost")"
[[ $(jq -r '[.runs[0].results[].locations[0].physicalLocation.region | has("byteOffset")] | all' one.sarif) == true ]] ||
  fail "a region without byteOffset"
off1=$(jq -r '[.runs[0].results[].locations[0].physicalLocation.region.byteOffset] | join(",")' one.sarif)
off2=$(jq -r '[.runs[0].results[].locations[0].physicalLocation.region.byteOffset] | join(",")' two.sarif)
[[ $off1 != "$off2" ]] || fail "the edit was meant to move offsets ($off1)"
if [[ $fails -gt 0 ]]; then exit 1; fi
echo "$n results, distinct fingerprints, unchanged by an unrelated edit (offsets $off1 -> $off2)"
