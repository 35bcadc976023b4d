#!/usr/bin/env bash
# Runs the benchmark's burst once with pg_stat_statements on, and collects during it:
#   pg_stat_statements (reset when the burst scenario starts, snapshot every 5 s), pg_stat_activity every 0.25 s,
#   dotnet-counters for the orchestrator and inventory (whole run), and a 30 s dotnet-trace sample of both,
#   started 25 s into the burst.
# Usage: benchmarks/profiling/profile-burst.sh OUTDIR   (from the repository root; needs dotnet-counters and
# dotnet-trace as global tools, psql on PATH). Raw traces stay in OUTDIR; only text goes into the repository.
set -u
out=${1:?output directory}
mkdir -p "$out"
export PATH=$PATH:$HOME/.dotnet/tools
repo=$(pwd)
log=benchmarks/results/logs/run-1-apphost.log
rm -f "$log"

BENCH_APPHOST_ARGS="--Postgres:TrackStatements=true" \
  dotnet run -c Release --project benchmarks/OrderFulfillment.Benchmarks -- --scenario burst --runs 1 \
  > "$out/benchmark.out" 2>&1 &
bench=$!
echo "benchmark pid $bench"

wait_for() { # pattern file
  until grep -q "$1" "$2" 2>/dev/null; do
    kill -0 $bench 2>/dev/null || { echo "benchmark ended before: $1"; return 1; }
    sleep 0.2
  done
}

wait_for "platform ready" "$out/benchmark.out" || exit 1
port=$(grep -o 'orders *Host=127.0.0.1;Port=[0-9]*' "$log" | head -1 | sed 's/.*Port=//')
orch=$(pgrep -f "^dotnet $repo/src/OrderFulfillment.AppHost/../OrderFulfillment.Orchestrator/bin/Release")
inv=$(pgrep -f "^dotnet $repo/src/OrderFulfillment.AppHost/../OrderFulfillment.Inventory/bin/Release")
echo "postgres port $port, orchestrator $orch, inventory $inv" | tee "$out/pids.txt"
# As the superuser through the cluster's unix socket, which it trusts (TCP asks for a password kept in the AppHost's
# memory); its directory is the postgres user's own, so this runs as root or postgres.
socket=$(dirname "$(ls -d "${TMPDIR:-/tmp}"/orderfulfillment-pg-*/.s.PGSQL."$port" | head -1)")
pg() { psql -X -q -h "$socket" -p "$port" -U postgres "$@"; }

counters="System.Runtime,MassTransit,OrderFulfillment.Messaging.Kafka"
counters="$counters,OrderFulfillment.Persistence.EntityFrameworkCore,Npgsql"
dotnet-counters collect -p "$orch" --refresh-interval 1 --format csv -o "$out/counters-orchestrator.csv" \
  --counters "$counters" > "$out/counters-orchestrator.out" 2>&1 &
c1=$!
dotnet-counters collect -p "$inv" --refresh-interval 1 --format csv -o "$out/counters-inventory.csv" \
  --counters "$counters" > "$out/counters-inventory.out" 2>&1 &
c2=$!

wait_for "run 1 burst:" "$out/benchmark.out" || exit 1
pg -d postgres -c "select pg_stat_statements_reset()" > /dev/null
date -u +%FT%T.%3NZ > "$out/burst-start.txt"
echo "burst started $(cat "$out/burst-start.txt")"

# Wait events: one psql session, \watch every 0.25 s, excluding itself.
printf '%s\n' "\\pset format unaligned" "\\pset fieldsep '|'" "\\pset tuples_only on" \
  "select to_char(clock_timestamp(),'HH24:MI:SS.MS'), datname, coalesce(wait_event_type,'CPU')," \
  "  coalesce(wait_event,'-'), regexp_replace(left(query,100),'\\s+',' ','g') from pg_stat_activity" \
  "  where state='active' and backend_type='client backend' and pid<>pg_backend_pid() \\watch 0.25" \
  | pg -d postgres > "$out/wait-samples.psv" 2>&1 &
sampler=$!

statements_query="select d.datname, s.toplevel, s.calls, round(s.total_exec_time::numeric,1) total_ms,
  round(s.mean_exec_time::numeric,3) mean_ms, s.rows, s.shared_blks_hit, s.shared_blks_read, s.shared_blks_dirtied,
  s.wal_bytes, round(s.blk_read_time::numeric,1) blk_read_ms, regexp_replace(s.query,'\\s+',' ','g') query
  from pg_stat_statements s join pg_database d on d.oid=s.dbid order by s.total_exec_time desc"
databases_query="select datname, xact_commit, xact_rollback, blks_hit, blks_read, tup_inserted, tup_updated,
  tup_deleted from pg_stat_database where datname in ('orders','inventory','payments','shipping')"
snap() {
  pg -d postgres --csv -c "$statements_query" > "$out/pgss.tmp" && mv "$out/pgss.tmp" "$out/pg_stat_statements.csv"
  pg -d postgres --csv -c "$databases_query" > "$out/pg_stat_database.tmp" \
    && mv "$out/pg_stat_database.tmp" "$out/pg_stat_database.csv"
}
(
  sleep 25
  dotnet-trace collect -p "$orch" --profile dotnet-sampled-thread-time --duration 00:00:00:30 \
    -o "$out/orchestrator.nettrace" > "$out/trace-orchestrator.out" 2>&1 &
  dotnet-trace collect -p "$inv" --profile dotnet-sampled-thread-time --duration 00:00:00:30 \
    -o "$out/inventory.nettrace" > "$out/trace-inventory.out" 2>&1 &
  date -u +%FT%T.%3NZ > "$out/trace-start.txt"
  wait
) &
tracer=$!

# Until the burst's result line (or the platform stopping), snapshot pg_stat_statements every 5 s.
burst_reported() { [ "$(grep -A1 'run 1 burst:' "$out/benchmark.out" | wc -l)" -ge 2 ]; }
while ! grep -q "stopping the platform" "$out/benchmark.out" && ! burst_reported; do
  kill -0 $bench 2>/dev/null || break
  snap
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    grep -q "stopping the platform" "$out/benchmark.out" && break
    sleep 0.5
  done
done
date -u +%FT%T.%3NZ > "$out/burst-end.txt"
kill $sampler 2>/dev/null
wait $tracer
kill -INT $c1 $c2 2>/dev/null
wait $bench
echo "benchmark exit $?"
wait $c1 $c2 2>/dev/null
cp "$log" "$out/apphost.log" 2>/dev/null
echo done
