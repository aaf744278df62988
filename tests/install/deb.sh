#!/usr/bin/env bash
# deb.sh SOURCE_DIR BUILD_DIR
# The Debian package of a (plain) build: cpack -G DEB into a scratch
# directory; its contents (dpkg-deb -c) hold the programs, the manual page,
# bash completion, copyright and changelog at their Debian places, no file
# of the build or source tree; its control fields name its dependencies;
# lintian reports no error and no warning (overrides in
# packaging/debian/lintian-overrides, each with its reason); and the
# unpacked tree runs (installed-runs.sh). Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: deb.sh SOURCE_DIR BUILD_DIR" >&2; exit 2; }
src=$(cd "$1" && pwd -P) build=$(cd "$2" && pwd -P)
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "SKIPPED: $tool is not installed (Debian: dpkg-dev, cmake); no .deb was built" >&2; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfv-deb.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

(cd "$tmp" && cpack -G DEB -B "$tmp" --config "$build/CPackConfig.cmake") >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; echo "FAIL: cpack -G DEB" >&2; exit 1; }
debs=("$tmp"/cfv_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { echo "FAIL: no cfv_*.deb: ${debs[*]}" >&2; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb")"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/cfv /usr/libexec/cfv/cfv-replica-child /usr/share/man/man1/cfv.1.gz \
         /usr/share/bash-completion/completions/cfv /usr/share/doc/cfv/copyright \
         /usr/share/doc/cfv/changelog.Debian.gz /usr/share/doc/cfv/README.md \
         /usr/share/doc/cfv/docs/authoring.md /usr/share/lintian/overrides/cfv; do
  grep -qx -- "$f" "$tmp/contents" || fail "the package has no $f"
done
grep -v -e '^/usr/' -e '^/$' "$tmp/contents" | grep . && fail "files outside /usr (above)"
dpkg-deb -f "$deb" Package Version Architecture Depends >"$tmp/control"
grep -q '^Version: [0-9.]*-[0-9]*$' "$tmp/control" || fail "control: $(cat "$tmp/control")"
grep -q '^Depends: .*libc6' "$tmp/control" || fail "no shared-library dependencies: $(cat "$tmp/control")"

if command -v lintian >/dev/null 2>&1; then
  lintian --no-tag-display-limit "$deb" >"$tmp/lintian" 2>&1
  grep -E '^(E|W): ' "$tmp/lintian" && fail "lintian reports errors or warnings (above)"
  echo "lintian: no error, no warning"
else
  echo "NOTE: lintian is not installed (scripts/install-deps.sh installs it): the package was not linted" >&2
fi

mkdir -p "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
version=$(sed -n 's/^Version: //p' "$tmp/control")
zcat "$tmp/root/usr/share/doc/cfv/changelog.Debian.gz" | head -n 1 | grep -qF "cfv ($version)" ||
  fail "changelog.Debian.gz does not start with version $version"
"$(dirname "$0")/installed-runs.sh" "$tmp/root/usr" "$src" "$build" || fails=$((fails + 1))
if [[ $fails -gt 0 ]]; then echo "$fails failure(s)" >&2; exit 1; fi
echo "the package builds, lints and runs unpacked"
