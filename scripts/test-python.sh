#!/usr/bin/env bash
# Python: build and install the package the ecosystem's way (`pip install ./bindings-py`:
# PEP 517, maturin) into a virtualenv of its own, then run the package's tests and the example
# FastAPI app's tests (real uvicorn subprocesses over real HTTP).
#
# Needs only Rust, Python >= 3.10 and pip; everything else comes from PyPI.
#   ENV_CONTRACT_VENV  the virtualenv to use (default: bindings-py/.venv, gitignored)
#   PYTHON             the interpreter that creates it (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${ENV_CONTRACT_VENV:-bindings-py/.venv}"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"

"$py" -m pip install -q -r bindings-py/requirements-test.txt
# pyright (typed access is checked by mypy and pyright) comes from npm, pinned, into the cache.
pyright_version=1.1.414
pyright_dir="${XDG_CACHE_HOME:-$HOME/.cache}/env-contract/tools/pyright-$pyright_version"
if [ ! -x "$pyright_dir/node_modules/.bin/pyright" ]; then
    npm install --prefix "$pyright_dir" --no-audit --no-fund --loglevel=error "pyright@$pyright_version" >&2
fi
export ENV_CONTRACT_PYRIGHT="$pyright_dir/node_modules/.bin/pyright"
echo "test-python: building the wheel (pip install ./bindings-py)" >&2
# The test build adds `_native._test_panic` (cargo feature test-panic); no shipped wheel has it,
# and ENV_CONTRACT_TEST_BUILD=1 tells the tests which of the two they load.
# `--profile release`: quicker to build than the dist profile pyproject.toml names (what ships).
MATURIN_PEP517_ARGS="--profile release --features test-panic" "$py" -m pip install -q ./bindings-py
export ENV_CONTRACT_TEST_BUILD=1

# From a directory outside bindings-py/python, so the installed wheel is what gets imported.
"$py" -m pytest -q -p no:cacheprovider bindings-py/tests examples/fastapi/tests "$@"
