#!/usr/bin/env bash
# Scheduling benchmark (issue 12): a project of 10,000 work packages and ~20,000 dependencies (the same network as
# projects.sh), a calendar with 20 holidays a year, date constraints on 5 % of the leaves and actuals on 30 %
# (a status date in the middle), then: GET …/schedule computed afresh (a write to the project before each
# request changes its tag, so nothing is served from the kept documents), POST /api/v1/baselines (the snapshot),
# GET /api/v1/baselines/{id}/variance, the MSPDI export, and a package PATCH (which stores the schedule). Prints the median and worst of N runs of each, wall time on loopback,
# and the server's CPU time per request (from /proc). Release build, server on CPU 1.
# Usage: Benchmarks/schedule.sh [RUNS]   (bounded; 127.0.0.1 only)
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"; port=21097
swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
tmp="$(mktemp -d)"; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
db="$tmp/schedule.sqlite"
"$charter" migrate --db "$db" >/dev/null
key=$("$charter" keys create --db "$db" --name bench --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
[ -n "$key" ] || { echo "could not create a key" >&2; exit 1; }
CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_MAX_PER_PAGE=10000 taskset -c 1 "$charter" serve --port $port --db "$db" \
  --log-level warning >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done

timeout 900 python3 - "$port" "$key" "$pid" "$runs" <<'PY'
import datetime, http.client, json, os, statistics, sys, time
port, key, pid, runs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
def conn_get(path):  # a non-JSON document: read it whole
    conn.request("GET", path, None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"GET {path}: {r.status} {data[:300]!r}")
    return data
def cpu():  # the server's user + system time, in seconds
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

holidays, day = [], datetime.date(2026, 1, 1)
for year in range(2026, 2036):  # 20 a year: the first 20 weekdays among the 1st, 10th and 20th of the months
    days = [datetime.date(year, m, d) for m in range(1, 13) for d in (1, 10, 20)]
    holidays += [d.isoformat() for d in days if d.weekday() < 5][:20]
calendar = call("POST", "/api/v1/calendars", {"name": "Office", "holidays": holidays})["id"]
project = call("POST", "/api/v1/projects", {"key": "SCHED", "name": "Schedule", "plannedStart": "2026-01-05",
                                             "calendar": calendar, "statusDate": "2026-03-02"})["id"]
sys.path.insert(0, "Benchmarks")
import plan_network
t0 = time.time()
created, leaves, deps = plan_network.build(call, project, lambda n: {"durationDays": 1 + n % 5, "plannedCost": 10000 + n})
# Constraints on 5 % of the leaves, actuals on 30 % (the first ones, as a plan in progress would have).
ops = []
for n, leaf in enumerate(leaves):
    if n % 20 == 7:
        ops.append({"method": "PATCH", "path": f"/api/v1/work-packages/{leaf}",
                    "body": {"constraintType": "start_no_earlier_than", "constraintDate": "2026-02-02"}})
    if n < len(leaves) * 3 // 10:
        body = {"actualStart": "2026-01-05"}
        if n % 2 == 0: body["actualFinish"] = "2026-01-09"
        else: body["percentComplete"] = 40
        ops.append({"method": "PATCH", "path": f"/api/v1/work-packages/{leaf}", "body": body})
plan_network.batch(call, ops)
print(f"built: {created} packages, {len(deps)} dependencies, {len(holidays)} holidays, "
      f"{sum(1 for o in ops if 'constraintType' in o['body'])} constraints, "
      f"{sum(1 for o in ops if 'actualStart' in o['body'])} with actuals, in {time.time() - t0:.0f} s")

def measure(name, request, before=None):
    walls, cpus = [], []
    for i in range(runs):
        if before: before(i)
        c0, w0 = cpu(), time.perf_counter()
        request(i)
        walls.append((time.perf_counter() - w0) * 1000); cpus.append((cpu() - c0) * 1000)
    print(f"{name:<34} median {statistics.median(walls):7.1f} ms  worst {max(walls):7.1f} ms  "
          f"server CPU median {statistics.median(cpus):6.0f} ms")
touch = lambda i: call("PATCH", f"/api/v1/projects/{project}", {"name": f"Schedule {i}"})
measure("GET /schedule (computed afresh)", lambda i: call("GET", f"/api/v1/projects/{project}/schedule"), touch)
baselines = []
measure("POST /baselines (snapshot)",
        lambda i: baselines.append(call("POST", "/api/v1/baselines", {"project": project, "name": f"B{i}"})["id"]))
measure("GET /baselines/{id}/variance", lambda i: call("GET", f"/api/v1/baselines/{baselines[0]}/variance"), touch)
measure("GET /schedule?format=mspdi (export)",
        lambda i: conn_get(f"/api/v1/projects/{project}/schedule?format=mspdi"), touch)
# A write that moves the plan recomputes and stores the schedule before it commits (ScheduleStore).
measure("PATCH a package (schedule stored)",
        lambda i: call("PATCH", f"/api/v1/work-packages/{leaves[-1 - i]}", {"durationDays": 2 + i % 3}))
PY
