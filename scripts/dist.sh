#!/usr/bin/env bash
# `make dist`: installs the release toolchain (scripts/dist/tools.sh), then builds every
# platform's npm package, wheel and CLI archive into dist/ (scripts/dist/build.py) and checks
# their structure (scripts/dist/artifacts.py). Arguments go to build.py, e.g.
#   scripts/dist.sh --platform linux-arm64-gnu --only npm,wheel
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(scripts/dist/tools.sh)"
export PATH="$tools:$PATH"
python3 scripts/dist/build.py "$@"
python3 scripts/dist/artifacts.py "$@"
