#!/usr/bin/env bash
# Stall benchmark: does a heavy request hold up a cheap one? Builds a project of N work packages (default 50,000)
# over HTTP (batch endpoint), then, for each binary and round, measures GET /health with wrk twice: alone, and while
# a second wrk loops on GET /api/v1/projects/1/wbs (one connection, each answer ~0.3 s of server work). Binaries
# alternate within each round (A B, then B A) because this VM's speed drifts by ±20% within a minute.
#
# Usage: Benchmarks/stall.sh [--packages N] [--rounds R] [--duration S] [--conns C] [--loops L] [BINARY...]
#   BINARY: charter executables to compare, e.g. a build of the previous commit and this one
#           (default: this checkout's release build). Label each as NAME=PATH to name it in the table.
# Env: SERVER_CPU (1), WRK_CPU (0). Only 127.0.0.1 is used; every wrk run is bounded by `timeout`.
set -uo pipefail
cd "$(dirname "$0")/.."
packages=50000; rounds=3; duration=10; conns=16; loops=0; binaries=()
while [ $# -gt 0 ]; do
  case "$1" in
    --packages) packages="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    --duration) duration="$2"; shift 2;;
    --conns) conns="$2"; shift 2;;
    --loops) loops="$2"; shift 2;;
    -*) echo "unknown option $1" >&2; exit 2;;
    *) binaries+=("$1"); shift;;
  esac
done
SERVER_CPU="${SERVER_CPU:-1}"; WRK_CPU="${WRK_CPU:-0}"; port=21097
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
if [ ${#binaries[@]} -eq 0 ]; then
  swift build -c release --product charter >/dev/null || exit 1
  binaries=("this=$(swift build -c release --show-bin-path)/charter")
fi
out="$PWD/Benchmarks/results/stall-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$out"
pid=""; trap '[ -n "$pid" ] && kill $pid 2>/dev/null' EXIT

label() { echo "${1%%=*}"; }
path() { echo "${1#*=}"; }
for i in "${!binaries[@]}"; do  # NAME=ABSOLUTE_PATH
  b="${binaries[$i]}"; case "$b" in *=*) ;; *) b="$(basename "$b")=$b";; esac
  binaries[$i]="${b%%=*}=$(realpath "${b#*=}")" || exit 2
done
# Every binary runs with its own defaults: from a folder without Config/charter.json (an older binary would refuse
# the keys a newer file lists).
cd "$out"
start() {  # start BINARY DB
  if curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; then echo "port $port busy" >&2; exit 1; fi
  CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_EVENT_LOOPS=$loops taskset -c "$SERVER_CPU" "$1" serve --port $port \
    --db "$2" --log-level warning >>"$out/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null; pid=""; }

# The project, built once with the first binary.
db="$out/stall.sqlite"
first="$(path "${binaries[0]}")"
"$first" migrate --db "$db" >/dev/null
key=$("$first" keys create --db "$db" --name bench --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
[ -n "$key" ] || { echo "could not create a key" >&2; exit 1; }
start "$first" "$db"
timeout 900 python3 - "$port" "$key" "$packages" <<'PY' || exit 1
import http.client, json, sys, time
port, key, total = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
project = call("POST", "/api/v1/projects", {"key": "STALL", "name": "Stall", "plannedStart": "2026-01-05"})["id"]
t0 = time.time(); created = 0; next_id = 1; level = [None]
while created < total:  # breadth-first, 7 children per package; ids follow creation order
    ops, below = [], []
    for parent in level:
        for _ in range(7):
            if created == total: break
            body = {"project": project, "name": f"WP #{created + 1}", "durationDays": 1 + created % 5,
                    "estimatedEffortHours": 8 + created % 40, "percentComplete": created % 101}
            if parent is not None: body["parent"] = parent
            ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
            created += 1; below.append(next_id); next_id += 1
    for i in range(0, len(ops), 100): call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
    level = below
print(f"created {created} work packages in {time.time() - t0:.0f} s")
PY
wbs="http://127.0.0.1:$port/api/v1/projects/1/wbs"
curl -s -o /dev/null -w "GET wbs: %{http_code}, %{size_download} bytes, %{time_total} s\n" -H "Authorization: Bearer $key" "$wbs"
stop

measure() {  # measure NAME ROUND LOADED
  local raw="$out/$1-$2-$3.txt" load=""
  if [ "$3" = loaded ]; then
    timeout $((duration + 30)) taskset -c "$WRK_CPU" wrk -t1 -c1 -d$((duration + 2))s -H "Authorization: Bearer $key" \
      "$wbs" >"$out/$1-$2-wbs.txt" 2>&1 &
    load=$!
    sleep 1  # the /wbs loop is running before /health is measured
  fi
  timeout $((duration + 20)) taskset -c "$WRK_CPU" wrk -t1 -c"$conns" -d"${duration}s" --latency \
    "http://127.0.0.1:$port/health" >"$raw" 2>&1
  [ -n "$load" ] && wait "$load"
  local rps p50 p99 max non2xx wbsrps=""
  rps=$(awk '/^Requests\/sec:/{print $2}' "$raw")
  p50=$(awk '$1=="50%"{print $2}' "$raw"); p99=$(awk '$1=="99%"{print $2}' "$raw")
  max=$(awk '$1=="Latency"{print $4}' "$raw"); non2xx=$(awk -F': *' '/Non-2xx/{print $2}' "$raw")
  [ "$3" = loaded ] && wbsrps=$(awk '/^Requests\/sec:/{print $2}' "$out/$1-$2-wbs.txt")
  echo "RESULT binary=$1 round=$2 load=$3 rps=$rps p50=$p50 p99=$p99 max=$max non2xx=${non2xx:-0} wbs_rps=${wbsrps:--}" \
    | tee -a "$out/results.txt"
}

for round in $(seq 1 "$rounds"); do
  order=("${binaries[@]}")
  if [ $((round % 2)) -eq 0 ]; then order=(); for ((i=${#binaries[@]}-1; i>=0; i--)); do order+=("${binaries[$i]}"); done; fi
  for b in "${order[@]}"; do
    start "$(path "$b")" "$db"
    timeout 30 taskset -c "$WRK_CPU" wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port/health" >/dev/null 2>&1  # warm-up
    measure "$(label "$b")" "$round" alone
    measure "$(label "$b")" "$round" loaded
    stop
    sleep 1
  done
done

echo; echo "Medians over $rounds round(s): /health with wrk -t1 -c$conns -d${duration}s, alone and beside a wrk -c1 loop on /wbs"
echo "($packages packages; server on CPU $SERVER_CPU, both wrk on CPU $WRK_CPU; event loops: ${loops/#0/default})"
python3 - "$out/results.txt" <<'PY'
import sys, statistics, collections
def ms(v):
    if v.endswith('us'): return float(v[:-2]) / 1000
    if v.endswith('ms'): return float(v[:-2])
    if v.endswith('s'): return float(v[:-1]) * 1000
    return float(v)
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kv = dict(p.split('=', 1) for p in line.split()[1:])
    rows[(kv['binary'], kv['load'])].append(kv)
print("| binary | /wbs loop | /health req/s | p50 ms | p99 ms | max ms | /wbs req/s | non-2xx |")
print("|---|---|---|---|---|---|---|---|")
for (binary, load), runs in sorted(rows.items(), key=lambda r: (r[0][1] != 'alone', r[0][0])):
    med = lambda f: statistics.median(f(r) for r in runs)
    wbs = '-' if load == 'alone' else f"{med(lambda r: float(r['wbs_rps'] or 0)):.2f}"
    print(f"| {binary} | {'no' if load == 'alone' else 'yes'} | {med(lambda r: float(r['rps'] or 0)):,.0f} | "
          f"{med(lambda r: ms(r['p50'])):.2f} | {med(lambda r: ms(r['p99'])):.2f} | {med(lambda r: ms(r['max'])):.1f} | "
          f"{wbs} | {sum(int(r['non2xx']) for r in runs)} |")
PY
