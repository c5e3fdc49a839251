#!/usr/bin/env bash
# Careers benchmark (wrk on loopback, release build; server on CPU 1, wrk on CPU 0):
#   search  GET /api/v1/careers?q=WORD, WORD drawn per request from real occupation titles (prefixes too), 16 conns,
#           once with the search cache (the default) and once with it off (every request runs the SQL)
#   profile GET /api/v1/careers/15-1299.09 (the whole profile), 64 conns, beside GET /health, 64 conns, three
#           alternating rounds, each with its ratio to the /health run before it
# and the time of `charter import onet` of the real occupation list into a fresh database.
# Usage: Benchmarks/careers.sh [DURATION_SECONDS]   (bounded; 127.0.0.1 only)
set -uo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"; port=21097
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
tmp="$(mktemp -d)"; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

# Import timing: the real file, into a database that already has the embedded list (a changed release) and anew.
data="$(dirname "$PWD")/shared/data/onet"
if [ -f "$data/Occupation Data.txt" ]; then
  "$charter" migrate --db "$tmp/import.sqlite" >/dev/null
  start=$(date +%s.%N)
  "$charter" import onet "$data" --release "O*NET bench" --db "$tmp/import.sqlite" >/dev/null
  end=$(date +%s.%N)
  echo "charter import onet (1,016 occupations, whole command): $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.0f", (b-a)*1000}') ms"
fi

serve() {  # serve SEARCH_CACHE_ENTRIES
  CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_CAREER_SEARCH_CACHE="$1" taskset -c 1 "$charter" serve --port $port \
    --db "$tmp/careers.sqlite" --log-level warning >"$tmp/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
}
serve 0
base="http://127.0.0.1:$port"

# Words of real titles, and their 4-letter prefixes (what a search box sends per keystroke).
curl -s "$base/api/v1/careers?perPage=500&fields=title" "$base/api/v1/careers?perPage=500&page=2&fields=title" \
  "$base/api/v1/careers?perPage=500&page=3&fields=title" |
  python3 -c '
import json, sys, re
words = set()
for line in sys.stdin.read().replace("}{", "}\n{").splitlines():
    for item in json.loads(line)["items"]:
        for w in re.findall(r"[A-Za-z]{4,}", item["title"]):
            words.add(w.lower()); words.add(w.lower()[:4])
words = sorted(words)
print("words = {" + ",".join(json.dumps(w) for w in words) + "}")
print("request = function() return wrk.format(\"GET\", \"/api/v1/careers?perPage=20&q=\" .. words[math.random(#words)]) end")
' >"$tmp/search.lua"
echo "search vocabulary: $(grep -o '","' "$tmp/search.lua" | wc -l) words and prefixes"

measure() {  # measure LABEL CONNS URL [wrk args]
  local label="$1" conns="$2" url="$3"; shift 3
  local raw="$tmp/$(echo "$label" | tr ' /' '__').txt"
  timeout $((duration + 30)) taskset -c 0 wrk -t1 -c"$conns" -d"${duration}s" --latency "$@" "$url" >"$raw" 2>&1
  printf '%-34s %10s req/s  p50 %9s  p99 %9s  non2xx %s\n' "$label" "$(awk '/^Requests\/sec:/{print $2}' "$raw")" \
    "$(awk '$1=="50%"{print $2}' "$raw")" "$(awk '$1=="99%"{print $2}' "$raw")" "$(awk -F': *' '/Non-2xx/{print $2}' "$raw")"
}
timeout 30 taskset -c 0 wrk -t1 -c16 -d2s -s "$tmp/search.lua" "$base" >/dev/null 2>&1   # warm-up
measure "search, cache off (16 conns)" 16 "$base" -s "$tmp/search.lua"
kill $pid; wait $pid 2>/dev/null
serve 2048
timeout 30 taskset -c 0 wrk -t1 -c16 -d2s -s "$tmp/search.lua" "$base" >/dev/null 2>&1   # warm-up (fills the cache)
measure "search (16 conns)" 16 "$base" -s "$tmp/search.lua"
# This VM's speed drifts by 20% over a minute: /health and the profile are measured in alternation, three rounds,
# and the ratio is taken per round (each profile run against the /health run just before it).
for round in 1 2 3; do
  measure "GET /health (64 conns)" 64 "$base/health"
  health=$(awk '/^Requests\/sec:/{print $2}' "$tmp/GET__health_(64_conns).txt")
  measure "GET profile 15-1299.09 (64 conns)" 64 "$base/api/v1/careers/15-1299.09"
  plain=$(awk '/^Requests\/sec:/{print $2}' "$tmp/GET_profile_15-1299.09_(64_conns).txt")
  measure "GET profile, gzip (64 conns)" 64 "$base/api/v1/careers/15-1299.09" -H "Accept-Encoding: gzip"
  gz=$(awk '/^Requests\/sec:/{print $2}' "$tmp/GET_profile,_gzip_(64_conns).txt")
  awk -v h="$health" -v p="$plain" -v g="$gz" \
    'BEGIN{printf "round %s: profile %.0f%% of /health, gzip profile %.0f%%\n", "'"$round"'", 100*p/h, 100*g/h}'
done
