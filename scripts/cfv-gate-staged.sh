#!/usr/bin/env bash
# pre-commit hook (cfv-release-gate in .pre-commit-hooks.yaml): the release
# gate for each staged channel file against its committed version (HEAD);
# a file HEAD does not have is validated only. Arguments starting with '-'
# go to cfv check (use --name=value), the rest are the files. $CFV names the
# cfv binary (default: cfv on PATH).
set -u
cfv=${CFV:-cfv}
opts=()
files=()
for a in "$@"; do
  case $a in
    -*) opts+=("$a") ;;
    *) files+=("$a") ;;
  esac
done
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
for f in ${files[@]+"${files[@]}"}; do
  against=()
  if git cat-file -e "HEAD:$f" 2>/dev/null; then
    # Named after the commit and path, so messages say what it is.
    prev="$tmp/HEAD/$f"
    mkdir -p "$(dirname "$prev")" && git show "HEAD:$f" > "$prev" || exit 2
    against=(--against "$prev")
  fi
  "$cfv" check ${opts[@]+"${opts[@]}"} ${against[@]+"${against[@]}"} -- "$f"
  rc=$?
  if [ "$rc" -gt "$status" ]; then status=$rc; fi
done
exit "$status"
