#!/usr/bin/env bash
# Scale benchmark (issue 11): how list, read and document costs grow with the data. Loads people through the API
# (POST /api/v1/batch, 100 creates each, two client threads) to 1,000 / 10,000 / 100,000 / 1,000,000 (one database
# that grows; each size adds to the previous one) beside one 50,000-package project (10 children per package,
# breadth first), and at each size measures, with wrk on 127.0.0.1 (every run bounded by `timeout`):
#   lists, one connection and 16: the first page; the last page by cursor (after= the id 50 before the end, the
#   cursor the Link header would carry); sort=name; a substring filter (name=ilike.*derso*, ~1.7% of people);
#   q= with a common word (q=engineer, ~30%); CSV of 500 rows;
#   a point read (GET /api/v1/people/ID) against /health, 16 connections, req/s;
#   /wbs and /schedule of the project: cold (the first GET after a change, curl) and kept (p50, one connection);
#   insert at a position (POST with "position":1 under a level-2 package, 10 times, median, curl);
#   /health p99 (16 connections) while one connection loops on /wbs;
# then the server's resident memory, the database size (file + WAL) and the journal's and the trigram index's
# share of its pages (dbstat). Server on CPU 1 (SERVER_CPU), wrk and the loader on CPU 0 (WRK_CPU); release build.
#
# Usage: Benchmarks/scale.sh [--duration S] [--packages N] [SIZES...]   (default: 1000 10000 100000 1000000)
# Results and raw wrk output go to Benchmarks/results/scale-DATE/; the table is printed at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
duration=5; packages=50000; sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --packages) packages="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000 1000000)
SERVER_CPU="${SERVER_CPU:-1}"; WRK_CPU="${WRK_CPU:-0}"; port=21098
for tool in wrk sqlite3 curl python3; do
  command -v $tool >/dev/null || { echo "$tool is needed (apt-get install $tool)" >&2; exit 2; }
done
if [ -z "${CHARTER_BIN:-}" ]; then
  swift build -c release --product charter >/dev/null || exit 1
  CHARTER_BIN="$(swift build -c release --show-bin-path)/charter"
fi
out="$PWD/Benchmarks/results/scale-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$out"
db="$out/scale.sqlite"; pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null' EXIT
echo '{}' >"$out/config.json"  # the binary's defaults, whatever Config/charter.json says
results="$out/results.txt"; : >"$results"

serve() {
  CHARTER_RATE_LIMIT_PER_MINUTE=0 taskset -c "$SERVER_CPU" "$CHARTER_BIN" serve --config "$out/config.json" \
    --port $port --db "$db" --log-level warning >>"$out/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && return; sleep 0.1; done
  echo "server did not start: $(tail -3 "$out/server.log")" >&2; exit 1
}
record() { echo "$1|$2|$3" | tee -a "$results"; }  # record SIZE METRIC VALUE

"$CHARTER_BIN" migrate --config "$out/config.json" --db "$db" >/dev/null
key=$("$CHARTER_BIN" keys create --config "$out/config.json" --db "$db" --name bench --role editor \
  | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
[ -n "$key" ] || { echo "could not create a key" >&2; exit 1; }
auth="Authorization: Bearer $key"; base="http://127.0.0.1:$port"

# The loader: `people FROM TO` creates people FROM..TO (1-based); `project N` one project of N packages.
cat >"$out/load.py" <<'PY'
import http.client, json, sys, threading, time
port, key, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def client():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    def call(method, path, body=None):
        conn.request(method, path, json.dumps(body) if body is not None else None, H)
        r = conn.getresponse(); data = r.read()
        if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data) if data else None
    return call
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken", "Radia",
         "Tim", "Shafi", "Leslie", "Niklaus", "Lynn", "Dennis", "Hedy", "Claude", "Katherine"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson",
        "Perlman", "Berners", "Goldwasser", "Lamport", "Wirth", "Conway", "Ritchie", "Lamarr", "Shannon", "Johnson"]
LAST += [f"{a}{b}" for a in ["Mal", "Kor", "Ves", "Tan", "Bri"] for b in ["ek", "ova", "ström", "elli", "ard", "ton", "wick", "berg"]]
LAST += ["Anderson"]  # 1 in 61: name=ilike.*derso* matches ~1.6%
TITLES = ["Software Engineer", "Project Manager", "Business Analyst", "Data Engineer", "QA Lead", "Scrum Master",
          "Solution Architect", "DevOps Engineer", "Product Owner", "Designer"]
if mode == "people":
    lo, hi = int(sys.argv[4]), int(sys.argv[5])
    def person(i):
        return {"name": f"{FIRST[i % 20]} {LAST[(i // 20) % len(LAST)]}", "email": f"p{i}@example.com",
                "title": TITLES[(i * 7) % 10], "hourlyCostRate": 4000 + (i * 37) % 9000, "costCurrency": "EUR"}
    chunks = [range(s, min(s + 100, hi + 1)) for s in range(lo, hi + 1, 100)]
    def work(part):
        call = client()
        for c in part:
            call("POST", "/api/v1/batch", {"operations": [
                {"method": "POST", "path": "/api/v1/people", "body": person(i)} for i in c]})
    t0 = time.time()
    threads = [threading.Thread(target=work, args=(chunks[k::2],)) for k in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    n = hi - lo + 1
    print(f"created people {lo}..{hi} in {time.time() - t0:.1f} s ({n / (time.time() - t0):.0f}/s)")
else:
    total = int(sys.argv[4]); call = client()
    project = call("POST", "/api/v1/projects", {"key": "SCALE", "name": "Scale", "plannedStart": "2026-01-05"})["id"]
    t0 = time.time(); level, created, next_id = [None], 0, 1
    while created < total:  # breadth first, 10 children per package; ids follow creation order
        ops, below = [], []
        for parent in level:
            for _ in range(10):
                if created == total: break
                body = {"project": project, "name": f"WP {created + 1}", "durationDays": 1 + created % 5,
                        "estimatedEffortHours": 8 + created % 40, "percentComplete": created % 101}
                if parent is not None: body["parent"] = parent
                ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
                created += 1; below.append(next_id); next_id += 1
        for i in range(0, len(ops), 100): call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
        level = below
    print(f"created {created} work packages in {time.time() - t0:.0f} s")
PY
load() { timeout 7200 taskset -c "$WRK_CPU" python3 "$out/load.py" $port "$key" "$@" || exit 1; }

ms() {  # ms VALUE: wrk's 1.23ms / 456.00us / 1.20s in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
bench() {  # bench NAME CONNS URL: wrk --latency; prints p50/p99 ms and req/s
  local raw="$out/$1-c$2.txt"
  timeout $((duration + 20)) taskset -c "$WRK_CPU" wrk -t1 -c"$2" -d"${duration}s" --latency -H "$auth" "$3" >"$raw" 2>&1
  local non2xx; non2xx=$(awk -F': *' '/Non-2xx/{print $2}' "$raw")
  [ -z "$non2xx" ] || echo "WARNING: $1: $non2xx non-2xx answers" >&2
  echo "$(ms "$(awk '$1=="50%"{print $2}' "$raw")") $(ms "$(awk '$1=="99%"{print $2}' "$raw")") $(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$raw")"
}
once() { curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$@" | awk '{printf "%.1f", $1 * 1000}'; }

serve
load project "$packages"
have=0
for size in "${sizes[@]}"; do
  [ "$size" -gt "$have" ] && load people $((have + 1)) "$size"
  have=$size
  cursor=$(python3 -c 'import base64,json,sys; print(base64.urlsafe_b64encode(json.dumps({"s":"id","v":[int(sys.argv[1])]},separators=(",",":")).encode()).decode().rstrip("="))' \
    "$(curl -s -H "$auth" "$base/api/v1/people?sort=-id&perPage=51&fields=id&skipTotal=true" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][-1]["id"])')")
  for c in 1 16; do
    for spec in "first page|/api/v1/people" "last page by cursor|/api/v1/people?after=$cursor" \
      "sort=name|/api/v1/people?sort=name" "name=ilike.*derso*|/api/v1/people?name=ilike.*derso*" \
      "q=engineer|/api/v1/people?q=engineer" "CSV of 500 rows|/api/v1/people?format=csv&perPage=500"; do
      read -r p50 p99 _ < <(bench "$size-$(echo "${spec%%|*}" | tr -c 'a-zA-Z0-9\n' '_')" $c "$base${spec#*|}")
      record "$size" "${spec%%|*}, c$c, p50 / p99 ms" "$p50 / $p99"
    done
  done
  read -r _ _ point < <(bench "$size-point" 16 "$base/api/v1/people/$((size / 2))")
  read -r _ _ health < <(bench "$size-health" 16 "$base/health")
  record "$size" "point read / /health, c16, req/s" "$point / $health ($(awk -v a="$point" -v b="$health" 'BEGIN{printf "%.2f", a/b}')x)"
  for doc in wbs schedule; do
    curl -s -o /dev/null -H "$auth" -H 'Content-Type: application/json' -X PATCH -d "{\"name\":\"WP 2 at $size $doc\"}" \
      "$base/api/v1/work-packages/2"
    cold=$(once "$base/api/v1/projects/1/$doc")
    read -r p50 _ _ < <(bench "$size-$doc" 1 "$base/api/v1/projects/1/$doc")
    record "$size" "/$doc cold ms / kept p50 ms" "$cold / $p50"
  done
  times=()
  for n in $(seq 1 10); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" -H 'Content-Type: application/json' \
      -d "{\"project\":1,\"parent\":$((11 + (size / 1000 + n) % 100)),\"position\":1,\"name\":\"inserted $size $n\"}" \
      "$base/api/v1/work-packages")")
  done
  record "$size" "insert at position, median ms" "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] * 1000}')"
  timeout $((duration + 30)) taskset -c "$WRK_CPU" wrk -t1 -c1 -d$((duration + 2))s -H "$auth" \
    "$base/api/v1/projects/1/wbs" >"$out/$size-wbs-loop.txt" 2>&1 &
  loop=$!; sleep 1
  read -r _ p99 rps < <(bench "$size-health-beside-wbs" 16 "$base/health")
  wait $loop
  record "$size" "/health beside a /wbs loop, c16: p99 ms, req/s" "$p99, $rps"
  record "$size" "resident memory MB" "$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' /proc/$pid/status)"
  record "$size" "database + WAL MB" "$(du -cm "$db" "$db-wal" 2>/dev/null | awk 'END{print $1}')"
  record "$size" "journal / trigram index share of pages" "$(sqlite3 -readonly "$db" "SELECT printf('%.0f%% / %.0f%%', 100.0 * sum(CASE WHEN name LIKE 'change_log%' THEN pgsize END) / sum(pgsize), 100.0 * sum(CASE WHEN name LIKE '%trigram%' THEN pgsize END) / sum(pgsize)) FROM dbstat")"
done
kill "$pid"; wait "$pid" 2>/dev/null; pid=""

echo; echo "Growth table ($(date -u +%F), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); server on CPU $SERVER_CPU, wrk on CPU $WRK_CPU, ${duration}s per wrk run)"
python3 - "$results" "${sizes[@]}" <<'PY'
import sys, collections
sizes = sys.argv[2:]
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    size, metric, value = line.rstrip("\n").split("|", 2)
    rows.setdefault(metric, {})[size] = value
print("| people | " + " | ".join(f"{int(s):,}" for s in sizes) + " |")
print("|---" * (len(sizes) + 1) + "|")
for metric, values in rows.items():
    print(f"| {metric} | " + " | ".join(values.get(s, "") for s in sizes) + " |")
PY
