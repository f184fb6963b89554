#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages rectify's build, tests and benchmarks
# need, if any are missing. Uses sudo when not root.
#   scripts/deps.sh [extra packages...]
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config binutils
          libsleef-dev libcmocka-dev libsimde-dev libmpfr-dev libpthreadpool-dev "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
