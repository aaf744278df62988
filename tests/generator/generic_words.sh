#!/usr/bin/env bash
# The generator knows no format: its sources name nothing of CFF (the words
# below are CFF's domain). A grammar brings its own externs, rules and names.
# usage: generic_words.sh SOURCE_DIR
set -euo pipefail
src=${1:?source dir}
words='sensor|channel|namedpipe|suppl(y|ied)|supported|template.type|crc|cfv[0-9]{3}|cff|instance|criteri|strtab|real_size|max_size|\b28\b'
hits=$(grep -niE "$words" "$src"/generator/*.c "$src"/generator/*.h || true)
if [ -n "$hits" ]; then
  echo "FAIL: the generator's sources name the CFF format:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "generator sources: no format-specific word"
