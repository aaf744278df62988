#!/usr/bin/env bash
# formats.sh SOURCE_DIR CFV
# The formats for CI systems, each parsed back the way its consumer reads it:
#   github  every line is a workflow command GitHub parses (::error|warning|notice
#           file=…,line=1,col=N,title=CFVnnn::message), properties and message
#           escaped per the runner's rules (a path with ',' ':' '%' round-trips),
#           col = byte offset + 1, one command per diagnostic the text shows;
#   gcc     FILE:1:COL: severity: message [CFVnnn] (…), COL = offset + 1;
#   junit   valid against tests/cli/junit/junit.xsd (xmllint), counts right;
# and --sarif-output/--json-output/--junit-output in one run: byte for byte
# what separate --format runs write, a bad output path writes nothing; and
# cfv build's reports of a source file at its lines and columns.
# Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
src=$1 cfv=$2
for t in xmllint jq; do
  command -v $t >/dev/null 2>&1 || { echo "SKIPPED: $t is not installed (Debian: libxml2-utils, jq)" >&2; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-formats.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$tmp" || exit 2
odd='dir,1/a:b%c.cff'         # a path GitHub's property escaping must carry
mkdir -p dir,1
cp "$src/corpus/incident/july19-namedpipe-nonwildcard-field20.cff" "$odd"
cp "$src/corpus/valid/network-connect-every-op.cff" ok.cff
cp "$src/corpus/rules/CFV003-bad-magic.cff" bad.cff
set -- --now 1721347200 "$odd" ok.cff bad.cff

# --- github
"$cfv" check --format github "$@" >gh.txt; rc=$?
[[ $rc -eq 1 ]] || fail "github: exit $rc"
"$cfv" check "$@" >text.txt
n_text=$(grep -c -E '\+0x[0-9a-f]+: (error|warning|note):' text.txt)
n_gh=$(grep -c '^::' gh.txt)
[[ $n_gh -eq $n_text && $n_gh -gt 0 ]] || fail "github: $n_gh commands for $n_text diagnostics"
re='^::(error|warning|notice) file=([^,:]*),line=1,col=([0-9]+),title=(CFV[0-9]{3})::(.*)$'
unprop() { local v=${1//%2C/,}; v=${v//%3A/:}; v=${v//%0D/$'\r'}; v=${v//%0A/$'\n'}; printf '%s' "${v//%25/%}"; }
while IFS= read -r l; do
  [[ $l == ::* ]] || continue
  [[ $l =~ $re ]] || { fail "github: not a workflow command: $l"; continue; }
  file=$(unprop "${BASH_REMATCH[2]}") col=${BASH_REMATCH[3]} rule=${BASH_REMATCH[4]} msg=${BASH_REMATCH[5]}
  [[ -f $file ]] || fail "github: file=$file names no file"
  off=$(sed -nE 's/.*\(byte 0x([0-9a-f]+)[;)].*/\1/p' <<<"$msg")
  [[ -n $off && $((16#$off + 1)) -eq $col ]] || fail "github: col $col is not offset 0x$off + 1"
  [[ $msg == *"[$rule]"* ]] || fail "github: message without [$rule]: $msg"
done <gh.txt
grep -q "^::error file=dir%2C1/a%3Ab%25c.cff,line=1,col=393,title=CFV061::" gh.txt ||
  fail "github: the CFV061 at 0x188 of '$odd' is not annotated as expected"

# --- gcc
"$cfv" check --format gcc "$@" >gcc.txt
n_gcc=$(grep -c -E '^.+:1:[0-9]+: (error|warning|note): .* \[CFV[0-9]{3}\]' gcc.txt)
[[ $n_gcc -eq $n_text ]] || fail "gcc: $n_gcc diagnostics for $n_text"
paste -d'\n' <(grep -E '\+0x[0-9a-f]+: ' text.txt | sed -E 's/^.*\+0x([0-9a-f]+): .*/\1/') \
             <(grep -E ':1:[0-9]+: ' gcc.txt | sed -E 's/^.*:1:([0-9]+): .*/\1/') |
  while read -r hex && read -r col; do
    [[ $((16#$hex + 1)) -eq $col ]] || echo "gcc: column $col for offset 0x$hex"
  done >gcc.bad
[[ ! -s gcc.bad ]] || fail "gcc: $(cat gcc.bad)"
grep -q "^$odd:1:393: error: .*\[CFV061\]" gcc.txt || fail "gcc: the CFV061 at 0x188 of '$odd' is not at column 393"

# --- junit
"$cfv" check --format junit "$@" absent.cff >junit.xml; rc=$?
[[ $rc -eq 2 ]] || fail "junit: exit $rc (absent.cff is unreadable)"
xmllint --noout --schema "$src/tests/cli/junit/junit.xsd" junit.xml 2>xmllint.txt ||
  fail "junit: not valid against junit.xsd: $(cat xmllint.txt)"
[[ $(xmllint --xpath 'string(/testsuites/testsuite/@tests)' junit.xml) == 4 ]] || fail "junit: tests"
[[ $(xmllint --xpath 'string(/testsuites/testsuite/@failures)' junit.xml) == 2 ]] || fail "junit: failures"
[[ $(xmllint --xpath 'string(/testsuites/testsuite/@errors)' junit.xml) == 1 ]] || fail "junit: errors"
[[ $(xmllint --xpath "count(//testcase[@name='$odd']/failure)" junit.xml) == 1 ]] || fail "junit: $odd"
[[ $(xmllint --xpath "count(//testcase[@name='ok.cff']/*)" junit.xml) == 0 ]] || fail "junit: ok.cff"

# --- several outputs in one run
"$cfv" check --format sarif --output one.sarif "$@"
"$cfv" check --format json --output one.json "$@"
"$cfv" check --format junit --output one.xml "$@"
"$cfv" check --sarif-output all.sarif --json-output all.json --junit-output all.xml "$@" >all.txt
cmp -s all.txt text.txt || fail "text beside the other outputs differs from text alone"
for x in sarif json xml; do cmp -s one.$x all.$x || fail "--$x output differs from --format $x"; done
jq -e '.runs[0].results | length > 0' all.sarif >/dev/null || fail "all.sarif has no results"
"$cfv" check --sarif-output s2.sarif --json-output nodir/x.json "$@" >/dev/null 2>err.txt; rc=$?
[[ $rc -eq 2 && ! -e s2.sarif ]] || fail "a bad --json-output: exit $rc, s2.sarif $(ls s2.sarif 2>&1)"
"$cfv" check --json-output ok.cff ok.cff >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "--json-output naming an input: exit $rc"
cmp -s ok.cff "$src/corpus/valid/network-connect-every-op.cff" || fail "--json-output replaced an input"
left=$(find . -name '.*.cfv-*')
[[ -z $left ]] || fail "temporary files left behind: $left"

# --- cfv build: the same formats, findings at the source's LINE:COL
"$cfv" dump --format source "$odd" >rules.cfs 2>/dev/null
set -- --now 1721347200 --sensor 7.11 rules.cfs -o built.cff
"$cfv" build --format github --junit-output build.xml --sarif-output build.sarif "$@" 2>bgh.txt; rc=$?
[[ $rc -eq 1 && ! -e built.cff ]] || fail "build: exit $rc"
re_src='^::(error|warning|notice) file=rules\.cfs,line=([0-9]+),col=([0-9]+),title=(CFV[0-9]{3})::(.*)$'
n_b=0
while IFS= read -r l; do
  [[ $l == ::* ]] || continue
  [[ $l =~ $re_src ]] || { fail "build github: not a command on rules.cfs: $l"; continue; }
  n_b=$((n_b + 1))
  line=$(sed -n "${BASH_REMATCH[2]}p" rules.cfs)
  [[ ${BASH_REMATCH[4]} != CFV061 || $line == *remote_host* ]] ||
    fail "build github: CFV061 at line ${BASH_REMATCH[2]}: $line"
done <bgh.txt
[[ $n_b -eq 3 ]] || fail "build github: $n_b commands, expected 3"
! grep -q '(byte 0x' bgh.txt || fail "build github: a byte of the built file beside a source line"
xmllint --noout --schema "$src/tests/cli/junit/junit.xsd" build.xml 2>xmllint.txt ||
  fail "build junit: not valid against junit.xsd: $(cat xmllint.txt)"
[[ $(jq '[.runs[0].results[] | select(.ruleId == "CFV061") | .locations[0].physicalLocation.region
          | select(.startLine > 1 and .startColumn >= 1)] | length' build.sarif) == 2 ]] ||
  fail "build sarif: the CFV061 findings have no source line and column"

# A source that does not compile is not checked, and every format that has
# positions places it at the line and column of the first error.
printf 'channel 291\n  bogus 12\n' >broken.cfs
"$cfv" build --format github --sarif-output broken.sarif --json-output broken.json broken.cfs \
  -o broken.cff 2>broken-gh.txt; rc=$?
[[ $rc -eq 1 && ! -e broken.cff ]] || fail "build of a broken source: exit $rc (1: source errors, nothing written)"
grep -Eq '^::error file=broken\.cfs,line=2,col=[0-9]+,title=cfv::Not checked: 2:' broken-gh.txt ||
  fail "build github: the broken source is not annotated at line 2: $(cat broken-gh.txt)"
[[ $(jq '.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.region.startLine' \
      broken.sarif) == 2 ]] || fail "build sarif: the broken source's notification has no line 2"
[[ $(jq '.unreadable[0].line' broken.json) == 2 ]] || fail "build json: the broken source has no line 2"

if [[ $fails -gt 0 ]]; then exit 1; fi
echo "github ($n_gh commands), gcc ($n_gcc lines), junit (valid) and one run's several outputs: as their consumers read them"
