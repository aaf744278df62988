#!/usr/bin/env bash
# installed-runs.sh PREFIX SOURCE_DIR BUILD_DIR
# Runs an installed cfv tree at PREFIX (moved there, or unpacked from the
# .deb) on copies of the incident files, from a scratch directory: check
# (both sensors), run (hardened, guarded, faithful), dump, triage,
# --version. Every file-name system call of those runs is traced (strace
# -f): none may name a path in the source or the build tree, and triage
# must run PREFIX's own replica child. Exit 0 pass, 1 fail.
set -uo pipefail
[[ $# -eq 3 ]] || { echo "usage: installed-runs.sh PREFIX SOURCE_DIR BUILD_DIR" >&2; exit 2; }
prefix=$(cd "$1" && pwd -P) src=$(cd "$2" && pwd -P) build=$(cd "$3" && pwd -P)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-installed.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# A coverage build writes its profiles where LLVM_PROFILE_FILE says (the
# build tree, under scripts/coverage.sh): here, into the scratch directory.
[[ -z ${LLVM_PROFILE_FILE:-} ]] || export LLVM_PROFILE_FILE="$tmp/%p-%m.profraw"
cfv=$prefix/bin/cfv
[[ -x $cfv ]] || { echo "FAIL: no bin/cfv in $prefix" >&2; exit 1; }
for f in libexec/cfv/cfv-replica-child share/man/man1/cfv.1.gz \
         share/bash-completion/completions/cfv share/doc/cfv/README.md share/doc/cfv/copyright; do
  [[ -e $prefix/$f ]] || fail "the installed tree has no $f"
done

mkdir -p "$tmp/work/crashes"
cp "$src"/corpus/incident/*.cff "$src"/corpus/events/namedpipe-7.1[16].jsonl "$tmp/work/"
cp "$src"/corpus/crashes/cf291/* "$tmp/work/crashes/"
july=july19-namedpipe-nonwildcard-field20.cff march=march-namedpipe-wildcard-field20.cff

tracer=()
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
  tracer=(strace -f -qq -e trace=%file -o "$tmp/trace")
  # LeakSanitizer cannot run under ptrace (a sanitized build); the suite's
  # other runs check for leaks.
  export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
else
  echo "NOTE: strace is missing or not permitted here: the runs are checked, the files they open are not" >&2
fi

# expect STATUS CMD...: runs CMD in $tmp/work (traced), checks its exit status,
# and that no traced system call named the source or build tree.
expect() {
  local want=$1; shift
  # (bash's own "Segmentation fault" line for the faithful run is not news)
  { (cd "$tmp/work" && ${tracer[@]+"${tracer[@]}"} "$@" >"$tmp/out" 2>"$tmp/err"); } 2>/dev/null
  local rc=$?
  if [[ $want == crash ]]; then   # a signal, or AddressSanitizer's report in a sanitized build
    ((rc > 128)) || grep -q AddressSanitizer "$tmp/err" || fail "$* exited $rc, expected a crash"
  elif [[ $rc -ne $want ]]; then
    fail "$* exited $rc, expected $want"; cat "$tmp/out" "$tmp/err" >&2
  fi
  if [[ ${#tracer[@]} -gt 0 ]]; then
    if grep -F -e "$src" -e "$build" "$tmp/trace" >"$tmp/leaks"; then
      fail "$* named the source or build tree:"; head -5 "$tmp/leaks" >&2
    fi
  fi
}

# The manual page has a section for every command `cfv --help` lists.
for c in $("$cfv" --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && $1 != "help" { print $1 }'); do
  zcat "$prefix/share/man/man1/cfv.1.gz" | grep -qx ".SS \"cfv $c\"" || fail "cfv.1 has no section for cfv $c"
done
# Bash completion offers the commands and an option's values.
completion() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cfv; echo "${COMPREPLY[*]}"' \
    _ "$prefix/share/bash-completion/completions/cfv" "$cfv" "$@"
}
[[ $(completion ch) == check ]] || fail "completion of 'cfv ch': $(completion ch)"
[[ $(completion check --format "") == "text json sarif"* ]] ||
  fail "completion of 'cfv check --format': $(completion check --format "")"

expect 0 "$cfv" --version
grep -Eq '^cfv [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]{12}(-dirty)?|unknown\)' "$tmp/out" ||
  fail "--version: $(cat "$tmp/out")"
expect 0 "$cfv" check --sensor 7.16 "$march" "$july"
expect 1 "$cfv" check --sensor 7.11 "$july"
if ! grep -q '\[CFV060\]' "$tmp/out" || ! grep -q '\[CFV061\]' "$tmp/out"; then
  fail "check on 7.11: no CFV060 and CFV061 in: $(cat "$tmp/out")"
fi
# SARIF links to the documentation installed with this tree (wherever it
# was moved), unless the build set its URIs.
expect 1 "$cfv" check --sensor 7.11 --format sarif "$july"
info=$(grep -o '"informationUri":"[^"]*"' "$tmp/out")
if ! grep -q CFV_INFORMATION_URI:STRING=. "$build/CMakeCache.txt" 2>/dev/null &&
   [[ $info != "\"informationUri\":\"file://$prefix/share/doc/cfv/README.md\"" ]]; then
  fail "SARIF informationUri is not the installed README: $info"
fi
expect 0 "$cfv" run --sensor 7.16 "$july" namedpipe-7.16.jsonl
expect 1 "$cfv" run --sensor 7.11 "$july" namedpipe-7.11.jsonl
expect 1 "$cfv" run --sensor 7.11 --guarded "$july" namedpipe-7.11.jsonl
expect crash "$cfv" run --sensor 7.11 --faithful "$july" namedpipe-7.11.jsonl
expect 0 "$cfv" dump "$july"
expect 1 "$cfv" triage crashes
grep -q 'read-av' "$tmp/out" || fail "triage found no read-av bucket: $(cat "$tmp/out")"
# The trace works: triage ran the child from the moved tree.
if [[ ${#tracer[@]} -gt 0 ]] && ! grep -q "$prefix/libexec/cfv/cfv-replica-child" "$tmp/trace"; then
  fail "triage did not run the moved tree's libexec/cfv/cfv-replica-child"
fi

if [[ $fails -gt 0 ]]; then echo "$fails failure(s)" >&2; exit 1; fi
echo "installed tree $prefix: every run passed${tracer:+, no source or build path opened}"
