#!/usr/bin/env bash
# The report in a real browser: writes a single run's report and a climb's (stages 0-5, one
# result each, in a directory), then tests/report/browser.mjs checks each page in headless
# Chromium and saves its screenshot. Usage: browser.sh LADDER OUT_DIR single|climb
set -euo pipefail
ladder=$1 out=$2 which=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
case $which in
  single)
    # A run with a fault: event markers, errors by kind, a session store in the diagram.
    "$ladder" run scenarios/stage3/sessions-redis-crash.json --format json -q -o "$out/single.json"
    "$ladder" report "$out/single.json" -o "$out/single.html"
    ;;
  climb)
    rm -rf "$out/climb" && mkdir -p "$out/climb"
    for f in scenarios/0[0-5]-*.json; do
      "$ladder" run "$f" --format json -q -o "$out/climb/$(basename "$f")"
    done
    "$ladder" report "$out/climb" -o "$out/climb.html"
    ;;
  *) echo "usage: browser.sh LADDER OUT_DIR single|climb" >&2; exit 2 ;;
esac
node "$here/browser.mjs" "$out/$which.html" "$out/$which.png"
