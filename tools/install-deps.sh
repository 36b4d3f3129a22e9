#!/usr/bin/env bash
# Installs the Debian packages Scale Ladder needs, if any is missing, then the report's JavaScript
# (web/package-lock.json, `npm ci`: mermaid, Vega-Lite, and playwright-core for the browser test).
# chromium is what the report's browser test drives. Idempotent and quiet when everything is
# already there. Needs root (or sudo) only when a Debian package must be installed.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config make
          libsimgrid-dev libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev time nodejs npm chromium
          python3-simpy3)  # the SimPy peer in bench/peers/ (make bench)

# A program already on the PATH (node and npm from elsewhere, say) counts as installed.
declare -A provides=([nodejs]=node [npm]=npm [chromium]=/usr/bin/chromium)
missing=()
for p in "${packages[@]}"; do
  if [ -n "${provides[$p]:-}" ] && command -v "${provides[$p]}" >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The report's JavaScript, exactly as locked; again only when the lockfile changed.
web="$(cd "$(dirname "$0")/.." && pwd)/web"
stamp="$web/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
  echo "Installing the report's JavaScript (npm ci in web/)" >&2
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
