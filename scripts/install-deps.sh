#!/usr/bin/env bash
# Installs what cfv needs on a fresh Debian machine, from Debian's packages
# only (and, for the tests, Microsoft's SARIF Multitool and action-validator
# from npm: scripts/install-sarif-multitool.sh, scripts/install-action-validator.sh).
# Idempotent; run as root (or with sudo available).
set -euo pipefail
packages=(build-essential clang cmake pkg-config libpcre2-dev libcmocka-dev libcapstone-dev
          libyaml-dev libjansson-dev afl++ pre-commit valgrind llvm git python3 python3-yaml
          frama-c-base strace lintian jq libxml2-utils shellcheck)
# node and npm (for the SARIF Multitool) may come from outside Debian on some images.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "cfv: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
