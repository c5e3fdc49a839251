#!/usr/bin/env bash
# Browser tests of the dashboard (issue 15): installs Debian's chromium and chromium-driver and the PyPI packages
# selenium and axe-selenium-python (in a venv under .build/), loads the demo portfolio into a fresh database,
# starts the real server on 127.0.0.1 and drives the views (Tests/browser/test_dashboard.py). Screenshots land in
# .build/browser-shots/ (CI artefacts). Everything is bounded: at most BROWSER_TEST_SECONDS (default 240) for the
# tests, and the server is stopped on every exit.
#
#   Tests/browser/run.sh            # builds the debug charter binary when CHARTER_BIN is not set
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    as_root timeout 600 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root timeout 600 apt-get install -y -qq chromium chromium-driver >/dev/null
fi
VENV=.build/browser-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
timeout 300 "$VENV/bin/pip" install -q --disable-pip-version-check 'selenium>=4.20,<5' 'axe-selenium-python>=2.1,<3'

if [ -z "${CHARTER_BIN:-}" ]; then
    swift build --product charter 2>&1 | tail -1
    CHARTER_BIN=.build/debug/charter
fi
WORK=$(mktemp -d)
SHOTS=.build/browser-shots
rm -rf "$SHOTS" && mkdir -p "$SHOTS"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$CHARTER_BIN" demo --db "$WORK/charter.sqlite"
"$CHARTER_BIN" demo --db "$WORK/charter.sqlite"          # the second run changes nothing
KEY=$("$CHARTER_BIN" keys create --name browser-tests --role viewer --db "$WORK/charter.sqlite" | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$CHARTER_BIN" serve --host 127.0.0.1 --port "$PORT" --db "$WORK/charter.sqlite" --public Public --log-level warning \
    >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
status=0
timeout --kill-after=10 "${BROWSER_TEST_SECONDS:-240}" "$VENV/bin/python" Tests/browser/test_dashboard.py \
    --base "http://127.0.0.1:$PORT" --key "$KEY" --shots "$SHOTS" || status=$?
[ "$status" = 124 ] && echo "browser tests: stopped after ${BROWSER_TEST_SECONDS:-240} s"
[ "$status" = 0 ] || tail -20 "$WORK/server.log"
exit "$status"
