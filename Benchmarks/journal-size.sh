#!/usr/bin/env bash
# Journal size benchmark: what the change journal (change_log) costs per created row and per update. Creates N work
# packages and N people through POST /api/v1/batch (100 operations a request), then updates each work package
# once (percentComplete, which moves status with it) and each person once (title), and reads the database with
# sqlite3: bytes of `changes` per entry (length), and the pages of change_log and its index (dbstat), per
# created row and per update, beside the whole database.
# With --ab OLD_BINARY the same runs are made with OLD too, and OLD's database is then compacted by this tree's
# `charter journal compact --vacuum` (the rewrite of an existing database).
# Usage: Benchmarks/journal-size.sh [--ab OLD_BINARY] [N]   (default N 10000; 127.0.0.1 only)
set -uo pipefail
cd "$(dirname "$0")/.."
old=""; n=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --ab) old="$2"; shift 2 ;;
    *) n="$1"; shift ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install sqlite3" >&2; exit 2; }
port=21098
if [ -z "${CHARTER_BIN:-}" ]; then
  swift build -c release --product charter >/dev/null || exit 1
  CHARTER_BIN="$(swift build -c release --show-bin-path)/charter"
fi
new="$CHARTER_BIN"
tmp="$(mktemp -d)"; pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
echo '{}' >"$tmp/config.json"  # defaults, not Config/charter.json: an older binary may not know every key there

# Journal pages (table and index, dbstat), database bytes, and per action: entries and bytes of `changes`.
stats() {
  sqlite3 "$1" "SELECT (SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('change_log', 'change_log_record'))
    || ' ' || (SELECT page_count * page_size FROM pragma_page_count, pragma_page_size)
    || ' ' || (SELECT coalesce(group_concat(action || ' ' || c || ' ' || b, ' '), '') FROM
      (SELECT action, count(*) AS c, sum(length(changes)) AS b FROM change_log GROUP BY action ORDER BY action))"
}

run() {  # run LABEL BINARY
  local label="$1" bin="$2" db="$tmp/$1.sqlite"
  "$bin" migrate --config "$tmp/config.json" --db "$db" >/dev/null
  local key; key=$("$bin" keys create --config "$tmp/config.json" --db "$db" --name bench --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
  CHARTER_RATE_LIMIT_PER_MINUTE=0 "$bin" serve --config "$tmp/config.json" --port $port --db "$db" --log-level warning >"$tmp/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
  stats "$db" >"$tmp/$label.0"
  load "$key" create
  stats "$db" >"$tmp/$label.1"
  load "$key" update
  stats "$db" >"$tmp/$label.2"
  kill "$pid"; wait "$pid" 2>/dev/null; pid=""
  report "$label" "$tmp/$label"
}

load() {  # load KEY create|update
  timeout 900 python3 - "$port" "$1" "$n" "$2" <<'PY' || exit 1
import http.client, json, sys
port, key, n, step = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
H = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, H)
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None
def batch(ops):
    for i in range(0, len(ops), 100): call("POST", "/api/v1/batch", {"operations": ops[i:i + 100]})
if step == "create":
    # Typical records: a package with a name, a description, dates, duration and effort (every tenth starts a
    # group of nine children); a person with a name, an email and a title.
    project = call("POST", "/api/v1/projects", {"key": "JRN", "name": "Journal benchmark", "plannedStart": "2026-01-05"})["id"]
    ops, parent = [], None
    for i in range(n):
        body = {"project": project, "name": f"Work package {i + 1}", "description": f"Deliver part {i + 1} of the plan.",
                "plannedStart": "2026-02-02", "plannedFinish": "2026-02-13", "durationDays": 1 + i % 10,
                "estimatedEffortHours": 8 + i % 40}
        if i % 10 and parent: body["parent"] = parent
        ops.append({"method": "POST", "path": "/api/v1/work-packages", "body": body})
        if i % 10 == 0: parent = i + 1
    batch(ops)
    batch([{"method": "POST", "path": "/api/v1/people",
            "body": {"name": f"Person {i + 1}", "email": f"person{i + 1}@example.com", "title": "Analyst"}} for i in range(n)])
else:
    batch([{"method": "PATCH", "path": f"/api/v1/work-packages/{i + 1}", "body": {"percentComplete": 10 + i % 80}} for i in range(n)])
    batch([{"method": "PATCH", "path": f"/api/v1/people/{i + 1}", "body": {"title": "Senior analyst"}} for i in range(n)])
PY
}

report() {  # report LABEL PREFIX: from PREFIX.0 (empty), .1 (after the creates) and .2 (after the updates)
  python3 - "$@" <<'PY'
import sys
label, prefix = sys.argv[1], sys.argv[2]
def read(i):
    f = open(f"{prefix}.{i}").read().split()
    acts = {f[k]: (int(f[k + 1]), int(f[k + 2])) for k in range(2, len(f), 3)}
    return int(f[0]), int(f[1]), acts
p0, d0, _ = read(0); p1, d1, a1 = read(1); p2, d2, a2 = read(2)
creates, updates = a1["create"][0], a2["update"][0]
print(f"{label:>14}: per created row: {a1['create'][1] / creates:.0f} bytes of changes, {(p1 - p0) / creates:.0f} bytes of journal pages"
      f" (database {(d1 - d0) / creates:.0f}); per update: {a2['update'][1] / updates:.0f} bytes of changes,"
      f" {(p2 - p1) / updates:.0f} bytes of journal pages; journal {100 * p2 / d2:.0f}% of {d2 / 2**20:.1f} MiB")
PY
}

run new "$new"
if [ -n "$old" ]; then
  run old "$old"
  "$new" journal compact --vacuum --config "$tmp/config.json" --db "$tmp/old.sqlite" | sed 's/^/  compact: /'
  stats "$tmp/old.sqlite" >"$tmp/compacted.2"
  python3 -c "
import sys; f = open('$tmp/compacted.2').read().split()
print(f'  old database after compact --vacuum: journal pages {int(f[0]) / 2**20:.2f} MiB of {int(f[1]) / 2**20:.2f} MiB')"
fi
