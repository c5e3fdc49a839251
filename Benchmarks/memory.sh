#!/usr/bin/env bash
# Resident memory around large documents (issue 11: "memory returns to the operating system after a large
# response"). Builds one project of PACKAGES work packages (default 50,000; 10 children a package, breadth first,
# through POST /api/v1/batch), then on a fresh server reads the server's VmRSS after each step: /wbs cold, /wbs kept
# for 3 s at one connection, /schedule cold, /schedule for 3 s, /wbs for 3 s at four connections, 3 s idle.
# With --ab it runs the steps twice more on the same database, alternating: the binary as it is, then with
# MALLOC_MMAP_THRESHOLD_=33554432 (glibc's own ceiling: roughly its moving threshold after large blocks), and
# prints the server's CPU per kept /wbs in each run. wrk and curl on 127.0.0.1; every run bounded by timeout.
#
# Usage: Benchmarks/memory.sh [--packages N] [--ab]      (CHARTER_BIN=path to skip the release build)
set -uo pipefail
cd "$(dirname "$0")/.."
packages=50000; ab=0
while [ $# -gt 0 ]; do
  case "$1" in
    --packages) packages="$2"; shift 2 ;;
    --ab) ab=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in wrk curl python3; do command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 2; }; done
if [ -z "${CHARTER_BIN:-}" ]; then
  swift build -c release --product charter >/dev/null || exit 1
  CHARTER_BIN="$(swift build -c release --show-bin-path)/charter"
fi
out=$(mktemp -d); db="$out/memory.sqlite"; pid=""; port=21097
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$out"' EXIT
echo '{}' >"$out/config.json"
"$CHARTER_BIN" migrate --config "$out/config.json" --db "$db" >/dev/null
key=$("$CHARTER_BIN" keys create --config "$out/config.json" --db "$db" --name bench --role editor \
  | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
auth="Authorization: Bearer $key"; base="http://127.0.0.1:$port"

serve() {  # serve [ENV=VALUE...]
  env "$@" CHARTER_RATE_LIMIT_PER_MINUTE=0 "$CHARTER_BIN" serve --config "$out/config.json" --port $port --db "$db" \
    --log-level warning >>"$out/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null -m 1 "$base/health" && return; sleep 0.1; done
  echo "server did not start: $(tail -3 "$out/server.log")" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null; pid=""; }
rss() { awk '/VmRSS/{printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }  # clock ticks

serve
timeout 1800 python3 - "$port" "$key" "$packages" <<'PY' || exit 1
import http.client, json, sys, time
port, key, total = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
project = call("POST", "/api/v1/projects", {"key": "MEM", "name": "Memory", "plannedStart": "2026-01-05"})["id"]
t0 = time.time(); level, created, next_id = [None], 0, 1
while created < total:
    ops, below = [], []
    for parent in level:
        for _ in range(10):
            if created == total: break
            body = {"project": project, "name": f"WP {created + 1}", "durationDays": 1 + created % 5}
            if parent is not None: body["parent"] = parent
            ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
            created += 1; below.append(next_id); next_id += 1
    for i in range(0, len(ops), 100): call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
    level = below
print(f"created {created} work packages in {time.time() - t0:.0f} s")
PY
stop

steps() {  # steps LABEL [ENV=VALUE...]
  local label="$1"; shift
  serve "$@"
  local line="$label: start $(rss)"
  curl -s -o /dev/null -m 60 -H "$auth" "$base/api/v1/projects/1/wbs"; line+=", /wbs cold $(rss)"
  local t0; t0=$(cpu)
  local n; n=$(timeout 30 wrk -t1 -c1 -d3s -H "$auth" "$base/api/v1/projects/1/wbs" | awk '/requests in/{print $1}')
  local t1; t1=$(cpu)
  line+=", /wbs kept 3 s $(rss)"
  curl -s -o /dev/null -m 60 -H "$auth" "$base/api/v1/projects/1/schedule"; line+=", /schedule cold $(rss)"
  timeout 30 wrk -t1 -c1 -d3s -H "$auth" "$base/api/v1/projects/1/schedule" >/dev/null; line+=", /schedule 3 s $(rss)"
  timeout 30 wrk -t1 -c4 -d3s -H "$auth" "$base/api/v1/projects/1/wbs" >/dev/null; line+=", /wbs c4 3 s $(rss)"
  sleep 3; line+=", 3 s idle $(rss)"
  echo "$line; server CPU per kept /wbs $(awk -v t=$((t1 - t0)) -v n="${n:-0}" 'BEGIN{printf "%.1f ms (%d requests)", n ? t * 10 / n : 0, n}')"
  stop
}
steps "as built"
if [ "$ab" = 1 ]; then
  steps "MALLOC_MMAP_THRESHOLD_=33554432" MALLOC_MMAP_THRESHOLD_=33554432
  steps "as built" 
  steps "MALLOC_MMAP_THRESHOLD_=33554432" MALLOC_MMAP_THRESHOLD_=33554432
fi
