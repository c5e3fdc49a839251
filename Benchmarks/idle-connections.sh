#!/usr/bin/env bash
# Holds N idle keep-alive connections (default 10,000) open against a release build of Charter on 127.0.0.1,
# each having made one request, then reports the server's resident memory and thread count and checks that
# /health still answers. Bounded: the client gives up after 120 s.
# Usage: Benchmarks/idle-connections.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"; port=21095
swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
tmp="$(mktemp -d)"; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
CHARTER_IDLE_TIMEOUT=300 "$charter" serve --port $port --log-level warning --db "$tmp/idle.sqlite" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
rss() { awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status; }
threads() { awk '/Threads/{print $2}' /proc/$pid/status; }
echo "server pid $pid: before: rss $(rss), threads $(threads)"
timeout 120 python3 - "$n" "$port" "$pid" <<'PY'
import resource, socket, sys, time, subprocess
n, port, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
req = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"
socks = []
t0 = time.time()
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(req)
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = s.recv(4096)
        if not chunk: raise SystemExit(f"connection {i} closed by the server")
        data += chunk
    if not data.startswith(b"HTTP/1.1 200"): raise SystemExit(f"connection {i}: {data[:40]!r}")
    socks.append(s)
print(f"opened {len(socks)} keep-alive connections, one request each, in {time.time() - t0:.1f} s")
time.sleep(2)
status = open(f"/proc/{pid}/status").read()
rss = [l for l in status.splitlines() if l.startswith("VmRSS")][0].split()[1]
thr = [l for l in status.splitlines() if l.startswith("Threads")][0].split()[1]
t1 = time.time()
out = subprocess.run(["curl", "-s", "-m", "5", "-w", " %{http_code}", f"http://127.0.0.1:{port}/health"], capture_output=True, text=True).stdout
print(f"while holding {len(socks)} idle connections: server rss {int(rss) / 1024:.1f} MB, threads {thr}")
print(f"/health answered in {(time.time() - t1) * 1000:.1f} ms: {out}")
alive = 0
for s in socks[:: max(1, n // 100)]:
    s.sendall(req); alive += s.recv(4096).startswith(b"HTTP/1.1 200")
print(f"sampled {len(socks[:: max(1, n // 100)])} of the idle connections again: {alive} answered 200")
for s in socks: s.close()
PY
echo "after closing: rss $(rss), threads $(threads)"
