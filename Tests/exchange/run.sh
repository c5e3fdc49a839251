#!/usr/bin/env bash
# Plan exchange and scheduling checked against independent parts (issue 12): MPXJ (PyPI `mpxj`, the Java library
# through JPype; Java 17+ from Debian) reads our MSPDI export and the round trip keeps the schedule
# (mspdi_check.py), and an independent calendar-aware scheduler agrees with /schedule on random networks
# (schedule_compare.py, standard library only). Python packages go into a venv under .build/.
#
#   Tests/exchange/run.sh [NETWORKS]     # default 60 random networks (SEED=n to replay); builds the debug binary
#                                        # unless CHARTER_BIN is set
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v java >/dev/null || {
    as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
    as_root timeout 600 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root timeout 600 apt-get install -y -qq default-jre-headless >/dev/null
}
VENV=.build/exchange-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
timeout 300 "$VENV/bin/pip" install -q --disable-pip-version-check 'mpxj>=16,<17' 'JPype1>=1.5,<2'
if [ -z "${CHARTER_BIN:-}" ]; then
    swift build --product charter 2>&1 | tail -1
    export CHARTER_BIN=.build/debug/charter
fi
timeout --kill-after=10 300 "$VENV/bin/python" Tests/exchange/mspdi_check.py
# A new seed each run (printed, and named in any failure, to replay it): CI explores more networks over time.
timeout --kill-after=10 180 "$VENV/bin/python" Tests/exchange/schedule_compare.py "${1:-60}" "${SEED:-$(date +%s)}"
