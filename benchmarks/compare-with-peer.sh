#!/usr/bin/env bash
# Runs our benchmark's peer-mix scenario and then the Wolverine peer's run.sh, one after the other on this machine,
# and prints one line: "us X orders/s, peer Y orders/s, ratio Z". Writes it, with the load average before each half
# and the commit, to benchmarks/results/compare-latest.md. Only figures measured in the same session compare.
#
# Usage: benchmarks/compare-with-peer.sh
# Environment (defaults in brackets):
#   ORDERS [10000]   orders on both sides; fewer is a smoke test of this script, not a comparison
#   PEER_DIR [/work/shared/peers/wolverine-saga]   read only: the peer runs from a scratch copy
#   SETTLE_SECONDS [30]   pause between the halves, so the first half's shutdown does not weigh on the second
#   OUR_LIMIT_S [480]  PEER_LIMIT_S [360]   time bounds of the two halves (the build of ours comes on top)
# Run it on a quiet machine; it needs what both sides need (root for the peer's PostgreSQL, python3, the .NET SDK).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER_DIR="${PEER_DIR:-/work/shared/peers/wolverine-saga}"
ORDERS="${ORDERS:-10000}"
SETTLE_SECONDS="${SETTLE_SECONDS:-30}"
OUR_LIMIT_S="${OUR_LIMIT_S:-480}"
PEER_LIMIT_S="${PEER_LIMIT_S:-360}"
RESULTS="$ROOT/benchmarks/results"
OURS_JSON="$RESULTS/compare-ours.json"
REPORT="$RESULTS/compare-latest.md"
BENCH_DLL="$ROOT/benchmarks/OrderFulfillment.Benchmarks/bin/Release/net10.0/OrderFulfillment.Benchmarks.dll"

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

[[ -x "$PEER_DIR/run.sh" ]] || { echo "No peer at $PEER_DIR (set PEER_DIR)." >&2; exit 2; }
[[ "$ORDERS" =~ ^[1-9][0-9]*$ ]] && (( ORDERS <= 10000 )) \
  || { echo "ORDERS must be a whole number from 1 to 10000." >&2; exit 2; }

SCRATCH="$(mktemp -d /tmp/compare-with-peer.XXXXXX)"
# The peer's PostgreSQL runs as the postgres user, which must reach its data folder inside the scratch folder.
chmod 755 "$SCRATCH"
PEER="$SCRATCH/peer"
PGDATA_DIR="$SCRATCH/pgdata"
# run.sh takes PGPORT, but its saga runs always connect to port 55432 (the program's default --pg), so only that port
# works. It must be free: a PostgreSQL already there (another peer run) would be used and its data overwritten.
PGPORT=55432
PORT_IS_FREE='import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))'
if ! python3 -c "$PORT_IS_FREE" "$PGPORT" 2>/dev/null; then
  echo "Port $PGPORT is in use: the peer's saga runs need it for their PostgreSQL." \
    "Stop whatever holds it and try again." >&2
  exit 2
fi
export PGDATA_DIR PGPORT

cleanup() {
  # run.sh stops the PostgreSQL it started on its own exit; this covers an interrupted run.
  if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then "$PEER/run.sh" pg-stop || true; fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)"
if ! git -C "$ROOT" diff --quiet HEAD -- src benchmarks/OrderFulfillment.Benchmarks; then
  COMMIT="$COMMIT with local changes"
fi
STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# ---- us: the peer-mix scenario, one run, on a fresh platform (the benchmark builds the AppHost itself)
OUR_ARGS=(--scenario peer-mix --runs 1 --output compare-ours)
if (( ORDERS < 10000 )); then OUR_ARGS+=(--orders "$ORDERS"); fi
log "building the benchmark"
dotnet build "$ROOT/benchmarks/OrderFulfillment.Benchmarks" -c Release -nologo -v q >/dev/null
rm -f "$OURS_JSON"
OUR_LOAD="$(load_average)"
log "us: OrderFulfillment.Benchmarks ${OUR_ARGS[*]} (load average $OUR_LOAD)"
OUR_RC=0
# The dll directly, not dotnet run, so that timeout's SIGTERM reaches the benchmark, which then stops its platform.
(cd "$ROOT" && timeout --kill-after=90 "$OUR_LIMIT_S" dotnet "$BENCH_DLL" "${OUR_ARGS[@]}") >&2 || OUR_RC=$?
[[ -f "$OURS_JSON" ]] || { echo "Our benchmark wrote no results (exit code $OUR_RC)." >&2; exit 1; }

log "settling for ${SETTLE_SECONDS} s"
sleep "$SETTLE_SECONDS"

# ---- the peer: run.sh from a scratch copy, with its anchors kept short, its PostgreSQL's data in the scratch
# folder
cp -r "$PEER_DIR" "$PEER"
chmod -R u+w "$PEER"
rm -rf "$PEER/results"/raw-* "$PEER/src/WolverineSaga/bin" "$PEER/src/WolverineSaga/obj"
PEER_LOAD="$(load_average)"
log "peer: RUNS=1 SAGA_SIZES=$ORDERS PGBENCH_SECONDS=2 PACED_ORDERS=300 ./run.sh in $PEER (load average $PEER_LOAD)"
PEER_RC=0
(cd "$PEER" && RUNS=1 SAGA_SIZES="$ORDERS" PGBENCH_SECONDS=2 PACED_ORDERS=300 TOTAL_LIMIT_S="$PEER_LIMIT_S" \
  timeout --kill-after=60 $((PEER_LIMIT_S + 60)) ./run.sh) >&2 || PEER_RC=$?
PEER_RAW="$(find "$PEER/results" -mindepth 1 -maxdepth 1 -type d -name 'raw-*' | head -1)"
# Kept with our logs (not committed): the scratch copy goes away, and a failed peer run is explained only by its
# stderr logs.
PEER_LOGS="$RESULTS/logs/compare-peer"
rm -rf "$PEER_LOGS"
if [[ -n "$PEER_RAW" ]]; then
  mkdir -p "$RESULTS/logs" && cp -r "$PEER_RAW" "$PEER_LOGS" && cp "$PEER/results.md" "$PEER_LOGS/" 2>/dev/null || true
fi
if [[ -z "$PEER_RAW" || ! -s "$PEER_RAW/saga.jsonl" ]]; then
  echo "The peer wrote no saga results (run.sh exit code $PEER_RC); see $PEER_LOGS." >&2
  exit 1
fi

# ---- the figures: ours from the benchmark's JSON, the peer's from its raw saga.jsonl (the run with ORDERS at max
# rate)
LINE_AND_REPORT="$(python3 - "$OURS_JSON" "$PEER_RAW/saga.jsonl" "$ORDERS" <<'PY'
import json, sys

ours_path, peer_path, orders = sys.argv[1], sys.argv[2], int(sys.argv[3])
ours = [r for r in json.load(open(ours_path))["results"] if r["scenario"] == "peer-mix"]
if len(ours) != 1:
    sys.exit(f"expected one peer-mix result in {ours_path}, found {len(ours)}")
us = ours[0]
peer_runs = [json.loads(line) for line in open(peer_path) if line.strip()]
peer_runs = [r for r in peer_runs if r.get("orders") == orders and str(r.get("rate")) == "max"]
if len(peer_runs) != 1:
    sys.exit(f"expected one {orders}-order max-rate run in {peer_path}, found {len(peer_runs)}")
peer = peer_runs[0]

us_rate, peer_rate = us["ordersPerSecond"], peer["throughput_orders_s"]
us_ok = us["outcomes"]["exactlyOnce"] and us["outcomes"]["asPlanned"] and all(s["conserved"] for s in us["stock"])
peer_ok = bool(peer.get("finished")) and bool(peer.get("terminal_exactly_once"))
line = f"us {us_rate:.1f} orders/s, peer {peer_rate:.1f} orders/s, ratio {us_rate / peer_rate:.2f}"
if not (us_ok and peer_ok):
    line += f" (checks: us {'passed' if us_ok else 'FAILED'}, peer {'passed' if peer_ok else 'FAILED'})"
print(line)
us_cancelled = sum(us['outcomes']['cancelledByReason'].values())
print(f"| us: peer-mix | {us_rate:.1f} | {us['p50Ms'] / 1000:.1f} s | {us['p99Ms'] / 1000:.1f} s "
      f"| {us['outcomes']['completed']} completed, {us_cancelled} cancelled | {'passed' if us_ok else 'FAILED'} |")
print(f"| peer: saga --orders {orders} | {peer_rate:.1f} "
      f"| {peer['latency']['p50_ms'] / 1000:.1f} s | {peer['latency']['p99_ms'] / 1000:.1f} s "
      f"| {peer['completed']} completed, {peer['cancelled']} cancelled | {'passed' if peer_ok else 'FAILED'} |")
PY
)"
LINE="$(head -1 <<<"$LINE_AND_REPORT")"

{
  echo "# Us against the Wolverine peer, same machine, one after the other"
  echo
  echo "$LINE"
  echo
  if (( ORDERS < 10000 )); then
    echo "**Smoke test:** ORDERS=$ORDERS. These figures are not comparable with full runs."
    echo
  fi
  echo "- Started $STARTED on commit \`$COMMIT\`, $(nproc) CPUs;" \
    "\`benchmarks/compare-with-peer.sh\` with ORDERS=$ORDERS."
  echo "- Us: the benchmark's Release build with \`${OUR_ARGS[*]}\` (exit code $OUR_RC);" \
    "1-minute load average before: $OUR_LOAD. Every figure: \`benchmarks/results/compare-ours.json\`."
  echo "- Peer: \`RUNS=1 SAGA_SIZES=$ORDERS PGBENCH_SECONDS=2 PACED_ORDERS=300 TOTAL_LIMIT_S=$PEER_LIMIT_S ./run.sh\`" \
    "from a scratch copy (exit code $PEER_RC); 1-minute load average before: $PEER_LOAD." \
    "Its raw results: \`benchmarks/results/logs/compare-peer/\` (not committed)."
  echo
  echo "| side | orders/s | p50 | p99 | orders | checks |"
  echo "|---|---|---|---|---|---|"
  tail -n +2 <<<"$LINE_AND_REPORT"
  echo
  echo "Orders/s on both sides: orders that ended / (last terminal state − first submit)." \
    "The mixes match (100 products, one line"
  echo "of 1–3 units, 10 % declined); the paths do not: we submit over HTTP to four services with four databases" \
    "and move stock"
  echo "again when an order ships, the peer publishes OrderPlaced straight to Kafka and runs in one process." \
    "See docs/benchmarks.md."
} > "$REPORT"
log "wrote $REPORT"
echo "$LINE"
