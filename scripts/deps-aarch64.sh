#!/usr/bin/env bash
# Installs what the aarch64 cross build and its qemu test run need, if any of
# it is missing: the cross compiler, qemu's user-mode emulator, and the arm64
# builds of SLEEF and CMocka from Debian multiarch. Uses sudo when not root.
#   scripts/deps-aarch64.sh
#
# libsleef-dev, libcmocka-dev and their libraries are Multi-Arch: same, so the
# :arm64 packages install beside the amd64 ones (headers shared, libraries
# under /usr/lib/aarch64-linux-gnu) and leave the native build untouched.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

packages=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
          qemu-user libsleef-dev:arm64 libcmocka-dev:arm64 libmpfr-dev:arm64)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "adding the arm64 architecture to dpkg"
    $sudo dpkg --add-architecture arm64
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
