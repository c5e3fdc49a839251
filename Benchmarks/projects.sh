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
def batch(ops):
    for i in range(0, len(ops), 100): call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
project = call("POST", "/api/v1/projects", {"key": "BENCH", "name": "Benchmark", "plannedStart": "2026-01-05"})["id"]
t0 = time.time()
# Breadth-first, 7 children per package, depth 5, 10,000 packages; ids are assigned in creation order.
levels, next_id, nodes = [[None]], 1, []
created = 0
for depth in range(5):
    level = []
    ops = []
    for parent in levels[-1]:
        for _ in range(7):
            if created == 10000: break
            body = {"project": project, "name": f"WP d{depth + 1} #{created + 1}", "durationDays": 1 + created % 5,
                    "estimatedEffortHours": 8 + created % 40, "percentComplete": created % 101}
            if parent is not None: body["parent"] = parent
            ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
            created += 1
            level.append(next_id); next_id += 1
    batch(ops)
    levels.append(level)
parents = {}
for lvl in levels[1:]: pass
print(f"created {created} work packages (depth 5) in {time.time() - t0:.1f} s")
# Leaves grouped by parent: dependencies stay local (chains, skips, links to the next sibling group).
rows = call("GET", f"/api/v1/work-packages?project=eq.{project}&fields=id,parent&perPage=10000&skipTotal=true")["items"]
children = {}
for r in rows: children.setdefault(r["parent"], []).append(r["id"])
leaves_by_parent = [sorted(c for c in kids if c not in children) for p, kids in sorted(children.items(), key=lambda kv: (kv[0] or 0))]
groups = [g for g in leaves_by_parent if g]
deps = set()
for gi, g in enumerate(groups):
    for step in (1, 2, 3):
        for i in range(len(g) - step): deps.add((g[i], g[i + step]))
    if gi + 1 < len(groups) and gi % 7 != 6:
        for a, b in zip(g, groups[gi + 1]): deps.add((a, b))
for gi in range(len(groups) - 7):
    if len(deps) >= 20000: break
    deps.add((groups[gi][-1], groups[gi + 7][0]))
deps = sorted(deps)[:20000]
t0 = time.time()
batch([{"method": "POST", "path": "/api/v1/dependencies", "body": {"predecessor": a, "successor": b}} for a, b in deps])
print(f"created {len(deps)} dependencies in {time.time() - t0:.1f} s")
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
