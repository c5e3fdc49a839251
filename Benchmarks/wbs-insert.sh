#!/usr/bin/env bash
# WBS insert-at-position benchmark: a project of N work packages (10 children per package, breadth first, depth
# up to 5) built over HTTP (batch endpoint), then POST /api/v1/work-packages with "position":1 under a level-2
# package (each time the next of the 100: its 10 children and their subtrees move), and at the front of the top
# level (every package moves: the worst case, no better than a whole renumbering). Reports the server's CPU time
# per insert (the sum of its threads' run time in /proc/PID/task/*/schedstat, in ns: the steadiest figure on a VM
# whose speed drifts) and the client's p50/p99 latency.
# With --ab OLD_BINARY, the same database copy is served alternately by OLD and by this tree's release build.
# Usage: Benchmarks/wbs-insert.sh [--ab OLD_BINARY] [--rounds R] [SIZES...]   (default sizes: 1000 10000 50000)
# Release build, server on CPU 1, client on CPU 0; 127.0.0.1 only.
set -uo pipefail
cd "$(dirname "$0")/.."
old=""; rounds=2; sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ab) old="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
port=21097
if [ -z "${CHARTER_BIN:-}" ]; then
  swift build -c release --product charter >/dev/null || exit 1
  CHARTER_BIN="$(swift build -c release --show-bin-path)/charter"
fi
new="$CHARTER_BIN"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
echo '{}' >"$tmp/config.json"  # defaults, not Config/charter.json: an older binary may not know every key there

serve() {  # serve BINARY DB: starts the server pinned to CPU 1, sets $pid
  CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_MAX_PER_PAGE=10000 taskset -c 1 "$1" serve --config "$tmp/config.json" --port $port --db "$2" \
    --log-level warning >"$tmp/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && return; sleep 0.1; done
  echo "server did not start: $(cat "$tmp/log")" >&2; exit 1
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""; }
cpu_ns() { cat /proc/"$pid"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {print s}'; }

build() {  # build SIZE: $tmp/SIZE.sqlite with one project of SIZE packages, and the key in $tmp/key
  local size="$1" db="$tmp/$1.sqlite"
  "$new" migrate --config "$tmp/config.json" --db "$db" >/dev/null
  "$new" keys create --config "$tmp/config.json" --db "$db" --name bench --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1 >"$tmp/key"
  serve "$new" "$db"
  timeout 900 python3 - "$port" "$(cat "$tmp/key")" "$size" <<'PY' || exit 1
import http.client, json, sys, time
port, key, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
project = call("POST", "/api/v1/projects", {"key": "WBS", "name": "WBS benchmark", "plannedStart": "2026-01-05"})["id"]
t0 = time.time(); level, created, next_id = [None], 0, 1
for depth in range(5):
    ops, nxt = [], []
    for parent in level:
        for _ in range(10):
            if created == size: break
            body = {"project": project, "name": f"WP {created + 1}", "durationDays": 1 + created % 5}
            if parent is not None: body["parent"] = parent
            ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
            created += 1; nxt.append(next_id); next_id += 1
    for i in range(0, len(ops), 100): call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
    level = nxt
print(f"built {created} packages in {time.time() - t0:.1f} s", file=sys.stderr)
PY
  stop
}

measure() {  # measure LABEL BINARY SIZE: one run on a fresh copy of the SIZE database
  local label="$1" bin="$2" size="$3" db="$tmp/run.sqlite"
  rm -f "$tmp"/run.sqlite*  # the WAL too: the server leaves it for the next open
  for f in "$tmp/$size.sqlite"*; do cp "$f" "$tmp/run.sqlite${f#"$tmp/$size.sqlite"}"; done
  serve "$bin" "$db"
  local count=$(( size >= 50000 ? 30 : size >= 10000 ? 100 : 200 ))
  for case in level2 top; do
    local n=$count; [ "$case" = top ] && n=$(( count / 5 ))
    local cpu0; cpu0=$(cpu_ns)
    local lat; lat=$(taskset -c 0 python3 - "$port" "$(cat "$tmp/key")" "$case" "$n" <<'PY'
import http.client, json, sys, time
port, key, case, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
times = []
for i in range(n):
    body = {"project": 1, "name": f"inserted {i}", "position": 1}
    if case == "level2": body["parent"] = 11 + i % 100  # ids 11-110: the level-2 packages
    t = time.perf_counter()
    conn.request("POST", "/api/v1/work-packages", json.dumps(body), H)
    r = conn.getresponse(); data = r.read()
    times.append(time.perf_counter() - t)
    if r.status != 201: sys.exit(f"POST {body}: {r.status} {data[:300]!r}")
times.sort()
print(f"{times[len(times) // 2] * 1000:.1f} {times[min(len(times) - 1, int(len(times) * 0.99))] * 1000:.1f}")
PY
)
    local cpu1; cpu1=$(cpu_ns)
    awk -v l="$label" -v s="$size" -v c="$case" -v a="$cpu0" -v b="$cpu1" -v n="$n" -v lat="$lat" \
      'BEGIN{split(lat, q, " "); printf "%-5s %6d packages, %-6s position 1: server CPU %8.2f ms per insert, p50 %8.1f ms, p99 %8.1f ms (%d inserts)\n", l, s, c, (b-a)/1e6/n, q[1], q[2], n}'
  done
  stop
}

for size in "${sizes[@]}"; do
  build "$size"
  for round in $(seq 1 "$rounds"); do
    if [ -z "$old" ]; then measure new "$new" "$size"
    elif [ $((round % 2)) -eq 1 ]; then measure old "$old" "$size"; measure new "$new" "$size"
    else measure new "$new" "$size"; measure old "$old" "$size"; fi
  done
done
