#!/usr/bin/env bash
# Storage benchmark: N single-row inserts (one transaction each) and N point reads by primary key,
# through the Storage wrapper and through the sqlite3 shell, with the same pragmas, in one run.
# Usage: Benchmarks/storage/run.sh [N]   (default 20000; needs swiftc and sqlite3 on PATH or SQLITE3=...)
# Builds Storage as its own module with -O (as SwiftPM's release build would), outside .build.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-20000}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/charter-storage-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

swiftc -O -wmo -parse-as-library -module-name Storage -swift-version 6 \
    -enable-upcoming-feature ExistentialAny \
    -I Sources/CSQLite -emit-module -emit-module-path "$WORK/Storage.swiftmodule" \
    -emit-library -static -o "$WORK/libStorage.a" Sources/Storage/*.swift
swiftc -O -parse-as-library -swift-version 6 -I "$WORK" -I Sources/CSQLite \
    Benchmarks/storage/bench.swift -L "$WORK" -lStorage -lsqlite3 -o "$WORK/bench"

echo "sqlite3 shell: $(${SQLITE3:-sqlite3} --version | cut -d' ' -f1), swiftc: $(swiftc --version 2>&1 | head -1)"
"$WORK/bench" "$N" "$WORK"
