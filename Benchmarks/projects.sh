#!/usr/bin/env bash
# Project-plan benchmark: builds a project of 10,000 work packages (depth 5) and ~20,000 dependencies over HTTP
# (batch endpoint), then measures with wrk on loopback: GET …/wbs and GET …/schedule latency (one connection),
# and POST /api/v1/work-packages per second (16 connections). Release build, server on CPU 1, wrk on CPU 0.
# Usage: Benchmarks/projects.sh [DURATION_SECONDS]   (bounded; 127.0.0.1 only)
set -uo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5}"; port=21096
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
tmp="$(mktemp -d)"; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
db="$tmp/projects.sqlite"
"$charter" migrate --db "$db" >/dev/null
key=$("$charter" keys create --db "$db" --name bench --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
[ -n "$key" ] || { echo "could not create a key" >&2; exit 1; }
CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_MAX_PER_PAGE=10000 taskset -c 1 "$charter" serve --port $port --db "$db" --log-level warning >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done

timeout 600 python3 - "$port" "$key" <<'PY'
import http.client, json, sys, time
port, key = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
project = call("POST", "/api/v1/projects", {"key": "BENCH", "name": "Benchmark", "plannedStart": "2026-01-05"})["id"]
sys.path.insert(0, "Benchmarks")
import plan_network
t0 = time.time()
created, leaves, deps = plan_network.build(call, project, lambda n: {
    "durationDays": 1 + n % 5, "estimatedEffortHours": 8 + n % 40, "percentComplete": n % 101})
print(f"created {created} work packages (depth 5) and {len(deps)} dependencies in {time.time() - t0:.1f} s")
open("/dev/stdout", "w")
print(f"PROJECT {project}")
PY
project=1
base="http://127.0.0.1:$port"
cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"project":$project,"parent":1,"name":"posted package","durationDays":2}'
LUA
measure() {  # measure LABEL CONNS URL [wrk args]
  local label="$1" conns="$2" url="$3"; shift 3
  local raw="$tmp/$label.txt"
  timeout $((duration + 30)) taskset -c 0 wrk -t1 -c"$conns" -d"${duration}s" --latency -H "Authorization: Bearer $key" "$@" "$url" >"$raw" 2>&1
  printf '%-28s %10s req/s  p50 %9s  p99 %9s  non2xx %s\n' "$label" "$(awk '/^Requests\/sec:/{print $2}' "$raw")" \
    "$(awk '$1=="50%"{print $2}' "$raw")" "$(awk '$1=="99%"{print $2}' "$raw")" "$(awk -F': *' '/Non-2xx/{print $2}' "$raw")"
}
curl -s -o "$tmp/wbs.json" -w "GET wbs: %{http_code}, %{size_download} bytes, %{time_total} s (first, cold)\n" -H "Authorization: Bearer $key" "$base/api/v1/projects/$project/wbs"
curl -s -o "$tmp/schedule.json" -w "GET schedule: %{http_code}, %{size_download} bytes, %{time_total} s (first, cold)\n" -H "Authorization: Bearer $key" "$base/api/v1/projects/$project/schedule"
python3 -c "import json,sys; d=json.load(open('$tmp/schedule.json')); print('schedule:', len(d['items']), 'leaf packages,', d['durationDays'], 'days,', len(d['critical']), 'critical')"
[ -n "${KEEP_DB:-}" ] && "$charter" backup "$KEEP_DB" --db "$db" >/dev/null
measure "GET wbs (1 conn)" 1 "$base/api/v1/projects/$project/wbs"
measure "GET wbs, gzip (1 conn)" 1 "$base/api/v1/projects/$project/wbs" -H "Accept-Encoding: gzip"  # what browsers send
measure "GET schedule (1 conn)" 1 "$base/api/v1/projects/$project/schedule"
# Requests per second follow this VM's drifting speed; the server's CPU time per request (from /proc) drifts less.
cpu0=$(awk '{print $14 + $15}' /proc/$pid/stat)
measure "POST work package (16 conn)" 16 "$base/api/v1/work-packages" -s "$tmp/post.lua"
cpu1=$(awk '{print $14 + $15}' /proc/$pid/stat)
posts=$(awk '/requests in/{print $1}' "$tmp/POST work package (16 conn).txt")
awk -v a="$cpu0" -v b="$cpu1" -v n="$posts" -v hz="$(getconf CLK_TCK)" \
  'BEGIN{if (n > 0) printf "POST: server CPU %.0f us per request (%.0f per second of one core)\n", (b-a)*1e6/hz/n, n*hz/(b-a)}'
