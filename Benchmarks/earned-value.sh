#!/usr/bin/env bash
# Money and reporting benchmark (issue 13): a project of 10,000 work packages and ~20,000 dependencies (the network
# of projects.sh and schedule.sh, Benchmarks/plan_network.py) with planned costs, actuals on 30 % of the leaves, a
# baseline, budgets and 50,000 cost entries over 2026; then GET …/earned-value as of a date, the 52-week series and
# GET …/budget-vs-actual, each computed afresh (a write to the project before each request changes its tag, so
# nothing is served from the kept documents). Then 200 projects of 50 packages each (baseline, costs,
# milestones), in a database of their own, and GET /api/v1/portfolio: afresh after a write, and kept (unchanged,
# as a polling dashboard sees it).
# Prints median and worst (p99 for the portfolio) wall time on loopback and the server's CPU time per request.
# Release build, server on CPU 1.
# Usage: Benchmarks/earned-value.sh [RUNS]   (bounded; 127.0.0.1 only)
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"; port=21098
swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
tmp="$(mktemp -d)"; pid=0; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
start() {  # a fresh database and server for each part
  db="$tmp/$1.sqlite"
  "$charter" migrate --db "$db" >/dev/null
  key=$("$charter" keys create --db "$db" --name bench --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
  [ -n "$key" ] || { echo "could not create a key" >&2; exit 1; }
  CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_MAX_PER_PAGE=10000 taskset -c 1 "$charter" serve --port $port --db "$db" \
    --log-level warning >"$tmp/$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
}
cat >"$tmp/bench.py" <<'PY'
import datetime, http.client, json, os, statistics, sys, time
port, key, pid, runs, part = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None, headers=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, {**H, **(headers or {})})
    r = conn.getresponse(); data = r.read()
    if r.status >= 300 and r.status != 304: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
def cpu():  # the server's user + system time, in seconds
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
sys.path.insert(0, "Benchmarks")
import plan_network

def measure(name, request, before=None, n=runs, p99=False):
    walls, cpus = [], []
    for i in range(n):
        if before: before(i)
        c0, w0 = cpu(), time.perf_counter()
        request(i)
        walls.append((time.perf_counter() - w0) * 1000); cpus.append((cpu() - c0) * 1000)
    worst = statistics.quantiles(walls, n=100)[98] if p99 else max(walls)
    print(f"{name:<44} median {statistics.median(walls):7.1f} ms  {'p99  ' if p99 else 'worst'} {worst:7.1f} ms  "
          f"server CPU median {statistics.median(cpus):6.1f} ms")
if part == "ev":
    categories = ["labour", "hardware", "software", "services", "travel", "other"]
    project = call("POST", "/api/v1/projects", {"key": "EVM", "name": "Earned value", "plannedStart": "2026-01-05",
                                                 "fundingCurrency": "EUR"})["id"]
    t0 = time.time()
    created, leaves, deps = plan_network.build(call, project, lambda n: {"durationDays": 1 + n % 5, "plannedCost": 10000 + n})
    call("POST", "/api/v1/baselines", {"project": project, "name": "Approved"})
    ops = []
    for n, leaf in enumerate(leaves[:len(leaves) * 3 // 10]):  # actuals on 30 %, as schedule.sh
        body = {"actualStart": "2026-01-05"}
        if n % 2 == 0: body.update(actualFinish="2026-01-09", percentComplete=100)
        else: body["percentComplete"] = 40
        ops.append({"method": "PATCH", "path": f"/api/v1/work-packages/{leaf}", "body": body})
    for c in categories:
        ops.append({"method": "POST", "path": "/api/v1/budgets",
                    "body": {"project": project, "fiscalYear": 2026, "category": c, "amount": 100_000_000, "currency": "EUR"}})
    start = datetime.date(2026, 1, 5)
    for n in range(50_000):  # 50,000 cost entries over 2026, 80 % on a leaf
        body = {"project": project, "date": (start + datetime.timedelta(days=n % 360)).isoformat(),
                "category": categories[n % 6], "amount": 1000 + n % 977, "currency": "EUR"}
        if n % 5: body["workPackage"] = leaves[n % len(leaves)]
        ops.append({"method": "POST", "path": "/api/v1/cost-entries", "body": body})
    plan_network.batch(call, ops)
    print(f"built: {created} packages, {len(deps)} dependencies, a baseline, 50,000 cost entries in {time.time() - t0:.0f} s")

    touch = lambda i: call("PATCH", f"/api/v1/projects/{project}", {"name": f"Earned value {i}"})
    ev = f"/api/v1/projects/{project}/earned-value"
    c0, w0 = cpu(), time.perf_counter()
    call("GET", ev + "?asOf=2026-06-30")
    print(f"{'GET /earned-value, first (snapshot parsed)':<44} {(time.perf_counter() - w0) * 1000:7.1f} ms  "
          f"server CPU {(cpu() - c0) * 1000:6.1f} ms")
    measure("GET /earned-value?asOf (afresh)", lambda i: call("GET", ev + "?asOf=2026-06-30"), touch)
    measure("GET /earned-value 52-week series (afresh)",
            lambda i: call("GET", ev + "?from=2026-01-05&to=2026-12-28&interval=week"), touch)
    measure("GET /budget-vs-actual (afresh)",
            lambda i: call("GET", f"/api/v1/projects/{project}/budget-vs-actual?fiscalYear=2026"), touch)

else:
    # The portfolio: 200 projects of 50 packages each.
    t0 = time.time()
    ids = []
    for p in range(200):
        ids.append(call("POST", "/api/v1/projects", {"key": f"PF{p}", "name": f"Portfolio {p}", "plannedStart": "2026-01-05",
                                                      "fundingCurrency": "EUR", "statusDate": "2026-03-02"})["id"])
        plan_network.batch(call, [{"method": "POST", "path": "/api/v1/work-packages",
                                   "body": {"project": ids[-1], "name": f"WP {n}", "durationDays": 1 + n % 20,
                                            "plannedCost": 50000 + n}} for n in range(50)])
    ops = []
    for p in ids:
        ops.append({"method": "POST", "path": "/api/v1/baselines", "body": {"project": p, "name": "Approved"}})
        ops.append({"method": "POST", "path": "/api/v1/budgets",
                    "body": {"project": p, "fiscalYear": 2026, "category": "labour", "amount": 3_000_000, "currency": "EUR"}})
        for m in range(3):
            ops.append({"method": "POST", "path": "/api/v1/milestones",
                        "body": {"project": p, "name": f"M{m}", "dueDate": f"2026-0{2 + m}-02"}})
        for n in range(20):
            ops.append({"method": "POST", "path": "/api/v1/cost-entries",
                        "body": {"project": p, "date": f"2026-02-{1 + n:02d}", "category": "labour", "amount": 20000 + n,
                                 "currency": "EUR"}})
    plan_network.batch(call, ops)
    print(f"built: 200 more projects of 50 packages, baselines, budgets, milestones, 20 costs each in {time.time() - t0:.0f} s")
    first = ids[0]
    touchp = lambda i: call("PATCH", f"/api/v1/projects/{first}", {"name": f"Portfolio 0 {i}"})
    portfolio = lambda i: call("GET", "/api/v1/portfolio")
    measure("GET /portfolio, 200 projects (afresh)", portfolio, touchp, n=max(runs, 30), p99=True)
    measure("GET /portfolio, 200 projects (kept)", portfolio, n=200, p99=True)
PY
start ev
timeout 1800 python3 "$tmp/bench.py" "$port" "$key" "$pid" "$runs" ev
kill $pid; wait $pid 2>/dev/null
start portfolio
timeout 1800 python3 "$tmp/bench.py" "$port" "$key" "$pid" "$runs" portfolio
