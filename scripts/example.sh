#!/usr/bin/env bash
# Runs `env-contract check` on the bundled example that reproduces the seeds' incident.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/release/env-contract"
"$bin" check --contract examples/incident/env.contract.json --env-file examples/incident/.env.production --no-process-env --environment production
code=$?
echo "(exit code $code: the check refuses this environment)"
