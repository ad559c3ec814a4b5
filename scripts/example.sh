#!/usr/bin/env bash
# Runs `env-contract check` on the bundled example that reproduces the seeds' incident:
# production booted without NEXTAUTH_SECRET and with DATABASE_URL on Postgres' 5432 instead
# of PgBouncer's 6432. The check refuses it with two [FAIL] lines and exit code 1.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/release/env-contract"
if [ ! -x "$bin" ]; then
  cargo build --release -q -p env-contract-cli || exit 3
fi
echo "\$ env-contract check --contract examples/incident/env.contract.json --env-file examples/incident/.env.production --no-process-env --environment production"
"$bin" check --contract examples/incident/env.contract.json --env-file examples/incident/.env.production --no-process-env --environment production
code=$?
echo "(exit code $code: the check refuses this environment)"
[ "$code" -eq 1 ]
