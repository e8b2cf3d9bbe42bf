#!/usr/bin/env bash
# Reproduces the figures in bench/README.md on this machine:
#   1. seeding 100,000 listings into a fresh SQLite data dir (release build);
#   2. requests/s and latency percentiles of GET / and GET /healthz under wrk,
#      uncompressed and with Accept-Encoding: br, over loopback;
#   3. the server's resident and private memory afterwards.
# Usage: bench/run.sh [LISTINGS] [DURATION_SECS]
set -euo pipefail
cd "$(dirname "$0")/.."

LISTINGS=${1:-100000}
DURATION=${2:-15}
PORT=18099
DATA=$(mktemp -d /tmp/dove-bench-XXXXXX)
BIN=target/release/dove

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -p dove --locked

echo "== seed $LISTINGS listings (SQLite, $DATA)"
/usr/bin/time -f "seed wall %e s, max RSS %M KiB" "$BIN" seed --data-dir "$DATA" --listings "$LISTINGS" --seed 1 | grep -v '^ '
du -sh "$DATA/dove.sqlite3" "$DATA/photos" | sed 's/^/size /'

echo "== serve"
RUST_LOG=warn "$BIN" serve --data-dir "$DATA" --listen 127.0.0.1:$PORT &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

home_bytes=$(curl -s "http://127.0.0.1:$PORT/" | wc -c)
home_br=$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT/" | wc -c)
echo "GET / is $home_bytes bytes of HTML, $home_br bytes with brotli"

run() { # name path [header]
  echo "== wrk $1 (8 connections, 2 threads, ${DURATION}s)"
  if [ -n "${3:-}" ]; then
    wrk -t2 -c8 -d"${DURATION}s" --latency -H "$3" "http://127.0.0.1:$PORT$2" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
  else
    wrk -t2 -c8 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$2" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
  fi
}
listing=$(curl -s "http://127.0.0.1:$PORT/" | grep -oE 'href="/l/[^"]+"' | head -1 | cut -d'"' -f2)
echo "listing page: $listing"
page_weight() { # path: HTML plus the CSS and JS it references, brotli
  local total=0 n
  n=$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT$1" | wc -c); total=$((total + n))
  echo "  $1: HTML $n bytes (br)"
  # Only what loads with the page: stylesheets and scripts, not assets
  # that a button loads on demand (the map).
  for asset in $(curl -s "http://127.0.0.1:$PORT$1" | grep -oE '(href|src)="/static/[^"]+\.(css|js)"' | cut -d'"' -f2 | sort -u); do
    n=$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT$asset" | wc -c); total=$((total + n))
    echo "  $asset: $n bytes (br)"
  done
  echo "  total: $total bytes"
}
echo "== page weight (HTML+CSS+JS, brotli; photos aside)"
page_weight /
page_weight "$listing"
echo "== photo bytes a 360 px phone loads first on the listing page (cover, WebP)"
cover=$(curl -s "http://127.0.0.1:$PORT$listing" | grep -oE '/media/[0-9a-f]+-640\.webp' | head -1)
echo "  1x (640 px): $(curl -s "http://127.0.0.1:$PORT$cover" | wc -c) bytes; 2x (1280 px): $(curl -s "http://127.0.0.1:$PORT${cover/-640/-1280}" | wc -c) bytes"

run "GET /healthz" /healthz
run "GET / (uncompressed)" /
run "GET / (Accept-Encoding: br)" / "Accept-Encoding: br"
run "GET $listing (uncompressed)" "$listing"
run "GET $listing (Accept-Encoding: br)" "$listing" "Accept-Encoding: br"

echo "== memory after load"
grep -E '^(VmRSS|VmHWM)' /proc/$PID/status
awk '/^(Private_Clean|Private_Dirty|Rss):/ {print}' /proc/$PID/smaps_rollup
