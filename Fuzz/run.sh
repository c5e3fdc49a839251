#!/usr/bin/env bash
# Builds each libFuzzer target (swiftc -sanitize=fuzzer,address, with the sources it exercises compiled into it:
# nothing here is part of `swift build`) and runs it for SECONDS (default 60) on its corpus in Fuzz/corpus/NAME.
# New inputs that reach new coverage are added to that corpus (commit them); a failing input is written to
# Fuzz/findings/NAME/ and the script exits non-zero.
# Usage: Fuzz/run.sh [SECONDS] [TARGET...]
#   targets: request-parser json-parser list-query career-page onet-table
# list-query links against App, built once (about 3.5 min on 2 cores, then incremental) into .build/fuzz-spm with
# the fuzzer's coverage instrumentation and ASan; the others compile a few source files directly (~15 s).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
build=".build/fuzz"; mkdir -p "$build"
export SWIFT_BACKTRACE=enable=no   # the Swift backtracer hangs under ASan; libFuzzer prints the stack

H=Sources/HTTPCore
sources_request_parser="Fuzz/RequestParser/FuzzRequestParser.swift $H/RequestParser.swift $H/ChunkedDecoder.swift \
  $H/HTTPParseError.swift $H/RequestSemantics.swift $H/RequestHead.swift $H/HTTPHeaders.swift $H/HTTPMethod.swift \
  $H/HTTPVersion.swift $H/ASCIISplit.swift $H/QueryParameters.swift $H/HTTPStatus.swift"
# JSONValue.swift without its HTTPCore and Storage imports (Fuzz/JSONParser/Stubs.swift has the two names it uses).
grep -v -E '^import (HTTPCore|Storage)$' Sources/App/Encoding/JSONValue.swift >"$build/JSONValue.swift"
sources_json_parser="Fuzz/JSONParser/FuzzJSONParser.swift Fuzz/JSONParser/Stubs.swift \
  Sources/App/Encoding/JSONParser.swift $build/JSONValue.swift"

C=Sources/App/Careers
sources_career_page="Fuzz/CareerPage/FuzzCareerPage.swift Fuzz/CareerImportCheck.swift $C/CareerPageText.swift $C/CareerImportError.swift"
sources_onet_table="Fuzz/OnetTable/FuzzOnetTable.swift Fuzz/CareerImportCheck.swift $C/OnetTable.swift $C/CareerImportError.swift"

sources_list_query="Fuzz/ListQuery/FuzzListQuery.swift"
R=.build/fuzz-spm/release
link_list_query="-I $R/Modules -Xcc -fmodule-map-file=$R/CSystem.build/module.modulemap \
  -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap -Xcc -fmodule-map-file=Sources/CSQLite/module.modulemap \
  -Xcc -I -Xcc Sources/CSystem/include -lsqlite3 -lz"

targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(request-parser json-parser list-query career-page onet-table)
status=0
for t in "${targets[@]}"; do
    var="sources_${t//-/_}"
    [ -n "${!var:-}" ] || { echo "unknown target $t"; exit 2; }
    echo "== $t: building"
    extra=""
    if [ "$t" = list-query ]; then
        swift build -c release --build-path .build/fuzz-spm --target App -Xswiftc -sanitize=fuzzer,address \
            -Xswiftc -enable-testing -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | tail -1
        extra="$link_list_query $(ls $R/App.build/*.o $R/HTTPCore.build/*.o $R/Storage.build/*.o \
            $R/Logging.build/*.o $R/CSystem.build/*.o | tr '\n' ' ')"
    fi
    rm -f "$build/$t"
    # shellcheck disable=SC2086
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "Fuzz_${t//-/_}" ${!var} $extra \
        -o "$build/$t" 2>&1 | grep -v 'ld.gold: warning: Cannot export local symbol' || true
    [ -x "$build/$t" ] || { echo "$t: build failed"; exit 2; }
    mkdir -p "Fuzz/corpus/$t" "Fuzz/findings/$t"
    echo "== $t: running $seconds s"
    started=$(date +%s)
    "$build/$t" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="Fuzz/findings/$t/" "Fuzz/corpus/$t" >"$build/$t.log" 2>&1
    rc=$?
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::new_units_added|cov:' "$build/$t.log" | tail -3
    echo "== $t: exit $rc after $(( $(date +%s) - started )) s"
    if [ $rc -ne 0 ]; then
        status=1
        grep -m3 -E 'invariant violated|Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer' "$build/$t.log"
        ls "Fuzz/findings/$t/"
    fi
done
exit $status
