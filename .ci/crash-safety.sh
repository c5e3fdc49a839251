#!/usr/bin/env bash
# Crash safety: start the real server, send writes over HTTP from several clients, kill -9 the server while they
# flow, restart it on the same file, and check that every write that got a 2xx is there and that
# `charter check` (integrity_check, foreign_key_check) is clean. Repeats for several cycles.
# Usage: .ci/crash-safety.sh [CYCLES]   (default 5; bounded: each cycle takes a few seconds, 127.0.0.1 only)
set -euo pipefail
cd "$(dirname "$0")/.."
cycles="${1:-5}"
swift build --product charter >/dev/null
bin="$(swift build --show-bin-path)/charter"
tmp="$(mktemp -d)"
trap 'pkill -KILL -f "$tmp/crash.sqlite" 2>/dev/null || true; rm -rf "$tmp"' EXIT

timeout 300 python3 - "$bin" "$tmp" "$cycles" <<'PY'
import http.client, json, os, random, signal, socket, subprocess, sys, threading, time
bin, tmp, cycles = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = os.path.join(tmp, "crash.sqlite")

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def start(port):
    env = dict(os.environ, CHARTER_BENCH_ROUTES="true", CHARTER_LOG_LEVEL="warning")
    proc = subprocess.Popen([bin, "serve", "--port", str(port), "--db", db], env=env,
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "server.log"), "a"))
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None: sys.exit(f"server exited during start-up (status {proc.returncode})")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", "/health")
            if c.getresponse().status == 200: return proc
        except OSError: time.sleep(0.05)
    sys.exit("server did not answer /health within 30 s")

acked = []
lock = threading.Lock()
for cycle in range(1, cycles + 1):
    port = free_port()
    proc = start(port)
    stop = threading.Event()
    def writer(w):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        i = 0
        while not stop.is_set():
            token = f"c{cycle}-w{w}-{i}"; i += 1
            try:
                conn.request("POST", "/bench/writes", json.dumps({"token": token}), {"Content-Type": "application/json"})
                r = conn.getresponse(); r.read()
                if 200 <= r.status < 300:
                    with lock: acked.append(token)
                elif r.status != 503:
                    sys.exit(f"unexpected status {r.status} for {token}")
            except (OSError, http.client.HTTPException):
                return  # the server is gone
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads: t.start()
    time.sleep(random.uniform(0.4, 1.2))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads: t.join()
    # Restart on the same file: every acknowledged write must be there.
    proc = start(port)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    missing = []
    for token in acked:
        conn.request("GET", f"/bench/writes/{token}"); r = conn.getresponse(); r.read()
        if r.status != 200: missing.append(token)
    proc.send_signal(signal.SIGTERM)
    if proc.wait(timeout=15) != 0: sys.exit(f"graceful shutdown exited with status {proc.returncode}, not 0")
    check = subprocess.run([bin, "check", "--db", db], capture_output=True, text=True)
    ok = check.returncode == 0 and "integrity_check: ok" in check.stdout
    print(f"cycle {cycle}: {len(acked)} acknowledged writes so far, {len(missing)} missing, check {'ok' if ok else 'FAILED'}")
    if missing or not ok:
        print(check.stdout, check.stderr)
        sys.exit(f"crash safety failed: missing {missing[:5]}")
if not acked: sys.exit("no write was acknowledged: the test proved nothing")

# Online backup while the server serves and writes keep flowing; the copy must be whole and hold what was acked.
port = free_port()
proc = start(port)
stop = threading.Event()
before = len(acked)
def writer_after(w):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    i = 0
    while not stop.is_set():
        conn.request("POST", "/bench/writes", json.dumps({"token": f"b-w{w}-{i}"}), {"Content-Type": "application/json"})
        r = conn.getresponse(); r.read(); i += 1
threads = [threading.Thread(target=writer_after, args=(w,)) for w in range(4)]
for t in threads: t.start()
time.sleep(0.3)
copy = os.path.join(tmp, "backup.sqlite")
backup = subprocess.run([bin, "backup", copy, "--db", db], capture_output=True, text=True)
stop.set()
for t in threads: t.join()
proc.send_signal(signal.SIGTERM); proc.wait(timeout=15)
if backup.returncode != 0: sys.exit(f"backup failed: {backup.stderr}")
check = subprocess.run([bin, "check", "--db", copy], capture_output=True, text=True)
if check.returncode != 0: sys.exit(f"backup copy fails its check: {check.stdout}")
port = free_port()
db = copy  # restore: serve the copy
proc = start(port)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
for token in acked[:before]:
    conn.request("GET", f"/bench/writes/{token}"); r = conn.getresponse(); r.read()
    if r.status != 200: sys.exit(f"restored backup lacks {token}")
proc.send_signal(signal.SIGTERM); proc.wait(timeout=15)
print(f"backup during writes: copy checks ok and, served as a restore, holds all {before} earlier writes")
print(f"crash safety: {cycles} kill -9 cycles, {len(acked)} acknowledged writes, all present, integrity ok")
PY
