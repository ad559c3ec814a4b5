#!/usr/bin/env bash
# `make test-dist`: runs what `make dist` wrote, installed as users install it, on every
# platform this machine can run (emulated where needed), and checks the structure of the rest.
# Arguments go to scripts/dist/test.py (e.g. --platform linux-arm64-gnu).
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(scripts/dist/tools.sh --emulators)"
export PATH="$PATH:$tools"   # twine; after the system's python3, which runs the tests
python3 scripts/dist/test.py "$@"
