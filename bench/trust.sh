#!/usr/bin/env bash
# Trust figures for bench/README.md (issue 14), each as a ratio to /healthz
# in the same run, since this machine's speed varies from run to run:
#   1. the listing page before this issue (BEFORE, a commit) and after it,
#      both on 100,000 seeded listings: without reviews, and (after) with
#      five published reviews and a verified seller;
#   2. the admins' trust queue (API) with 10,000 reports over 2,000 open
#      cases and 100,000 users, at one connection.
# Usage: bench/trust.sh [BEFORE_COMMIT] [DURATION_SECS]
set -euo pipefail
cd "$(dirname "$0")/.."

BEFORE=${1:-5698f85}
DURATION=${2:-10}
A_PORT=18091
B_PORT=18092
A_DATA=$(mktemp -d /tmp/dove-trust-before-XXXXXX)
B_DATA=$(mktemp -d /tmp/dove-trust-after-XXXXXX)
WORKTREE=$(mktemp -d /tmp/dove-before-src-XXXXXX)
trap 'kill ${A_PID:-0} ${B_PID:-0} 2>/dev/null || true; rm -rf "$A_DATA" "$B_DATA"; git worktree remove --force "$WORKTREE" 2>/dev/null || true' EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# The commit before, built in a worktree with a target directory of its
# own (cargo names a workspace's path crates by their path inside the
# workspace, so two checkouts sharing one target directory overwrite each
# other's crates). DOVE_BEFORE_BIN skips the build.
if [ -z "${DOVE_BEFORE_BIN:-}" ]; then
  git worktree add --detach "$WORKTREE" "$BEFORE" >/dev/null
  CARGO_TARGET_DIR="$(pwd)/target/bench-before" cargo build --release -p dove --locked --manifest-path "$WORKTREE/Cargo.toml"
  DOVE_BEFORE_BIN=target/bench-before/release/dove
fi
cargo build --release -p dove --locked
AFTER=target/release/dove

# DOVE_BEFORE_BIN=none measures the tree as it is only.
if [ "$DOVE_BEFORE_BIN" != none ]; then
  "$DOVE_BEFORE_BIN" seed --data-dir "$A_DATA" --listings 100000 --seed 1 | head -1
fi
"$AFTER" seed --data-dir "$B_DATA" --listings 100000 --seed 1 | head -1

# After: the trust queue's data, and reviews on one listing. Written
# straight into the seeded database: this is a fixture for a benchmark,
# not a test of how they are made.
python3 - "$B_DATA/dove.sqlite3" <<'PY'
import sqlite3, sys, time, uuid
db = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1000)
users = db.execute("SELECT COUNT(*) FROM users").fetchone()[0]
db.executemany(
    "INSERT INTO users (id, email, name, password_hash, role, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, 'x', 'buyer', ?, ?, ?)",
    [(str(uuid.uuid4()), f"bench{i}@example.com", f"Bench {i}", now, now, now) for i in range(100_000 - users)],
)
sellers = [r[0] for r in db.execute("SELECT owner_id FROM stores LIMIT 2000")]
listings = {r[1]: r[0] for r in db.execute("SELECT id, seller_id FROM listings LIMIT 20000")}
reporters = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'buyer' LIMIT 5000")]
cases = []
for i, seller in enumerate(sellers):
    cid = str(uuid.uuid4())
    lid = listings.get(seller)
    kind, subject = ("listing", lid) if lid else ("user", seller)
    cases.append((cid, kind, subject, seller, now - i * 1000, now - i * 1000))
db.executemany("INSERT INTO trust_cases (id, subject_kind, subject_id, user_id, status, opened_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?)", cases)
db.executemany(
    "INSERT INTO trust_reports (id, case_id, reporter_id, reason, detail, created_at) VALUES (?, ?, ?, 'scam', 'Asked for a viewing fee', ?)",
    [(str(uuid.uuid4()), cases[i % len(cases)][0], reporters[i % len(reporters)], now - i) for i in range(10_000)],
)
# Five published reviews of the first listing on the home page, by buyers.
lid, seller = db.execute(
    "SELECT id, seller_id FROM listings WHERE status = 'published' ORDER BY published_at DESC LIMIT 1").fetchone()
for i, buyer in enumerate(reporters[:5]):
    db.execute(
        "INSERT INTO reviews (id, occasion, occasion_id, author_id, role, subject_id, listing_id, score, scores, body, private_note, created_at, updated_at, closes_at, published_at) "
        "VALUES (?, 'order', ?, ?, 'buyer', ?, ?, ?, '{\"accuracy\":5,\"communication\":4,\"location\":5,\"value\":4}', 'Exactly as in the photos; the landlord answered the same day.', '', ?, ?, ?, ?)",
        (str(uuid.uuid4()), str(uuid.uuid4()), buyer, seller, lid, 4 + i % 2, now, now, now, now))
db.execute("UPDATE users SET phone = '+254700000099', phone_verified_at = ? WHERE id = ?", (now, seller))
db.commit()
print(f"fixture: {db.execute('SELECT COUNT(*) FROM users').fetchone()[0]} users, "
      f"{db.execute('SELECT COUNT(*) FROM trust_reports').fetchone()[0]} reports in "
      f"{db.execute('SELECT COUNT(*) FROM trust_cases').fetchone()[0]} cases; reviews on {lid}")
PY

if [ "$DOVE_BEFORE_BIN" != none ]; then
  RUST_LOG=warn "$DOVE_BEFORE_BIN" serve --data-dir "$A_DATA" --listen 127.0.0.1:$A_PORT &
  A_PID=$!
fi
RUST_LOG=warn "$AFTER" serve --data-dir "$B_DATA" --listen 127.0.0.1:$B_PORT &
B_PID=$!
for port in ${A_PID:+$A_PORT} $B_PORT; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
# Each node builds its search index at first start: wait until it is done,
# so it does not share the cores with the measurements.
for port in ${A_PID:+$A_PORT} $B_PORT; do
  for _ in $(seq 1 300); do
    total=$(curl -s "http://127.0.0.1:$port/api/v1/search?q=" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("total", 0))' 2>/dev/null || echo 0)
    [ "$total" -ge 90000 ] && break
    sleep 1
  done
done
sleep 2

first_listing() { curl -s "http://127.0.0.1:$1/" | grep -oE 'href="/l/[^"]+"' | sed -n "${2}p" | cut -d'"' -f2; }
A_LISTING=${A_PID:+$(first_listing $A_PORT 2)}
B_REVIEWED=$(first_listing $B_PORT 1)
B_PLAIN=$(first_listing $B_PORT 2)
curl -s "http://127.0.0.1:$B_PORT$B_REVIEWED" | grep -c 'class="review"' | sed 's/^/reviews shown on the reviewed listing: /'

wrk_run() { # label url [connections]
  echo "== $1"
  wrk -t"$(( ${3:-8} < 2 ? 1 : 2 ))" -c"${3:-8}" -d"${DURATION}s" --latency -H 'Accept-Encoding: br' "$2" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx'
}
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d '{"email":"admin@demo.dove.ke","password":"karibu-dove-demo","name":"bench"}' \
  "http://127.0.0.1:$B_PORT/api/v1/auth/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

if [ -n "${A_PID:-}" ]; then
  wrk_run "before: /healthz" "http://127.0.0.1:$A_PORT/healthz"
  wrk_run "before: listing page" "http://127.0.0.1:$A_PORT$A_LISTING"
fi
wrk_run "after: /healthz" "http://127.0.0.1:$B_PORT/healthz"
wrk_run "after: listing page, no reviews" "http://127.0.0.1:$B_PORT$B_PLAIN"
wrk_run "after: listing page, 5 reviews and a verified seller" "http://127.0.0.1:$B_PORT$B_REVIEWED"
wrk_run "after: /healthz, 1 connection" "http://127.0.0.1:$B_PORT/healthz" 1
echo "== after: trust queue (API, 100 open cases of 2,000, with their reports), 1 connection"
wrk -t1 -c1 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$B_PORT/api/v1/admin/trust" |
  grep -E 'Requests/sec|^ +(50|99)%|Non-2xx'
