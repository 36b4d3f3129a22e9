#!/usr/bin/env bash
# Benchmarks, measured from outside the programs (GNU time: wall seconds, peak RSS). Speed is
# judged as ratios measured side by side in this one run, never as absolute figures: those
# depend on the machine and on its neighbours. Absolute numbers are printed, never asserted.
#
#   bash bench/run.sh [BUILD_DIR]        (make bench builds a Release tree first)
#   BENCH_REPS=N  runs of each program per model (default 3; the median wall time is used)
#   BENCH_SERIES_BUDGET_S=S  skip a scaling step projected (from the step before) to take longer
#                 than S seconds (default 60, to keep make bench near 5 minutes; 1000 runs them all)
#
# 1. Peers, on the same two models (same rates, demands, routing, hops):
#    M/M/4 FCFS at ρ = 0.75 (scenarios/validation/mmc.json) and a three-tier path
#    (scenarios/validation/three-tier.json), each run by ladder, by SimPy 3 (bench/peers/), by the
#    SimGrid floor (bench/floor/Floor*.cpp: no actor, maestro, reused Execs) and, for M/M/4, by a
#    hand-written event heap (bench/floor/HeapMm4.cpp). The runs alternate (ladder, SimPy, floor,
#    heap, then again), so a noisy neighbour slows them alike. The bench then CHECKS that every
#    program agrees with ladder on the mean response time within 3 combined standard errors
#    (batch means): otherwise they did not do the same work, the ratios mean nothing, and the
#    script fails (exit 1).
# 2. Scaling: stage 5 with its users and app servers ×1, ×2, ×4, ×8, ×16, cost per simulated
#    request at each, and the ×16 / ×1 ratio (target: within 1.5×).
# 3. A climb of scenarios/ with --jobs 1 and with every core.
set -euo pipefail
build=${1:-build/release}
cd "$(dirname "$0")/.."
ladder=$build/ladder
floor=$build/bench/floor
py=/usr/bin/python3  # Debian's interpreter, which sees python3-simpy3 (a pyenv `python3` may not)
reps=${BENCH_REPS:-3}
for f in "$ladder" "$floor/floor_mm4" "$floor/floor_three_tier" "$floor/heap_mm4"; do
  [ -x "$f" ] || { echo "bench: no program at $f (run make bench)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 2; }
"$py" -c 'import simpy' 2>/dev/null ||
  { echo "bench: $py cannot import simpy (Debian package python3-simpy3; make deps)" >&2; exit 2; }
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_REPS must be a whole number >= 1, got '$reps'" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cores=$(nproc)

echo "Scale Ladder bench, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)'), $cores cores, median of $reps runs"
echo "SimPy $("$py" -c 'import simpy; print(simpy.__version__)'), $("$py" --version 2>&1), SimGrid $(pkg-config --modversion simgrid 2>/dev/null || echo '?')"

# One timed run: NAME CMD... → appends "wall_s peak_KiB" to $tmp/NAME.times, the program's
# result line ("impl=… requests=… mean_ms=… se_ms=…") to $tmp/NAME.line.
timed() {
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > "$tmp/out"
  cat "$tmp/time" >> "$tmp/$name.times"
  if [ "$name" = ladder ]; then  # ladder's JSON → the same line as the others
    "$py" - "$tmp/ladder.json" > "$tmp/$name.line" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
l = r["latency_ms"]
# mean_ci95 is t_{0.975,19} (2.093) standard errors of the 20 batch means.
print("impl=ladder model=- requests=%d measured=%d mean_ms=%.6f se_ms=%.6f"
      % (r["sim"]["arrivals"], l["count"], l["mean"], l["mean_ci95"] / 2.093))
EOF
  else
    cp "$tmp/out" "$tmp/$name.line"
  fi
}

# The comparison for one model: the table, the ratios next to their targets, the check.
report() {  # model-title simpy-target floor-target impl...
  "$py" - "$tmp" "$@" <<'EOF'
import statistics, sys
tmp, title, simpy_target, floor_target, impls = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
rows = {}
for name in impls:
    times = [tuple(map(float, l.split())) for l in open("%s/%s.times" % (tmp, name)) if l.strip()]
    line = dict(kv.split("=", 1) for kv in open("%s/%s.line" % (tmp, name)).read().split())
    wall = statistics.median(t[0] for t in times)
    rows[name] = dict(requests=int(line["requests"]), measured=int(line["measured"]),
                      mean=float(line["mean_ms"]), se=float(line["se_ms"]), wall=wall,
                      walls=[t[0] for t in times], rss=max(t[1] for t in times) / 1024)
    rows[name]["rate"] = rows[name]["requests"] / wall if wall > 0 else float("inf")
print("\n== %s" % title)
print("%-8s %10s %9s %-24s %12s %9s %10s %8s" % ("program", "requests", "wall_s", "(runs)", "req/wall-s",
                                                 "peak_MiB", "mean_ms", "se_ms"))
for name in impls:
    r = rows[name]
    print("%-8s %10d %9.3f %-24s %12.0f %9.1f %10.3f %8.3f" % (
        name, r["requests"], r["wall"], "(" + " ".join("%.2f" % w for w in r["walls"]) + ")", r["rate"],
        r["rss"], r["mean"], r["se"]))
lad = rows["ladder"]
targets = {"simpy": ">= %s" % simpy_target, "floor": ">= %s" % floor_target, "heap": "(no target: the limit)"}
print("ratios (req/wall-s):", "   ".join(
    "ladder/%s %.2fx %s" % ("SimPy" if n == "simpy" else n, lad["rate"] / rows[n]["rate"], targets[n])
    for n in impls if n != "ladder"))
bad = []
for n in impls:
    if n == "ladder":
        continue
    r = rows[n]
    diff = r["mean"] - lad["mean"]
    tol = 3 * (r["se"] ** 2 + lad["se"] ** 2) ** 0.5
    ok = abs(diff) <= tol
    print("check: mean response %s %.3f ms vs ladder %.3f ms: differ by %+.3f ms, %s 3 combined SE (%.3f ms): %s" % (
        n, r["mean"], lad["mean"], diff, "within" if ok else "OUTSIDE", tol, "ok" if ok else "DISAGREE"))
    if not ok:
        bad.append(n)
if bad:
    print("bench: FAILED: %s disagree%s with ladder on the mean response time of %s: they did not simulate the "
          "same model, so the ratios above compare unequal work" % (", ".join(bad), "s" if len(bad) == 1 else "",
                                                                   title), file=sys.stderr)
    sys.exit(1)
EOF
}

peer_model() {  # title scenario duration warmup simpy-script floor-prog heap-prog|- simpy-target floor-target
  local title=$1 scenario=$2 duration=$3 warmup=$4 simpy=$5 floorprog=$6 heap=$7 ts=$8 tf=$9
  rm -f "$tmp"/*.times
  local impls=(ladder simpy floor)
  [ "$heap" != - ] && impls+=(heap)
  for ((i = 0; i < reps; ++i)); do
    timed ladder "$ladder" run "$scenario" --set sim.duration_s="$duration" --set sim.warmup_s="$warmup" \
      --quiet --format json -o "$tmp/ladder.json"
    timed simpy "$py" "bench/peers/$simpy" "$duration" "$warmup"
    timed floor "$floor/$floorprog" "$duration" "$warmup"
    [ "$heap" != - ] && timed heap "$floor/$heap" "$duration" "$warmup"
  done
  report "$title" "$ts" "$tf" "${impls[@]}"
}

peer_model "M/M/4 FCFS, rho = 0.75 (scenarios/validation/mmc.json, 3354 s simulated, ~1M requests)" \
  scenarios/validation/mmc.json 3354 20 mm4.py floor_mm4 heap_mm4 5x 0.8x
peer_model "three-tier: client -> LB -> 4 apps x 4 workers -> db (scenarios/validation/three-tier.json, 270 s, ~216k requests)" \
  scenarios/validation/three-tier.json 270 20 three_tier.py floor_three_tier - 4x 0.8x

# ---- 2. Scaling: stage 5, users and app servers ×k. Cost per request should not grow with k.
echo
echo "== scaling: stage 5 (scenarios/05-cache.json), workload.dau and services.app.count x k, one run each"
echo "   (only users and app servers grow: from x4 the primary database saturates, see util_max and errors)"
series_budget=${BENCH_SERIES_BUDGET_S:-60}  # keeps make bench near 5 minutes
printf '%-5s %8s %6s %10s %9s %9s %8s %12s %9s\n' k dau apps requests wall_s util_max errors "us/request" peak_MiB
base_dau=100000 base_apps=34  # scenarios/05-cache.json: workload.dau (users derive from it), services.app.count
first_cost="" last_cost="" last_k=""
for k in 1 2 4 8 16; do
  users=$((base_dau * k)) apps=$((base_apps * k))
  if [ -n "$last_cost" ]; then
    # Projected from the last step, assuming cost per request stays what it was.
    projected=$("$py" -c "print(round($last_cost * $last_requests * $k / $last_k / 1e6))")
    if [ "$projected" -gt "$series_budget" ]; then
      echo "x$k    skipped: projected ${projected} s from x$last_k's cost per request, over the series budget of" \
           "${series_budget} s (BENCH_SERIES_BUDGET_S)"
      continue
    fi
  fi
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$ladder" run scenarios/05-cache.json --set workload.dau=$users \
    --set services.app.count=$apps --quiet --format json -o "$tmp/s5.json"
  read -r wall kib < "$tmp/time"
  read -r n util err < <("$py" -c 'import json,sys; r=json.load(open(sys.argv[1]));
print(r["sim"]["arrivals"], max(c["utilization"] for c in r["components"]), r["requests"]["error_rate"])' "$tmp/s5.json")
  cost=$("$py" -c "print($wall / $n * 1e6)")
  printf '%-5s %8d %6d %10d %9.2f %8.0f%% %7.2f%% %12.2f %9.1f\n' "x$k" "$users" "$apps" "$n" "$wall" \
    "$("$py" -c "print($util * 100)")" "$("$py" -c "print($err * 100)")" "$cost" "$("$py" -c "print($kib / 1024)")"
  [ -z "$first_cost" ] && first_cost=$cost
  last_cost=$cost last_requests=$n last_k=$k
done
"$py" -c "
k = $last_k; r = $last_cost / $first_cost
print('cost per request x%d / x1: %.2fx (target: within 1.5x)%s' % (k, r,
      '' if k == 16 else '  [x16 not run: the ratio is for x%d]' % k))"

# ---- 3. climb with one job and with every core.
echo
echo "== climb (scenarios/, every stage), wall time"
for j in 1 "$cores"; do
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$ladder" climb scenarios --jobs "$j" --quiet --format json -o "$tmp/climb-$j.json"
  read -r wall kib < "$tmp/time"
  printf 'climb --jobs %-3s %8.2f s\n' "$j" "$wall"
done
cmp -s "$tmp/climb-1.json" "$tmp/climb-$cores.json" ||
  { echo "bench: FAILED: climb --jobs $cores printed something else than climb --jobs 1" >&2; exit 1; }
echo "climb --jobs $cores output identical to --jobs 1: ok"

# ---- 4. Memory: grows with requests in flight and keys cached, not with users or run length.
echo
echo "== memory (one run each)"
printf '%-36s %10s %8s %9s   %s\n' run requests wall_s peak_MiB expected
mem() {  # name expected scenario [--set ...]
  local name=$1 expected=$2
  shift 2
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$ladder" run "$@" --quiet --format json -o "$tmp/mem.json"
  read -r wall kib < "$tmp/time"
  n=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["sim"]["arrivals"])' "$tmp/mem.json")
  printf '%-36s %10d %8.2f %9.1f   %s\n' "$name" "$n" "$wall" "$("$py" -c "print($kib / 1024)")" "$expected"
}
mem "stage 3, population 1e3 users" "same as 1e8" \
  scenarios/03-load-balancer.json --set sim.duration_s=200 --set workload.population=1000
mem "stage 3, population 1e8 users" "same as 1e3 (+-10%)" \
  scenarios/03-load-balancer.json --set sim.duration_s=200 --set workload.population=100000000
mem "stage 0 at 5x capacity (open loop)" "bounded" \
  scenarios/00-single-box.json --set workload.dau=0 --set workload.model=open --set workload.rate_rps=340 --set sim.duration_s=300
