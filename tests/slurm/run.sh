#!/usr/bin/env bash
# The Slurm path of `ladder sweep`, end to end on a single-node cluster started here:
#   install slurm-wlm and munge from Debian if missing; start munged, slurmctld and slurmd with a
#   configuration in a temporary directory; emit the small plan (tests/sweep/data/small.json) as
#   a job array; submit it; wait by polling squeue; collect; compare the collected table (CSV and
#   JSON) with the local pool's byte for byte; stop the daemons by PID.
# Usage: tests/slurm/run.sh [LADDER]   (default build/release/ladder)
# Exit 0 and "PASSED" when the tables match; exit 1 on a mismatch or a failed array; exit 0 and
# "SKIPPED: <reason>" when Slurm cannot be installed or started here (never reported as passed).
set -uo pipefail
cd "$(dirname "$0")/../.."
LADDER=$(realpath "${1:-build/release/ladder}")
PLAN=tests/sweep/data/small.json
[ -x "$LADDER" ] || { echo "FAILED: no ladder binary at $LADDER (build first)"; exit 1; }

skip() { echo "SKIPPED: $*"; exit 0; }
fail() { echo "FAILED: $*"; KEEP=1; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

W=$(mktemp -d /tmp/ladder-slurm-XXXXXX)
chmod 755 "$W"                             # munged (user munge) must reach its files below
export SLURM_CONF=$W/slurm.conf            # every Slurm client and daemon reads this
MUNGE_PID="" CTLD_PID="" SLURMD_PID="" KEEP=0
stop() {  # by PID, the daemons this script started; then the temporary directory
  for p in "$SLURMD_PID" "$CTLD_PID" "$MUNGE_PID"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  sleep 0.3
  [ "$KEEP" = 1 ] && echo "kept $W for inspection" || rm -rf "$W"
}
trap stop EXIT

# 1. Install (no recommends: no mail server) unless present.
T0=$(now)
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || skip "slurm-wlm and munge are not installed and this is not root"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge; } >"$W/apt.log" 2>&1 ||
    skip "apt-get install slurm-wlm munge failed: $(tail -n 1 "$W/apt.log")"
fi
T1=$(now)

# 2. munge, as user munge (as root it refuses: "Logfile is insecure"), with its own socket and pid file.
mkdir -p "$W/munge" /etc/munge
chown munge:munge "$W/munge" 2>/dev/null || skip "no user munge"
[ -f /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null;
                                 chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
SOCKET=$W/munge/munge.socket
runuser -u munge -- /usr/sbin/munged --socket="$SOCKET" --pid-file="$W/munge/munged.pid" \
  --log-file="$W/munge/munged.log" --seed-file="$W/munge/munged.seed" >"$W/munged.out" 2>&1 ||
  skip "munged did not start: $(tail -n 1 "$W/munged.out") $(tail -n 1 "$W/munge/munged.log" 2>/dev/null)"
MUNGE_PID=$(cat "$W/munge/munged.pid")
munge -S "$SOCKET" -n | unmunge -S "$SOCKET" >/dev/null 2>&1 || skip "munge does not work (munge -n | unmunge)"

# 3. slurm.conf for this host (the settings are explained in docs/sweeps.md#testing-with-slurm).
H=$(hostname -s)
mkdir -p "$W"/{state,spool,log}
cat >"$SLURM_CONF" <<CONF
ClusterName=ladder-ci
SlurmctldHost=$H
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
SlurmctldPort=$(( 17000 + RANDOM % 1000 ))
SlurmdPort=$(( 18000 + RANDOM % 1000 ))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1,batch_sched_delay=0
MailProg=/bin/true
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MaxArraySize=100001
NodeName=$H NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

# 4. Daemons, then wait for the node to be idle.
slurmctld -f "$SLURM_CONF" >"$W/slurmctld.out" 2>&1 || skip "slurmctld did not start: $(tail -n 1 "$W/slurmctld.out")"
slurmd -f "$SLURM_CONF" >"$W/slurmd.out" 2>&1 || skip "slurmd did not start: $(tail -n 1 "$W/slurmd.out")"
for _ in $(seq 1 40); do [ -s "$W/slurmctld.pid" ] && [ -s "$W/slurmd.pid" ] && break; sleep 0.05; done
CTLD_PID=$(cat "$W/slurmctld.pid" 2>/dev/null) SLURMD_PID=$(cat "$W/slurmd.pid" 2>/dev/null)
for _ in $(seq 1 120); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.25; done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] ||
  skip "the node did not become idle (state '$(sinfo -h -o %T 2>&1)'; $(tail -n 2 "$W"/log/*.log | tr '\n' ' '))"
T2=$(now)

# 5. The local table, then the array: emit, submit, poll squeue, collect.
"$LADDER" sweep "$PLAN" -o "$W/local" --jobs 2 -q --format csv >"$W/local.csv" 2>"$W/local.err" ||
  fail "the local sweep failed: $(cat "$W/local.err")"
"$LADDER" sweep collect "$W/local" --format json >"$W/local.json" || fail "collect of the local sweep failed"
# One run per task: a 4-task array, 2 at a time (the % throttle), so chunks and throttle are exercised.
"$LADDER" sweep "$PLAN" --emit slurm "$W/array" --runs-per-task 1 --throttle 2 >"$W/emit.out" 2>&1 ||
  fail "--emit slurm failed: $(cat "$W/emit.out")"
[ -z "$(ls -A "$W/array/runs")" ] || fail "--emit ran something"
T3=$(now)
JID=$(sbatch --parsable "$W/array/sweep.sbatch" 2>"$W/sbatch.err") || skip "sbatch refused the job: $(cat "$W/sbatch.err")"
for _ in $(seq 1 1200); do
  [ -z "$(squeue -h -j "$JID" -o %i 2>/dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h -j "$JID" -o %i 2>/dev/null)" ] && DONE=1 || DONE=0
T4=$(now)
[ "$DONE" = 1 ] || { squeue; fail "the array $JID did not finish in 10 minutes"; }
if scontrol -o show job "$JID" | grep -v 'JobState=COMPLETED' >"$W/notdone.txt"; then
  cat "$W/notdone.txt"; tail -n 5 "$W"/array/logs/*.log; fail "array tasks of job $JID did not complete"
fi
"$LADDER" sweep collect "$W/array" --format csv >"$W/array.csv" 2>"$W/collect.err" ||
  fail "collect of the array failed: $(cat "$W/collect.err")"
"$LADDER" sweep collect "$W/array" --format json >"$W/array.json" || fail "collect --format json of the array failed"

# 6. Byte for byte.
cmp -s "$W/local.csv" "$W/array.csv" || { diff "$W/local.csv" "$W/array.csv"; fail "the CSV tables differ"; }
cmp -s "$W/local.json" "$W/array.json" || { diff "$W/local.json" "$W/array.json" | head; fail "the JSON tables differ"; }
LOGS=$(ls "$W"/array/logs/*.log | wc -l)
[ "$LOGS" = 4 ] || fail "expected 4 per-task logs, found $LOGS"
echo "install/check $(secs "$T0" "$T1") s, daemons up $(secs "$T1" "$T2") s, submit to collected $(secs "$T3" "$T4") s" \
     "(4 array tasks, throttle 2); CSV and JSON tables identical to the local pool's"
cat "$W/array.csv"
echo "PASSED"
