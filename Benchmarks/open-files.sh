#!/usr/bin/env bash
# Runs Charter under a low open-files limit (prlimit --nofile=LIMIT, default 1024) with the default maxConnections
# (16,384), holds 1.1 x LIMIT idle connections for 10 s, and reports the server's CPU time and log lines meanwhile,
# how many connections got 503, and whether /health answers once they close (issue 16: before the fix, 10 s of CPU
# and 552,414 log lines in 10 s). Bounded: every step has a timeout.
# Usage: Benchmarks/open-files.sh [LIMIT] [CHARTER_BINARY]   (default binary: a release build of this tree)
set -uo pipefail
cd "$(dirname "$0")/.."
limit="${1:-1024}"
charter="${2:-}"
if [ -z "$charter" ]; then
    swift build -c release --product charter >/dev/null || exit 1
    charter="$(swift build -c release --show-bin-path)/charter"
fi
port=21097
tmp="$(mktemp -d)"; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
prlimit --nofile="$limit:$limit" "$charter" serve --port $port --log-level warning --db "$tmp/db.sqlite" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
timeout 60 python3 - "$limit" "$port" "$pid" "$tmp/log" <<'PY'
import os, resource, socket, sys, time
limit, port, pid, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def lines(): return sum(1 for _ in open(log, "rb"))
n = limit * 11 // 10
c0, l0, t0 = cpu(), lines(), time.time()
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(10)
c1, l1, t1 = cpu(), lines(), time.time()
refused = 0
for s in socks:
    s.settimeout(0.2)
    try:
        if s.recv(64).startswith(b"HTTP/1.1 503"): refused += 1
    except OSError: pass
for s in socks: s.close()
ok, t2 = False, time.time()
while time.time() - t2 < 10 and not ok:
    try:
        h = socket.create_connection(("127.0.0.1", port), timeout=1)
        h.sendall(b"GET /health HTTP/1.1\r\nHost: b\r\n\r\n")
        ok = h.recv(64).startswith(b"HTTP/1.1 200")
        h.close()
    except OSError: time.sleep(0.1)
print(f"limit {limit}, {n} connections held {t1 - t0:.1f} s: server CPU {c1 - c0:.2f} s, {l1 - l0} log lines, "
      f"{refused} answered 503; /health after closing them: {'200' if ok else 'no answer'} "
      f"({time.time() - t2:.2f} s)")
PY
echo "log (first 5 lines):"; head -5 "$tmp/log" | cut -c1-300
