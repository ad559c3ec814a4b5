#!/usr/bin/env bash
# `make bench`: env-contract side by side with its peers (issue 7). Builds what it needs in the
# `dist` profile, installs the pinned peers (bench/node/package.json + lock, bench/python/
# requirements.txt into a venv of the bench's own), runs every measurement and writes
# docs/benchmarks.md and docs/benchmarks.json. About 15-20 minutes on 2 cores. Separate from
# `make test`.
#
# Needs Rust, Node >= 20 with npm, Python >= 3.10; everything else comes from the registries.
#   BENCH_ARGS="--sizes 15,100 --cold-reps 10"   passed to bench/run.py (a quicker run)
#   BENCH_SKIP_BUILD=1                             reuse the builds and installs of the last run
#   PYTHON                                         the interpreter that creates the venv
set -euo pipefail
cd "$(dirname "$0")/.."

work=bench/work
venv=bench/.venv
mkdir -p "$work"

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  echo "bench: cargo build --profile dist (CLI, Node addon)" >&2
  cargo build -q --profile dist -p env-contract-cli -p env-contract-node

  # The npm package, packed as it ships, with this addon. Staged in bench/work so that the
  # bindings-node/ tree (and its own build) stays untouched.
  echo "bench: npm pack (env-contract with the dist addon)" >&2
  stage="$work/npm-stage"
  rm -rf "$stage" && mkdir -p "$stage/bin" "$stage/schema"
  for f in package.json index.js index.mjs index.d.ts next.js next.mjs next.d.ts edge.js native.js api.js \
    wasm-backend.js wasm-node.js bin/env-contract.js; do
    cp "bindings-node/$f" "$stage/$f"
  done
  cp schema/env-contract.schema.json "$stage/schema/"
  cp target/dist/libenv_contract_node.so "$stage/env-contract.linux-x64-gnu.node"
  rm -f "$work"/env-contract-*.tgz
  tarball=$(cd "$stage" && npm pack --silent --pack-destination ..)
  echo "bench: npm install (pinned peers, then $tarball)" >&2
  (cd bench/node && npm install --no-audit --no-fund --silent &&
    npm install --no-audit --no-fund --silent --no-save "../work/$tarball")

  echo "bench: Python venv (pinned peers, then pip install ./bindings-py with the dist profile)" >&2
  if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install -q -r bench/python/requirements.txt
  MATURIN_PEP517_ARGS="--profile dist" "$venv/bin/python" -m pip install -q --force-reinstall --no-deps ./bindings-py
fi

# shellcheck disable=SC2086
"$venv/bin/python" bench/run.py --python "$venv/bin/python" --cli target/dist/env-contract ${BENCH_ARGS:-}
