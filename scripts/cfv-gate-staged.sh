#!/usr/bin/env bash
# pre-commit hook (cfv-release-gate in .pre-commit-hooks.yaml): the release
# gate for each staged channel file against its committed version (HEAD);
# a file HEAD does not have is validated only. Arguments starting with '-'
# go to cfv check (use --name=value), the rest are the files. $CFV names the
# cfv binary (default: cfv on PATH). Messages name the committed version
# HEAD:PATH, never the temporary copy it is checked from.
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
    prev="$tmp/HEAD/$f"
    mkdir -p "$(dirname "$prev")" && git show "HEAD:$f" > "$prev" || exit 2
    against=(--against "$prev")
  fi
  # The committed copy is a temporary file: name it HEAD:PATH, as git does.
  "$cfv" check ${opts[@]+"${opts[@]}"} ${against[@]+"${against[@]}"} -- "$f" 2>&1 |
    sed "s|$tmp/HEAD/|HEAD:|g"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -gt "$status" ]; then status=$rc; fi
done
exit "$status"
