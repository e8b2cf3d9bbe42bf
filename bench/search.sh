#!/usr/bin/env bash
# Search figures for bench/README.md: index build, in-process latency by
# query kind, the results page and API under wrk, memory, and freshness
# (publish to searchable) over HTTP.
# Usage: bench/search.sh [LISTINGS] [DURATION_SECS]
set -euo pipefail
cd "$(dirname "$0")/.."

LISTINGS=${1:-100000}
DURATION=${2:-10}
PORT=18097
DATA=$(mktemp -d /tmp/dove-search-bench-XXXXXX)
BIN=target/release/dove
trap 'kill ${PID:-0} 2>/dev/null || true; rm -rf "$DATA"' EXIT

cargo build --release -p dove -p dove-search --examples --bins --locked
"$BIN" seed --data-dir "$DATA" --listings "$LISTINGS" --seed 1 | head -1

echo "== index build (dove search reindex)"
/usr/bin/time -f "reindex wall %e s, max RSS %M KiB" "$BIN" search reindex --data-dir "$DATA"
index_dir="$DATA/search/$(cat "$DATA/search/CURRENT")"
du -sh "$index_dir" | sed 's/^/index size /'

echo "== in-process latency"
target/release/examples/latency "$index_dir" --each

echo "== serve"
RUST_LOG=warn "$BIN" serve --data-dir "$DATA" --listen 127.0.0.1:$PORT &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
sleep 2
run() {
  echo "== wrk $1"
  wrk -t2 -c8 -d"${DURATION}s" --latency ${3:+-H "$3"} "http://127.0.0.1:$PORT$2" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
}
for c in 2 4 8; do
  # The baseline in the same run: figures are compared as ratios to it,
  # since this machine's speed varies from run to run.
  echo "== wrk /healthz, $c connections"
  wrk -t2 -c$c -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/healthz" | grep -E 'Requests/sec|^ +(50|90|99)%'
  echo "== wrk results pages, the 22-search mix of bench/search-mix.lua, $c connections"
  wrk -t2 -c$c -d"${DURATION}s" --latency -s bench/search-mix.lua "http://127.0.0.1:$PORT" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
done
run "results page, q=2 bedroom apartment kilimani" "/search?q=2+bedroom+apartment+kilimani"
run "results page, brotli" "/search?q=2+bedroom+apartment+kilimani" "Accept-Encoding: br"
run "API, q=toyota&sort=price_asc" "/api/v1/search?q=toyota&sort=price_asc"
run "API, near=Nairobi&radius_km=5" "/api/v1/search?near=Nairobi&radius_km=5"
echo "== memory while serving"
grep -E '^(VmRSS|VmHWM)' /proc/$PID/status
awk '/^(Private_Clean|Private_Dirty):/ {print}' /proc/$PID/smaps_rollup

echo "== freshness: publish, then poll the search API"
token=$(curl -s "http://127.0.0.1:$PORT/api/v1/auth/tokens" -H 'content-type: application/json' \
  -d '{"email":"seller@demo.dove.ke","password":"karibu-dove-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
for i in 1 2 3 4 5; do
  id=$(curl -s "http://127.0.0.1:$PORT/api/v1/listings" -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"kind\":\"product\",\"category\":\"electronics\",\"condition\":\"new\",\"quantity\":\"1\",\"pickup\":true,\"title\":\"Freshness probe zqx$i\",\"description\":\"A probe listing for the freshness benchmark.\",\"price_minor\":100000,\"county\":\"Nairobi\",\"town\":\"Nairobi\",\"lat\":-1.28,\"lng\":36.82}" \
    | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  photo=$(ls "$DATA"/photos/*-640.jpg | head -1)
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/listings/$id/photos" -H "authorization: Bearer $token" -F "photo=@$photo;type=image/jpeg"
  start=$(date +%s%N)
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/listings/$id/publish" -X POST -H "authorization: Bearer $token"
  until curl -s "http://127.0.0.1:$PORT/api/v1/search?q=zqx$i" | grep -q "$id"; do sleep 0.01; done
  echo "  probe $i: searchable $(( ($(date +%s%N) - start) / 1000000 )) ms after publish"
done
