#!/usr/bin/env bash
# Installs the Debian packages Scale Ladder needs, if any is missing. Idempotent and quiet when
# everything is already there. Needs root (or sudo) only when something must be installed.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config make
          libsimgrid-dev libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev time
          python3-simpy3)  # the SimPy peer in bench/peers/ (make bench)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
