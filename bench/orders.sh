#!/usr/bin/env bash
# Reproduces the checkout figures in bench/README.md (issue 6): orders placed
# and paid per second through the M-Pesa sandbox, and the callback's
# latency, on SQLite and on PostgreSQL. Each checkout is three requests:
# POST /api/v1/orders, POST /api/v1/orders/{id}/pay (the sandbox gateway
# records the STK push), and the success callback Daraja would post.
# Then the demo seller, now with CHECKOUTS orders (half of them completed,
# so their balance sums thousands of ledger entries), has their orders page
# and money page timed under wrk with one connection (the server time) and
# four (the two cores' throughput).
# Usage: bench/orders.sh [CHECKOUTS] [CONCURRENCY] [DURATION_SECS]
#   BENCH_DATABASE_URL  PostgreSQL [default postgres://dove:dove@127.0.0.1:5432/dove_test]
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10000}
C=${2:-8}
DURATION=${3:-10}
PG=${BENCH_DATABASE_URL:-postgres://dove:dove@127.0.0.1:5432/dove_test}
PORT=18094
DATA=$(mktemp -d /tmp/dove-bench-orders-XXXXXX)
BIN=target/release/dove
EX=target/release/examples/orders_bench
PID=
SCHEMA=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  [ -n "$SCHEMA" ] && PGOPTIONS="-c client_min_messages=warning" psql "$PG" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" || true
  rm -rf "$DATA"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -p dove --bin dove --example orders_bench --locked
wait_up() { for _ in $(seq 1 100); do curl -fs "$1/readyz" >/dev/null && return; sleep 0.2; done; echo "no server at $1" >&2; exit 1; }

bench() { # name data-dir database-url
  echo "== $1"
  DATABASE_URL=$3 "$BIN" seed --data-dir "$2" --listings 1000 --seed 1 | grep -v '^ '
  "$EX" prepare "$2" "$3" > "$2.creds"
  # --dev: the checkouts pay through the M-Pesa sandbox, off in production.
  DATABASE_URL=$3 RUST_LOG=warn "$BIN" serve --data-dir "$2" --listen 127.0.0.1:$PORT --dev &
  PID=$!
  wait_up "http://127.0.0.1:$PORT"
  "$EX" run "http://127.0.0.1:$PORT" "$2" "$3" "$2.creds" "$N" "$C"
  SELLER=$("$EX" seller "$2" "$3")
  for path in "/orders?role=seller" /account/money; do
    bytes=$(curl -s -H "Cookie: dove_session=$SELLER" -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT$path" | wc -c)
    for c in 1 4; do
      echo "== wrk GET $path, the seller with $N orders ($bytes bytes with brotli; $c connections, ${DURATION}s)"
      wrk -t1 -c$c -d"${DURATION}s" --latency -H "Cookie: dove_session=$SELLER" -H 'Accept-Encoding: br' \
        "http://127.0.0.1:$PORT$path" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
    done
  done
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
}

bench "SQLite" "$DATA/a" ""
SCHEMA="bench_orders_$(date +%s)"
psql "$PG" -qc "CREATE SCHEMA $SCHEMA"
bench "PostgreSQL" "$DATA/b" "$PG?options=-c%20search_path%3D$SCHEMA"
