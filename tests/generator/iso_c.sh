#!/usr/bin/env bash
# The generated validator (and the hand-written core it runs on) is ISO C11:
# it compiles with -std=c11 -pedantic-errors -Wall -Wextra -Werror.
# usage: iso_c.sh SOURCE_DIR GENERATED_DIR CC
set -euo pipefail
src=${1:?source dir}; gen=${2:?generated dir}; cc=${3:?compiler}
for f in "$gen"/*_validate.c "$gen"/*_rules.c "$src"/validator/core/*.c; do
  "$cc" -std=c11 -pedantic-errors -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
    -I"$src/validator/include" -I"$src/validator/core" -I"$gen" -c "$f" -o /dev/null
done
echo "ISO C11 OK with $cc"
