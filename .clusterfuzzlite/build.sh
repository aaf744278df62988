#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build of cfv's fuzz targets, from the
# environment they set: $CC $CFLAGS $LIB_FUZZING_ENGINE $OUT $SRC (and $WORK).
# Writes into $OUT, for each target ($CFV_CFLITE_TARGETS, default: all but
# the faithful replica, see below): the binary, <target>_seed_corpus.zip
# (the vetted March-style seeds), <target>.dict (the grammar's dictionary)
# and <target>.options. By hand, e.g.:
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/out SRC=/work WORK=/tmp/work .clusterfuzzlite/build.sh

# The checkout: the working directory (OSS-Fuzz runs build.sh there), else
# the one this script lives in.
root=$PWD
[ -f "$root/grammar/cff.grammar" ] || root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/cfv-fuzz-work}
jobs=$(nproc)
# The faithful replica crashes by design (it is the 2024 sensor: it finds
# the Channel File 291 read in about a second), so continuous fuzzing would
# report it on every run; CFV_CFLITE_TARGETS adds it back for a demonstration.
targets=${CFV_CFLITE_TARGETS:-fuzz_validator fuzz_replica_hardened fuzz_differential}
# cfv-gen and cfv-fuzz-seeds run during the build, instrumented: no leak check there.
export ASAN_OPTIONS=detect_leaks=0
# Unsigned wrap-around is defined in C and meant wherever cfv has it (hashes,
# CRC-32C, the mutator's random numbers); UBSan builds report it otherwise.
CFLAGS="$CFLAGS -fno-sanitize=unsigned-integer-overflow"

# PCRE2 from source (the Dockerfile fetches it), instrumented like cfv;
# else the system's libpcre2-8.
if [ -d "$SRC/pcre2" ]; then
  cmake -S "$SRC/pcre2" -B "$work/pcre2" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DPCRE2_BUILD_PCRE2GREP=OFF \
    -DPCRE2_BUILD_TESTS=OFF -DPCRE2_SUPPORT_JIT=OFF -DCMAKE_INSTALL_PREFIX="$work/deps" \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 >/dev/null
  cmake --build "$work/pcre2" -j"$jobs" --target install >/dev/null
  export PKG_CONFIG_PATH="$work/deps/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
fi

cmake -S "$root" -B "$work/cfv" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
  -DCMAKE_BUILD_TYPE=Release -DCFV_FUZZ=ON -DCFV_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DCFV_TESTS=OFF
# shellcheck disable=SC2086
cmake --build "$work/cfv" -j"$jobs" --target $targets cfv_fuzz_seeds

mkdir -p "$OUT"
for t in $targets; do
  cp "$work/cfv/fuzz/$t" "$OUT/"
  rm -f "$OUT/${t}_seed_corpus.zip"
  zip -q -j "$OUT/${t}_seed_corpus.zip" "$work/cfv/fuzz/seed-corpus/"*
  cp "$work/cfv/generated/cff.dict" "$OUT/$t.dict"
  # The shared options (fuzz/libfuzzer.options), the dictionary added.
  sed "/^\[libfuzzer\]/a dict = $t.dict" "$root/fuzz/libfuzzer.options" >"$OUT/$t.options"
done
