#!/usr/bin/env bash
# campaign_cleanup.sh SOURCE_DIR
# fuzz/run-campaign -e afl leaves no process behind, even a fork server that
# left afl-fuzz's session with setsid() and stopped itself (as AFL++'s
# CMPLOG fork server can). Stand-ins for afl-fuzz and afl-cmin do what
# matters here: the CMPLOG instance (-c) starts such a fork server and
# records its pid, then every instance exits. Exit 0 pass, 1 fail.
set -uo pipefail
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-campaign.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/build/fuzz" "$tmp/build-cmplog/fuzz" "$tmp/build/generated" "$tmp/seeds"
printf '#!/bin/sh\nexit 0\n' >"$tmp/build/fuzz/fuzz_validator"
cp "$tmp/build/fuzz/fuzz_validator" "$tmp/build-cmplog/fuzz/fuzz_validator"
: >"$tmp/build/generated/cff.dict"
printf 'seed' >"$tmp/seeds/s1"
cat >"$tmp/bin/afl-fuzz" <<'SHIM'
#!/usr/bin/env bash
# afl-fuzz stand-in: -o SYNC, -M/-S NAME, -c CMPLOG (starts a stopped fork server in its own session)
sync= name= cmplog=
while [[ $# -gt 0 ]]; do
  case $1 in -o) sync=$2; shift 2 ;; -M|-S) name=$2; shift 2 ;; -c) cmplog=$2; shift 2 ;; --) break ;; *) shift ;; esac
done
mkdir -p "$sync/$name/queue" "$sync/$name/crashes"
if [[ -n $cmplog ]]; then
  setsid bash -c 'kill -STOP $$; sleep 600' </dev/null >/dev/null 2>&1 &
  echo $! >"$sync/../forkserver.pid"
fi
sleep 1
SHIM
printf '#!/bin/sh\nexit 1\n' >"$tmp/bin/afl-cmin"
chmod +x "$tmp/bin/"* "$tmp/build/fuzz/fuzz_validator" "$tmp/build-cmplog/fuzz/fuzz_validator"

PATH=$tmp/bin:$PATH "$src/fuzz/run-campaign" -e afl --stock -t 1 -j 2 -b "$tmp/build" \
  -s "$tmp/seeds" -o "$tmp/out" fuzz_validator >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; echo "FAIL: run-campaign failed" >&2; exit 1; }
pid=$(cat "$tmp/out/forkserver.pid" 2>/dev/null) ||
  { cat "$tmp/log"; echo "FAIL: the CMPLOG instance never started its fork server" >&2; exit 1; }
sleep 0.5
# Gone, or a zombie waiting for a parent that does not reap (pid 1 in a container).
state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)
if [[ -n $state && $state != Z && $state != X ]]; then
  kill -KILL "$pid" 2>/dev/null
  echo "FAIL: the stopped fork server $pid (state $state) outlived the campaign" >&2
  exit 1
fi
echo "no process of the campaign left behind (the fork server $pid is gone)"
