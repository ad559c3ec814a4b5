#!/usr/bin/env bash
# The linters and formatters beside cargo's (make lint; make fmt runs this with --fix):
#   ruff   every Python file (ruff.toml): `ruff check` and `ruff format --check`
#   Biome  the JS/TS of bindings-node and examples (biome.json): lint and format check
# Both are installed here, pinned, from the registries: ruff from PyPI into the Python
# virtualenv (bindings-py/requirements-lint.txt), Biome from npm as a devDependency of
# bindings-node (its package-lock.json). Nothing is skipped: a tool that cannot be installed
# fails the run.
#   ENV_CONTRACT_VENV  the virtualenv (default: bindings-py/.venv, as scripts/test-python.sh)
#   PYTHON             the interpreter that creates it (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
if [[ "${1:-}" == "--fix" ]]; then fix=1; fi

venv="${ENV_CONTRACT_VENV:-bindings-py/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r bindings-py/requirements-lint.txt
ruff="$venv/bin/ruff"

# `npm install`, not `npm ci`: see scripts/test-node.sh.
(cd bindings-node && npm install --no-audit --no-fund --loglevel=error)
biome=bindings-node/node_modules/.bin/biome

if [[ $fix == 1 ]]; then
  "$ruff" check --select I --fix --quiet .   # import order: the one lint ruff fixes here
  "$ruff" format --quiet .
  "$biome" format --write --no-errors-on-unmatched .
else
  "$ruff" check --quiet .
  "$ruff" format --check --quiet .
  "$biome" ci --error-on-warnings --no-errors-on-unmatched .
fi
