#!/usr/bin/env bash
# HTTP benchmark: Charter (release build) under wrk on loopback, optionally beside the Hummingbird 2 peer
# from ../shared/bench, in the same run. Server pinned to one core, wrk to the other.
#
# Usage: Benchmarks/http.sh [--rounds N] [--duration S] [--with-hummingbird]
#   Scenarios (wrk -t1 -c64): a  GET /health, keep-alive
#                             b  GET /bench/items (21.7 KB JSON) with Accept-Encoding: gzip, keep-alive
#                             c  GET /health with Connection: close
# Env: SERVER_CPU (1), WRK_CPU (0), HB_PEER (path to a built HBPeer binary; else built from ../shared/bench).
# Prints one line per server, scenario and round, then medians. Only 127.0.0.1 is used; every run is bounded.
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=3; duration=10; with_hb=no
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2;;
    --duration) duration="$2"; shift 2;;
    --with-hummingbird) with_hb=yes; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
SERVER_CPU="${SERVER_CPU:-1}"; WRK_CPU="${WRK_CPU:-0}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }

swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
out="Benchmarks/results/http-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

servers=("charter|21090|$charter serve --port 21090 --log-level warning --db $out/bench.sqlite")
if [ $with_hb = yes ]; then
  hb="${HB_PEER:-}"
  if [ -z "$hb" ]; then
    [ -d ../shared/bench ] || { echo "../shared/bench not found; set HB_PEER" >&2; exit 2; }
    rm -rf "$out/peer" && cp -r ../shared/bench "$out/peer" && chmod -R u+w "$out/peer"
    (cd "$out/peer" && ./build.sh hummingbird >/dev/null 2>&1)
    hb="$out/peer/peers/hummingbird/hb-peer/.build/release/HBPeer"
  fi
  [ -x "$hb" ] || { echo "Hummingbird peer not built ($hb)" >&2; exit 2; }
  servers+=("hummingbird|21091|$hb 21091")
fi

run_one() {  # run_one NAME PORT CMD...
  local name="$1" port="$2"; shift 2
  if curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; then echo "port $port busy" >&2; return 1; fi
  CHARTER_BENCH_ROUTES=true taskset -c "$SERVER_CPU" "$@" >"$out/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  timeout 30 taskset -c "$WRK_CPU" wrk -t1 -c64 -d2s "$base/health" >/dev/null 2>&1   # warm-up
  for sc in a b c; do
    case $sc in
      a) args=("$base/health");;
      b) args=("$base/bench/items" -H 'Accept-Encoding: gzip');;
      c) args=("$base/health" -H 'Connection: close');;
    esac
    local raw="$out/$name-$sc-$round.txt"
    timeout $((duration + 20)) taskset -c "$WRK_CPU" wrk -t1 -c64 -d"${duration}s" --latency "${args[@]}" >"$raw" 2>&1
    local rps p50 p99 err
    rps=$(awk '/^Requests\/sec:/{print $2}' "$raw")
    p50=$(awk '$1=="50%"{print $2}' "$raw"); p99=$(awk '$1=="99%"{print $2}' "$raw")
    err=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' "$raw"); err=${err:-0}
    non2xx=$(awk -F': *' '/Non-2xx/{print $2}' "$raw"); non2xx=${non2xx:-0}
    echo "RESULT server=$name scenario=$sc round=$round rps=$rps p50=$p50 p99=$p99 errors=$err non2xx=$non2xx" | tee -a "$out/results.txt"
    sleep 1
  done
  kill -TERM $pid; wait $pid 2>/dev/null
}

for round in $(seq 1 "$rounds"); do
  for entry in "${servers[@]}"; do
    IFS='|' read -r name port cmd <<<"$entry"
    # shellcheck disable=SC2086
    run_one "$name" "$port" $cmd
  done
done

echo; echo "Medians over $rounds round(s) (wrk -t1 -c64 -d${duration}s; server on CPU $SERVER_CPU, wrk on CPU $WRK_CPU):"
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
    rows[(kv['server'], kv['scenario'])].append(kv)
names = {'a': '/health keep-alive', 'b': '/bench/items gzip', 'c': '/health Connection: close'}
print(f"| server | scenario | req/s | p50 ms | p99 ms | errors |")
print(f"|---|---|---|---|---|---|")
for (server, sc), runs in sorted(rows.items(), key=lambda r: (r[0][1], r[0][0])):
    rps = statistics.median(float(r['rps'] or 0) for r in runs)
    p50 = statistics.median(ms(r['p50']) for r in runs)
    p99 = statistics.median(ms(r['p99']) for r in runs)
    errs = sum(int(r['errors']) + int(r['non2xx']) for r in runs)
    print(f"| {server} | {names[sc]} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {errs} |")
PY
