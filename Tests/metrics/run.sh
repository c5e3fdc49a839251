#!/usr/bin/env bash
# Checks GET /metrics with a real Prometheus parser (issue 15): installs PyPI's prometheus-client in a venv under
# .build/, starts the real server on 127.0.0.1 with a fresh database, an admin key and a metricsListen listener,
# and runs Tests/metrics/check.py against both listeners. The server is stopped on every exit.
#
#   Tests/metrics/run.sh            # builds the debug charter binary when CHARTER_BIN is not set
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=.build/metrics-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
timeout 300 "$VENV/bin/pip" install -q --disable-pip-version-check 'prometheus-client>=0.20,<1'

if [ -z "${CHARTER_BIN:-}" ]; then
    swift build --product charter 2>&1 | tail -1
    CHARTER_BIN=.build/debug/charter
fi
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

KEY=$("$CHARTER_BIN" keys create --name metrics-check --role admin --db "$WORK/charter.sqlite" | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
METRICS_PORT=$(free_port)
CHARTER_METRICS_LISTEN="127.0.0.1:$METRICS_PORT" "$CHARTER_BIN" serve --host 127.0.0.1 --port "$PORT" \
    --db "$WORK/charter.sqlite" --public Public --log-level warning >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
timeout 120 "$VENV/bin/python" Tests/metrics/check.py --base "http://127.0.0.1:$PORT" --key "$KEY" \
    --listener "http://127.0.0.1:$METRICS_PORT"
