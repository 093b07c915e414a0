#!/usr/bin/env bash
# Installs the Debian 12 packages Prospekt builds with, if any is missing.
# Idempotent and quiet when everything is present. Needs root (or sudo) to install.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  librocksdb-dev libcapnp-dev capnproto libboost-dev libspdlog-dev catch2
  libsodium-dev libcli11-dev nlohmann-json3-dev libbenchmark-dev
  libssl-dev zlib1g-dev
)
# Extra packages a caller needs (e.g. postgresql for the peer benchmark).
packages+=("$@")

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
