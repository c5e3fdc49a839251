#!/usr/bin/env bash
# Hostile-input replay (issue 16): replays the reproductions of the issue's table against a server it starts on
# 127.0.0.1, one after the other, while a separate probe process asks GET /health every 20 ms on a keep-alive
# connection. Each reproduction is bounded (seconds, bytes, connections) and checked against what a fixed server
# answers; the probe's latencies are split by reproduction. It fails (exit 1) when any reproduction is still open or
# when /health's p99 during any of them reaches 50 ms (a probe that times out counts as 1,000 ms).
#
# Usage: Benchmarks/hostile.sh [--seconds S] [--leaves N] [--only NAME[,NAME]] [BINARY]
#   --seconds  the most a flooding reproduction runs (default 10)
#   --leaves   work packages at the largest allowed cost for the /wbs roll-up overflow (default 9300, as in the issue)
#   --only     run only these reproductions (names as in the table it prints)
#   BINARY     the charter executable (default: this checkout's release build)
# Env: SERVER_CPU (1), CLIENT_CPU (0). The server runs under `ulimit -n 1024` so that 1,100 connections exceed its
# open-files limit (the EMFILE row). Only 127.0.0.1 is used; the whole run is bounded by `timeout`.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=10; leaves=9300; only=""; binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2;;
    --leaves) leaves="$2"; shift 2;;
    --only) only="$2"; shift 2;;
    -*) echo "unknown option $1" >&2; exit 2;;
    *) binary="$1"; shift;;
  esac
done
SERVER_CPU="${SERVER_CPU:-1}"; CLIENT_CPU="${CLIENT_CPU:-0}"
# A free port (other benchmarks may hold the usual ones).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ -z "$binary" ]; then
  swift build -c release --product charter >/dev/null || exit 1
  binary="$(swift build -c release --show-bin-path)/charter"
fi
binary="$(realpath "$binary")" || exit 2
out="$PWD/Benchmarks/results/hostile-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$out"
pid=""; probe=""
trap '[ -n "$probe" ] && kill $probe 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null' EXIT
cd "$out"  # no Config/charter.json here: the binary's own defaults

db="$out/hostile.sqlite"
"$binary" migrate --db "$db" >/dev/null || exit 1
keyof() { "$binary" keys create --db "$db" --name "$1" --role "$2" | grep -o 'chk_[A-Za-z0-9_-]*' | head -1; }
admin=$(keyof hostile-admin admin); editor=$(keyof ci-deploy-bot editor); viewer=$(keyof hostile-viewer viewer)
[ -n "$admin" ] && [ -n "$editor" ] && [ -n "$viewer" ] || { echo "could not create keys" >&2; exit 1; }

if curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; then echo "port $port busy" >&2; exit 1; fi
(
  ulimit -n 1024
  CHARTER_RATE_LIMIT_PER_MINUTE=0 exec taskset -c "$SERVER_CPU" "$binary" serve --port $port --db "$db" \
    --log-level warning
) >"$out/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" || { echo "server did not start" >&2; exit 1; }

# The probe: its own process (no lock shared with the senders), one keep-alive connection, every 20 ms.
timeout $((seconds * 20 + 600)) taskset -c "$CLIENT_CPU" python3 - "$port" "$out/probe.txt" "$out/probe.stop" <<'PY' &
import http.client, os, sys, time
port, path, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = None
with open(path, "w", buffering=1) as f:
    while not os.path.exists(stop):
        t0 = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/health")
            r = conn.getresponse(); r.read()
            ms = (time.monotonic() - t0) * 1000 if r.status == 200 else 1000.0
        except Exception:
            ms = 1000.0
            try: conn.close()
            except Exception: pass
            conn = None
        f.write(f"{time.time():.4f} {ms:.3f}\n")
        time.sleep(max(0.0, 0.02 - (time.monotonic() - t0)))
PY
probe=$!
sleep 1

timeout $((seconds * 20 + 600)) taskset -c "$CLIENT_CPU" python3 - "$port" "$admin" "$editor" "$viewer" "$seconds" \
  "$leaves" "$out/server.log" "$out/probe.txt" "$out/scenarios.txt" "$only" <<'PY'
import gzip, http.client, json, os, resource, socket, sys, time
port, admin, editor, viewer = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
seconds, leaves, server_log, probe_path, scenarios_path = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], sys.argv[8], sys.argv[9]
only = set(filter(None, sys.argv[10].split(",")))
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
CAP = 64 << 20  # bytes a flood may send at most

def call(method, path, body=None, key=editor, headers=None, raw=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = {"Authorization": f"Bearer {key}"} if key else {}
    if body is not None: h["Content-Type"] = "application/json"
    h.update(headers or {})
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    conn.request(method, path, data, h)
    r = conn.getresponse(); payload = r.read(); conn.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), payload

def raw_exchange(data, wait=5):
    """Sends bytes on a new socket; returns the first response's status line (or why there is none)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    try:
        s.sendall(data)
        got = b""
        while b"\r\n" not in got:
            chunk = s.recv(4096)
            if not chunk: break
            got += chunk
        return got.split(b"\r\n", 1)[0].decode(errors="replace") or "closed without an answer"
    except socket.timeout:
        return "no answer"
    finally:
        s.close()

def flood(head, unit, limit_bytes=CAP):
    """Sends head, then unit again and again, for `seconds` or `limit_bytes`: how far it got and how it ended."""
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 16)
    sent, t0, ended = 0, time.monotonic(), "still accepting at the cap"
    try:
        s.sendall(head); sent += len(head)
        while sent < limit_bytes and time.monotonic() - t0 < seconds:
            s.sendall(unit); sent += len(unit)
        if time.monotonic() - t0 >= seconds: ended = f"still accepting after {seconds} s"
    except (BrokenPipeError, ConnectionResetError):
        ended = "closed by the server"
    except socket.timeout:
        ended = "server stopped reading"
    answer = ""
    try:
        s.settimeout(1); answer = s.recv(200).split(b"\r\n", 1)[0].decode(errors="replace")
    except Exception: pass
    s.close()
    return sent, ended, answer, time.monotonic() - t0

def refused(ended, answer):
    """A flood is stopped when the server closed the connection or answered it with a 4xx."""
    return ended == "closed by the server" or answer.startswith("HTTP/1.1 4")

results = []
def scenario(name):
    def wrap(fn):
        if only and name not in only: return fn
        t0 = time.time()
        try:
            ok, detail = fn()
        except Exception as e:
            ok, detail = False, f"client error: {e!r}"
        results.append((name, ok, detail, t0, time.time()))
        print(f"  {name:<18} {'ok  ' if ok else 'OPEN'} {detail}", flush=True)
        time.sleep(0.5)  # let the probe see the aftermath
        return fn
    return wrap

print("reproductions (issue 16):", flush=True)

@scenario("crlf-before-line")
def _():
    sent, ended, answer, took = flood(b"", b"\r\n" * 32768)
    return refused(ended, answer), f"{sent / 1048576:.1f} MiB sent in {took:.1f} s, {ended} {answer}".strip()

@scenario("chunk-trailers")
def _():
    head = (f"POST /api/v1/people HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {editor}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n").encode()
    sent, ended, answer, took = flood(head, b"X-T: y\r\n" * 4096)
    return refused(ended, answer), f"{sent / 1048576:.1f} MiB sent in {took:.1f} s, {ended} {answer}".strip()

@scenario("chunk-extensions")
def _():
    head = (f"POST /api/v1/people HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {editor}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5;").encode()
    sent, ended, answer, took = flood(head, b"e=xxxxxxx;" * 4096)
    return refused(ended, answer), f"{sent / 1048576:.1f} MiB sent in {took:.1f} s, {ended} {answer}".strip()

@scenario("tags-174000")
def _():
    body = json.dumps({"key": "TAGS", "name": "Tags", "tags": ["a"] * 174000}).encode()
    t0 = time.monotonic(); status, _, _ = call("POST", "/api/v1/projects", raw=body, headers={"Content-Type": "application/json"})
    took = time.monotonic() - t0
    return status == 422 and took < 1, f"{len(body)} bytes: {status} in {took:.2f} s (422 within 1 s)"

@scenario("filter-999-terms")
def _():
    terms = ",".join(["id.eq.1"] * 999)
    status, _, _ = call("GET", f"/api/v1/people?or=({terms})", key=viewer)
    return status == 400, f"or=(id.eq.1 x 999): {status} (400)"

@scenario("wbs-cost-overflow")
def _():
    status, _, body = call("POST", "/api/v1/projects", {"key": "COST", "name": "Costs"})
    project = json.loads(body)["id"]
    old_max, _, _ = call("POST", "/api/v1/work-packages", {"project": project, "name": "x", "plannedCost": 10**18})
    made = 0
    while made < leaves:
        n = min(100, leaves - made)
        ops = [{"method": "POST", "path": "/api/v1/work-packages",
                "body": {"project": project, "name": f"L{made + i}", "plannedCost": 10**13, "actualCost": 10**13}}
               for i in range(n)]
        s, _, b = call("POST", "/api/v1/batch", {"operations": ops}, timeout=60)
        if s != 200: return False, f"building the project: batch {s} {b[:200]!r}"
        made += n
    wbs, _, _ = call("GET", f"/api/v1/projects/{project}/wbs", key=viewer, timeout=60)
    csv, _, _ = call("GET", f"/api/v1/projects/{project}/wbs?format=csv", key=viewer, timeout=60)
    return old_max == 422 and wbs == 200 and csv == 200, \
        f"cost 10^18: {old_max} (422); {made} leaves at 10^13: /wbs {wbs}, csv {csv} (200)"

@scenario("emfile-accept")
def _():
    lines = lambda: sum(1 for _ in open(server_log, errors="replace"))
    before = lines(); socks = []
    for _ in range(1100):
        try: socks.append(socket.create_connection(("127.0.0.1", port), timeout=1))
        except OSError: break
    time.sleep(min(seconds, 5))
    for s in socks: s.close()
    time.sleep(0.5)
    grown = lines() - before
    status = call("GET", "/health", key=None)[0]
    return grown < 100 and status == 200, f"{len(socks)} connections over ulimit -n 1024: {grown} log lines, /health {status}"

@scenario("wbs-depth")
def _():
    _, _, body = call("POST", "/api/v1/projects", {"key": "DEEP", "name": "Deep"})
    project = json.loads(body)["id"]; parent = None
    for level in range(1, 26):
        b = {"project": project, "name": f"L{level}"}
        if parent: b["parent"] = parent
        status, _, payload = call("POST", "/api/v1/work-packages", b)
        if status != 201:
            return status == 422 and level == 21, f"level {level}: {status} (422 at level 21) {payload[:120]!r}"
        parent = json.loads(payload)["id"]
    return False, "25 levels accepted"

@scenario("link-injection")
def _():
    target = '/api/v1/people?page=2&perPage=1&q=a>;rel="next",<http://evil.example/steal'
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(f"GET {target} HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {viewer}\r\nConnection: close\r\n\r\n".encode())
    got = b""
    while True:
        c = s.recv(65536)
        if not c: break
        got += c
    s.close()
    head = got.split(b"\r\n\r\n", 1)[0].decode(errors="replace")
    link = [l for l in head.split("\r\n") if l.lower().startswith("link:")]
    bad = any("<http://evil.example" in l for l in link)
    return not bad, f"{head.splitlines()[0] if head else 'no answer'}; Link {'points at evil.example' if bad else 'clean'}"

@scenario("keys-body-rules")
def _():
    plain = call("POST", "/api/v1/keys", raw=b'{"name":"k1","role":"viewer"}', key=admin, headers={"Content-Type": "text/plain"})[0]
    twice = call("POST", "/api/v1/keys", raw=b'{"name":"d1","name":"d2","role":"viewer"}', key=admin, headers={"Content-Type": "application/json"})[0]
    unknown = call("POST", "/api/v1/keys", {"name": "k2", "role": "viewer", "admin": True}, key=admin)[0]
    huge = call("POST", "/api/v1/keys", raw=b'{"name":"k3","role":"viewer","person":1e400}', key=admin, headers={"Content-Type": "application/json"})[0]
    return (plain, twice, unknown, huge) == (415, 400, 422, 400), \
        f"text/plain {plain} (415), name twice {twice} (400), unknown field {unknown} (422), 1e400 {huge} (400)"

@scenario("problem-size")
def _():
    fields = ",".join(f'"f{i}":1' for i in range(90000))
    body = ('{"name":"Ada","email":"ada@example.com",' + fields + "}").encode()
    status, _, plain = call("POST", "/api/v1/people", raw=body, headers={"Content-Type": "application/json"})
    _, h, zipped = call("POST", "/api/v1/people", raw=body, headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
    coded = h.get("content-encoding", "identity")
    return status == 422 and len(plain) < 16384 and coded == "gzip", \
        f"{len(body)} bytes of unknown fields: {status}, {len(plain)}-byte problem ({len(zipped)} as {coded})"

@scenario("csv-formulas")
def _():
    _, _, body = call("POST", "/api/v1/projects", {"key": "CSV", "name": "CSV"})
    project = json.loads(body)["id"]
    for name, desc in [('=HYPERLINK("http://evil.example","x")', "x\r\ny"), ("@SUM(1+1)", None)]:
        b = {"project": project, "name": name}
        if desc: b["description"] = desc
        call("POST", "/api/v1/work-packages", b)
    _, _, csv = call("GET", f"/api/v1/work-packages?project=eq.{project}&format=csv&fields=name,description", key=viewer)
    text = csv.decode(errors="replace")
    ok = "'=HYPERLINK" in text and "'@SUM" in text and '"x\r\ny"' in text
    return ok, "formula cells get a leading ' and CRLF values are quoted" if ok else f"got {text[:200]!r}"

@scenario("chunk-framing")
def _():
    head = (f"POST /api/v1/people HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {editor}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    spaced = raw_exchange((head + "5 3\r\n{\"a\":\r\n0\r\n\r\n").encode())
    bare = raw_exchange((head + "5\n{\"a\":\r\n0\r\n\r\n").encode())
    ok = " 400 " in spaced + " " and " 400 " in bare + " "
    return ok, f"'5 3' size line: {spaced}; bare-LF size line: {bare} (400 each)"

@scenario("career-headings")
def _():
    page = "Career Description\nDoes things.\n" + "\n".join(f"What Career {i} Do" for i in range(20000))
    t0 = time.monotonic()
    status, _, _ = call("POST", "/api/v1/careers/import", raw=page.encode(), key=admin, headers={"Content-Type": "text/plain"})
    took = time.monotonic() - t0
    made = call("POST", "/api/v1/careers/import?code=99-9999.99", raw=b"Career Description\nX.\n", key=admin,
                headers={"Content-Type": "text/plain"})[0]
    return status == 422 and took < 1 and made == 422, \
        f"20,000 headings: {status} in {took:.2f} s (422 within 1 s); ?code=99-9999.99: {made} (422)"

@scenario("ambiguous-headers")
def _():
    auth = raw_exchange(f"GET /api/v1/people HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer {viewer}\r\n"
                        f"Authorization: Bearer {admin}\r\n\r\n".encode())
    origin = raw_exchange(b"GET /health HTTP/1.1\r\nHost: h\r\nOrigin: https://a.example\r\nOrigin: https://b.example\r\n\r\n")
    empty = raw_exchange(b"POST /api/v1/people HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n")
    ok = all(" 400 " in s + " " for s in (auth, origin, empty))
    return ok, f"two Authorization: {auth}; two Origin: {origin}; empty Transfer-Encoding: {empty} (400 each)"

@scenario("history-by-role")
def _():
    _, _, body = call("POST", "/api/v1/people", {"name": "Grace", "email": "grace@example.com"})
    pid = json.loads(body)["id"]
    call("DELETE", f"/api/v1/people/{pid}")
    _, _, seen = call("GET", f"/api/v1/people/{pid}/history", key=viewer)
    text = seen.decode()
    ok = "ci-deploy-bot" not in text and "grace@example.com" not in text
    return ok, "viewer sees neither key names nor a deleted person's data" if ok else f"viewer got {text[:160]}"

open(scenarios_path, "w").write("".join(f"{n}\t{int(ok)}\t{a:.4f}\t{b:.4f}\t{d}\n" for n, ok, d, a, b in results))
PY
touch "$out/probe.stop"; wait "$probe" 2>/dev/null; probe=""
kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""

python3 - "$out/probe.txt" "$out/scenarios.txt" <<'PY'
import sys
probe = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip()]
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else float("nan")
failed = 0
print(f"\n{'reproduction':<18} {'state':<5} {'probes':>6} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
for name, ok, a, b, _ in rows:
    xs = [ms for t, ms in probe if float(a) <= t <= float(b) + 0.5]
    p99 = pct(xs, 0.99); bad = ok != "1" or not (p99 < 50)
    failed += bad
    print(f"{name:<18} {'ok' if ok == '1' else 'OPEN':<5} {len(xs):>6} {pct(xs, 0.5):>7.2f} {p99:>7.2f} {max(xs, default=float('nan')):>7.2f}"
          + ("   <- /health p99 >= 50 ms" if ok == "1" and not (p99 < 50) else ""))
all_ms = [ms for _, ms in probe]
print(f"{'whole run':<18} {'':<5} {len(all_ms):>6} {pct(all_ms, 0.5):>7.2f} {pct(all_ms, 0.99):>7.2f} {max(all_ms, default=float('nan')):>7.2f}")
sys.exit(1 if failed else 0)
PY
status=$?
echo "raw figures: $out"
exit $status
