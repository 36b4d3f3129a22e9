#!/usr/bin/env bash
# Golden result bytes: every scenario under scenarios/ run at seed 1, its result JSON as
# `ladder run --format json` prints it, minus the one line that may change (`sim.wall_s`).
#
#   tools/golden.sh check LADDER SCENARIO   exit 1 and a diff when SCENARIO's golden differs
#   tools/golden.sh update [LADDER]         rewrite every golden (default: build/release/ladder)
#
# Goldens live in tests/golden/, mirroring scenarios/ (scenarios/stage3/drain.json ->
# tests/golden/stage3/drain.json). A regeneration that changes bytes needs its reason in the
# commit message and a statistical check over several seeds (see docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

result_bytes() {  # LADDER SCENARIO -> stdout
  "$1" run "$2" --seed 1 --format json | grep -v '^    "wall_s": '
}

golden_of() { local rel=${1#scenarios/}; echo "tests/golden/$rel"; }

case "${1:-}" in
  check)
    [ $# -eq 3 ] || { echo "usage: tools/golden.sh check LADDER SCENARIO" >&2; exit 2; }
    golden=$(golden_of "$3")
    [ -f "$golden" ] || { echo "no golden for $3 (expected $golden): run tools/golden.sh update" >&2; exit 1; }
    actual=$(mktemp)
    trap 'rm -f "$actual"' EXIT
    result_bytes "$2" "$3" > "$actual"
    if ! cmp -s "$golden" "$actual"; then
      echo "$3: result bytes differ from $golden (first differences):" >&2
      diff "$golden" "$actual" | head -40 >&2 || true
      exit 1
    fi
    ;;
  update)
    ladder=${2:-build/release/ladder}
    [ -x "$ladder" ] || { echo "no ladder binary at $ladder: build first (make build)" >&2; exit 2; }
    [ -d tests/golden ] && find tests/golden -name '*.json' -delete
    find scenarios -name '*.json' | LC_ALL=C sort | while read -r f; do
      golden=$(golden_of "$f")
      mkdir -p "$(dirname "$golden")"
      result_bytes "$ladder" "$f" > "$golden"
      echo "$golden"
    done
    ;;
  *)
    echo "usage: tools/golden.sh check LADDER SCENARIO | tools/golden.sh update [LADDER]" >&2
    exit 2
    ;;
esac
