#!/usr/bin/env bash
# Reproduces the messages and leads figures in bench/README.md (issue 5):
#   1. a fresh SQLite data dir with 5,000 listings (499 buyers), and the demo
#      seller given 4,990 leads (10 per buyer) through the store;
#   2. the seller's inbox page and leads board (and the CSV export) under wrk
#      with the seller's session cookie;
#   3. SSE send-to-delivered latency on one node, idle and while 10,000
#      other streams are open, and the server's memory per open stream;
#   4. with PostgreSQL, two nodes sharing the database: sent through one,
#      delivered by the other.
# Usage: bench/messages.sh [STREAMS] [DURATION_SECS]
#   BENCH_DATABASE_URL  PostgreSQL for step 4
#                       [default postgres://dove:dove@127.0.0.1:5432/dove_test]
set -euo pipefail
cd "$(dirname "$0")/.."

STREAMS=${1:-10000}
DURATION=${2:-10}
PG=${BENCH_DATABASE_URL:-postgres://dove:dove@127.0.0.1:5432/dove_test}
PORT=18097
DATA=$(mktemp -d /tmp/dove-bench-msg-XXXXXX)
BIN=target/release/dove
EX=target/release/examples/live_bench
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$DATA"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"
cargo build --release -p dove --bin dove --example live_bench --locked

wait_up() { for _ in $(seq 1 100); do curl -fs "$1/readyz" >/dev/null && return; sleep 0.2; done; echo "no server at $1" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

echo "== seed 5,000 listings and give the demo seller their leads (SQLite)"
"$BIN" seed --data-dir "$DATA/a" --listings 5000 --seed 1 | grep -v '^ '
"$EX" prepare "$DATA/a" > "$DATA/creds"
SELLER=$(awk '$1 == "seller" {print $2}' "$DATA/creds")

echo "== serve"
RUST_LOG=warn "$BIN" serve --data-dir "$DATA/a" --listen 127.0.0.1:$PORT --metrics-token bench &
PID=$!; PIDS+=("$PID")
BASE=http://127.0.0.1:$PORT
wait_up "$BASE"

# One connection gives the server time of a request; four, the throughput
# of the two cores (shared with wrk).
for path in /inbox /leads "/leads?stage=new" /leads.csv; do
  bytes=$(curl -s -H "Cookie: dove_session=$SELLER" -H 'Accept-Encoding: br' "$BASE$path" | wc -c)
  for c in 1 4; do
    echo "== wrk GET $path, the seller with 4,990 leads ($bytes bytes with brotli; $c connections, ${DURATION}s)"
    wrk -t1 -c$c -d"${DURATION}s" --latency -H "Cookie: dove_session=$SELLER" -H 'Accept-Encoding: br' "$BASE$path" \
      | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
  done
done

echo "== live updates, one node"
"$EX" latency "$BASE" "$BASE" "$DATA/creds" 500
before=$(rss "$PID")
"$EX" hold "$BASE" "$DATA/creds" "$STREAMS" 40 &
HOLD=$!; PIDS+=("$HOLD")
for _ in $(seq 1 120); do
  n=$(curl -s -H "Authorization: Bearer bench" "$BASE/metrics" | awk '/^dove_live_streams/ {print $2}')
  [ "${n:-0}" -ge "$STREAMS" ] && break
  sleep 0.5
done
sleep 2
after=$(rss "$PID")
echo "server RSS: $before KiB idle, $after KiB with $n open streams: $(( (after - before) * 1024 / n )) bytes per stream"
grep -E '^(Private_Dirty):' "/proc/$PID/smaps_rollup"
echo "latency while the streams are open:"
"$EX" latency "$BASE" "$BASE" "$DATA/creds" 500
wait "$HOLD"
kill "$PID"; wait "$PID" 2>/dev/null || true

echo "== two nodes on one PostgreSQL"
SCHEMA="bench_$(date +%s)"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
URL="$PG?options=-c%20search_path%3D$SCHEMA"
DATABASE_URL=$URL "$BIN" seed --data-dir "$DATA/b" --listings 5000 --seed 1 | grep -v '^ '
"$EX" prepare "$DATA/b" "$URL" > "$DATA/creds-pg"
DATABASE_URL=$URL RUST_LOG=warn "$BIN" serve --data-dir "$DATA/b" --listen 127.0.0.1:$((PORT + 1)) &
NODE_A=$!; PIDS+=("$NODE_A")
DATABASE_URL=$URL RUST_LOG=warn "$BIN" serve --data-dir "$DATA/c" --listen 127.0.0.1:$((PORT + 2)) &
NODE_B=$!; PIDS+=("$NODE_B")
wait_up "http://127.0.0.1:$((PORT + 1))"; wait_up "http://127.0.0.1:$((PORT + 2))"
echo "same node (PostgreSQL):"
"$EX" latency "http://127.0.0.1:$((PORT + 1))" "http://127.0.0.1:$((PORT + 1))" "$DATA/creds-pg" 300
echo "sent through node A, delivered by node B:"
"$EX" latency "http://127.0.0.1:$((PORT + 1))" "http://127.0.0.1:$((PORT + 2))" "$DATA/creds-pg" 300
kill "$NODE_A" "$NODE_B"; wait "$NODE_A" "$NODE_B" 2>/dev/null || true
PGOPTIONS="-c client_min_messages=warning" psql "$PG" -qc "DROP SCHEMA $SCHEMA CASCADE"
