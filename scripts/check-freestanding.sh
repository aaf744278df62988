#!/usr/bin/env bash
# Proves the validator core embeds in a kernel driver: every core source and
# the generated validator compile with -ffreestanding against the compiler's
# own headers only (no libc headers), link into one relocatable object whose
# only undefined symbols are memcpy/memset/memmove/memcmp, and that object
# has no writable data (no global mutable state; .data.rel.ro holds const
# pointer tables, read-only once relocated).
# usage: check-freestanding.sh SOURCE_DIR GENERATED_DIR [CC]
set -euo pipefail
src=${1:?source dir}; gen=${2:?generated dir}; cc=${3:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

builtin_inc=$("$cc" -print-file-name=include)
objs=()
for f in "$src"/validator/core/*.c "$gen"/cff_validate.c "$gen"/cff_rules.c; do
  o="$work/$(basename "$f" .c).o"
  "$cc" -std=c11 -O2 -ffreestanding -fno-stack-protector -nostdinc -isystem "$builtin_inc" \
    -I"$src/validator/include" -I"$src/validator/core" -I"$gen" \
    -Wall -Wextra -Werror -c "$f" -o "$o"
  objs+=("$o")
done
ld -r -o "$work/core.o" "${objs[@]}"

undefined=$(nm -u "$work/core.o" | awk '{print $2}' | grep -vxE 'memcpy|memset|memmove|memcmp' || true)
if [ -n "$undefined" ]; then
  echo "FAIL: the freestanding core needs symbols a kernel does not provide:" >&2
  echo "$undefined" >&2
  exit 1
fi
writable=$(objdump -h "$work/core.o" | awk '$2 ~ /^\.(data|bss)/ && $2 !~ /^\.data\.rel\.ro/ && $3 !~ /^0+$/ {print $2, $3}')
if [ -n "$writable" ]; then
  echo "FAIL: the core has writable data (global mutable state):" >&2
  echo "$writable" >&2
  exit 1
fi
echo "freestanding core OK with $cc: ${#objs[@]} objects, undefined: $(nm -u "$work/core.o" | awk '{print $2}' | tr '\n' ' ')"
