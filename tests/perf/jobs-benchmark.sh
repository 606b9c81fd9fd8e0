#!/usr/bin/env bash
# Generation jobs on Hangfire + PostgreSQL side by side with the file-journal batch (docs/benchmarks.md, "Generation jobs").
# Usage: tests/perf/jobs-benchmark.sh [JOBS=1000] [RUN_SECONDS=30] [LATENCY_MS=200] [WORKER_PROCESSES="1 2"]
# Needs: dotnet build tests/HappyHorse.Generated.Hangfire.Tests (the CLI and the emulator land in its bin), PostgreSQL
# (pg_config --bindir), run as root (initdb runs as the postgres user). Everything listens on 127.0.0.1 only.
# STATEMENTS=1 also lists the statements each engine run made, by calls per job (pg_stat_statements; counted from
# after the schemas are made). SKIP_JOURNAL=1 leaves out the file-journal run. WORKERS=N sets Hangfire workers per
# process (default 20).
set -euo pipefail
JOBS=${1:-1000}
RUN=${2:-30}
LATENCY=${3:-200}
PROCESSES=${4:-"1 2"}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/tests/HappyHorse.Generated.Hangfire.Tests/bin/Debug/net10.0
WORK=$(mktemp -d /tmp/hh-jobs-bench-XXXX)
chown postgres "$WORK"
PGBIN=$(pg_config --bindir)
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

# Peak RSS (MB) and threads of a process, sampled every 0.5 s until it exits.
sample() {
  local pid=$1 out=$2 rss=0 threads=0
  while kill -0 "$pid" 2>/dev/null; do
    read -r r t < <(ps -o rss=,nlwp= -p "$pid" || echo "0 0") || true
    [[ ${r:-0} -gt $rss ]] && rss=$r
    [[ ${t:-0} -gt $threads ]] && threads=$t
    echo "$((rss / 1024)) $threads" > "$out"
    sleep 0.5
  done
}

PGPORT=$(freeport)
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 > /dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=500${STATEMENTS:+ -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all}" start > /dev/null
psql_() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -Atc "$1" "${2:-postgres}"; }

EPORT=$(freeport)
dotnet "$BIN/HappyHorse.Emulator.dll" --port "$EPORT" --queue-seconds 0 --run-seconds "$RUN" --fault "/:latency-ms=$LATENCY" > "$WORK/emulator.log" &
EMULATOR=$!
trap 'kill $EMULATOR 2>/dev/null || true; runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop > /dev/null || true' EXIT
until grep -q listening "$WORK/emulator.log"; do sleep 0.2; done
export HAPPYHORSE_BASE_URL=http://127.0.0.1:$EPORT HAPPYHORSE_API_KEY=emulator-key
status_requests() { grep ' GET ' "$WORK/emulator.log" | grep -vc ' GET /files/' || true; }

python3 -c "
import json
for i in range($JOBS):
    print(json.dumps({'model': 'happyhorse-1.0/video', 'operation': 'text-to-video', 'fields': {'prompt': f'bench {i}', 'duration': 3}}))
" > "$WORK/jobs.jsonl"
echo "jobs=$JOBS run=${RUN}s latency=${LATENCY}ms workers/process=${WORKERS:-20} cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %8s %8s %14s %10s %10s %14s %10s\n' run wall_s jobs/s status/task xact/job rss_MB threads db_MB

# The file journal: every job in flight in one process.
if [[ -z ${SKIP_JOURNAL:-} ]]; then
before=$(status_requests)
start=$(now)
dotnet "$BIN/happyhorse.dll" batch "$WORK/jobs.jsonl" --concurrency "$JOBS" --out "$WORK/journal" --json > "$WORK/journal.out" 2>&1 &
pid=$!
sample $pid "$WORK/journal.sample" &
wait $pid || echo "file journal exited $?"
wall=$(echo "$(now) - $start" | bc)
read -r rss threads < "$WORK/journal.sample"
printf '%-22s %8.1f %8.1f %14.2f %10s %10s %14s %10s\n' "file journal" "$wall" "$(echo "$JOBS / $wall" | bc -l)" "$(echo "($(status_requests) - $before) / $JOBS" | bc -l)" - "$rss" "$threads" -
fi

for n in $PROCESSES; do
  db=bench_$n
  psql_ "CREATE DATABASE $db" > /dev/null
  cs="Host=127.0.0.1;Port=$PGPORT;Database=$db;Username=postgres;Maximum Pool Size=100"
  dotnet "$BIN/happyhorse.dll" batch status "$WORK/jobs.jsonl" --engine "$cs" > /dev/null # the schemas, made before counting
  if [[ -n ${STATEMENTS:-} ]]; then psql_ "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "$db" > /dev/null; psql_ "SELECT pg_stat_statements_reset()" "$db" > /dev/null; fi
  xact_before=$(psql_ "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'")
  before=$(status_requests)
  pids=()
  for i in $(seq 1 "$n"); do
    mkdir -p "$WORK/w$n-$i"
    (cd "$WORK/w$n-$i" && exec dotnet "$BIN/happyhorse.dll" worker --engine "$cs" --workers "${WORKERS:-20}" > "$WORK/w$n-$i.log" 2>&1) &
    pids+=($!)
    sample $! "$WORK/w$n-$i.sample" &
  done
  start=$(now)
  dotnet "$BIN/happyhorse.dll" batch "$WORK/jobs.jsonl" --engine "$cs" --out "$WORK/engine$n" --wait --json > "$WORK/engine$n.out" 2>&1 || echo "engine $n exited $?"
  wall=$(echo "$(now) - $start" | bc)
  sleep 1
  xact=$(( $(psql_ "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'") - xact_before ))
  size=$(( $(psql_ "SELECT pg_database_size('$db')") / 1024 / 1024 ))
  checks=$(psql_ "SELECT sum(checks) FROM happyhorse.generation_jobs" "$db")
  kill -TERM "${pids[@]}"; wait "${pids[@]}" || true
  rss=""; threads=""
  for i in $(seq 1 "$n"); do read -r r t < "$WORK/w$n-$i.sample"; rss="$rss${rss:+/}$r"; threads="$threads${threads:+/}$t"; done
  printf '%-22s %8.1f %8.1f %14.2f %10.1f %10s %14s %10s\n' "engine, $n worker proc" "$wall" "$(echo "$JOBS / $wall" | bc -l)" "$(echo "($(status_requests) - $before) / $JOBS" | bc -l)" "$(echo "$xact / $JOBS" | bc -l)" "$rss" "$threads" "$size"
  if [[ -n ${STATEMENTS:-} ]]; then
    psql_ "SELECT round(s.calls::numeric / $JOBS, 2) || ' ' || left(regexp_replace(s.query, '\s+', ' ', 'g'), 150) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$db' ORDER BY s.calls DESC LIMIT 40" "$db" | sed 's/^/    /' > "$WORK/statements$n.txt"
    echo "  statements per job (engine $n):"; cat "$WORK/statements$n.txt"
  fi
  echo "  (engine $n: $checks status checks recorded, $xact transactions committed; outcomes: $(grep -o '"succeeded":[0-9]*\|"uncertain":[0-9]*\|"failed":[0-9]*' "$WORK/engine$n.out" | tr '\n' ' '))"
done
echo "journal outcomes: $(grep -o '"succeeded":[0-9]*\|"uncertain":[0-9]*\|"failed":[0-9]*' "$WORK/journal.out" | tr '\n' ' ')"
echo "work folder: $WORK"
