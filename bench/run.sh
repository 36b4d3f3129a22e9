#!/usr/bin/env bash
# Benchmarks: fixed scenarios, measured from outside the simulator. Prints simulated requests per
# wall-second and peak memory (max RSS) for each, next to the targets. It reports; it does not
# fail on a slow machine (timing belongs here, not in tests).
#   bash bench/run.sh [path/to/ladder]       (make bench builds a Release binary first)
set -euo pipefail
ladder=${1:-build/release/ladder}
cd "$(dirname "$0")/.."
[ -x "$ladder" ] || { echo "bench: no ladder binary at $ladder (run make bench)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-34s %10s %8s %12s %9s   %s\n' benchmark requests wall_s "req/wall-s" peak_MiB target
bench() {  # name target scenario [--set ...]
  local name=$1 target=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$ladder" run "$@" --quiet --format json -o "$tmp/out.json"
  read -r wall kib < "$tmp/time"
  local n
  n=$(grep -m1 '"arrivals"' "$tmp/out.json" | tr -dc '0-9')
  awk -v name="$name" -v n="$n" -v w="$wall" -v k="$kib" -v t="$target" 'BEGIN {
    printf "%-34s %10d %8.2f %12.0f %9.1f   %s\n", name, n, w, (w > 0 ? n / w : 0), k / 1024, t }'
}

bench "M/M/4 rho=0.75, 1M requests" ">= 200k req/s" \
  scenarios/validation/mmc.json --set sim.duration_s=3354
bench "stage 3 (LB + 4 apps + db)" ">= 100k req/s" \
  scenarios/03-load-balancer.json --set sim.duration_s=600
bench "stage 5 (cache + 2 replicas + 8 apps)" ">= 100k req/s" \
  scenarios/05-cache.json --set sim.duration_s=300
bench "stage 3, population 1e3 users" "same memory" \
  scenarios/03-load-balancer.json --set sim.duration_s=200 --set workload.population=1000
bench "stage 3, population 1e8 users" "as 1e3 (+-10%)" \
  scenarios/03-load-balancer.json --set sim.duration_s=200 --set workload.population=100000000
bench "stage 0 overloaded (5x, open loop)" "bounded memory" \
  scenarios/00-single-box.json --set workload.model=open --set workload.rate_rps=1100 --set sim.duration_s=300
