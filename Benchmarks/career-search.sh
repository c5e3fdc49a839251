#!/usr/bin/env bash
# Career search as people type it (issue 14), search cache off: every request runs the search. wrk on loopback,
# release build; server on CPU 1, wrk on CPU 0, 16 connections. Each request draws one query from a mix of
#   - the everyday queries of Tests/AppTests/EverydaySearchTests.swift (job-board words, abbreviations, plurals),
#   - misspellings that find nothing as typed (each runs the spelling correction and the search again),
#   - 4-letter prefixes of title words (what a search box sends per keystroke),
#   - two-word queries of title words.
# Usage: Benchmarks/career-search.sh [DURATION_SECONDS]   (bounded; 127.0.0.1 only)
set -uo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"; port=21098
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
swift build -c release --product charter >/dev/null || exit 1
charter="$(swift build -c release --show-bin-path)/charter"
tmp="$(mktemp -d)"; trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

CHARTER_RATE_LIMIT_PER_MINUTE=0 CHARTER_CAREER_SEARCH_CACHE=0 taskset -c 1 "$charter" serve --port $port \
  --db "$tmp/careers.sqlite" --log-level warning >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null -m 1 "http://127.0.0.1:$port/health" && break; sleep 0.1; done
base="http://127.0.0.1:$port"

curl -s "$base/api/v1/careers?perPage=500&fields=title" "$base/api/v1/careers?perPage=500&page=2&fields=title" \
  "$base/api/v1/careers?perPage=500&page=3&fields=title" |
  python3 -c '
import json, sys, re, random, urllib.parse
random.seed(14)
words = set()
for line in sys.stdin.read().replace("}{", "}\n{").splitlines():
    for item in json.loads(line)["items"]:
        for w in re.findall(r"[A-Za-z]{4,}", item["title"]):
            words.add(w.lower())
words = sorted(words)
test = open("Tests/AppTests/EverydaySearchTests.swift").read()
everyday = sorted(set(re.findall(r"\(\"([^\"]+)\", \"[0-9]{2}-[0-9]{4}\.[0-9]{2}\", [0-9]+\)", test)))
typos = ["sofware enginer", "nurce", "plumer", "acountant", "constructon manager", "electrican", "programer",
         "managr", "techician", "recepcionist", "mechanik", "pharmasist", "accountnat", "devloper", "enginer",
         "analist", "teecher", "secretery", "carpentr", "welderr"]
prefixes = sorted({w[:4] for w in words})
pairs = [random.choice(words) + " " + random.choice(words[:400]) for _ in range(200)]
queries = everyday * 4 + typos * 4 + prefixes + pairs
print("queries = {" + ",".join(json.dumps(urllib.parse.quote(q)) for q in queries) + "}")
print("request = function() return wrk.format(\"GET\", \"/api/v1/careers?perPage=20&q=\" .. queries[math.random(#queries)]) end")
print("-- %d everyday, %d misspelt, %d prefixes, %d pairs" % (len(everyday), len(typos), len(prefixes), len(pairs)), file=sys.stderr)
' >"$tmp/search.lua" || exit 1

timeout 40 taskset -c 0 wrk -t1 -c16 -d3s -s "$tmp/search.lua" "$base" >/dev/null 2>&1   # warm-up
# Server CPU time per request (user + system ticks of the server process over the run): on a shared, loaded
# machine wrk's latency mostly measures the wait for a core; this is what one search costs.
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
for run in 1 2 3; do
  raw="$tmp/run$run.txt"
  before=$(cpu)
  timeout $((duration + 30)) taskset -c 0 wrk -t1 -c16 -d"${duration}s" --latency -s "$tmp/search.lua" "$base" \
    >"$raw" 2>&1
  after=$(cpu)
  requests=$(awk '/requests in/{print $1}' "$raw")
  printf 'search, cache off, 16 conns, run %s: %10s req/s  p50 %9s  p99 %9s  non2xx %s  server CPU %s us/request\n' \
    "$run" "$(awk '/^Requests\/sec:/{print $2}' "$raw")" "$(awk '$1=="50%"{print $2}' "$raw")" \
    "$(awk '$1=="99%"{print $2}' "$raw")" "$(awk -F': *' '/Non-2xx/{print $2}' "$raw")" \
    "$(awk -v a="$before" -v b="$after" -v n="$requests" -v hz="$hz" 'BEGIN{printf "%.0f", (b-a)/hz*1e6/n}')"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
