#!/usr/bin/env bash
# Contract fuzzing: start the real server on a temporary database, seed a few records, and run schemathesis against
# it with the server's own OpenAPI document (GET /api/v1/openapi.json). Fails on any 5xx, any response whose
# status, content type or body the document does not allow, and on the server dying.
# Usage: .ci/schemathesis.sh   (bounded: --max-examples per operation, one worker, at most 10 minutes)
# Environment: CHARTER_TEST_KEY   an API key sent as `Authorization: Bearer …` (once access control needs one)
#              SCHEMATHESIS_MAX_EXAMPLES (default 50), SCHEMATHESIS_SEED (default fixed, for reproducible runs)
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.32.5

# Run as a module: a freshly installed `st` may not be on PATH yet (pyenv shims need a rehash).
st=(python3 -m schemathesis.cli)
installed="$("${st[@]}" --version 2>/dev/null || true)"
if [ "${installed##*version }" != "$version" ]; then
  echo "installing schemathesis $version"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "schemathesis==$version"
fi

swift build --product charter >/dev/null
bin="$(swift build --show-bin-path)/charter"
tmp="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

# Project records need a key: make an editor key in the fresh database unless one was given.
if [ -z "${CHARTER_TEST_KEY:-}" ]; then
  "$bin" migrate --db "$tmp/contract.sqlite" >/dev/null
  CHARTER_TEST_KEY="$("$bin" keys create --db "$tmp/contract.sqlite" --name schemathesis --role editor | grep -o 'chk_[A-Za-z0-9_-]*' | head -1)"
fi
# The fuzzer sends thousands of requests a minute: no rate limit for this run.
CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_LOG_LEVEL=warning "$bin" serve --host 127.0.0.1 --port "$port" --db "$tmp/contract.sqlite" \
  >"$tmp/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

for _ in $(seq 1 150); do
  curl -fs "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/server.log"; echo "server exited during start-up"; exit 1; }
  sleep 0.2
done

auth=()
if [ -n "${CHARTER_TEST_KEY:-}" ]; then auth=(-H "Authorization: Bearer $CHARTER_TEST_KEY"); fi

seed_person() {
  curl -fs "${auth[@]}" -H "Content-Type: application/json" -d "$1" "$base/api/v1/people" >/dev/null
}
seed_person '{"name":"Ada Lovelace","email":"ada@example.com","title":"Programme manager","onetCode":"15-1299.09","hourlyCostRate":9500,"costCurrency":"GBP"}'
seed_person '{"name":"Grace Hopper","email":"grace@example.com","title":"Project manager"}'
seed_person '{"name":"Margaret Hamilton","email":"margaret@example.com"}'

status=0
(
  cd "$tmp"
  timeout 600 "${st[@]}" run "$base/api/v1/openapi.json" --url "$base" "${auth[@]}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-50}" --workers 1 --seed "${SCHEMATHESIS_SEED:-20261126}" \
    --request-timeout 10 --generation-database none --no-color
) || status=$?

if ! kill -0 "$server" 2>/dev/null; then
  echo "the server died during the run:"
  cat "$tmp/server.log"
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "schemathesis failed (status $status); server log:"
  tail -n 50 "$tmp/server.log"
  exit "$status"
fi
echo "schemathesis: no server error, every response as documented"
